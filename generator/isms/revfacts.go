package isms

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/internal/wire"
)

// revFacts is what the model reads from an old revision's bytes: the
// fields the history shows and the checks judge, and what tells whether
// its text changed. The cache keeps it by path and blob id, so that a
// check after a new commit reads none of the old revisions again.
type revFacts struct {
	Version, ID, Title, Status, ApprovedBy, ApprovedOn string
	// BodyOff is where the Markdown after the front matter starts, -1
	// when there is none (a file that is not text).
	BodyOff int
	// NoText says the revision's bytes could not be read (over
	// source.MaxFileSize): a load that takes its facts from the cache
	// knows so without trying.
	NoText bool
	// BodySum is the SHA-256 of that Markdown without its surrounding
	// space: two revisions with one sum have the same text.
	BodySum [sha256.Size]byte
	// Declared is the revision's declared revision history, once a load
	// has read it for a document that has one (see reconcile).
	Declared *declaredFacts
}

// declaredFacts is what reconcile reads from an old revision's bytes:
// its declared revision history's rows, the text without the revision
// tables, and what tells whether its front matter or body changed, the
// last two as SHA-256 sums of the bytes as written. Like revFacts, it
// depends on the revision's bytes and the document options alone.
type declaredFacts struct {
	Rows                    []document.RevisionRow
	FrontSum, BodySum, Text [sha256.Size]byte
}

// readDeclaredFacts reads the declared facts of a revision from its bytes;
// prev, when not nil, is the history of the revision read before, whose
// parse ReadDeclared reuses when the bodies are the same.
func readDeclaredFacts(r *Revision, opt document.Options, prev *document.DeclaredHistory) (*declaredFacts, document.DeclaredHistory) {
	src, body := r.Source()
	h := document.ReadDeclared(r.Path, src, opt, prev)
	return &declaredFacts{Rows: h.Rows, FrontSum: sha256.Sum256(src[:len(src)-len(body)]),
		BodySum: sha256.Sum256(body), Text: sha256.Sum256(h.Text)}, h
}

// parseFacts reads the facts of one revision, and returns its body.
func parseFacts(p string, src []byte, opt document.Options) (revFacts, []byte) {
	r := document.ParseRevision(p, src, opt, "id", "title", "status", "approved_by", "approved_on")
	f := revFacts{Version: r.Version, ID: r.Values["id"], Title: r.Values["title"], Status: r.Values["status"],
		ApprovedBy: r.Values["approved_by"], ApprovedOn: r.Values["approved_on"], BodyOff: -1, NoText: src == nil}
	if r.Body != nil {
		f.BodyOff = len(src) - len(r.Body)
	}
	return f, r.Body
}

// revCache is the revisions' facts a load found in the cache and those
// it used, to keep for the next, in cacheShards entries: a revision's in
// the shard of its path. A nil revCache knows nothing and keeps nothing.
// It is safe for concurrent use.
type revCache struct {
	// old is what the cache held, read only once opened.
	old [cacheShards]map[revID]*revEntry
	mu  sync.Mutex
	// learnt are the facts this load parsed, or completed (learnDeclared),
	// per shard: a shard with any is written back.
	learnt [cacheShards]map[revID]revFacts
}

// revEntry is a revision's facts as the cache held them, and whether
// this load used them.
type revEntry struct {
	f    revFacts
	used atomic.Bool
}

// revID names a revision: a blob id and the path it was read at (the
// document options are the entry's key).
type revID struct{ blob, path string }

func revKey(p, blob string) revID { return revID{blob: blob, path: p} }

// get returns the facts of the revision of p with blob id blob, when the
// cache had them; s is shardOf(p).
func (c *revCache) get(s int, p, blob string) (revFacts, bool) {
	if c == nil {
		return revFacts{}, false
	}
	e := c.old[s][revKey(p, blob)]
	if e == nil {
		return revFacts{}, false
	}
	e.used.Store(true)
	return e.f, true
}

// has reports whether the cache has the facts of that revision.
func (c *revCache) has(p, blob string) bool {
	return c != nil && c.old[shardOf(p)][revKey(p, blob)] != nil
}

// learn keeps the facts f of a revision just parsed, whose body is body,
// for the next load.
func (c *revCache) learn(p, blob string, f *revFacts, body []byte) {
	if c == nil {
		return
	}
	f.BodySum = sha256.Sum256(bytes.TrimSpace(body))
	c.keep(shardOf(p), revKey(p, blob), *f)
}

// keep records f as learnt under k in shard s.
func (c *revCache) keep(s int, k revID, f revFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.learnt[s] == nil {
		c.learnt[s] = map[revID]revFacts{}
	}
	c.learnt[s][k] = f
}

// learnDeclared keeps the declared facts of a revision whose facts this
// load has (from the cache or just parsed), for the next load.
func (c *revCache) learnDeclared(p, blob string, d *declaredFacts) {
	if c == nil {
		return
	}
	s, k := shardOf(p), revKey(p, blob)
	c.mu.Lock()
	f, ok := c.learnt[s][k]
	c.mu.Unlock()
	if !ok {
		e := c.old[s][k]
		if e == nil || !e.used.Load() {
			return
		}
		f = e.f
	}
	f.Declared = d
	c.keep(s, k, f)
}

// revFormat changes whenever revFacts' encoding or meaning does.
const revFormat = "ismspack revisions v5"

// revCacheKey names the cache entry of the revisions read from the
// repository at root with the document options opt: other options (an
// alias, the template language) may read other fields from the same bytes.
func revCacheKey(root string, opt document.Options) string {
	o, err := json.Marshal(opt) // maps in key order: one encoding per value
	if err != nil {
		return ""
	}
	return cache.Key(root, string(o))
}

// openRevCache reads the revisions' facts from c; nil when there is no
// cache. A damaged entry is noted and read as empty.
func openRevCache(c *cache.Cache, key string) *revCache {
	if c == nil || key == "" {
		return nil
	}
	rc := &revCache{}
	rc.old = readShards(c, "revisions", key, decodeRevs, func(err error) {
		c.Note("revisions", "decode", fmt.Sprintf("cache: the cached revisions cannot be read (%v); reading them again", err))
	})
	return rc
}

func decodeRevs(data []byte) (map[revID]*revEntry, error) {
	r, err := wire.Open(data, revFormat)
	if err != nil {
		return nil, err
	}
	r.ShareStrings()
	n := r.Count()
	out := make(map[revID]*revEntry, n)
	entries := make([]revEntry, n)
	for i := range n {
		k := revID{blob: r.String(), path: r.String()}
		e := &entries[i]
		e.f = revFacts{Version: r.String(), ID: r.String(), Title: r.String(), Status: r.String(),
			ApprovedBy: r.String(), ApprovedOn: r.String(), BodyOff: int(r.Int()), NoText: r.Bool()}
		if copy(e.f.BodySum[:], r.Bytes()) != sha256.Size {
			return nil, wire.ErrDamaged
		}
		if r.Bool() {
			d := &declaredFacts{Rows: document.DecodeRows(r)}
			for _, sum := range []*[sha256.Size]byte{&d.FrontSum, &d.BodySum, &d.Text} {
				if copy(sum[:], r.Bytes()) != sha256.Size {
					return nil, wire.ErrDamaged
				}
			}
			e.f.Declared = d
		}
		out[k] = e
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	return out, nil
}

// save writes back the shards in which this load parsed a revision, each
// with the facts this load used of it: an entry holds what one load
// needs, not every revision ever read.
func (rc *revCache) save(c *cache.Cache, key string) {
	if rc == nil {
		return
	}
	parallel.Each(cacheShards, 0, func(s int) {
		learnt := rc.learnt[s]
		if len(learnt) == 0 {
			return
		}
		used := maps.Clone(learnt)
		for k, e := range rc.old[s] {
			if _, ok := used[k]; !ok && e.used.Load() {
				used[k] = e.f
			}
		}
		w := wire.NewEntry(revFormat, 160*len(used))
		w.Uint(uint64(len(used)))
		keys := slices.SortedFunc(maps.Keys(used), func(a, b revID) int {
			return cmp.Or(strings.Compare(a.blob, b.blob), strings.Compare(a.path, b.path))
		})
		for _, k := range keys {
			f := used[k]
			w.String(k.blob)
			w.String(k.path)
			for _, v := range []string{f.Version, f.ID, f.Title, f.Status, f.ApprovedBy, f.ApprovedOn} {
				w.String(v)
			}
			w.Int(int64(f.BodyOff))
			w.Bool(f.NoText)
			w.Bytes(f.BodySum[:])
			w.Bool(f.Declared != nil)
			if d := f.Declared; d != nil {
				document.EncodeRows(&w, d.Rows)
				w.Bytes(d.FrontSum[:])
				w.Bytes(d.BodySum[:])
				w.Bytes(d.Text[:])
			}
		}
		c.Put("revisions", shardKey(key, s), w.B)
	})
}

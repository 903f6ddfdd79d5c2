package isms

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
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
// it used, to keep for the next. A nil revCache knows nothing and keeps
// nothing. It is safe for concurrent use.
type revCache struct {
	mu   sync.Mutex
	old  map[string]revFacts
	used map[string]revFacts
	// learnt says a revision was parsed: the cache is written back.
	learnt bool
}

func revKey(p, blob string) string { return blob + "\x00" + p }

// get returns the facts of the revision of p with blob id blob, when the
// cache had them.
func (c *revCache) get(p, blob string) (revFacts, bool) {
	if c == nil {
		return revFacts{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := revKey(p, blob)
	f, ok := c.old[k]
	if ok {
		c.used[k] = f
	}
	return f, ok
}

// has reports whether the cache has the facts of that revision.
func (c *revCache) has(p, blob string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.old[revKey(p, blob)]
	return ok
}

// learn keeps the facts f of a revision just parsed, whose body is body,
// for the next load.
func (c *revCache) learn(p, blob string, f *revFacts, body []byte) {
	if c == nil {
		return
	}
	f.BodySum = sha256.Sum256(bytes.TrimSpace(body))
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used[revKey(p, blob)] = *f
	c.learnt = true
}

// learnDeclared keeps the declared facts of a revision whose facts this
// load has (from the cache or just parsed), for the next load.
func (c *revCache) learnDeclared(p, blob string, d *declaredFacts) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := revKey(p, blob)
	if f, ok := c.used[k]; ok {
		f.Declared = d
		c.used[k] = f
		c.learnt = true
	}
}

// revFormat changes whenever revFacts' encoding or meaning does.
const revFormat = "ismspack revisions v4"

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
	rc := &revCache{old: map[string]revFacts{}, used: map[string]revFacts{}}
	data, ok := c.Get("revisions", key)
	if !ok {
		return rc
	}
	old, err := decodeRevs(data)
	if err != nil {
		c.Note("revisions", "decode", fmt.Sprintf("cache: the cached revisions cannot be read (%v); reading them again", err))
		return rc
	}
	rc.old = old
	return rc
}

func decodeRevs(data []byte) (map[string]revFacts, error) {
	r, err := wire.Open(data, revFormat)
	if err != nil {
		return nil, err
	}
	n := r.Count()
	out := make(map[string]revFacts, n)
	for range n {
		k := r.String()
		f := revFacts{Version: r.String(), ID: r.String(), Title: r.String(), Status: r.String(),
			ApprovedBy: r.String(), ApprovedOn: r.String(), BodyOff: int(r.Int()), NoText: r.Bool()}
		if copy(f.BodySum[:], r.Bytes()) != sha256.Size {
			return nil, wire.ErrDamaged
		}
		if r.Bool() {
			d := &declaredFacts{Rows: document.DecodeRows(r)}
			for _, sum := range []*[sha256.Size]byte{&d.FrontSum, &d.BodySum, &d.Text} {
				if copy(sum[:], r.Bytes()) != sha256.Size {
					return nil, wire.ErrDamaged
				}
			}
			f.Declared = d
		}
		out[k] = f
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	return out, nil
}

// save writes back the facts this load used, when it parsed any
// revision: the entry holds what one load needs, not every revision ever
// read.
func (rc *revCache) save(c *cache.Cache, key string) {
	if rc == nil || !rc.learnt {
		return
	}
	w := wire.NewEntry(revFormat, 160*len(rc.used))
	w.Uint(uint64(len(rc.used)))
	for _, k := range slices.Sorted(maps.Keys(rc.used)) {
		f := rc.used[k]
		w.String(k)
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
	c.Put("revisions", key, w.B)
}

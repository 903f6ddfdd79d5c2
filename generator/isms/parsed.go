package isms

import (
	"fmt"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/source"
)

// parsedFormat changes whenever the layout of the parsed documents'
// entries (document.Encode's included) does.
const parsedFormat = "ismspack-parsed 2"

// parsedDoc is a document at the ref as the cache keeps it: its bytes,
// what document.Encode wrote of it, and that decoded, once a load has
// asked for it.
type parsedDoc struct {
	src, enc []byte
	doc      *document.Document
}

// parsedDocs are the documents of the last ref loaded, parsed, by path
// and blob id (revKey): a load takes those whose blob did not change
// from here rather than reading and parsing them again. They are kept in
// cacheShards entries, each document in its path's shard; an entry's key
// holds the repository and the document options, and its header the
// ismspack version, so a blob id with its path names one Parse result.
// A nil parsedDocs keeps nothing.
type parsedDocs struct {
	old [cacheShards]map[revID]*parsedDoc
	sel *source.Selector
	opt document.Options
	c   *cache.Cache
}

// openParsed reads the parsed documents' records from c; nil when there
// is no cache. A document is decoded only when the load takes it (doc),
// so that decoding runs beside the history walk. A damaged entry is
// noted and read as empty: its documents are read and parsed again.
func openParsed(c *cache.Cache, key string, opt document.Options, sel *source.Selector) *parsedDocs {
	if c == nil || key == "" {
		return nil
	}
	pd := &parsedDocs{sel: sel, opt: opt, c: c}
	pd.old = readShards(c, "parsed", key, decodeParsed, pd.damaged)
	return pd
}

// damaged notes, once, parsed documents the cache holds but cannot give.
func (pd *parsedDocs) damaged(err error) {
	pd.c.Note("parsed", "decode", fmt.Sprintf("cache: the cached parsed documents cannot be read (%v); parsing them again", err))
}

// decodeParsed reads an entry's records. Any damage fails the whole
// entry.
func decodeParsed(data []byte) (map[revID]*parsedDoc, error) {
	r, err := wire.Open(data, parsedFormat)
	if err != nil {
		return nil, err
	}
	n := r.Count()
	out := make(map[revID]*parsedDoc, n)
	for range n {
		p := r.String()
		k := revKey(p, r.String())
		out[k] = &parsedDoc{src: r.Bytes(), enc: r.Bytes()}
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	return out, nil
}

// known is source.Repo.Known: a document whose parse the cache holds is
// not read from the repository.
func (pd *parsedDocs) known(p, blob string) (int64, bool) {
	if !pd.sel.IsDocument(p) {
		return 0, false
	}
	if rec := pd.old[shardOf(p)][revKey(p, blob)]; rec != nil {
		return int64(len(rec.src)), true
	}
	return 0, false
}

// doc is the kept document of f, decoded, or nil when f is not kept. A
// record that does not decode is noted, and the document parsed again
// from the bytes the cache holds (its blob's, as the entry's checksum
// vouches). Call it once per file; calls for different files may run at
// once.
func (pd *parsedDocs) doc(f *source.File) *document.Document {
	if pd == nil || !f.Kept {
		return nil
	}
	rec := pd.old[shardOf(f.Path)][revKey(f.Path, f.Blob)]
	if rec == nil {
		return nil
	}
	d, err := document.Decode(f.Path, rec.src, rec.enc, pd.opt)
	if err != nil {
		pd.damaged(fmt.Errorf("%s: %w", f.Path, err))
		return document.Parse(f.Path, rec.src, pd.opt)
	}
	rec.doc = d
	return d
}

// save keeps the documents of m for the next load, writing only the
// entries whose documents are not those the cache holds already: an
// entry holds one ref's documents, not every blob ever parsed.
func (pd *parsedDocs) save(c *cache.Cache, key string, m *Model) {
	if pd == nil || c == nil {
		return
	}
	var shards [cacheShards][]*Doc
	for _, d := range m.Docs {
		s := shardOf(d.Path)
		shards[s] = append(shards[s], d)
	}
	parallel.Each(cacheShards, 0, func(s int) {
		docs, old := shards[s], pd.old[s]
		changed := len(old) != len(docs)
		recs := make([]*parsedDoc, len(docs))
		size := 0
		for i, d := range docs {
			rec := old[revKey(d.Path, d.Blob)]
			if rec == nil || rec.doc != d.Document {
				rec, changed = &parsedDoc{src: d.Src, enc: document.Encode(d.Document)}, true
			}
			recs[i] = rec
			size += len(d.Path) + len(d.Blob) + len(rec.src) + len(rec.enc) + 16
		}
		if !changed {
			return
		}
		w := wire.NewEntry(parsedFormat, size+16)
		w.Uint(uint64(len(docs)))
		for i, d := range docs {
			w.String(d.Path)
			w.String(d.Blob)
			w.Bytes(recs[i].src)
			w.Bytes(recs[i].enc)
		}
		c.Put("parsed", shardKey(key, s), w.B)
	})
}

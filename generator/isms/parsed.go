package isms

import (
	"fmt"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/source"
)

// parsedFormat changes whenever the layout of the parsed documents' entry
// (document.Encode's included) does.
const parsedFormat = "ismspack-parsed 1"

// parsedDoc is a document at the ref as the cache keeps it: its bytes,
// what document.Encode wrote of it, and that decoded.
type parsedDoc struct {
	src, enc []byte
	doc      *document.Document
}

// parsedDocs are the documents of the last ref loaded, parsed, by path
// and blob id (revKey): a load takes those whose blob did not change
// from here rather than reading and parsing them again. The entry's key
// holds the repository and the document options, and its header the
// ismspack version, so a blob id with its path names one Parse result.
// A nil parsedDocs keeps nothing.
type parsedDocs struct {
	old map[string]*parsedDoc
	sel *source.Selector
}

// openParsed reads the parsed documents from c and decodes them with
// opt; nil when there is no cache. A damaged entry is noted and read as
// empty: every document is then read and parsed.
func openParsed(c *cache.Cache, key string, opt document.Options, sel *source.Selector) *parsedDocs {
	if c == nil || key == "" {
		return nil
	}
	pd := &parsedDocs{old: map[string]*parsedDoc{}, sel: sel}
	data, ok := c.Get("parsed", key)
	if !ok {
		return pd
	}
	old, err := decodeParsed(data, opt)
	if err != nil {
		c.Note("parsed", "decode", fmt.Sprintf("cache: the cached parsed documents cannot be read (%v); parsing them again", err))
		return pd
	}
	pd.old = old
	return pd
}

// decodeParsed reads an entry: the records first, then each document,
// in parallel. Any damage fails the whole entry.
func decodeParsed(data []byte, opt document.Options) (map[string]*parsedDoc, error) {
	r, err := wire.Open(data, parsedFormat)
	if err != nil {
		return nil, err
	}
	n := r.Count()
	paths, keys := make([]string, n), make([]string, n)
	recs := make([]*parsedDoc, n)
	for i := range n {
		paths[i] = r.String()
		keys[i] = revKey(paths[i], r.String())
		recs[i] = &parsedDoc{src: r.Bytes(), enc: r.Bytes()}
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	errs := make([]error, n)
	parallel.Each(n, 0, func(i int) {
		recs[i].doc, errs[i] = document.Decode(paths[i], recs[i].src, recs[i].enc, opt)
	})
	out := make(map[string]*parsedDoc, n)
	for i, rec := range recs {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", paths[i], errs[i])
		}
		out[keys[i]] = rec
	}
	return out, nil
}

// known is source.Repo.Known: a document whose parse the cache holds is
// not read from the repository.
func (pd *parsedDocs) known(p, blob string) (int64, bool) {
	if !pd.sel.IsDocument(p) {
		return 0, false
	}
	if rec := pd.old[revKey(p, blob)]; rec != nil {
		return int64(len(rec.src)), true
	}
	return 0, false
}

// doc is the kept document of f, or nil.
func (pd *parsedDocs) doc(f *source.File) *document.Document {
	if pd == nil || !f.Kept {
		return nil
	}
	if rec := pd.old[revKey(f.Path, f.Blob)]; rec != nil {
		return rec.doc
	}
	return nil
}

// save keeps the documents of m for the next load, unless they are
// those the cache holds already: the entry holds one ref's documents, not
// every blob ever parsed.
func (pd *parsedDocs) save(c *cache.Cache, key string, m *Model) {
	if pd == nil || c == nil {
		return
	}
	changed := len(pd.old) != len(m.Docs)
	recs := make([]*parsedDoc, len(m.Docs))
	size := 0
	for i, d := range m.Docs {
		rec := pd.old[revKey(d.Path, d.Blob)]
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
	w.Uint(uint64(len(m.Docs)))
	for i, d := range m.Docs {
		w.String(d.Path)
		w.String(d.Blob)
		w.Bytes(recs[i].src)
		w.Bytes(recs[i].enc)
	}
	c.Put("parsed", key, w.B)
}

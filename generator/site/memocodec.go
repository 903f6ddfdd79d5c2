package site

import (
	"errors"
	"sort"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/wire"
)

// The kept results are written field by field rather than with
// encoding/gob, whose decoder compiles each value's type again: for
// thousands of small results that cost more than rendering them. The
// round-trip tests fill every field, so a field added to RedlineView or
// bodyEntry and not written here fails them.

// end is the error of a kept result read whole: the reader's, or one for
// bytes left after it.
func end(d *wire.Reader) error {
	if d.Err() == nil && d.Left() != 0 {
		return errors.New("bytes after a kept result")
	}
	return d.Err()
}

// encoded is what write writes, in a slice of its exact length: write
// runs twice, once to count the bytes and once to write them.
func encoded(write func(wire.Encoder)) []byte {
	var n wire.Size
	write(&n)
	return appendEncoded(make([]byte, 0, n.N), write)
}

// appendEncoded appends what write writes to b.
func appendEncoded(b []byte, write func(wire.Encoder)) []byte {
	e := wire.Writer{B: b}
	write(&e)
	return e.B
}

// putEncoded puts what write writes in m under key, written only when m
// keeps it (see cache.Memo.PutEncoded).
func putEncoded(m *cache.Memo, key string, write func(wire.Encoder)) {
	var n wire.Size
	write(&n)
	m.PutEncoded(key, n.N, func(b []byte) []byte { return appendEncoded(b, write) })
}

// encodeRedline writes v without Prev, which the page sets, and without
// what say derives from the rest.
func encodeRedline(v *RedlineView) []byte {
	return encoded(func(e wire.Encoder) { writeRedline(e, v) })
}

func writeRedline(e wire.Encoder, v *RedlineView) {
	e.String(v.Mode)
	e.Int(int64(v.Inserted))
	e.Int(int64(v.Deleted))
	e.Bool(v.Unchanged)
	e.Int(int64(v.After))
	e.Uint(uint64(len(v.Hunks)))
	for _, h := range v.Hunks {
		e.Int(int64(h.Skipped))
		e.Uint(uint64(len(h.Spans)))
		for _, s := range h.Spans {
			e.String(s.Op)
			e.String(s.Text)
		}
	}
}

func decodeRedline(b []byte) (*RedlineView, error) {
	d := wire.NewReader(b)
	v := &RedlineView{Mode: d.String(), Inserted: int(d.Int()), Deleted: int(d.Int()), Unchanged: d.Bool(), After: int(d.Int())}
	if n := d.Count(); n > 0 {
		v.Hunks = make([]RedlineHunk, n)
		for i := range v.Hunks {
			h := &v.Hunks[i]
			h.Skipped = int(d.Int())
			if m := d.Count(); m > 0 {
				h.Spans = make([]RedlineSpan, m)
				for j := range h.Spans {
					h.Spans[j] = RedlineSpan{Op: d.String(), Text: d.String()}
				}
			}
		}
	}
	v.say()
	return v, end(d)
}

func encodeBody(b bodyEntry) []byte {
	return encoded(func(e wire.Encoder) { writeBody(e, b) })
}

func writeBody(e wire.Encoder, b bodyEntry) {
	e.String(b.HTML)
	e.String(b.TitleID)
	encodeAnchors(e, b.Anchors)
	e.Uint(uint64(len(b.Links)))
	for _, l := range b.Links {
		encodeLink(e, l)
	}
}

func encodeAnchors(e wire.Encoder, anchors map[string]document.Anchor) {
	keys := make([]string, 0, len(anchors))
	for k := range anchors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		a := anchors[k]
		e.String(k)
		e.Bool(a.Heading)
		e.Int(int64(a.Footnote))
		e.Bool(a.Ref)
	}
}

func decodeAnchors(d *wire.Reader) map[string]document.Anchor {
	n := d.Count()
	anchors := make(map[string]document.Anchor, n)
	for range n {
		k := d.String()
		anchors[k] = document.Anchor{Heading: d.Bool(), Footnote: int(d.Int()), Ref: d.Bool()}
	}
	return anchors
}

func encodeLink(e wire.Encoder, l tracedLink) {
	e.String(l.Dest)
	e.Bool(l.Image)
	e.String(l.Href)
	e.String(l.Problem)
	e.Bool(l.Local)
}

func decodeLink(d *wire.Reader) tracedLink {
	return tracedLink{Dest: d.String(), Image: d.Bool(), Href: d.String(), Problem: d.String(), Local: d.Bool()}
}

func decodeBody(b []byte) (bodyEntry, error) {
	d := wire.NewReader(b)
	e := bodyEntry{HTML: d.String(), TitleID: d.String()}
	e.Anchors = decodeAnchors(d)
	if n := d.Count(); n > 0 {
		e.Links = make([]tracedLink, n)
		for i := range e.Links {
			e.Links[i] = decodeLink(d)
		}
	}
	return e, end(d)
}

// pageFormat begins a kept page's entry.
const pageFormat = "ismspack page 3"

// encodePage writes a kept page's entry: the page's Sum, the digest of
// what its links' resolution read and the documents they landed on, and
// the links its bodies resolved against the model, last, so that an
// entry whose digest still holds is read without them.
func encodePage(e pageEntry) []byte {
	return encoded(func(out wire.Encoder) { writePage(out, e) })
}

func writePage(out wire.Encoder, e pageEntry) {
	out.String(pageFormat)
	out.String(e.Sum)
	out.String(e.Digest)
	out.Uint(uint64(len(e.Targets)))
	for _, t := range e.Targets {
		out.String(t)
	}
	out.Uint(uint64(len(e.Groups)))
	for _, g := range e.Groups {
		out.String(g.From)
		out.String(g.Prefix)
		encodeAnchors(out, g.Anchors)
		out.Uint(uint64(len(g.Links)))
		for _, l := range g.Links {
			encodeLink(out, l)
		}
	}
}

// decodePageHead reads an entry up to its links, and returns the reader
// holding them for decodeGroups.
func decodePageHead(b []byte) (pageEntry, *wire.Reader, error) {
	d := wire.NewReader(b)
	if d.String() != pageFormat {
		return pageEntry{}, nil, errors.New("not a page entry of this format")
	}
	e := pageEntry{Sum: d.String(), Digest: d.String()}
	if n := d.Count(); n > 0 {
		e.Targets = make([]string, n)
		for i := range e.Targets {
			e.Targets[i] = d.String()
		}
	}
	return e, d, d.Err()
}

// decodeGroups reads the links of an entry after decodePageHead.
func decodeGroups(d *wire.Reader) ([]linkGroup, error) {
	var groups []linkGroup
	if n := d.Count(); n > 0 {
		groups = make([]linkGroup, n)
		for i := range groups {
			g := &groups[i]
			g.From, g.Prefix = d.String(), d.String()
			g.Anchors = decodeAnchors(d)
			if m := d.Count(); m > 0 {
				g.Links = make([]tracedLink, m)
				for j := range g.Links {
					g.Links[j] = decodeLink(d)
				}
			}
		}
	}
	return groups, end(d)
}

func decodePage(b []byte) (pageEntry, error) {
	e, d, err := decodePageHead(b)
	if err != nil {
		return e, err
	}
	e.Groups, err = decodeGroups(d)
	return e, err
}

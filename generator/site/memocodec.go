package site

import (
	"encoding/binary"
	"errors"
	"sort"

	"github.com/ismspack/ismspack/generator/document"
)

// The kept results are written field by field rather than with
// encoding/gob, whose decoder compiles each value's type again: for
// thousands of small results that cost more than rendering them. The
// round-trip tests fill every field, so a field added to RedlineView or
// bodyEntry and not written here fails them.

type enc []byte

func (e *enc) int(n int) { *e = binary.AppendVarint(*e, int64(n)) }
func (e *enc) str(s string) {
	*e = binary.AppendUvarint(*e, uint64(len(s)))
	*e = append(*e, s...)
}
func (e *enc) bool(b bool) {
	if b {
		*e = append(*e, 1)
	} else {
		*e = append(*e, 0)
	}
}

var errShort = errors.New("kept result truncated")

type dec struct {
	b   []byte
	err error
}

func (d *dec) int() int {
	n, k := binary.Varint(d.b)
	if k <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[k:]
	return int(n)
}

func (d *dec) count() int {
	n := d.int()
	if n < 0 || n > len(d.b) {
		d.fail()
		return 0
	}
	return n
}

func (d *dec) str() string {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)-k) {
		d.fail()
		return ""
	}
	s := string(d.b[k : k+int(n)])
	d.b = d.b[k+int(n):]
	return s
}

// bytes is str without the copy: the result shares d's buffer.
func (d *dec) bytes() []byte {
	n, k := binary.Uvarint(d.b)
	if k <= 0 || n > uint64(len(d.b)-k) {
		d.fail()
		return nil
	}
	b := d.b[k : k+int(n) : k+int(n)]
	d.b = d.b[k+int(n):]
	return b
}

func (d *dec) bool() bool {
	if len(d.b) == 0 {
		d.fail()
		return false
	}
	v := d.b[0] == 1
	d.b = d.b[1:]
	return v
}

func (d *dec) fail() {
	if d.err == nil {
		d.err = errShort
	}
	d.b = nil
}

func (d *dec) end() error {
	if d.err == nil && len(d.b) != 0 {
		return errors.New("bytes after a kept result")
	}
	return d.err
}

// encodeRedline writes v without Prev, which the page sets, and without
// what say derives from the rest.
func encodeRedline(v *RedlineView) []byte {
	var e enc
	e.str(v.Mode)
	e.int(v.Inserted)
	e.int(v.Deleted)
	e.bool(v.Unchanged)
	e.int(v.After)
	e.int(len(v.Hunks))
	for _, h := range v.Hunks {
		e.int(h.Skipped)
		e.int(len(h.Spans))
		for _, s := range h.Spans {
			e.str(s.Op)
			e.str(s.Text)
		}
	}
	return e
}

func decodeRedline(b []byte) (*RedlineView, error) {
	d := dec{b: b}
	v := &RedlineView{Mode: d.str(), Inserted: d.int(), Deleted: d.int(), Unchanged: d.bool(), After: d.int()}
	if n := d.count(); n > 0 {
		v.Hunks = make([]RedlineHunk, n)
		for i := range v.Hunks {
			h := &v.Hunks[i]
			h.Skipped = d.int()
			if m := d.count(); m > 0 {
				h.Spans = make([]RedlineSpan, m)
				for j := range h.Spans {
					h.Spans[j] = RedlineSpan{Op: d.str(), Text: d.str()}
				}
			}
		}
	}
	v.say()
	return v, d.end()
}

func encodeBody(b bodyEntry) []byte {
	var e enc
	e.str(b.HTML)
	e.str(b.TitleID)
	e = encodeAnchors(e, b.Anchors)
	e.int(len(b.Links))
	for _, l := range b.Links {
		e = encodeLink(e, l)
	}
	return e
}

func encodeAnchors(e enc, anchors map[string]document.Anchor) enc {
	keys := make([]string, 0, len(anchors))
	for k := range anchors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	e.int(len(keys))
	for _, k := range keys {
		a := anchors[k]
		e.str(k)
		e.bool(a.Heading)
		e.int(a.Footnote)
		e.bool(a.Ref)
	}
	return e
}

func decodeAnchors(d *dec) map[string]document.Anchor {
	n := d.count()
	anchors := make(map[string]document.Anchor, n)
	for range n {
		k := d.str()
		anchors[k] = document.Anchor{Heading: d.bool(), Footnote: d.int(), Ref: d.bool()}
	}
	return anchors
}

func encodeLink(e enc, l tracedLink) enc {
	e.str(l.Dest)
	e.bool(l.Image)
	e.str(l.Href)
	e.str(l.Problem)
	e.bool(l.Local)
	return e
}

func decodeLink(d *dec) tracedLink {
	return tracedLink{Dest: d.str(), Image: d.bool(), Href: d.str(), Problem: d.str(), Local: d.bool()}
}

func decodeBody(b []byte) (bodyEntry, error) {
	d := dec{b: b}
	e := bodyEntry{HTML: d.str(), TitleID: d.str()}
	e.Anchors = decodeAnchors(&d)
	if n := d.count(); n > 0 {
		e.Links = make([]tracedLink, n)
		for i := range e.Links {
			e.Links[i] = decodeLink(&d)
		}
	}
	return e, d.end()
}

// encodePage writes a kept page: its "main" output and the links its
// bodies resolved against the model.
func encodePage(e pageEntry) []byte {
	var out enc
	out.int(len(e.Groups))
	for _, g := range e.Groups {
		out.str(g.From)
		out.str(g.Prefix)
		out = encodeAnchors(out, g.Anchors)
		out.int(len(g.Links))
		for _, l := range g.Links {
			out = encodeLink(out, l)
		}
	}
	out.str(string(e.Main))
	return out
}

func decodePage(b []byte) (pageEntry, error) {
	d := dec{b: b}
	var e pageEntry
	if n := d.count(); n > 0 {
		e.Groups = make([]linkGroup, n)
		for i := range e.Groups {
			g := &e.Groups[i]
			g.From, g.Prefix = d.str(), d.str()
			g.Anchors = decodeAnchors(&d)
			if m := d.count(); m > 0 {
				g.Links = make([]tracedLink, m)
				for j := range g.Links {
					g.Links[j] = decodeLink(&d)
				}
			}
		}
	}
	e.Main = d.bytes() // read for this page alone: not copied
	return e, d.end()
}

package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"reflect"
	"strconv"

	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/internal/fpdf"
	"github.com/ismspack/ismspack/generator/internal/wire"
)

// A pack's own section that shows only a view — a value of plain data
// projected from the model before it is drawn (matrixView, say) — is
// kept in the cache between builds, keyed by a hash of that value: a
// warm build after a commit that changes none of what the section shows
// places the section it drew before instead of drawing it again.
//
// The key cannot miss an input by construction. The view is hashed
// whole, field by field, by reflection (appendView), so a field added to
// a view is keyed with no more code; a view may hold only strings,
// numbers, booleans, and slices, arrays and structs of them, so nothing
// it shows hides behind a pointer (a view that holds anything else is
// never cached). And drawn apart, a section with a view is drawn by a
// renderer that has no model, no findings and no date (blindRenderer):
// only its view, the frame every pack page shows (the organisation, in
// the header) and the faces, which the key names too. What a draw read
// from the model instead of its view would fail the build, or differ
// from the pack drawn in one go, which the tests compare.
//
// A section that reads what is hard to project (a model-wide coverage by
// set, a redline) has no view and is drawn on every build.

// ownSection is one of the pack's own sections.
type ownSection struct {
	name string
	// view projects what the section shows; nil for a section drawn
	// from the renderer, never cached.
	view func(r *run) any
	// draw draws the section; v is view's value, or nil.
	draw func(rr *renderer, v any)
}

// viewed is a section drawn from a view alone.
func viewed[V any](name string, view func(*run) V, draw func(*renderer, *V)) ownSection {
	return ownSection{name: name,
		view: func(r *run) any { v := view(r); return &v },
		draw: func(rr *renderer, v any) { draw(rr, v.(*V)) }}
}

// plain is a section drawn from the renderer.
func plain(name string, draw func(*renderer)) ownSection {
	return ownSection{name: name, draw: func(rr *renderer, _ any) { draw(rr) }}
}

// frame is what every one of the pack's own pages shows beyond its
// section: the organisation, in the header (writer.header).
type frame struct {
	org string
}

func (r *run) frame() frame {
	return frame{org: r.meta("").author}
}

// sectionFormat changes whenever what a cached section is drawn from, or
// how its record is encoded, changes without a view's fields changing
// (the cache's entries also name the ismspack build that wrote them).
const sectionFormat = "ismspack pack section 1"

// sectionKey is the cache key of the section name showing v (a pointer
// to a view) in the frame fr: "" when v holds what cannot be hashed.
func (r *run) sectionKey(name string, fr frame, v any) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\nsection %q\n", sectionFormat, name)
	fmt.Fprintf(h, "faces %x\n", r.facesDigest())
	vh := viewHash{h: h, b: make([]byte, 0, 2*viewChunk)}
	if !vh.add(reflect.ValueOf(fr)) {
		return ""
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return ""
	}
	vh.b = appendField(vh.b, rv.Type().String())
	if !vh.add(rv.Elem()) {
		return ""
	}
	h.Write(vh.b)
	return hex.EncodeToString(h.Sum(nil))
}

// viewHash hashes a view a chunk at a time: a view of a large ISMS runs
// to megabytes, which one buffer would grow and copy many times over.
type viewHash struct {
	h hash.Hash
	b []byte
}

const viewChunk = 16 << 10

func (vh *viewHash) add(v reflect.Value) bool {
	if len(vh.b) >= viewChunk {
		vh.h.Write(vh.b)
		vh.b = vh.b[:0]
	}
	b, ok := appendView(vh.b, v, vh)
	vh.b = b
	return ok
}

// appendView appends v, every field of it, unambiguously (the key names
// the view's type): strings as their length and bytes, numbers, and
// slices as their length and elements. It reports false for a value that holds a
// pointer, map, interface, function or channel, which could hide what
// the section shows from the key.
func appendView(b []byte, v reflect.Value, vh *viewHash) ([]byte, bool) {
	switch v.Kind() {
	case reflect.String:
		return appendField(b, v.String()), true
	case reflect.Bool:
		return strconv.AppendBool(append(b, 'b'), v.Bool()), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(append(b, 'i'), v.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(append(b, 'u'), v.Uint(), 10), true
	case reflect.Float32, reflect.Float64:
		return strconv.AppendUint(append(b, 'f'), math.Float64bits(v.Float()), 16), true
	case reflect.Slice, reflect.Array:
		b = strconv.AppendInt(append(b, '['), int64(v.Len()), 10)
		for i := 0; i < v.Len(); i++ {
			if len(b) >= viewChunk {
				vh.h.Write(b)
				b = b[:0]
			}
			var ok bool
			if b, ok = appendView(b, v.Index(i), vh); !ok {
				return b, false
			}
		}
		return append(b, ']'), true
	case reflect.Struct:
		b = append(b, '{')
		for i := 0; i < v.NumField(); i++ {
			var ok bool
			if b, ok = appendView(b, v.Field(i), vh); !ok {
				return b, false
			}
		}
		return append(b, '}'), true
	}
	return b, false
}

// blindRenderer is a renderer for a section drawn from its view alone:
// it draws in the build's faces, in frame fr, and knows nothing of the
// model.
func (r *run) blindRenderer(fr frame) *renderer {
	w := newWriter(r.faces, nil, pdfMeta{author: fr.org})
	w.parsed = r.parsed
	w.cut = r.cut
	return &renderer{run: &run{faces: r.faces}, w: w, f: newFlow(w)}
}

// sectionEntryFormat begins a cached section; change it with the
// encoding.
const sectionEntryFormat = "ismspack pack section entry 1"

// encode is s as kept in the cache, faces by their place in partFaces;
// false when s has pages that are not the pack's own plain pages, which
// is never placed (see placeable) and so not kept.
func (s *section) encode(fs *fonts.Set) ([]byte, bool) {
	for _, in := range s.infos {
		if in != (pageInfo{}) {
			return nil, false
		}
	}
	pb := s.part.encode()
	e := wire.NewEntry(sectionEntryFormat, len(pb)+len(s.first)+len(s.last)+256)
	e.Bytes(pb)
	e.Bytes(s.first)
	e.Bool(s.last != nil)
	e.Bytes(s.last)
	e.Uint(uint64(len(s.infos)))
	e.Uint(uint64(len(s.uses)))
	for _, u := range s.uses {
		i := faceIndex(fs, u.face)
		if i < 0 {
			return nil, false
		}
		e.Uint(uint64(i))
		e.Bool(u.bare)
	}
	s.end.Encode(&e)
	c := s.cur
	fi := -1
	if c.face != nil {
		if fi = faceIndex(fs, c.face); fi < 0 {
			return nil, false
		}
	}
	e.Int(int64(fi))
	e.Uint(math.Float64bits(c.size))
	for _, col := range []rgb{c.fill, c.draw, c.text} {
		e.Uint(uint64(col.r)<<16 | uint64(col.g)<<8 | uint64(col.b))
	}
	e.Uint(math.Float64bits(c.lw))
	e.Bool(c.hasText)
	return e.B, true
}

// decodeSection reads a section encode wrote, faces from fs.
func decodeSection(b []byte, fs *fonts.Set) (*section, error) {
	d, err := wire.Open(b, sectionEntryFormat)
	if err != nil {
		return nil, err
	}
	p, err := decodePartOn(d.Bytes())
	if err != nil {
		return nil, err
	}
	s := &section{part: *p}
	s.first = d.Bytes()
	hasLast := d.Bool()
	s.last = d.Bytes()
	if hasLast && s.last == nil {
		s.last = []byte{}
	}
	s.infos = make([]pageInfo, d.Count())
	faces := partFaces(fs)
	face := func(i int64) *fonts.Face {
		if i < 0 || i >= int64(len(faces)) || faces[i] == nil {
			d.Fail()
			return nil
		}
		return faces[i]
	}
	s.uses = make([]faceUse, d.Count())
	for i := range s.uses {
		s.uses[i] = faceUse{face(int64(d.Uint())), d.Bool()}
	}
	s.end = fpdf.DecodeDrawState(d)
	if fi := d.Int(); fi >= 0 {
		s.cur.face = face(fi)
	}
	s.cur.size = math.Float64frombits(d.Uint())
	for _, col := range []*rgb{&s.cur.fill, &s.cur.draw, &s.cur.text} {
		c := d.Uint()
		*col = rgb{uint8(c >> 16), uint8(c >> 8), uint8(c)}
	}
	s.cur.lw = math.Float64frombits(d.Uint())
	s.cur.hasText = d.Bool()
	if err := d.End(); err != nil {
		return nil, err
	}
	if len(s.runes) != len(faces) {
		return nil, errors.New("a section drawn with other faces")
	}
	if err := s.onPages(len(s.infos)); err != nil {
		return nil, err
	}
	for _, m := range s.marks {
		if m.page < 1 || m.page > len(s.infos) {
			return nil, errors.New("a section's outline entry is off its pages")
		}
	}
	return s, nil
}

package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// ErrNotPDF means the file given to ReadProvenance is not a PDF at all.
var ErrNotPDF = errors.New("not a PDF file")

// ReadProvenance reads back the provenance a pack carries in its XMP
// metadata. It is a minimal reader of the PDF structure ismspack writes (a
// cross-reference table, chained by /Prev when something appended to the
// file): trailer, catalog, metadata stream. It reads nothing it is not
// led to, and every step is bounded by the file's own length, so a damaged
// or hostile file gives an error, never a hang.
func ReadProvenance(data []byte) (Provenance, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return Provenance{}, ErrNotPDF
	}
	r := &reader{data: data, xref: map[int]int{}}
	trailer, err := r.readXref()
	if err != nil {
		return Provenance{}, err
	}
	root, ok := trailer["Root"].(ref)
	if !ok {
		return Provenance{}, errors.New("its trailer names no catalog")
	}
	cat, _, err := r.object(root)
	if err != nil {
		return Provenance{}, fmt.Errorf("its catalog: %w", err)
	}
	cd, ok := cat.(dict)
	if !ok {
		return Provenance{}, errors.New("its catalog is not a dictionary")
	}
	mref, ok := cd["Metadata"].(ref)
	if !ok {
		return Provenance{}, errors.New("it carries no XMP metadata, so no ismspack record")
	}
	md, end, err := r.object(mref)
	if err != nil {
		return Provenance{}, fmt.Errorf("its metadata: %w", err)
	}
	stream, err := r.stream(md, end)
	if err != nil {
		return Provenance{}, fmt.Errorf("its metadata: %w", err)
	}
	return parseXMP(stream)
}

type (
	ref  struct{ num, gen int }
	dict map[string]any
	name string
)

type reader struct {
	data []byte
	pos  int
	xref map[int]int // object number -> offset
}

// readXref reads the cross-reference sections from the last one back
// along /Prev; a newer section's entries win. It returns the newest
// trailer.
func (r *reader) readXref() (dict, error) {
	tail := r.data[max(0, len(r.data)-1024):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil, errors.New("it has no startxref: the end of the file is missing or damaged")
	}
	r.pos = len(r.data) - len(tail) + i + len("startxref")
	v, err := r.value()
	off, ok := v.(int)
	if err != nil || !ok {
		return nil, errors.New("its startxref is not a number")
	}
	var newest dict
	seen := map[int]bool{}
	for {
		if off < 0 || off >= len(r.data) || seen[off] {
			return nil, fmt.Errorf("its cross-reference table offset %d is wrong", off)
		}
		seen[off] = true
		tr, err := r.section(off)
		if err != nil {
			return nil, err
		}
		if newest == nil {
			newest = tr
		}
		prev, ok := tr["Prev"].(int)
		if !ok {
			return newest, nil
		}
		off = prev
	}
}

// section reads one cross-reference section at off and its trailer.
func (r *reader) section(off int) (dict, error) {
	r.pos = off
	r.space()
	if !bytes.HasPrefix(r.data[r.pos:], []byte("xref")) {
		return nil, fmt.Errorf("no cross-reference table at offset %d (a file saved again by another program may use a stream instead; verify reads packs as ismspack wrote them)", off)
	}
	r.pos += len("xref")
	for {
		r.space()
		if bytes.HasPrefix(r.data[r.pos:], []byte("trailer")) {
			r.pos += len("trailer")
			v, err := r.value()
			if err != nil {
				return nil, fmt.Errorf("its trailer: %w", err)
			}
			d, ok := v.(dict)
			if !ok {
				return nil, errors.New("its trailer is not a dictionary")
			}
			return d, nil
		}
		a, err1 := r.value()
		b, err2 := r.value()
		first, ok1 := a.(int)
		count, ok2 := b.(int)
		if err1 != nil || err2 != nil || !ok1 || !ok2 || first < 0 || count < 0 || count > len(r.data)/20 {
			return nil, fmt.Errorf("its cross-reference table at offset %d is damaged", off)
		}
		r.space()
		for n := range count {
			if r.pos+20 > len(r.data) {
				return nil, errors.New("its cross-reference table runs past the end of the file")
			}
			e := r.data[r.pos : r.pos+18]
			r.pos += 20
			o, err := strconv.Atoi(string(e[:10]))
			if err != nil {
				return nil, fmt.Errorf("its cross-reference entry %d is damaged", first+n)
			}
			if _, done := r.xref[first+n]; !done && e[17] == 'n' {
				r.xref[first+n] = o
			}
		}
	}
}

// object reads the indirect object x: its value and the position after it.
func (r *reader) object(x ref) (any, int, error) {
	off, ok := r.xref[x.num]
	if !ok || off < 0 || off >= len(r.data) {
		return nil, 0, fmt.Errorf("object %d is not in the cross-reference table", x.num)
	}
	r.pos = off
	n, err1 := r.value()
	g, err2 := r.value()
	kw, err3 := r.value()
	if err1 != nil || err2 != nil || err3 != nil || n != x.num || g != x.gen || kw != name("obj") {
		return nil, 0, fmt.Errorf("object %d is not where the cross-reference table says", x.num)
	}
	v, err := r.value()
	return v, r.pos, err
}

// stream returns the bytes of the stream whose dictionary d ended at end.
// Only a direct /Length is followed, as ismspack writes it.
func (r *reader) stream(d any, end int) ([]byte, error) {
	sd, ok := d.(dict)
	if !ok {
		return nil, errors.New("not a stream")
	}
	n, ok := sd["Length"].(int)
	if !ok || n < 0 || n > MaxProvenance {
		return nil, errors.New("the stream has no length, or one too large")
	}
	r.pos = end
	r.space()
	if !bytes.HasPrefix(r.data[r.pos:], []byte("stream")) {
		return nil, errors.New("not a stream")
	}
	r.pos += len("stream")
	if bytes.HasPrefix(r.data[r.pos:], []byte("\r\n")) {
		r.pos += 2
	} else if r.pos < len(r.data) && r.data[r.pos] == '\n' {
		r.pos++
	}
	if r.pos+n > len(r.data) {
		return nil, errors.New("the stream runs past the end of the file")
	}
	return r.data[r.pos : r.pos+n], nil
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// space skips white space and comments.
func (r *reader) space() {
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case isSpace(c):
			r.pos++
		case c == '%':
			for r.pos < len(r.data) && r.data[r.pos] != '\n' && r.data[r.pos] != '\r' {
				r.pos++
			}
		default:
			return
		}
	}
}

// maxDepth bounds nesting of arrays and dictionaries.
const maxDepth = 32

// value reads one PDF value: a number, a name, a string, an array, a
// dictionary, a reference (n g R) or a keyword (returned as a name).
func (r *reader) value() (any, error) { return r.valueAt(0) }

func (r *reader) valueAt(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("nested too deeply")
	}
	r.space()
	if r.pos >= len(r.data) {
		return nil, errors.New("unexpected end of file")
	}
	c := r.data[r.pos]
	switch {
	case c == '<' && r.pos+1 < len(r.data) && r.data[r.pos+1] == '<':
		r.pos += 2
		d := dict{}
		for {
			r.space()
			if bytes.HasPrefix(r.data[r.pos:], []byte(">>")) {
				r.pos += 2
				return d, nil
			}
			k, err := r.valueAt(depth + 1)
			if err != nil {
				return nil, err
			}
			kn, ok := k.(name)
			if !ok || len(kn) == 0 || kn[0] != '/' {
				return nil, errors.New("a dictionary key is not a name")
			}
			v, err := r.valueAt(depth + 1)
			if err != nil {
				return nil, err
			}
			d[string(kn[1:])] = v
		}
	case c == '[':
		r.pos++
		var a []any
		for {
			r.space()
			if r.pos < len(r.data) && r.data[r.pos] == ']' {
				r.pos++
				return a, nil
			}
			v, err := r.valueAt(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case c == '(':
		return r.literal()
	case c == '<':
		end := bytes.IndexByte(r.data[r.pos:], '>')
		if end < 0 {
			return nil, errors.New("unterminated hex string")
		}
		s := r.data[r.pos+1 : r.pos+end]
		r.pos += end + 1
		return s, nil
	case c == '/':
		start := r.pos
		r.pos++
		for r.pos < len(r.data) && !isSpace(r.data[r.pos]) && !isDelim(r.data[r.pos]) {
			r.pos++
		}
		return name(r.data[start:r.pos]), nil
	case c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9':
		start := r.pos
		r.pos++
		for r.pos < len(r.data) && (r.data[r.pos] >= '0' && r.data[r.pos] <= '9' || r.data[r.pos] == '.') {
			r.pos++
		}
		n, err := strconv.Atoi(string(r.data[start:r.pos]))
		if err != nil {
			return string(r.data[start:r.pos]), nil // a real: not needed here
		}
		// n g R is a reference.
		save := r.pos
		r.space()
		gs := r.pos
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
		}
		if r.pos > gs {
			g, _ := strconv.Atoi(string(r.data[gs:r.pos]))
			r.space()
			if r.pos < len(r.data) && r.data[r.pos] == 'R' && (r.pos+1 == len(r.data) || isSpace(r.data[r.pos+1]) || isDelim(r.data[r.pos+1])) {
				r.pos++
				return ref{n, g}, nil
			}
		}
		r.pos = save
		return n, nil
	case isDelim(c):
		return nil, fmt.Errorf("unexpected %q", c)
	}
	start := r.pos
	for r.pos < len(r.data) && !isSpace(r.data[r.pos]) && !isDelim(r.data[r.pos]) {
		r.pos++
	}
	return name(r.data[start:r.pos]), nil
}

// literal reads a (string) with balanced parentheses and escapes; the
// escapes are kept as written, since nothing here reads a string's text.
func (r *reader) literal() (any, error) {
	start := r.pos
	depth := 0
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case '\\':
			r.pos++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				r.pos++
				return r.data[start:r.pos], nil
			}
		}
		r.pos++
	}
	return nil, errors.New("unterminated string")
}

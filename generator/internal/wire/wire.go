// Package wire is a plain binary encoding for the cache's large, flat
// records (the history walk, the revisions' facts, the parsed documents,
// the search texts): lengths as uvarints, strings and bytes as they are.
// gob spent most of a warm check's cache time growing and copying its
// buffers for these; this encodes into one slice and decodes by slicing,
// and a damaged input is an error, never a panic or a huge allocation.
package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// Writer appends values to B.
type Writer struct{ B []byte }

// Uint appends v.
func (w *Writer) Uint(v uint64) { w.B = binary.AppendUvarint(w.B, v) }

// Int appends v.
func (w *Writer) Int(v int64) { w.B = binary.AppendVarint(w.B, v) }

// Bool appends v.
func (w *Writer) Bool(v bool) {
	if v {
		w.B = append(w.B, 1)
	} else {
		w.B = append(w.B, 0)
	}
}

// String appends s with its length.
func (w *Writer) String(s string) {
	w.Uint(uint64(len(s)))
	w.B = append(w.B, s...)
}

// Bytes appends b with its length.
func (w *Writer) Bytes(b []byte) {
	w.Uint(uint64(len(b)))
	w.B = append(w.B, b...)
}

// Encoder is what Writer and Size have in common: a record written
// through it once into a Size and once into a Writer made with room for
// Size.N bytes is encoded without growing and copying the Writer's slice.
type Encoder interface {
	Uint(v uint64)
	Int(v int64)
	Bool(v bool)
	String(s string)
}

// Size counts the bytes a Writer would append for the same calls.
type Size struct{ N int }

// Uint counts a Writer.Uint.
func (s *Size) Uint(v uint64) { s.N += uvarintLen(v) }

// Int counts a Writer.Int.
func (s *Size) Int(v int64) {
	// Zig-zag, as binary.AppendVarint writes it.
	u := uint64(v) << 1
	if v < 0 {
		u = ^u
	}
	s.N += uvarintLen(u)
}

// Bool counts a Writer.Bool.
func (s *Size) Bool(bool) { s.N++ }

// String counts a Writer.String.
func (s *Size) String(str string) { s.N += uvarintLen(uint64(len(str))) + len(str) }

// Bytes counts a Writer.Bytes.
func (s *Size) Bytes(b []byte) { s.N += uvarintLen(uint64(len(b))) + len(b) }

// uvarintLen is how many bytes binary.AppendUvarint writes for v.
func uvarintLen(v uint64) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// NewEntry starts a Writer with the line that names its layout, format,
// and room for about size bytes more: an entry kept between builds names
// its layout first, so that a reader of another layout refuses it (Open)
// rather than misreading it.
func NewEntry(format string, size int) Writer {
	w := Writer{B: make([]byte, 0, len(format)+1+size)}
	w.B = append(append(w.B, format...), '\n')
	return w
}

// Open reads an entry NewEntry began with format: a Reader over what
// follows its format line, or an error when the line is missing or names
// another layout.
func Open(data []byte, format string) (*Reader, error) {
	head, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || len(head) > 64 {
		return nil, errors.New("no format line")
	}
	if string(head) != format {
		return nil, fmt.Errorf("the layout is %q, not %q", head, format)
	}
	return NewReader(rest), nil
}

// ErrDamaged is the error of a Reader that met bytes Writer did not write.
var ErrDamaged = errors.New("damaged record")

// Reader reads what a Writer wrote, in the same order. After the first
// failure every read returns a zero value and Err reports it.
type Reader struct {
	b   []byte
	err error
	// s, when set by ShareStrings, holds the bytes from len(s)-len(b)
	// on as a string: String slices it.
	s string
}

// NewReader reads b.
func NewReader(b []byte) *Reader { return &Reader{b: b} }

// Err is the first failure, nil when there was none.
func (r *Reader) Err() error { return r.err }

// End is the outcome of reading a whole entry: the first failure, or an
// error when bytes are left after what was read.
func (r *Reader) End() error {
	if r.err != nil {
		return r.err
	}
	if len(r.b) != 0 {
		return fmt.Errorf("%d bytes after the end", len(r.b))
	}
	return nil
}

// Left is how many bytes are still unread.
func (r *Reader) Left() int { return len(r.b) }

func (r *Reader) fail() {
	r.err, r.b = ErrDamaged, nil
}

// Fail makes r fail as on damage: for a value a caller finds out of its
// range.
func (r *Reader) Fail() { r.fail() }

// Uint reads a Writer.Uint.
func (r *Reader) Uint() uint64 {
	if len(r.b) > 0 && r.b[0] < 0x80 { // one byte: most lengths and counts
		v := uint64(r.b[0])
		r.b = r.b[1:]
		return v
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Int reads a Writer.Int.
func (r *Reader) Int() int64 {
	if len(r.b) > 0 && r.b[0] < 0x80 { // one byte, zig-zag encoded
		u := uint64(r.b[0])
		r.b = r.b[1:]
		v := int64(u >> 1)
		if u&1 != 0 {
			v = ^v
		}
		return v
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Count reads a Uint that counts what follows, each taking at least one
// byte: a count the rest cannot hold is damage, so no caller allocates
// for it.
func (r *Reader) Count() int {
	v := r.Uint()
	if v > uint64(len(r.b)) {
		r.fail()
		return 0
	}
	return int(v)
}

// Bool reads a Writer.Bool.
func (r *Reader) Bool() bool {
	if len(r.b) == 0 || r.b[0] > 1 {
		r.fail()
		return false
	}
	v := r.b[0] == 1
	r.b = r.b[1:]
	return v
}

// Bytes reads a Writer.Bytes, sharing the input's bytes; nil when empty.
func (r *Reader) Bytes() []byte {
	n := r.Uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	if n == 0 {
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// String reads a Writer.String.
func (r *Reader) String() string {
	if r.s == "" {
		return string(r.Bytes())
	}
	n := r.Uint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	at := len(r.s) - len(r.b)
	r.b = r.b[n:]
	return r.s[at : at+int(n)]
}

// ShareStrings makes the strings String returns from here on share one
// copy of the unread bytes, rather than each being an allocation of its
// own: for a record of many small strings that are kept, and dropped,
// together (a decoded walk, a document), it saves the allocations and
// the garbage collector's work on them.
func (r *Reader) ShareStrings() { r.s = string(r.b) }

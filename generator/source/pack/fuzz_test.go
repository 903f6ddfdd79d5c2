package pack

import (
	"bytes"
	"testing"
)

// FuzzApply feeds arbitrary deltas and bases to apply, the part of the
// reader that follows instructions written by whoever made the pack: it
// must return an error or exactly the bytes the header promised, never
// panic or write past what it allocated.
func FuzzApply(f *testing.F) {
	f.Add([]byte("hello, world"), []byte{12, 5, 0x91, 0, 5})               // copy 5 from 0
	f.Add([]byte("hello"), []byte{5, 3, 3, 'a', 'b', 'c'})                 // insert 3
	f.Add([]byte("hello"), []byte{5, 6, 0x90, 0})                          // copy 0x10000: out of bounds
	f.Add([]byte(""), []byte{0, 1, 0})                                     // reserved instruction
	f.Add([]byte("abc"), []byte{3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1}) // huge result
	f.Fuzz(func(t *testing.T, base, delta []byte) {
		const limit = 1 << 20
		var allocated int64
		out, err := apply(base, delta, limit, func(n int64) []byte {
			allocated = n
			return make([]byte, n)
		})
		if err != nil {
			return
		}
		if int64(len(out)) != allocated || allocated > limit {
			t.Fatalf("apply returned %d bytes after allocating %d (limit %d)", len(out), allocated, limit)
		}
	})
}

// FuzzParseHeader checks that any bytes at an object's start give a
// header or an error, and that a delta's base always lies before it.
func FuzzParseHeader(f *testing.F) {
	f.Add([]byte{0x95, 0x0a}, int64(100))
	f.Add([]byte{0x65, 0x80, 0x01}, int64(1000)) // OFS_DELTA
	f.Add(append([]byte{0x75}, bytes.Repeat([]byte{1}, 20)...), int64(50))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, int64(12))
	f.Fuzz(func(t *testing.T, b []byte, off int64) {
		h, err := parseHeader(b, off)
		if err != nil {
			return
		}
		if h.n > len(b) || h.size < 0 {
			t.Fatalf("header of %d bytes read from %d, size %d", h.n, len(b), h.size)
		}
		if h.typ == ofsDelta && (h.base < 12 || h.base >= off) {
			t.Fatalf("delta at %d has its base at %d", off, h.base)
		}
	})
}

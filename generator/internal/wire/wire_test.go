package wire

import (
	"bytes"
	"testing"
)

// What a Writer wrote reads back the same, and every truncation of it,
// or a count larger than the rest, is an error rather than a panic or a
// large allocation.
func TestReadsWhatWasWrittenAndRefusesDamage(t *testing.T) {
	var w Writer
	w.Uint(3)
	w.Int(-42)
	w.Bool(true)
	w.String("policy")
	w.Bytes([]byte{0, 1, 2})
	w.Bytes(nil)
	w.String("")
	w.String("ISMS-1")
	for _, shared := range []bool{false, true} {
		read := func(b []byte) (*Reader, []any) {
			r := NewReader(b)
			if shared {
				r.ShareStrings()
			}
			return r, []any{r.Count(), r.Int(), r.Bool(), r.String(), r.Bytes(), r.Bytes(), r.String(), r.String()}
		}
		r, got := read(w.B)
		if r.Err() != nil || r.Left() != 0 || got[0] != 3 || got[1] != int64(-42) || got[2] != true || got[3] != "policy" ||
			!bytes.Equal(got[4].([]byte), []byte{0, 1, 2}) || got[5].([]byte) != nil || got[6] != "" || got[7] != "ISMS-1" {
			t.Fatalf("shared strings %v: read back %v, err %v, %d left", shared, got, r.Err(), r.Left())
		}
		for n := range len(w.B) {
			if r, _ := read(w.B[:n]); r.Err() == nil {
				t.Errorf("shared strings %v: %d of %d bytes read without an error", shared, n, len(w.B))
			}
		}
	}
	huge := Writer{}
	huge.Uint(1 << 40)
	if r := NewReader(huge.B); r.Count() != 0 || r.Err() == nil {
		t.Error("a count larger than the input was accepted")
	}
	if r := NewReader([]byte{2}); r.Bool() || r.Err() == nil {
		t.Error("a bool that is neither 0 nor 1 was accepted")
	}
}

// Every width of number reads back as written, the one-byte ones (the
// most common) and those at the edges of a byte included.
func TestNumbersOfEveryWidthReadBack(t *testing.T) {
	var ints []int64
	var uints []uint64
	for _, v := range []int64{0, 1, -1, 63, -63, 64, -64, 65, -65, 127, 128, 300, -300, 1 << 40, -1 << 40, 1<<63 - 1, -1 << 63} {
		ints = append(ints, v)
		if v >= 0 {
			uints = append(uints, uint64(v))
		}
	}
	uints = append(uints, 1<<64-1)
	var w Writer
	for _, v := range ints {
		w.Int(v)
	}
	for _, v := range uints {
		w.Uint(v)
	}
	r := NewReader(w.B)
	for _, want := range ints {
		if got := r.Int(); got != want {
			t.Errorf("Int read %d, want %d", got, want)
		}
	}
	for _, want := range uints {
		if got := r.Uint(); got != want {
			t.Errorf("Uint read %d, want %d", got, want)
		}
	}
	if err := r.End(); err != nil {
		t.Fatal(err)
	}
}

// An entry names its layout first: a reader of that layout reads what
// follows; one of another layout, an entry without the line, or an entry
// with bytes after what was read is refused.
func TestEntriesNameTheirLayout(t *testing.T) {
	w := NewEntry("ismspack test 1", 8)
	w.String("policy")
	r, err := Open(w.B, "ismspack test 1")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.String(); got != "policy" || r.End() != nil {
		t.Fatalf("read %q, end %v", got, r.End())
	}
	if _, err := Open(w.B, "ismspack test 2"); err == nil {
		t.Error("an entry of another layout was opened")
	}
	if _, err := Open([]byte("no line at all"), "no line at all"); err == nil {
		t.Error("an entry without a format line was opened")
	}
	r, _ = Open(append(w.B, 0), "ismspack test 1")
	_ = r.String()
	if r.End() == nil {
		t.Error("a byte after the end was not an error")
	}
}

// A Size counts exactly the bytes a Writer appends for the same values,
// of every width, so that a Writer made with room for them never grows.
func TestSizeCountsWhatAWriterWrites(t *testing.T) {
	var s Size
	var w Writer
	for _, e := range []Encoder{&s, &w} {
		for _, v := range []int64{0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, 1 << 40, -1 << 40, 1<<63 - 1, -1 << 63} {
			e.Int(v)
			if v >= 0 {
				e.Uint(uint64(v))
			}
		}
		e.Uint(1<<64 - 1)
		e.Bool(true)
		e.String("")
		e.String("policy")
		e.String(string(make([]byte, 200)))
	}
	s.Bytes(make([]byte, 1<<14))
	w.Bytes(make([]byte, 1<<14))
	if s.N != len(w.B) {
		t.Errorf("Size counted %d bytes, the Writer wrote %d", s.N, len(w.B))
	}
}

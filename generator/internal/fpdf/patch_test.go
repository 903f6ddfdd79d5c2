package fpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestPooledCompressionKeepsStreamsApart: streams compressed at once on
// many goroutines through the shared writers each inflate to their own
// bytes, and equal input compresses to equal output whichever writer
// takes it, so a PDF stays byte-identical between runs.
func TestPooledCompressionKeepsStreamsApart(t *testing.T) {
	inputs := make([][]byte, 64)
	for i := range inputs {
		inputs[i] = bytes.Repeat(fmt.Appendf(nil, "BT /F1 10 Tf (stream %d) Tj ET\n", i), 50+i*7)
	}
	want := make([][]byte, len(inputs))
	for i, in := range inputs {
		mem := xmem.compress(in)
		want[i] = mem.copy()
		mem.release()
	}
	var wg sync.WaitGroup
	errs := make([]error, len(inputs))
	for i, in := range inputs {
		wg.Go(func() {
			for range 5 {
				mem := xmem.compress(in)
				got := mem.copy()
				mem.release()
				if !bytes.Equal(got, want[i]) {
					errs[i] = fmt.Errorf("stream %d compressed differently on a second run", i)
					return
				}
				zr, err := zlib.NewReader(bytes.NewReader(got))
				if err != nil {
					errs[i] = err
					return
				}
				out, err := io.ReadAll(zr)
				if err != nil || !bytes.Equal(out, in) {
					errs[i] = fmt.Errorf("stream %d inflates to %d bytes, want %d (%v)", i, len(out), len(in), err)
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

// TestFontIDTellsFontsApart: the font resource name changes with any
// width, however far into the table, and not otherwise, so two faces in
// one PDF never share a name and one face is named alike in every run.
func TestFontIDTellsFontsApart(t *testing.T) {
	def := func() fontDefType {
		cw := make([]int, 256*256)
		cw['a'], cw['b'], cw[0x2014] = 556, 612, 1000
		return fontDefType{Tp: "UTF8", Name: "dejavusans", Cw: cw, Desc: FontDescType{Ascent: 928, Descent: -236}}
	}
	id := func(d fontDefType) string {
		s, err := generateFontID(d)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := id(def())
	if again := id(def()); again != base {
		t.Fatalf("one font, two ids: %s, %s", base, again)
	}
	changes := map[string]func(*fontDefType){
		"a width late in the table": func(d *fontDefType) { d.Cw[0xFFF0] = 500 },
		"a width changed":           func(d *fontDefType) { d.Cw['b'] = 613 },
		"a width moved":             func(d *fontDefType) { d.Cw['b'], d.Cw['c'] = 0, 612 },
		"the name":                  func(d *fontDefType) { d.Name = "dejavusans-bold" },
		"the descent":               func(d *fontDefType) { d.Desc.Descent = -237 },
	}
	for what, change := range changes {
		d := def()
		change(&d)
		if id(d) == base {
			t.Errorf("changing %s kept the id %s", what, base)
		}
	}
	d := def()
	d.File = "elsewhere.z"
	if id(d) != base {
		t.Errorf("the file name, which differs between instances, changed the id")
	}
}

// TestSparseMapsInflateToThemselves: the CIDToGIDMap writer's streams
// inflate, with the standard library's zlib reader, to exactly the map,
// whatever its runs of zeros and other bytes, and stay small.
func TestSparseMapsInflateToThemselves(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := [][]byte{{}, {0}, {0, 0}, {0, 0, 0}, {0, 0, 0, 0}, {7}, {0, 7, 0, 0, 0, 9}, bytes.Repeat([]byte{0}, 259), bytes.Repeat([]byte{0}, 100000)}
	for range 200 {
		m := make([]byte, 256*256*2)
		for range rng.IntN(400) {
			c := rng.IntN(len(m) / 2)
			g := rng.IntN(3000)
			m[2*c], m[2*c+1] = byte(g>>8), byte(g)
		}
		cases = append(cases, m)
	}
	for n := 250; n < 270; n++ { // every run length around the longest copy
		cases = append(cases, append(append([]byte{5}, make([]byte, n)...), 5))
	}
	for i, m := range cases {
		z := deflateSparse(m)
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		got, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("case %d (%d bytes): %v", i, len(m), err)
		}
		if !bytes.Equal(got, m) {
			t.Fatalf("case %d: inflates to %d bytes unlike the %d written", i, len(got), len(m))
		}
		if len(m) == 256*256*2 && len(z) > 6000 {
			t.Errorf("case %d: a map compressed to %d bytes", i, len(z))
		}
	}
}

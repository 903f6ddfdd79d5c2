package fpdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/fonts"
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

// TestOutputInChunksIsTheWholePDF: a PDF larger than a chunk reaches the
// writer in several writes, none much larger than a chunk, whose bytes
// are those of the PDF written whole, and every offset its xref gives
// points at its object.
func TestOutputInChunksIsTheWholePDF(t *testing.T) {
	draw := func() *Fpdf {
		f := New("P", "mm", "A4", "")
		f.SetCompression(false)
		when := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		f.SetCreationDate(when)
		f.SetModificationDate(when)
		for p := range 80 {
			f.AddPage()
			for i := range 1500 {
				f.Line(float64(i%180), float64(p), float64(i%170), float64(i%250))
			}
		}
		return f
	}
	var whole bytes.Buffer
	held := draw()
	held.Close() // written whole, then copied out
	if err := held.Output(&whole); err != nil {
		t.Fatal(err)
	}
	if whole.Len() < 3*outChunk {
		t.Fatalf("the PDF is %d bytes, too small to need chunks", whole.Len())
	}
	var w chunkWriter
	if err := draw().Output(&w); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(w.Bytes(), whole.Bytes()) {
		t.Fatalf("written in chunks, the PDF is %d bytes unlike the %d written whole", w.Len(), whole.Len())
	}
	if len(w.writes) < 3 {
		t.Errorf("%d bytes reached the writer in %d writes, want one a chunk or so", w.Len(), len(w.writes))
	}
	for i, n := range w.writes {
		if n > 2*outChunk {
			t.Errorf("write %d is %d bytes: the PDF was held rather than written as it was made", i, n)
		}
	}
	checkXref(t, w.Bytes())
}

type chunkWriter struct {
	bytes.Buffer
	writes []int
}

func (w *chunkWriter) Write(b []byte) (int, error) {
	w.writes = append(w.writes, len(b))
	return w.Buffer.Write(b)
}

// checkXref checks that each offset in pdf's xref is where its object
// begins.
func checkXref(t *testing.T, pdf []byte) {
	t.Helper()
	at := bytes.LastIndex(pdf, []byte("\nxref\n"))
	if at < 0 {
		t.Fatal("no xref")
	}
	lines := strings.Split(string(pdf[at+len("\nxref\n"):]), "\n")
	var n int
	if _, err := fmt.Sscanf(lines[0], "0 %d", &n); err != nil {
		t.Fatalf("xref begins %q", lines[0])
	}
	for obj := 1; obj < n; obj++ {
		var off int
		if _, err := fmt.Sscanf(lines[1+obj], "%d 00000 n", &off); err != nil {
			t.Fatalf("xref line %q", lines[1+obj])
		}
		if len(lines[1+obj]) != 19 {
			t.Fatalf("xref line %q is not 20 bytes with its newline", lines[1+obj])
		}
		want := fmt.Sprintf("%d 0 obj\n", obj)
		if off+len(want) > len(pdf) || string(pdf[off:off+len(want)]) != want {
			t.Fatalf("object %d: the xref points at offset %d, where the PDF has no such object", obj, off)
		}
	}
}

// TestPageOperatorsAsFormatted: the operators written by appending
// numbers (font, line width, line caps, colours, lines, rectangles) are
// byte for byte what upstream's Sprintf formats wrote, on the page they
// are set and on the pages after that restore them.
func TestPageOperatorsAsFormatted(t *testing.T) {
	f := New("P", "mm", "A4", "")
	f.SetCompression(false)
	f.SetFont("Helvetica", "", 10.5)
	f.AddPage()
	f.SetLineWidth(0.35)
	f.SetLineCapStyle("round")
	f.SetFillColor(30, 30, 30)
	f.SetDrawColor(0, 82, 163)
	f.SetFontSize(7.25)
	f.Line(22, 16.5, 188, 16.5)
	f.Rect(22.125, 40.005, 166, 5.2, "F")
	f.Bookmark("Cover", 0, 10.125)
	f.Bookmark("Part", 1, 20)
	f.AddPage()
	f.Bookmark("Next", 0, 0)
	k := f.k
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	pages := bytes.Split(buf.Bytes(), []byte("endstream"))
	first, second := string(pages[0]), string(pages[1])
	font := "BT /F" + f.currentFont.i
	for _, want := range []string{
		fmt.Sprintf("0 J\n0 j\n%.2f w\n%s %.2f Tf ET\n", 0.567, font, 10.5),
		fmt.Sprintf("%.2f w\n", 0.35*k),
		fmt.Sprintf("%.3f g\n", 30/255.0),
		fmt.Sprintf("%.3f %.3f %.3f RG\n", 0.0, 82/255.0, 163/255.0),
		fmt.Sprintf("%s %.2f Tf ET\n", font, 7.25),
		fmt.Sprintf("%.2f %.2f m %.2f %.2f l S\n", 22*k, (f.h-16.5)*k, 188*k, (f.h-16.5)*k),
		fmt.Sprintf("%.2f %.2f %.2f %.2f re f\n", 22.125*k, (f.h-40.005)*k, 166*k, -5.2*k),
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the first page lacks %q:\n%s", want, first)
		}
	}
	pdf := buf.String()
	for _, want := range []string{
		fmt.Sprintf("/Dest [3 0 R /XYZ 0 %.2f null]\n", (f.h-10.125)*k),
		fmt.Sprintf("/Dest [3 0 R /XYZ 0 %.2f null]\n", (f.h-20)*k),
		fmt.Sprintf("/Dest [5 0 R /XYZ 0 %.2f null]\n", f.h*k),
		"/Contents 4 0 R>>\n", "/Contents 6 0 R>>\n",
	} {
		if !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	for _, re := range []string{`/Parent \d+ 0 R\n/Next \d+ 0 R\n/First \d+ 0 R\n/Last \d+ 0 R\n`, `/Filter /FlateDecode /Length \d+>>\n|/Length \d+>>\n`} {
		if !regexp.MustCompile(re).MatchString(pdf) {
			t.Errorf("the PDF has nothing like %s", re)
		}
	}
	want := fmt.Sprintf("1 J\n0 j\n%.2f w\n%s %.2f Tf ET\n%.3f %.3f %.3f RG\n%.3f g\n", 0.35*k, font, 7.25, 0.0, 82/255.0, 163/255.0, 30/255.0)
	if !strings.Contains(second, want) {
		t.Errorf("the second page does not restore the state as %q:\n%s", want, second)
	}
	checkXref(t, buf.Bytes())
}

// TestTailsCompressedInBackgroundMatch: second streams compressed on
// every core come back in order, each the bytes it compresses to alone.
func TestTailsCompressedInBackgroundMatch(t *testing.T) {
	pages := []*bytes.Buffer{nil}
	var tails []int
	for n := 1; n <= 3*tailsInBackground; n++ {
		pages = append(pages, bytes.NewBufferString(strings.Repeat(fmt.Sprintf("BT (Page %d of 300) Tj ET\n", n), 1+n%5)))
		if n%3 != 0 {
			tails = append(tails, n)
		}
	}
	if len(tails) < tailsInBackground {
		t.Fatal("too few tails to compress in the background")
	}
	ztail := compressTails(pages, tails)
	for i, n := range tails {
		mem := xmem.compress(pages[n].Bytes())
		if got := ztail(i); !bytes.Equal(got, mem.bytes()) {
			t.Fatalf("page %d's second stream compressed in the background to other bytes", n)
		}
		mem.release()
	}
}

// TestPagesSealedInBackgroundMatch: a PDF whose pages are compressed in
// the background, drawn on again once every page exists (footers), is
// the bytes of one whose pages are compressed as it goes, and gives the
// same sealed pages.
func TestPagesSealedInBackgroundMatch(t *testing.T) {
	draw := func(background bool) ([]byte, [][]byte) {
		f := New("P", "mm", "A4", "")
		when := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		f.SetCreationDate(when)
		f.SetModificationDate(when)
		f.SealPages()
		if background {
			f.SealPagesInBackground()
		}
		f.SetFont("Helvetica", "", 10)
		for p := range 60 {
			f.AddPage()
			for i := range 40 + p*7 {
				f.SetFillColor(i%256, p%256, 7)
				f.Rect(float64(i%150), float64(p%200), 10, 4, "F")
				f.Text(20, float64(20+i%200), fmt.Sprintf("page %d line %d", p, i))
			}
		}
		var sealed [][]byte
		if background {
			// Copy what SealedPages gives of another drawing, so both
			// PDFs are finished the same way.
			g := New("P", "mm", "A4", "")
			g.SealPagesInBackground()
			g.SetFont("Helvetica", "", 10)
			for p := range 9 {
				g.AddPage()
				g.Text(20, 20, fmt.Sprintf("part page %d", p))
			}
			var err error
			if sealed, err = g.SealedPages(); err != nil {
				t.Fatal(err)
			}
		}
		for n := 1; n <= 60; n++ {
			f.SetPage(n)
			f.Text(20, 280, fmt.Sprintf("Page %d of 60", n))
		}
		var buf bytes.Buffer
		if err := f.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), sealed
	}
	want, _ := draw(false)
	got, sealed := draw(true)
	if !bytes.Equal(got, want) {
		t.Fatalf("sealed in the background, the PDF is %d bytes unlike the %d sealed as it goes", len(got), len(want))
	}
	if len(sealed) != 9 {
		t.Fatalf("SealedPages gave %d pages drawn in the background, want 9", len(sealed))
	}
	for i, z := range sealed {
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(zr)
		if want := fmt.Sprintf("(part page %d)", i); !bytes.Contains(b, []byte(want)) {
			t.Errorf("sealed page %d lacks %s: %q", i+1, want, b)
		}
	}
}

// TestPagesOpenedInAnotherPDFMatch: pages drawn in a PDF of their own
// and placed after another PDF's pages (OpenedPages, AddPageWith,
// AddSealedPage, AddDrawnPage, SetDrawState) make the bytes of drawing
// them there: the first opens with the state the pages before it left,
// and the page after them opens with the state they leave. One, two and
// four pages, ending the PDF or followed by a page that draws in the
// state they left.
func TestPagesOpenedInAnotherPDFMatch(t *testing.T) {
	when := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	newPDF := func() *Fpdf {
		f := New("P", "mm", "A4", "")
		f.SetCreationDate(when)
		f.SetModificationDate(when)
		f.SetCatalogSort(true)
		return f
	}
	// page draws page p, setting what it draws with before it draws
	// (Text draws in the fill colour too when it is not the text
	// colour), and the whole state before it ends.
	page := func(f *Fpdf, p int) {
		f.SetFont("Helvetica", "", float64(8+p))
		f.SetFillColor(p*10, 0, 0)
		f.SetTextColor(p*10, 0, 0)
		f.Text(20, 20, fmt.Sprintf("page %d", p))
		f.SetLineWidth(0.1 * float64(p+1))
		f.SetDrawColor(p*20, 0, 40)
		f.SetFillColor(0, p*20, 60)
		f.Rect(10, 30, 50, 5, "FD")
		f.SetFont("Courier", "", float64(7+p))
		f.Text(20, 40, fmt.Sprintf("page %d ends", p))
	}
	finish := func(f *Fpdf, more bool) []byte {
		if more {
			f.AddPage()
			f.Text(20, 60, "drawn in the state the pages before left")
			f.Rect(10, 70, 50, 5, "FD")
		}
		for n := 1; n < len(f.pages); n++ {
			f.SetPage(n)
			f.SetFont("Helvetica", "", 7)
			f.Text(20, 280, fmt.Sprintf("Page %d", n))
		}
		var buf bytes.Buffer
		if err := f.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, n := range []int{1, 2, 4} {
		for _, more := range []bool{false, true} {
			a := newPDF()
			a.SealPagesInBackground()
			for p := range 3 {
				a.AddPage()
				page(a, p)
			}
			for p := 3; p < 3+n; p++ {
				a.AddPage()
				page(a, p)
			}
			want := finish(a, more)

			c := newPDF()
			c.SealPagesButFirst()
			for p := 3; p < 3+n; p++ {
				c.AddPage()
				page(c, p)
			}
			first, between, last, err := c.OpenedPages()
			if err != nil {
				t.Fatal(err)
			}
			if len(between) != max(0, n-2) || (last != nil) != (n > 1) {
				t.Fatalf("%d pages opened as %d between and last %v", n, len(between), last != nil)
			}
			b := newPDF()
			b.SealPagesInBackground()
			for p := range 3 {
				b.AddPage()
				page(b, p)
			}
			b.AddPageWith(first)
			for _, z := range between {
				b.AddSealedPage(z)
			}
			if last != nil {
				b.AddDrawnPage(last)
			}
			b.SetDrawState(c.DrawState())
			if got := finish(b, more); !bytes.Equal(got, want) {
				t.Errorf("%d pages placed (then a page: %v): %d bytes, drawn in place %d", n, more, len(got), len(want))
			}
		}
	}

	c := newPDF()
	c.SealPagesButFirst()
	for p := range 2 {
		c.AddPage()
		page(c, p)
	}
	c.SetPage(1)
	c.Text(20, 280, "late")
	if _, _, _, err := c.OpenedPages(); err == nil {
		t.Error("OpenedPages took a first page drawn on after the second began")
	}
}

// TestFixedAsStrconv: appendFixed writes what strconv.AppendFloat writes
// with 'f', for coordinates, halves and near-halves, negative zero and
// numbers it leaves to strconv.
func TestFixedAsStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vals := []float64{0, math.Copysign(0, -1), -0.001, -0.004, -0.005, 0.005, 0.015, 0.025, 1.005, 2.675, -2.675, 0.125, 0.375,
		841.89, 595.28, 1e9, -1e12, 1 << 40, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64}
	for range 200000 {
		v := rng.Float64() * 1000
		switch rng.IntN(4) {
		case 0:
			v = -v
		case 1:
			// Near a half in some precision.
			v = (math.Floor(v*1000) + 0.5) / 1000
		case 2:
			v = float64(rng.IntN(100000)) / 100 * (72 / 25.4)
		}
		vals = append(vals, v, math.Nextafter(v, 0), math.Nextafter(v, 2000))
	}
	for _, v := range vals {
		for prec := -1; prec <= 7; prec++ {
			want := strconv.AppendFloat(nil, v, 'f', prec, 64)
			if got := appendFixed(nil, v, prec); !bytes.Equal(got, want) {
				t.Fatalf("appendFixed(%v, %d) = %s, strconv writes %s", v, prec, got, want)
			}
		}
	}
}

// BenchmarkParseUTF8Font reads the faces a build reads once each.
func BenchmarkParseUTF8Font(b *testing.B) {
	s, err := fonts.DejaVu()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, f := range s.Faces() {
			if _, err := ParseUTF8Font(f.Name, f.TTF); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestLongURIIsOneActionObject: a long URI that many link areas share (a
// URL broken over many lines) is written once, an action object every
// area refers to, and the xref still finds every object; a short URI is
// written in its area, as fpdf always did.
func TestLongURIIsOneActionObject(t *testing.T) {
	long := "https://example.org/" + strings.Repeat("segment/", 2000)
	f := New("P", "mm", "A4", "")
	f.SetCompression(false)
	for p := range 3 {
		f.AddPage()
		for i := range 100 {
			f.LinkString(10, float64(i), 50, 1, long)
			if i%10 == 0 {
				f.LinkString(70, float64(i), 20, 1, fmt.Sprintf("https://example.org/short/%d/%d", p, i))
			}
		}
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatal(err)
	}
	pdf := out.Bytes()
	if n := bytes.Count(pdf, []byte(long)); n != 1 {
		t.Errorf("the long URI is written %d times, want once", n)
	}
	m := regexp.MustCompile(`(\d+) 0 obj\n<</S /URI /URI \(` + regexp.QuoteMeta(long) + `\)>>`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no action object holds the long URI")
	}
	if n := bytes.Count(pdf, []byte("/A "+string(m[1])+" 0 R>>")); n != 300 {
		t.Errorf("%d link areas refer to the URI's object, want 300", n)
	}
	if n := bytes.Count(pdf, []byte("/A <</S /URI /URI (https://example.org/short/")); n != 30 {
		t.Errorf("%d short URIs written in their areas, want 30", n)
	}
	if len(pdf) > 200_000 {
		t.Errorf("the PDF is %d bytes", len(pdf))
	}
	checkXref(t, pdf)
}

package fonts

import (
	"bytes"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

const subsetText = "The quick brown fox jumps over the lazy dog 0123456789 .,;:!?()[]€éüÅǺǻ—•–…·ÆØ ﬁ ǅ ṩ"

// TestSubsetKeepsGlyphsAndWidths checks a subset against the full face:
// every rune maps to a glyph with the same advance, composites (accented
// letters are built from base and accent glyphs) keep their parts, and
// fpdf measures it exactly as the renderer does.
func TestSubsetKeepsGlyphsAndWidths(t *testing.T) {
	s, err := DejaVu()
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range s.Faces() {
		var runes []rune
		for _, r := range subsetText {
			if fc.Has(r) {
				runes = append(runes, r)
			}
		}
		sub, err := fc.Subset(runes)
		if err != nil {
			t.Fatal(err)
		}
		if len(sub) > len(fc.TTF)/5 {
			t.Errorf("%s: subset is %d bytes of %d", fc.Name, len(sub), len(fc.TTF))
		}
		f, err := sfnt.Parse(sub)
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", fc.Name, err)
		}
		var buf sfnt.Buffer
		upem := fixed.Int26_6(int(f.UnitsPerEm()) << 6)
		for _, r := range runes {
			g, err := f.GlyphIndex(&buf, r)
			if err != nil || g == 0 {
				t.Fatalf("%s: %q lost from the subset", fc.Name, r)
			}
			a, err := f.GlyphAdvance(&buf, g, upem, font.HintingNone)
			if err != nil {
				t.Fatal(err)
			}
			if w := int((a/64*1000 + fixed.Int26_6(f.UnitsPerEm())/2) / fixed.Int26_6(f.UnitsPerEm())); w != fc.RuneWidth(r) && fc.RuneWidth(r) != 0 {
				t.Errorf("%s: %q advance %d, full face %d", fc.Name, r, w, fc.RuneWidth(r))
			}
			segs, err := f.LoadGlyph(&buf, g, upem, nil)
			if err != nil {
				t.Fatalf("%s: %q: %v", fc.Name, r, err)
			}
			if r != ' ' && len(segs) == 0 {
				t.Errorf("%s: %q has no outline in the subset", fc.Name, r)
			}
		}
		p := fpdf.New("P", "pt", "A4", "")
		p.AddUTF8FontFromBytes("f", "", sub)
		p.SetFont("f", "", 1000)
		for _, r := range runes {
			if got := p.GetStringWidth(string(r)); got != float64(fc.RuneWidth(r)) {
				t.Errorf("%s: fpdf measures %q as %v in the subset, we as %d", fc.Name, r, got, fc.RuneWidth(r))
			}
		}
		p.AddPage()
		p.Text(10, 1000, string(runes))
		var out bytes.Buffer
		if err := p.Output(&out); err != nil {
			t.Fatalf("%s: fpdf cannot embed the subset: %v", fc.Name, err)
		}
	}
}

func benchmarkEmbed(b *testing.B, subset bool) {
	s, err := DejaVu()
	if err != nil {
		b.Fatal(err)
	}
	runes := []rune(subsetText)
	for b.Loop() {
		p := fpdf.New("P", "mm", "A4", "")
		for j, fc := range []*Face{s.Sans, s.Bold} {
			ttf := bytes.Clone(fc.TTF)
			if subset {
				if ttf, err = fc.Subset(runes); err != nil {
					b.Fatal(err)
				}
			}
			p.AddUTF8FontFromBytes("f"+string(rune('a'+j)), "", ttf)
		}
		p.AddPage()
		p.SetFont("fa", "", 10)
		p.Text(10, 10, subsetText)
		p.SetFont("fb", "", 10)
		p.Text(10, 20, subsetText)
		var buf bytes.Buffer
		if err := p.Output(&buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmbedFullFaces and BenchmarkEmbedSubsets are the cost of a
// one-page PDF with two faces, which dominates per-document PDFs.
func BenchmarkEmbedFullFaces(b *testing.B) { benchmarkEmbed(b, false) }
func BenchmarkEmbedSubsets(b *testing.B)   { benchmarkEmbed(b, true) }

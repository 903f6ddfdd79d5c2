package fonts

import (
	"testing"

	"github.com/ismspack/ismspack/generator/internal/fpdf"
)

// TestWidthsMatchFpdf pins the measuring tables to what fpdf writes into
// the PDF's width arrays: the renderer breaks lines with these numbers, and
// a difference would make text overrun its box.
func TestWidthsMatchFpdf(t *testing.T) {
	s, err := DejaVu()
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range s.Faces() {
		p := fpdf.New("P", "pt", "A4", "")
		p.AddUTF8FontFromBytes("f", "", fc.TTF)
		p.SetFont("f", "", 1000)
		n := 0
		for r := rune(1); r < 0xFFFF; r++ {
			if !fc.Has(r) {
				continue
			}
			n++
			// 1000 pt in a "pt" document: GetStringWidth returns per-mille of an em.
			got := p.GetStringWidth(string(r))
			if want := float64(fc.RuneWidth(r)); got != want {
				t.Fatalf("%s U+%04X: fpdf %v, ours %v", fc.Name, r, got, want)
			}
		}
		t.Logf("%s: %d glyphs", fc.Name, n)
		if fc == s.Fallbacks[0] && n < 600 || fc != s.Fallbacks[0] && n < 2000 {
			t.Errorf("%s: only %d glyphs", fc.Name, n)
		}
		if err := p.Error(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDejaVuHasTheReplacementCharacter(t *testing.T) {
	s, err := DejaVu()
	if err != nil {
		t.Fatal(err)
	}
	for _, fc := range s.Faces()[:5] {
		for _, r := range []rune{Replacement, '€', 'é', '•', '☐', '☑', '↩', '…', '—', '◦', '▪'} {
			if !fc.Has(r) {
				t.Errorf("%s lacks %q", fc.Name, r)
			}
		}
	}
	if s.Covers(0x1F600) || s.Covers('中') {
		t.Error("DejaVu claims emoji or CJK")
	}
}

// TestSymbolsHandbooksUseAreDrawn pins the bundled fallback: the symbols
// handbooks mark status with are drawn by some bundled face, so they are
// neither boxes in the pack nor glyph-missing findings.
func TestSymbolsHandbooksUseAreDrawn(t *testing.T) {
	s, err := DejaVu()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "✓✔✗✘⚠★☆→✅❌❎•☐☑☒⭐⭕⛔⚡⏰⌛⏳❓❗✨⬛⬜➡" {
		if !s.Covers(r) {
			t.Errorf("no bundled face draws %q U+%04X", r, r)
		}
	}
	for _, r := range "✅❌⭐⏰" {
		if s.Sans.Has(r) || !s.Fallbacks[0].Has(r) {
			t.Errorf("%q should come from the bundled symbols, not DejaVu", r)
		}
	}
	// A font the configuration names is tried before the bundled one.
	w, err := WithFallbacks([]File{{Name: "mono.ttf", TTF: s.Mono.TTF}})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Fallbacks) != 2 || w.Fallbacks[1] != s.Fallbacks[0] {
		t.Errorf("fallbacks %d, want the configured font then the bundled symbols", len(w.Fallbacks))
	}
}

package fonts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/document"
)

// Missing skips ASCII a word at a time; a character no face draws is
// still found, counted, and placed at its line and column, at any offset
// from the start of the text and from other characters that are not
// ASCII.
func TestMissingFindsEveryCharacterWhereverItStands(t *testing.T) {
	s, err := DejaVu()
	if err != nil {
		t.Fatal(err)
	}
	const gap = '中' // no face of the default set draws it
	if s.Covers(gap) {
		t.Fatalf("the default set draws %q; pick another", gap)
	}
	for before := range 20 {
		for between := range 12 {
			src := strings.Repeat("a", before) + string(gap) + strings.Repeat("b", between) + "é\n" + strings.Repeat("c", between) + string(gap) + "d"
			d := &document.Document{Src: []byte(src), Lines: document.NewLines([]byte(src))}
			got := Missing(d, s)
			want := fmt.Sprintf("[U+4E2D 1:%d ×2]", before+1)
			if g := glyphs(got); g != want {
				t.Fatalf("before %d, between %d: %s, want %s", before, between, g, want)
			}
		}
	}
}

func glyphs(gs []Glyph) string {
	var b strings.Builder
	b.WriteString("[")
	for i, g := range gs {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "U+%04X %d:%d ×%d", g.Rune, g.Pos.Line, g.Pos.Col, g.Count)
	}
	b.WriteString("]")
	return b.String()
}

// BenchmarkMissing scans a page of English with a few characters outside
// ASCII, as most documents are.
func BenchmarkMissing(b *testing.B) {
	s, err := DejaVu()
	if err != nil {
		b.Fatal(err)
	}
	src := []byte(strings.Repeat("The owner reviews this policy every year — and after a change.\n", 64))
	d := &document.Document{Src: src, Lines: document.NewLines(src)}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Missing(d, s)
	}
}

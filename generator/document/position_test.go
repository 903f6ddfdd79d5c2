package document

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPosCountsCharactersFromTheLineStart holds the block counts to a
// count from the line start for every offset of text mixing one-, two-,
// three- and four-byte characters across block boundaries. The parser
// gives offsets at the start of a character, so those are the ones asked.
func TestPosCountsCharactersFromTheLineStart(t *testing.T) {
	src := []byte(strings.Repeat("aé€😀 [x](y.md)\n", 40) + strings.Repeat("ü", 700) + "\nend")
	l := NewLines(src)
	line, start := 1, 0
	for off := 0; off <= len(src); off++ {
		want := Pos{Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
		if got := l.Pos(off); (off == len(src) || utf8.RuneStart(src[off])) && got != want {
			t.Fatalf("Pos(%d) = %v, want %v", off, got, want)
		}
		if off < len(src) && src[off] == '\n' {
			line, start = line+1, off+1
		}
	}
}

// TestPosOfAnyBytes holds positions in bytes that are not all UTF-8
// (stray continuation bytes, a cut sequence, lines of every length around
// the block size) to counts made byte by byte.
func TestPosOfAnyBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("a\n\x80\xbf\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 ")
	for _, size := range []int{0, 1, 7, 8, 9, 255, 256, 257, 1000, 5000} {
		src := make([]byte, size)
		for i := range src {
			src[i] = alphabet[rng.IntN(len(alphabet))]
		}
		l := NewLines(src)
		if want := bytes.Count(src, []byte("\n")) + 1; l.Count() != want {
			t.Fatalf("%d bytes: %d lines, want %d", size, l.Count(), want)
		}
		line, col := 1, 1
		for off := 0; off <= len(src); off++ {
			if got := l.Pos(off); got != (Pos{Line: line, Col: col}) {
				t.Fatalf("%d bytes: Pos(%d) = %v, want %d:%d", size, off, got, line, col)
			}
			if off == len(src) {
				break
			}
			switch {
			case src[off] == '\n':
				line, col = line+1, 1
				if got := l.Offset(line); got != off+1 {
					t.Fatalf("%d bytes: Offset(%d) = %d, want %d", size, line, got, off+1)
				}
			case src[off]&0xC0 != 0x80: // starts a character
				col++
			}
		}
	}
}

// BenchmarkLinksOnOneLine parses a document whose body is one line of
// links, the shape that made positions quadratic: time should double
// with the size, not quadruple.
func BenchmarkLinksOnOneLine(b *testing.B) {
	for _, mb := range []int{1, 2} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			var src bytes.Buffer
			src.WriteString("---\nid: X\ntitle: Links\n---\n")
			for i := 0; src.Len() < mb<<20; i++ {
				fmt.Fprintf(&src, "[é%d](doc-%d.md) ", i, i)
			}
			b.SetBytes(int64(src.Len()))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if d := Parse("content/links.md", src.Bytes(), Options{}); len(d.Links) == 0 {
					b.Fatal("no links")
				}
			}
		})
	}
}

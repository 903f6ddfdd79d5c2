package document

import (
	"fmt"
	"sort"
)

// Pos is a place in a file, 1-based; Col counts characters, not bytes.
type Pos struct {
	Line, Col int
}

// String renders p as line:col.
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// IsValid reports whether p names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// runeBlock is how many bytes lie between two of the rune counts Lines
// keeps: a position costs at most two counts of this many bytes, however
// long its line.
const runeBlock = 256

// Lines maps byte offsets in a file to positions. It is read-only once
// built, so any number of goroutines may ask it for positions.
type Lines struct {
	src    []byte
	starts []int
	// runes[k] is the number of characters in src[:k*runeBlock], so the
	// column of an offset does not mean counting from the start of its
	// line: a line of a million links would make that quadratic.
	runes []int
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	starts := []int{0}
	runes := make([]int, 0, len(src)/runeBlock+1)
	n := 0
	for i, b := range src {
		if i%runeBlock == 0 {
			runes = append(runes, n)
		}
		if b == '\n' {
			starts = append(starts, i+1)
		}
		if b&0xC0 != 0x80 {
			n++
		}
	}
	return &Lines{src: src, starts: starts, runes: runes}
}

// runesBefore returns the number of characters in src[:off]: a byte that
// does not continue a UTF-8 sequence starts one, as utf8.RuneCount
// counts them.
func (l *Lines) runesBefore(off int) int {
	k := off / runeBlock
	if k >= len(l.runes) {
		k = len(l.runes) - 1
	}
	if k < 0 {
		return 0
	}
	n := l.runes[k]
	for _, b := range l.src[k*runeBlock : off] {
		if b&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// Pos returns the position of byte offset off.
func (l *Lines) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > len(l.src) {
		off = len(l.src)
	}
	i := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	return Pos{Line: i + 1, Col: l.runesBefore(off) - l.runesBefore(l.starts[i]) + 1}
}

// Offset returns the byte offset of line (1-based), clamped to the file.
func (l *Lines) Offset(line int) int {
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.src)
	}
	return l.starts[line-1]
}

// Count returns the number of lines.
func (l *Lines) Count() int { return len(l.starts) }

package document

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// Pos is a place in a file, 1-based; Col counts characters, not bytes.
type Pos struct {
	Line, Col int
}

// String renders p as line:col.
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// IsValid reports whether p names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Lines maps byte offsets in a file to positions.
type Lines struct {
	src    []byte
	starts []int
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{src: src, starts: starts}
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
	return Pos{Line: i + 1, Col: utf8.RuneCount(l.src[l.starts[i]:off]) + 1}
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

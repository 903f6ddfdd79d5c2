package document

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"sort"
	"sync"
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

// Lines maps byte offsets in a file to positions. It indexes the file on
// first use, not when made: a document the cache gives back whole is
// asked for a position only when a finding or a page needs one. Any
// number of goroutines may ask it for positions.
type Lines struct {
	src  []byte
	once sync.Once
	// starts are the offsets at which lines start.
	starts []int
	// runes[k] is the number of characters in src[:k*runeBlock], so the
	// column of an offset does not mean counting from the start of its
	// line: a line of a million links would make that quadratic.
	runes []int
}

// NewLines returns the index of src.
func NewLines(src []byte) *Lines { return &Lines{src: src} }

// index makes the index, once.
func (l *Lines) index() {
	l.once.Do(func() {
		src := l.src
		l.starts = make([]int, 1, bytes.Count(src, newline)+1)
		for i := 0; ; {
			j := bytes.IndexByte(src[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			l.starts = append(l.starts, i)
		}
		l.runes = make([]int, 0, len(src)/runeBlock+1)
		n := 0
		for k := 0; k < len(src); k += runeBlock {
			l.runes = append(l.runes, n)
			n += runeStarts(src[k:min(k+runeBlock, len(src))])
		}
	})
}

var newline = []byte{'\n'}

// runeStarts counts the bytes of b that do not continue a UTF-8
// sequence, eight at a time: a continuation byte is 10xxxxxx.
func runeStarts(b []byte) int {
	n := len(b)
	for len(b) >= 8 {
		x := binary.LittleEndian.Uint64(b)
		n -= bits.OnesCount64(x &^ (x << 1) & 0x8080808080808080)
		b = b[8:]
	}
	for _, c := range b {
		if c&0xC0 == 0x80 {
			n--
		}
	}
	return n
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
	l.index()
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
	l.index()
	if line < 1 {
		return 0
	}
	if line > len(l.starts) {
		return len(l.src)
	}
	return l.starts[line-1]
}

// Count returns the number of lines.
func (l *Lines) Count() int {
	l.index()
	return len(l.starts)
}

package redline

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenizer says how a text is split into the tokens a comparison runs
// over.
type tokenizer int8

const (
	// lines: each line with its newline.
	lines tokenizer = iota
	// words: words (letters, digits and joiners), runs of white space
	// other than newlines, and single other characters.
	words
)

// appendEnds splits s into at most MaxTokens tokens and appends where each
// ends to ends; ok is false when there are more.
func appendEnds(ends []int32, s string, t tokenizer) (_ []int32, ok bool) {
	if t == lines {
		ends = slices.Grow(ends[:0], min(strings.Count(s, "\n")+1, MaxTokens+1))
		for i := 0; i < len(s); {
			n := strings.IndexByte(s[i:], '\n')
			if n < 0 {
				i = len(s)
			} else {
				i += n + 1
			}
			if len(ends) == MaxTokens {
				return ends, false
			}
			ends = append(ends, int32(i))
		}
		return ends, true
	}
	ends = slices.Grow(ends[:0], min(len(s)/4+1, MaxTokens+1))
	// A token ends where the next starts, and the last at the end.
	var prevWord, prevSpace uint64
	for i := 0; i < len(s); {
		for ; len(s)-i >= 8; i += 8 {
			x := load8(s, i)
			if x&highs != 0 {
				break
			}
			w, sp := wordBytes(x), spaceBytes(x)
			starts := highs&^(w|sp) | w&^(w<<8|prevWord) | sp&^(sp<<8|prevSpace)
			prevWord, prevSpace = w>>56&0x80, sp>>56&0x80
			if i == 0 {
				starts &^= 0x80
			}
			for ; starts != 0; starts &= starts - 1 {
				if len(ends) == MaxTokens {
					return ends, false
				}
				ends = append(ends, int32(i+bits.TrailingZeros64(starts)>>3))
			}
		}
		if i == len(s) {
			break
		}
		c, n := classAt(s, i)
		if i > 0 && (c == other || c == word && prevWord == 0 || c == space && prevSpace == 0) {
			if len(ends) == MaxTokens {
				return ends, false
			}
			ends = append(ends, int32(i))
		}
		prevWord, prevSpace = classBits(c)
		i += n
	}
	if len(s) > 0 {
		if len(ends) == MaxTokens {
			return ends, false
		}
		ends = append(ends, int32(len(s)))
	}
	return ends, true
}

// count counts the tokens of s, stopping once there are more than limit.
func count(s string, t tokenizer, limit int) int {
	n := 0
	if t == lines {
		n = strings.Count(s, "\n")
		if s != "" && s[len(s)-1] != '\n' {
			n++
		}
		return min(n, limit+1)
	}
	var prevWord, prevSpace uint64
	for i := 0; i < len(s) && n <= limit; {
		for ; len(s)-i >= 8 && n <= limit; i += 8 {
			x := load8(s, i)
			if x&highs != 0 {
				break
			}
			w, sp := wordBytes(x), spaceBytes(x)
			n += bits.OnesCount64(highs&^(w|sp) | w&^(w<<8|prevWord) | sp&^(sp<<8|prevSpace))
			prevWord, prevSpace = w>>56&0x80, sp>>56&0x80
		}
		if i == len(s) || n > limit {
			break
		}
		c, size := classAt(s, i)
		if c == other || c == word && prevWord == 0 || c == space && prevSpace == 0 {
			n++
		}
		prevWord, prevSpace = classBits(c)
		i += size
	}
	return min(n, limit+1)
}

// countWords counts the runs of word characters in s, without
// allocating: it runs over every inserted and deleted span of every
// revision, which in a history of rewrites is nearly all of both texts.
func countWords(s string) int {
	n := 0
	var prevWord uint64
	for i := 0; i < len(s); {
		for ; len(s)-i >= 8; i += 8 {
			x := load8(s, i)
			if x&highs != 0 {
				break
			}
			w := wordBytes(x)
			n += bits.OnesCount64(w &^ (w<<8 | prevWord))
			prevWord = w >> 56 & 0x80
		}
		if i == len(s) {
			break
		}
		c, size := classAt(s, i)
		if c == word && prevWord == 0 {
			n++
		}
		prevWord, _ = classBits(c)
		i += size
	}
	return n
}

// The word splitter, the token count and countWords look at eight bytes
// at a time where they are ASCII, and at a character at a time where
// not: at a byte a step, the word splitter's loop and countWords were a
// fifth of a history's redlines. Between steps they keep the class of
// the character before as prevWord and prevSpace, 0x80 when it is a word
// or a space character, the bit that marks a byte.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load8 reads the eight bytes of s from i, the first the lowest.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// wordBytes marks, with the top bit of each byte, the word characters
// among eight ASCII bytes, and spaceBytes the spaces: ascii's classes,
// by arithmetic.
func wordBytes(x uint64) uint64 {
	// between and is, written out to stay small enough to inline.
	l := x | 0x20*ones
	return highs & ((l+(0x80-'a')*ones)&^(l+(0x7f-'z')*ones) |
		(x+(0x80-'0')*ones)&^(x+(0x7f-'9')*ones) |
		^(x ^ '_'*ones + 0x7f*ones) | ^(x ^ '\''*ones + 0x7f*ones))
}

func spaceBytes(x uint64) uint64 {
	return between(x, '\t', '\r')&^is(x, '\n') | is(x, ' ')
}

// between marks the bytes of x, each below 0x80, from lo to hi: adding
// 0x80-lo sets a byte's top bit when it is at least lo, and adding
// 0x7f-hi when it is above hi, neither carrying into the next byte.
func between(x uint64, lo, hi byte) uint64 {
	return (x + (0x80-uint64(lo))*ones) &^ (x + (0x7f-uint64(hi))*ones) & highs
}

// is marks the bytes of x, each below 0x80, that are c: those the
// exclusive or makes zero, to which adding 0x7f leaves the top bit clear.
func is(x uint64, c byte) uint64 {
	return highs &^ (x ^ uint64(c)*ones + 0x7f*ones)
}

// classBits is prevWord and prevSpace after a character of class c.
func classBits(c class) (prevWord, prevSpace uint64) {
	switch c {
	case word:
		return 0x80, 0
	case space:
		return 0, 0x80
	}
	return 0, 0
}

// classAt is the class of the character at s[i] and its length in bytes.
func classAt(s string, i int) (class, int) {
	if b := s[i]; b < utf8.RuneSelf {
		return ascii[b], 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	return classOf(r), n
}

// isWordToken reports whether a token of words is a word.
func isWordToken(t string) bool {
	c, _ := classAt(t, 0)
	return c == word
}

// class is what a character is to the word splitter.
type class int8

const (
	other class = iota
	word
	space // white space other than a newline
)

// ascii classes the ASCII characters, which most text is made of.
var ascii = func() (t [utf8.RuneSelf]class) {
	for b := range t {
		t[b] = classOf(rune(b))
	}
	return t
}()

func classOf(r rune) class {
	switch {
	case isWordRune(r):
		return word
	case unicode.IsSpace(r) && r != '\n':
		return space
	}
	return other
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '\'' || r == '’' || unicode.Is(unicode.Mn, r)
}

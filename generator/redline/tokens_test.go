package redline

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// oneAtATime splits s into the tokens of words a character at a time,
// the plain way the splitter is meant: a token is a run of word
// characters, a run of spaces, or any other single character.
func oneAtATime(s string) (ends []int32, nwords int) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		c, end := classOf(r), i+n
		if c == word {
			nwords++
		}
		for c != other && end < len(s) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if classOf(r) != c {
				break
			}
			end += n
		}
		ends = append(ends, int32(end))
		i = end
	}
	return ends, nwords
}

// checkSplit holds the word splitter, the token count and countWords,
// which look at eight ASCII bytes at a time, to oneAtATime.
func checkSplit(t *testing.T, s string) {
	t.Helper()
	want, nwords := oneAtATime(s)
	got, ok := appendEnds(nil, s, words)
	if !ok || !slices.Equal(got, want) {
		t.Fatalf("%q: tokens end at %v, want %v", s, got, want)
	}
	if n := countWords(s); n != nwords {
		t.Fatalf("%q: %d words, want %d", s, n, nwords)
	}
	for _, limit := range []int{0, 1, 3, 8, len(want) - 1, len(want), len(want) + 1} {
		if n, want := count(s, words, limit), min(len(want), limit+1); limit >= 0 && n != want {
			t.Fatalf("%q: count to %d is %d, want %d", s, limit, n, want)
		}
	}
}

// The word splitter splits as one character at a time would, wherever
// ASCII, other characters, invalid bytes and runs of each fall against
// the eight-byte steps.
func TestWordsSplitAsOneCharacterAtATime(t *testing.T) {
	for b := range 256 {
		for at := range 10 {
			checkSplit(t, strings.Repeat("ab ", at)[:at]+string(rune(b))+"xy _'z9\t\r\v\f\n-")
			checkSplit(t, strings.Repeat("ab ", at)[:at]+string([]byte{byte(b)})+"  end")
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "Z", "word", "x1", "_", "'", " ", "  ", "\t", "\n", "\r", "\v", "\f", ".", "-",
		"@", "[", "`", "{", "/", ":", "é", "’", "日本", "\u0301", "\u00a0", "\u2003", "\xff", "\xe2\x80"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		checkSplit(t, b.String())
	}
}

func FuzzWordsSplitAsOneCharacterAtATime(f *testing.F) {
	f.Add("Staff review the policy every year.\n")
	f.Add("héllo wörld\t\xff it's_ok  \n")
	f.Fuzz(func(t *testing.T, s string) {
		checkSplit(t, s)
	})
}

// commonPrefix8 and commonSuffix8, many bytes at a time, find what a
// byte at a time finds, wherever the first difference falls.
func TestCommonEndsEightBytesAtATime(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		common := strings.Repeat("ab cdé", 40)[:rng.IntN(281)]
		a := common + string(rune('a'+rng.IntN(3))) + strings.Repeat("x", rng.IntN(12)) + common
		b := common + string(rune('a'+rng.IntN(3))) + strings.Repeat("x", rng.IntN(12)) + common
		pre, suf := 0, 0
		for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
			pre++
		}
		for suf < len(a) && suf < len(b) && a[len(a)-1-suf] == b[len(b)-1-suf] {
			suf++
		}
		if got := commonPrefix8(a, b); got != pre {
			t.Fatalf("%q, %q: common start %d, want %d", a, b, got, pre)
		}
		if got := commonSuffix8(a, b); got != suf {
			t.Fatalf("%q, %q: common end %d, want %d", a, b, got, suf)
		}
	}
}

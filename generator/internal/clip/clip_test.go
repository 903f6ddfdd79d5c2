package clip

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRunesKeepsNCharactersTheLastAnEllipsis: text of n characters or
// fewer is kept whole; longer text is cut to n, on a character boundary,
// the last an ellipsis.
func TestRunesKeepsNCharactersTheLastAnEllipsis(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 5, ""},
		{"abcde", 5, "abcde"},
		{"abcdef", 5, "abcd…"},
		{"éééé", 5, "éééé"},
		{"ééééé", 5, "ééééé"},
		{"éééééé", 5, "éééé…"},
		{"a", 1, "a"},
		{"ab", 1, "…"},
	} {
		if got := Runes(tc.s, tc.n); got != tc.want {
			t.Errorf("Runes(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
	long := strings.Repeat("é", 1<<20)
	if got := Runes(long, 200); utf8.RuneCountInString(got) != 200 || !strings.HasSuffix(got, "é…") {
		t.Errorf("a megabyte cut to 200 characters gave %d", utf8.RuneCountInString(got))
	}
}

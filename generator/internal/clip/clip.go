// Package clip shortens text for display: a progress line, a commit's
// subject.
package clip

import "unicode/utf8"

// Runes returns s cut to at most n characters, the last an ellipsis
// (…), or s when it has no more than n. It reads no further than the
// cut, so a subject of megabytes costs what its first n characters do.
func Runes(s string, n int) string {
	k := 0
	for i := range s {
		if k == n-1 {
			// The n-th character starts at i: cut here if another
			// follows it.
			if _, size := utf8.DecodeRuneInString(s[i:]); i+size < len(s) {
				return s[:i] + "…"
			}
			return s
		}
		k++
	}
	return s
}

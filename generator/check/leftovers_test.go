package check

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLiteralSearchFindsEveryCase holds the search that lets a document
// skip a pattern (containsFold) to a plain lower-casing search, on text
// dense with the first letter in both cases, near-misses, and the word at
// the very start and end.
func TestLiteralSearchFindsEveryCase(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []byte("lLoOrReEmM xX/yY-")
	for _, word := range []string{"lorem", "xx/xx/", "yyyy-mm-dd", "-"} {
		for range 2000 {
			b := make([]byte, rng.IntN(40))
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			switch rng.IntN(4) {
			case 0:
				b = append([]byte(strings.ToUpper(word)), b...)
			case 1:
				b = append(b, word...)
			}
			want := bytes.Contains(bytes.ToLower(b), []byte(word))
			if got := containsFold(b, word); got != want {
				t.Fatalf("containsFold(%q, %q) = %v, want %v", b, word, got, want)
			}
		}
	}
}

package suggest_test

import (
	"testing"

	"github.com/ismspack/ismspack/generator/internal/suggest"
)

func TestDistanceCountsEdits(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"out", "out", 0}, {"", "abc", 3}, {"abc", "", 3},
		{"ouut", "out", 1}, {"review-overdu", "review-overdue", 1},
		{"kitten", "sitting", 3}, {"flaw", "lawn", 2},
	} {
		if got := suggest.Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := suggest.Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

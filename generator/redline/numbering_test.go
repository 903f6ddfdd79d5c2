package redline

import (
	"fmt"
	"testing"
)

// A numbering numbers tokens from 1 in order of first appearance in
// every comparison, whatever earlier comparisons held: after many
// tokens that made it grow, after few, and when its generations wrap
// around; and a number never falls among the surrogates.
func TestNumberingCountsFromOneInEveryComparison(t *testing.T) {
	var n numbering
	check := func(round string, toks int) {
		t.Helper()
		n.reset(4)
		for i := range toks {
			want := rune(i + 1)
			if want >= 0xD800 {
				want += 0x800
			}
			tok := fmt.Sprintf("t%d", i%(toks/2+1))
			if i > toks/2 { // seen before
				want = rune(i%(toks/2+1) + 1)
			}
			if got := n.number(tok); got != want {
				t.Fatalf("%s: token %d (%q) is %d, want %d", round, i, tok, got, want)
			}
		}
	}
	check("first", 10)
	check("grown", 2*0xD800)
	check("after growing", 6)
	n.gen = ^uint32(0)
	check("generations wrapped", 40)
}

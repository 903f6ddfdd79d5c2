package redline

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// randomTokens is n tokens from an alphabet of k, numbered from 1 as
// compareWithin numbers them.
func randomTokens(r *rand.Rand, n, k int) []rune {
	out := make([]rune, n)
	for i := range out {
		out[i] = rune(1 + r.IntN(k))
	}
	return out
}

// mutate edits a few runs of s: what a revision does to a text.
func mutate(r *rand.Rand, s []rune, k int) []rune {
	out := append([]rune(nil), s...)
	for range 1 + r.IntN(4) {
		at := r.IntN(len(out) + 1)
		cut := min(r.IntN(6), len(out)-at)
		out = append(append(append([]rune(nil), out[:at]...), randomTokens(r, r.IntN(6), k)...), out[at+cut:]...)
	}
	return out
}

// The token diff makes the redline diff-match-patch made when it ran
// the whole diff: the same edits after the same clean-up. Tokens stay
// below 128, where the library's lossless shift counts bytes and runes
// alike (see myers.go).
func TestTokenDiffsAreTheLibrarys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	for i := range 20000 {
		k := 2 + r.IntN(30)
		if i%3 == 0 {
			k = 2 + r.IntN(120)
		}
		a := randomTokens(r, r.IntN(80), k)
		b := mutate(r, a, k)
		if i%5 == 0 {
			b = randomTokens(r, r.IntN(80), k)
		}
		want := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(a, b, false))
		var got []diffmatchpatch.Diff
		var df differ
		for _, d := range df.tokenDiff(a, b) {
			op := map[Op]diffmatchpatch.Operation{Equal: diffmatchpatch.DiffEqual, Insert: diffmatchpatch.DiffInsert, Delete: diffmatchpatch.DiffDelete}[d.op]
			got = append(got, diffmatchpatch.Diff{Type: op, Text: string(d.t)})
		}
		if (len(got) != 0 || len(want) != 0) && !reflect.DeepEqual(got, want) {
			t.Fatalf("%v -> %v:\ngot  %q\nwant %q", a, b, got, want)
		}
	}
}

// Whatever the texts, a redline's kept and deleted spans are the old
// text and its kept and inserted spans the new one.
func FuzzCompareRebuildsBothTexts(f *testing.F) {
	f.Add("Staff review the policy every year.\n", "Staff review the access policy every two years.\n")
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("", "x")
	f.Add("héllo wörld\n\n", "hello world\n")
	f.Add(paragraphs(3, "a"), paragraphs(3, "b"))
	f.Fuzz(func(t *testing.T, old, new string) {
		r := Compare(old, new)
		if r.Mode == Rewritten {
			if len(r.Spans) != 0 {
				t.Fatalf("rewritten with spans")
			}
			return
		}
		var o, n strings.Builder
		for i, s := range r.Spans {
			if s.Text == "" {
				t.Fatalf("span %d is empty", i)
			}
			if i > 0 && r.Spans[i-1].Op == s.Op {
				t.Fatalf("spans %d and %d share an op", i-1, i)
			}
			if s.Op != Insert {
				o.WriteString(s.Text)
			}
			if s.Op != Delete {
				n.WriteString(s.Text)
			}
		}
		if o.String() != old || n.String() != new {
			t.Fatalf("rebuilt %q -> %q, want %q -> %q", o.String(), n.String(), old, new)
		}
	})
}

package source

import (
	"fmt"
	"io"
	"math/rand"
	"slices"
	"sort"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// rawTree encodes entries as git stores a tree.
func rawTree(t *testing.T, entries map[string]plumbing.Hash) []byte {
	t.Helper()
	tree := &object.Tree{}
	for name, h := range entries {
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
	}
	sort.Slice(tree.Entries, func(i, j int) bool { return tree.Entries[i].Name < tree.Entries[j].Name })
	obj := &plumbing.MemoryObject{}
	if err := tree.Encode(obj); err != nil {
		t.Fatal(err)
	}
	rd, err := obj.Reader()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The diff of two large folders skips the entries they share at both
// ends; what it finds is still every entry added, removed or changed,
// wherever the changes fall, whatever bytes the ids hold.
func TestDiffFindsEveryChangedEntry(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	id := func() plumbing.Hash {
		var h plumbing.Hash
		for i := range h {
			h[i] = " \x000a"[rng.Intn(4)] // spaces and NULs, as in a tree's syntax
		}
		return h
	}
	for round := range 300 {
		old := map[string]plumbing.Hash{}
		for i := range 1 + rng.Intn(60) {
			old[fmt.Sprintf("doc-%03d.md", i*3)] = id()
		}
		cur := map[string]plumbing.Hash{}
		for k, v := range old {
			cur[k] = v
		}
		names := slices.Sorted(func(yield func(string) bool) {
			for k := range old {
				if !yield(k) {
					return
				}
			}
		})
		for range 1 + rng.Intn(4) {
			switch k := names[rng.Intn(len(names))]; rng.Intn(4) {
			case 0:
				delete(cur, k)
			case 1:
				cur[k] = id()
			case 2:
				cur[fmt.Sprintf("doc-%03d.md", rng.Intn(200))] = id()
			default:
				cur["new-"+k] = old[k] // a new name with an old id
			}
		}
		var want []string
		for k, v := range old {
			if w, ok := cur[k]; !ok {
				want = append(want, "D "+k)
			} else if w != v {
				want = append(want, "M "+k)
			}
		}
		for k := range cur {
			if _, ok := old[k]; !ok {
				want = append(want, "A "+k)
			}
		}
		sort.Strings(want)
		a, b := plumbing.Hash{1, byte(round)}, plumbing.Hash{2, byte(round)}
		w := &walker{r: &Repo{}, sel: Markdown(""), trees: map[plumbing.Hash][]byte{a: rawTree(t, old), b: rawTree(t, cur)}}
		// Twice: the second time the entry starts are remembered.
		for range 2 {
			var out []treeChange
			if err := w.diff("", a, b, &out); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ch := range out {
				switch {
				case ch.from.IsZero():
					got = append(got, "A "+ch.path)
				case ch.to.IsZero():
					got = append(got, "D "+ch.path)
				default:
					got = append(got, "M "+ch.path)
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: diff = %v, want %v", round, got, want)
			}
		}
	}
}

// BenchmarkDiff diffs a thousand-document folder against itself with one
// document changed, as each commit of the benchmark corpus does.
func BenchmarkDiff(b *testing.B) {
	t := &testing.T{}
	old := map[string]plumbing.Hash{}
	for i := range 1000 {
		old[fmt.Sprintf("doc-%05d.md", i)] = plumbing.Hash{byte(i), byte(i >> 8), 7}
	}
	cur := map[string]plumbing.Hash{}
	for k, v := range old {
		cur[k] = v
	}
	cur["doc-00400.md"] = plumbing.Hash{9}
	a, c := plumbing.Hash{1}, plumbing.Hash{2}
	w := &walker{r: &Repo{}, sel: Markdown(""), trees: map[plumbing.Hash][]byte{a: rawTree(t, old), c: rawTree(t, cur)}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// A new pair each time, as in a walk, where every tree is diffed twice.
		w.starts[i%len(w.starts)] = treeStarts{}
		var out []treeChange
		if err := w.diff("", a, c, &out); err != nil || len(out) != 1 {
			b.Fatal(err, out)
		}
	}
}

func TestCommonPrefixAndSuffix(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	naive := func(a, b []byte, back bool) int {
		n := 0
		for n < min(len(a), len(b)) {
			i, j := n, n
			if back {
				i, j = len(a)-1-n, len(b)-1-n
			}
			if a[i] != b[j] {
				break
			}
			n++
		}
		return n
	}
	for range 2000 {
		a := make([]byte, rng.Intn(3000))
		for i := range a {
			a[i] = byte(rng.Intn(3))
		}
		b := append([]byte(nil), a...)
		switch rng.Intn(3) {
		case 0:
			if len(b) > 0 {
				b[rng.Intn(len(b))] ^= 1
			}
		case 1:
			b = b[:rng.Intn(len(b)+1)]
		default:
			i := rng.Intn(len(b) + 1)
			b = append(b[:i:i], append([]byte{7, 7}, b[i:]...)...)
		}
		if got, want := commonPrefix(a, b), naive(a, b, false); got != want {
			t.Fatalf("commonPrefix = %d, want %d", got, want)
		}
		if got, want := commonSuffix(a, b), naive(a, b, true); got != want {
			t.Fatalf("commonSuffix = %d, want %d", got, want)
		}
	}
}

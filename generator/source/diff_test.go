package source

import (
	"fmt"
	"io"
	"maps"
	"math/rand"
	"path"
	"slices"
	"sort"
	"strings"
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

func TestCommonPrefix(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	naive := func(a, b []byte) int {
		n := 0
		for n < min(len(a), len(b)) && a[n] == b[n] {
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
		if got, want := commonPrefix(a, b), naive(a, b); got != want {
			t.Fatalf("commonPrefix = %d, want %d", got, want)
		}
	}
}

// fakeTrees builds the trees of files (path -> id, a path of folders
// separated by /) into w's tree cache, as git stores them, and returns
// the root's id. mode gives each file's mode.
func fakeTrees(t *testing.T, w *walker, files map[string]plumbing.Hash, mode func(string) filemode.FileMode) plumbing.Hash {
	t.Helper()
	dirs := map[string]map[string]plumbing.Hash{}
	for p, h := range files {
		dir, name := "", p
		if i := strings.IndexByte(p, '/'); i >= 0 {
			dir, name = p[:i], p[i+1:]
		}
		if dirs[dir] == nil {
			dirs[dir] = map[string]plumbing.Hash{}
		}
		dirs[dir][name] = h
	}
	tree := &object.Tree{}
	for dir, sub := range dirs {
		if dir == "" {
			for name, h := range sub {
				tree.Entries = append(tree.Entries, object.TreeEntry{Name: name, Mode: mode(name), Hash: h})
			}
			continue
		}
		h := fakeTrees(t, w, sub, mode)
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: dir, Mode: filemode.Dir, Hash: h})
	}
	sort.Slice(tree.Entries, func(i, j int) bool {
		a, b := tree.Entries[i].Name, tree.Entries[j].Name
		if tree.Entries[i].Mode == filemode.Dir {
			a += "/"
		}
		if tree.Entries[j].Mode == filemode.Dir {
			b += "/"
		}
		return a < b
	})
	obj := &plumbing.MemoryObject{}
	obj.SetType(plumbing.TreeObject)
	if err := tree.Encode(obj); err != nil {
		t.Fatal(err)
	}
	rd, err := obj.Reader()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	h := plumbing.ComputeHash(plumbing.TreeObject, raw)
	w.trees[h] = raw
	return h
}

// A walk diffs each commit's tree against its parent's, then the
// parent's against its own parent's, with the entry starts it noted of
// the parent's tree in the first diff: along a chain of random changes
// in nested folders, large and small, every diff still finds every file
// added, removed or changed and nothing else.
func TestDiffChainFindsEveryChange(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	id := func() plumbing.Hash {
		var h plumbing.Hash
		for i := range h {
			h[i] = " \x000a"[rng.Intn(4)]
		}
		return h
	}
	folders := []string{"", "a/", "a/b/", "a/b/c/d/e/", "a/b/c/d/e/f/g/", "z/", "a/b/c/d/f/"}
	cur := map[string]plumbing.Hash{}
	for i := range 400 {
		cur[fmt.Sprintf("%sdoc-%03d.md", folders[rng.Intn(len(folders))], i*3)] = id()
	}
	exec := map[string]bool{}
	mode := func(name string) filemode.FileMode {
		if exec[name] {
			return filemode.Executable
		}
		return filemode.Regular
	}
	w := &walker{r: &Repo{}, sel: Markdown(""), trees: map[plumbing.Hash][]byte{}}
	newer := fakeTrees(t, w, cur, mode)
	for round := range 300 {
		old := maps.Clone(cur)
		names := slices.Sorted(maps.Keys(old))
		for range 1 + rng.Intn(5) {
			switch k := names[rng.Intn(len(names))]; rng.Intn(6) {
			case 0:
				delete(old, k)
			case 1, 2:
				old[k] = id()
			case 3:
				old[fmt.Sprintf("%sdoc-%03d.md", folders[rng.Intn(len(folders))], rng.Intn(1200))] = id()
			case 4:
				old[folders[rng.Intn(len(folders))]+"new-"+path.Base(k)] = old[k]
			default:
				// Only the mode changes: no change to a document.
				exec[path.Base(k)] = !exec[path.Base(k)]
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
		older := fakeTrees(t, w, old, mode)
		var out []treeChange
		if err := w.diff("", older, newer, &out); err != nil {
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
		cur, newer = old, older
	}
}

package testrepo

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
)

// Corpus writes a synthetic ISMS shaped like shared/bench/mkcorpus.py's:
// docs documents under content/ with document-control front matter,
// cross-links, lists and tables, edited by commits that each change one to
// three documents and bump their versions. Objects are written straight to
// the object store, so a thousand documents and five thousand commits take
// seconds, not the minutes a worktree would.
func Corpus(tb testing.TB, docs, commits int, seed int64) *Repo {
	tb.Helper()
	r := New(tb)
	rng := rand.New(rand.NewSource(seed))
	st := r.Git.Storer
	type state struct {
		minor int
		body  string
		reqs  string
	}
	states := make([]state, docs)
	reqs := []string{"5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"}
	for i := range states {
		a, b := reqs[rng.Intn(8)], reqs[rng.Intn(8)]
		states[i] = state{body: corpusBody(rng, i, docs, 0), reqs: fmt.Sprintf("[%q, %q]", a, b)}
	}
	blobs := make([]plumbing.Hash, docs)
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	when := func(c int) time.Time {
		return start.Add(time.Duration(c) * (time.Duration(1000*24*time.Hour) / time.Duration(commits+1)))
	}
	render := func(i int) string {
		s := states[i]
		d := when(commits).Format("2006-01-02")
		return fmt.Sprintf("---\nid: ISMS-%05d\ntitle: Document %05d\nowner: Chief Executive Officer\nversion: \"1.%d\"\nstatus: approved\nclassification: internal\ntype: policy\napproved_by: Chief Executive Officer\napproved_on: %s\nlast_reviewed: %s\nrequirements: %s\n---\n%s",
			i, i, s.minor, d, d, s.reqs, s.body)
	}
	var parent plumbing.Hash
	for c := 0; c < commits; c++ {
		var changed []int
		if c == 0 {
			for i := range states {
				changed = append(changed, i)
			}
		} else {
			for k := 0; k < 1+rng.Intn(3); k++ {
				i := rng.Intn(docs)
				states[i].minor++
				states[i].body = corpusBody(rng, i, docs, states[i].minor)
				changed = append(changed, i)
			}
		}
		for _, i := range changed {
			blobs[i] = PutBlob(tb, st, render(i))
		}
		entries := make([]object.TreeEntry, docs)
		for i := range entries {
			entries[i] = object.TreeEntry{Name: fmt.Sprintf("doc-%05d.md", i), Mode: filemode.Regular, Hash: blobs[i]}
		}
		sort.Slice(entries, func(a, b int) bool { return entries[a].Name < entries[b].Name })
		content := PutTree(tb, st, entries)
		root := PutTree(tb, st, []object.TreeEntry{{Name: "content", Mode: filemode.Dir, Hash: content}})
		sig := object.Signature{Name: "Corpus Author", Email: "author@example.org", When: when(c)}
		commit := &object.Commit{Author: sig, Committer: sig, Message: fmt.Sprintf("edit %d documents", len(changed)), TreeHash: root}
		if c > 0 {
			commit.ParentHashes = []plumbing.Hash{parent}
		}
		obj := st.NewEncodedObject()
		if err := commit.Encode(obj); err != nil {
			tb.Fatal(err)
		}
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			tb.Fatal(err)
		}
		parent = h
		r.Head = append(r.Head, h.String())
	}
	ref := plumbing.NewHashReference(plumbing.NewBranchReferenceName("master"), parent)
	if err := st.SetReference(ref); err != nil {
		tb.Fatal(err)
	}
	wt, err := r.Git.Worktree()
	if err != nil {
		tb.Fatal(err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: parent, Mode: git.HardReset}); err != nil {
		tb.Fatal(err)
	}
	return r
}

var corpusWords = strings.Fields("security information management policy risk asset control review leadership commitment objective resource awareness training supplier incident continual improvement audit evidence owner approval process communication competence")

func corpusBody(rng *rand.Rand, i, docs, rev int) string {
	sentence := func() string {
		n := 6 + rng.Intn(8)
		w := make([]string, n)
		for k := range w {
			w[k] = corpusWords[rng.Intn(len(corpusWords))]
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Document %05d\n\nRevision note %d: %s\n\n", i, rev, sentence())
	for s := 0; s < 3+rng.Intn(4); s++ {
		fmt.Fprintf(&b, "## Section %d\n\n", s+1)
		for k := 0; k < 3+rng.Intn(5); k++ {
			b.WriteString(sentence() + " ")
		}
		b.WriteString("\n\n")
		if rng.Intn(2) == 0 {
			j := rng.Intn(docs)
			fmt.Fprintf(&b, "See [Document %05d](doc-%05d.md) for details.\n\n", j, j)
		}
		if rng.Intn(10) < 4 {
			for k := 0; k < 2+rng.Intn(4); k++ {
				b.WriteString("- " + sentence() + "\n")
			}
			b.WriteString("\n")
		}
		if rng.Intn(10) < 3 {
			b.WriteString("| Role | Responsibility | Frequency |\n|---|---|---|\n")
			for k := 0; k < 2+rng.Intn(3); k++ {
				fmt.Fprintf(&b, "| Owner %d | %s | annual |\n", k, sentence())
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// PutBlob writes a blob straight to the object store.
func PutBlob(tb testing.TB, st storage.Storer, s string) plumbing.Hash {
	obj := st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write([]byte(s)); err != nil {
		tb.Fatal(err)
	}
	w.Close()
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// PutTree writes a tree straight to the object store, for trees a
// worktree cannot make (a submodule entry) or when speed matters.
func PutTree(tb testing.TB, st storage.Storer, entries []object.TreeEntry) plumbing.Hash {
	t := &object.Tree{Entries: entries}
	obj := st.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		tb.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

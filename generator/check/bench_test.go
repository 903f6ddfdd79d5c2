package check_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// BenchmarkCheck times `ismspack check` without the command line, by
// stage (source: the git walk; model: parsing; rules) and whole. Point ISMSPACK_BENCH_CORPUS at a repository made by
//
//	python3 ../shared/bench/mkcorpus.py /tmp/corpus-m --docs 1000 --commits 5000
//
// for the figure; without it the benchmark builds a smaller
// synthetic repository (200 documents, 1,000 commits) with go-git.
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("ISMSPACK_BENCH_CORPUS")
	if dir == "" {
		dir = syntheticRepo(b, 200, 1000)
	}
	asOf := mkcorpusAsOf
	m := loadRepo(b, dir, nil, asOf)
	b.Logf("%s: %d documents, %d commits walked", dir, len(m.Docs), m.Snapshot.Commits)
	// source: the git walk and reading every document's revisions.
	b.Run("source", func(b *testing.B) {
		for b.Loop() {
			readSnapshot(b, dir, m.Config.Content)
		}
	})
	// model: parsing the documents (and what isms derives) from a snapshot.
	snap := readSnapshot(b, dir, m.Config.Content)
	sets, err := framework.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("model", func(b *testing.B) {
		for b.Loop() {
			isms.Load(snap, m.Config, sets, asOf)
		}
	})
	b.Run("rules", func(b *testing.B) {
		for b.Loop() {
			check.Run(m, check.Rules())
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			checkRepo(b, dir, nil, asOf)
		}
	})
}

func readSnapshot(tb testing.TB, dir, content string) *source.Snapshot {
	tb.Helper()
	repo, err := source.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := repo.Resolve("")
	if err != nil {
		tb.Fatal(err)
	}
	snap, err := repo.Read("HEAD", c, content)
	if err != nil {
		tb.Fatal(err)
	}
	return snap
}

// syntheticRepo writes a repository shaped like mkcorpus.py's straight
// into go-git's object store (no worktree, so thousands of commits take
// seconds): docs documents under content/, an import commit, then commits
// that each edit one to three documents and bump their minor version.
func syntheticRepo(tb testing.TB, docs, commits int) string {
	tb.Helper()
	dir := tb.TempDir()
	r, err := git.PlainInit(dir, true)
	if err != nil {
		tb.Fatal(err)
	}
	st := r.Storer
	must := func(h plumbing.Hash, err error) plumbing.Hash {
		if err != nil {
			tb.Fatal(err)
		}
		return h
	}
	put := func(e interface {
		Encode(plumbing.EncodedObject) error
	}) plumbing.Hash {
		obj := st.NewEncodedObject()
		if err := e.Encode(obj); err != nil {
			tb.Fatal(err)
		}
		return must(st.SetEncodedObject(obj))
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("security information policy risk asset control review leadership objective resource awareness training supplier incident improvement audit evidence owner approval process")
	sentence := func() string {
		w := make([]string, 6+rnd.IntN(8))
		for i := range w {
			w[i] = words[rnd.IntN(len(words))]
		}
		return strings.Join(w, " ") + "."
	}
	minor := make([]int, docs)
	render := func(i int) []byte {
		var s strings.Builder
		fmt.Fprintf(&s, "---\nid: ISMS-%05d\ntitle: Document %05d\nowner: Head of IT\nversion: \"1.%d\"\nstatus: approved\nclassification: internal\ntype: policy\napproved_by: Chief Executive Officer\napproved_on: 2026-06-01\nlast_reviewed: 2026-06-01\nrequirements: [\"5.1(a)\"]\n---\n# Document %05d\n\nRevision note %d.\n\n", i, i, minor[i], i, minor[i])
		for sec := 0; sec < 3+rnd.IntN(4); sec++ {
			fmt.Fprintf(&s, "## Section %d\n\n%s %s %s\n\nSee [Document %05d](doc-%05d.md).\n\n", sec+1, sentence(), sentence(), sentence(), (i+sec+1)%docs, (i+sec+1)%docs)
		}
		return []byte(s.String())
	}
	blob := func(data []byte) plumbing.Hash {
		obj := st.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, err := obj.Writer()
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			tb.Fatal(err)
		}
		if err := w.Close(); err != nil {
			tb.Fatal(err)
		}
		return must(st.SetEncodedObject(obj))
	}
	entries := make([]object.TreeEntry, docs)
	for i := range entries {
		entries[i] = object.TreeEntry{Name: fmt.Sprintf("doc-%05d.md", i), Mode: filemode.Regular, Hash: blob(render(i))}
	}
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	var parent plumbing.Hash
	for c := 0; c < commits; c++ {
		msg := "Initial ISMS import"
		if c > 0 {
			var touched []string
			for _, i := range rnd.Perm(docs)[:1+rnd.IntN(3)] {
				minor[i]++
				entries[i].Hash = blob(render(i))
				touched = append(touched, fmt.Sprintf("ISMS-%05d", i))
			}
			msg = "Update " + strings.Join(touched, ", ")
		}
		content := put(&object.Tree{Entries: append([]object.TreeEntry(nil), entries...)})
		root := put(&object.Tree{Entries: []object.TreeEntry{{Name: "content", Mode: filemode.Dir, Hash: content}}})
		sig := object.Signature{Name: "Head of IT", Email: "it@example.com", When: start.Add(time.Duration(c) * 4 * time.Hour)}
		cm := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: root}
		if c > 0 {
			cm.ParentHashes = []plumbing.Hash{parent}
		}
		parent = put(cm)
	}
	if err := st.SetReference(plumbing.NewHashReference("refs/heads/main", parent)); err != nil {
		tb.Fatal(err)
	}
	if err := st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, "refs/heads/main")); err != nil {
		tb.Fatal(err)
	}
	return dir
}

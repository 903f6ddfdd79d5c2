package source

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/go-git/go-git/v5"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// readSnapshot reads dir at HEAD with or without the pack reader.
func readSnapshot(t *testing.T, dir string, packs bool) *Snapshot {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, ok, err := openFast(abs, packs)
	if !ok || err != nil {
		t.Fatalf("open %s: %v", dir, err)
	}
	defer r.Close()
	if packs && r.store.Packs() == 0 {
		t.Fatal("no pack read")
	}
	c, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Read("HEAD", c, Markdown("content"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sameSnapshot fails when two snapshots differ in what a reader sees:
// files, notices, and every document's history with its content.
func sameSnapshot(t *testing.T, got, want *Snapshot) {
	t.Helper()
	if len(got.Files) != len(want.Files) {
		t.Fatalf("%d files, want %d", len(got.Files), len(want.Files))
	}
	for i := range got.Files {
		g, w := got.Files[i], want.Files[i]
		if g.Path != w.Path || g.Blob != w.Blob || g.Size != w.Size || !bytes.Equal(g.Data, w.Data) {
			t.Errorf("file %d: %s %s, want %s %s", i, g.Path, g.Blob, w.Path, w.Blob)
		}
	}
	if !reflect.DeepEqual(got.Notices, want.Notices) || got.Commits != want.Commits || got.Truncated != want.Truncated {
		t.Errorf("notices %v, %d commits, truncated %v; want %v, %d, %v", got.Notices, got.Commits, got.Truncated, want.Notices, want.Commits, want.Truncated)
	}
	if len(got.History) != len(want.History) {
		t.Fatalf("history of %d documents, want %d", len(got.History), len(want.History))
	}
	changes := 0
	for p, wh := range want.History {
		gh := got.History[p]
		if len(gh) != len(wh) {
			t.Errorf("%s: %d changes, want %d", p, len(gh), len(wh))
			continue
		}
		for i := range wh {
			changes++
			g, w := gh[i], wh[i]
			if !reflect.DeepEqual(*g.Commit, *w.Commit) || g.Action != w.Action || g.Path != w.Path || g.From != w.From ||
				g.Blob != w.Blob || g.Boundary != w.Boundary || !bytes.Equal(g.Data, w.Data) {
				t.Errorf("%s change %d: %+v, want %+v", p, i, g, w)
			}
		}
	}
	if changes == 0 {
		t.Fatal("no change compared")
	}
}

// The pack reader is a faster way to the same history: on a repository
// packed with deltas, and with newer commits loose on top, the snapshot
// is the one go-git alone reads.
func TestPackReaderReadsTheSameHistory(t *testing.T) {
	for _, refDeltas := range []bool{false, true} {
		t.Run(fmt.Sprintf("ref deltas %v", refDeltas), func(t *testing.T) {
			r := testrepo.Make(t,
				testrepo.Commit{Files: map[string]string{"content/a.md": "a1\n", "content/b.md": "b1\n", "README.md": "x"}, Message: "add a and b"},
				testrepo.Commit{Files: map[string]string{"content/a.md": "a1\na2\n", "content/sub/c.md": "c1\n"}, Message: "edit a, add c"},
				testrepo.Commit{Rename: map[string]string{"content/b.md": "content/policies/b.md"}, Message: "move b"},
				testrepo.Commit{Files: map[string]string{"content/policies/b.md": "b1\nb2\n", "content/x.txt": "asset"}, Message: "edit b"},
			)
			for i := range 30 {
				r.Commit(testrepo.Commit{Files: map[string]string{
					"content/sub/c.md":                 fmt.Sprintf("c1\n%s", bytes.Repeat([]byte(fmt.Sprintf("line %d\n", i)), 20+i)),
					fmt.Sprintf("content/d%d.md", i%4): fmt.Sprintf("d %d\n", i),
				}, Message: fmt.Sprintf("edit %d", i)})
			}
			if err := r.Git.RepackObjects(&git.RepackConfig{UseRefDeltas: refDeltas}); err != nil {
				t.Fatal(err)
			}
			r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": "a1\na2\na3\n"}, Message: "loose edit"})
			r.Commit(testrepo.Commit{Rename: map[string]string{"content/sub/c.md": "content/c.md"}, Message: "loose move"})
			sameSnapshot(t, readSnapshot(t, r.Dir, true), readSnapshot(t, r.Dir, false))
		})
	}
}

// The same on a corpus shaped like the benchmark's, whose revisions and
// trees are long delta chains once packed.
func TestPackReaderReadsTheSameCorpusHistory(t *testing.T) {
	r := testrepo.Corpus(t, 40, 300, 3)
	if err := r.Git.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	sameSnapshot(t, readSnapshot(t, r.Dir, true), readSnapshot(t, r.Dir, false))
}

// Blob reads any revision again by its id, packed or loose, from many
// goroutines at once, as a renderer that lets revisions go would.
func TestBlobReadsEveryRevisionByID(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "a1\n", "content/b.md": "b1\n"}})
	for i := range 20 {
		r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": fmt.Sprintf("a1\n%s", bytes.Repeat([]byte("more\n"), i))}})
	}
	if err := r.Git.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": "b2, loose\n"}})
	repo, err := Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	want := readSnapshot(t, r.Dir, false)
	var changes []Change
	for _, h := range want.History {
		changes = append(changes, h...)
	}
	if len(changes) < 22 {
		t.Fatalf("%d changes, want 22", len(changes))
	}
	errs := make(chan error, len(changes))
	for _, ch := range changes {
		go func() {
			got, err := repo.Blob(ch.Blob)
			if err == nil && !bytes.Equal(got, ch.Data) {
				err = fmt.Errorf("blob %s of %s = %q, want %q", ch.Blob, ch.Path, got, ch.Data)
			}
			errs <- err
		}()
	}
	for range changes {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if _, err := repo.Blob(want.Commit.Hash); err == nil {
		t.Error("a commit id read as a blob")
	}
	if _, err := repo.Blob("not an id"); err == nil {
		t.Error("a malformed id read as a blob")
	}
}

// Blobs reads many revisions at once, packed or loose, and gives each
// under its id, as Blob does one by one.
func TestBlobsReadsRevisionsByID(t *testing.T) {
	r := testrepo.Corpus(t, 12, 150, 1)
	if err := r.Git.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{"content/new.md": "loose\n"}})
	want := readSnapshot(t, r.Dir, false)
	repo, err := Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	var ids []string
	for _, h := range want.History {
		for _, ch := range h {
			ids = append(ids, ch.Blob)
		}
	}
	if len(ids) < 100 {
		t.Fatalf("%d revisions, want at least 100", len(ids))
	}
	got, err := repo.Blobs(ids)
	if err != nil {
		t.Fatal(err)
	}
	for p, h := range want.History {
		for _, ch := range h {
			if !bytes.Equal(got[ch.Blob], ch.Data) {
				t.Errorf("%s: blob %s = %q, want %q", p, ch.Blob, got[ch.Blob], ch.Data)
			}
		}
	}
	if _, err := repo.Blobs([]string{want.Commit.Hash}); err == nil {
		t.Error("a commit id read as a blob")
	}
}

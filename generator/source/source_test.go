package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/source"
)

func read(t *testing.T, dir, ref string) *source.Snapshot {
	t.Helper()
	r, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Read(ref, c, source.Markdown("content"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadsCommittedContentNotWorkingTree(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "committed\n"}})
	if err := os.WriteFile(filepath.Join(r.Dir, "content/a.md"), []byte("edited, not committed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(r.Dir, "content/new.md"), []byte("untracked\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := read(t, r.Dir, "HEAD")
	if len(s.Files) != 1 || string(s.Files[0].Data) != "committed\n" {
		t.Fatalf("files = %+v, want only the committed a.md", s.Files)
	}
}

func TestHistoryOfEveryDocumentFromOneWalk(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "a1", "content/b.md": "b1", "README.md": "x"}, Message: "add a and b"},
		testrepo.Commit{Files: map[string]string{"content/a.md": "a2"}, Message: "edit a"},
		testrepo.Commit{Files: map[string]string{"README.md": "y"}, Message: "outside content"},
		testrepo.Commit{Files: map[string]string{"content/b.md": "b2", "content/sub/c.md": "c1"}, Message: "edit b, add c"},
	)
	s := read(t, r.Dir, "HEAD")
	want := map[string][]string{
		"content/a.md":     {"edit a:modified", "add a and b:added"},
		"content/b.md":     {"edit b, add c:modified", "add a and b:added"},
		"content/sub/c.md": {"edit b, add c:added"},
	}
	for p, w := range want {
		var got []string
		for _, ch := range s.History[p] {
			got = append(got, ch.Commit.Subject+":"+string(ch.Action))
		}
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("%s history = %v, want %v", p, got, w)
		}
	}
	if d := string(s.History["content/a.md"][1].Data); d != "a1" {
		t.Errorf("a.md at first commit = %q, want a1", d)
	}
	if s.Truncated {
		t.Error("full clone reported truncated")
	}
}

func TestRenameIsFollowed(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/old.md": "v1"}, Message: "add"},
		testrepo.Commit{Files: map[string]string{"content/old.md": "v2"}, Message: "edit"},
		testrepo.Commit{Rename: map[string]string{"content/old.md": "content/policies/new.md"}, Message: "move"},
	)
	s := read(t, r.Dir, "HEAD")
	h := s.History["content/policies/new.md"]
	if len(h) != 3 {
		t.Fatalf("history = %d entries, want 3 (move, edit, add)", len(h))
	}
	if h[0].Action != source.Renamed || h[0].From != "content/old.md" || h[1].Path != "content/old.md" || h[2].Action != source.Added {
		t.Errorf("history = %+v", h)
	}
}

func TestRefsResolveBranchTagAndHash(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "one"}},
		testrepo.Commit{Files: map[string]string{"content/a.md": "two"}},
	)
	if _, err := r.Git.CreateTag("audit-2026", plumbing.NewHash(r.Head[0]), nil); err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"audit-2026", r.Head[0], r.Head[0][:10], "HEAD~1"} {
		s := read(t, r.Dir, ref)
		if string(s.Files[0].Data) != "one" {
			t.Errorf("%s: read %q, want the first commit's content", ref, s.Files[0].Data)
		}
	}
}

func TestHEADIsNamedByItsBranchOrTag(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "one"}},
		testrepo.Commit{Files: map[string]string{"content/a.md": "two"}},
	)
	if _, err := r.Git.CreateTag("audit-2026", plumbing.NewHash(r.Head[0]), nil); err != nil {
		t.Fatal(err)
	}
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	name := func(ref string) string {
		c, err := repo.Resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		return repo.RefName(ref, c)
	}
	if got := name("HEAD"); got != "master" {
		t.Errorf("HEAD on master is named %q, want master", got)
	}
	if got := name("audit-2026"); got != "audit-2026" {
		t.Errorf("a ref given by name is named %q", got)
	}
	// Detached at the tagged commit, HEAD takes the tag's name; detached
	// elsewhere it stays HEAD.
	wt, err := r.Git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Hash: plumbing.NewHash(r.Head[0])}); err != nil {
		t.Fatal(err)
	}
	if got := name("HEAD"); got != "audit-2026" {
		t.Errorf("HEAD detached at a tag is named %q, want audit-2026", got)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Hash: plumbing.NewHash(r.Head[1])}); err != nil {
		t.Fatal(err)
	}
	if got := name("HEAD"); got != "HEAD" {
		t.Errorf("HEAD detached at an untagged commit is named %q, want HEAD", got)
	}
}

func TestClearMessages(t *testing.T) {
	empty := testrepo.New(t)
	r, err := source.Open(empty.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve("HEAD"); err == nil || !strings.Contains(err.Error(), "no commits yet") {
		t.Errorf("empty repo: %v", err)
	}
	if _, err := source.Open(t.TempDir()); err == nil || !strings.Contains(err.Error(), "--repo") {
		t.Errorf("no repo: %v", err)
	}
	full := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"docs/a.md": "x"}})
	r, _ = source.Open(full.Dir)
	if _, err := r.Resolve("no-such-branch"); err == nil || !strings.Contains(err.Error(), `"no-such-branch" not found`) {
		t.Errorf("bad ref: %v", err)
	}
	c, _ := r.Resolve("HEAD")
	if _, err := r.Read("HEAD", c, source.Markdown("content")); err == nil || !strings.Contains(err.Error(), `no directory "content"`) {
		t.Errorf("missing content dir: %v", err)
	}
}

func TestFoundFromSubdirectory(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a/b.md": "x"}})
	s := read(t, filepath.Join(r.Dir, "content", "a"), "HEAD")
	if len(s.Files) != 1 {
		t.Fatalf("files = %d", len(s.Files))
	}
}

func TestBareRepositoryIsRead(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "x"}})
	bare := t.TempDir()
	if _, err := git.PlainClone(bare, true, &git.CloneOptions{URL: r.Dir}); err != nil {
		t.Fatal(err)
	}
	s := read(t, bare, "HEAD")
	if len(s.Files) != 1 || len(s.History["content/a.md"]) != 1 {
		t.Fatalf("bare read: %+v", s)
	}
}

func TestLFSPointerAndSubmoduleAreNoticed(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md":   "ok",
		"content/big.md": "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12345\n",
	}})
	// Add a submodule entry (a gitlink) to the tree by hand: go-git's
	// worktree has no submodule add.
	head, _ := r.Git.Head()
	c, _ := r.Git.CommitObject(head.Hash())
	tree, _ := c.Tree()
	content, _ := tree.Tree("content")
	entries := append([]object.TreeEntry{}, content.Entries...)
	entries = append(entries, object.TreeEntry{Name: "vendor-policies", Mode: filemode.Submodule, Hash: plumbing.NewHash(strings.Repeat("ab", 20))})
	h := commitContent(t, r, c, entries, "submodule")
	s := read(t, r.Dir, h.String())
	var msgs []string
	for _, n := range s.Notices {
		msgs = append(msgs, n.Path+" "+n.Message)
	}
	all := strings.Join(msgs, "\n")
	if !strings.Contains(all, "content/big.md is a Git LFS pointer") || !strings.Contains(all, "content/vendor-policies is a git submodule") {
		t.Errorf("notices:\n%s", all)
	}
}

func TestShallowCloneIsReportedTruncated(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "1"}},
		testrepo.Commit{Files: map[string]string{"content/a.md": "2"}},
		testrepo.Commit{Files: map[string]string{"content/a.md": "3"}},
	)
	shallow := t.TempDir()
	if _, err := git.PlainClone(shallow, false, &git.CloneOptions{URL: "file://" + r.Dir, Depth: 1}); err != nil {
		t.Fatal(err)
	}
	s := read(t, shallow, "HEAD")
	if !s.Truncated {
		t.Fatalf("shallow clone not reported: history %+v", s.History)
	}
	h := s.History["content/a.md"]
	if len(h) != 1 || !h[0].Boundary {
		t.Errorf("history = %+v, want one change at the shallow boundary", h)
	}
}

func TestMergeAttributesChangesToBranchCommits(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "a1", "content/b.md": "b1"}, Message: "start"})
	wt, _ := r.Git.Worktree()
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("side"), Create: true}); err != nil {
		t.Fatal(err)
	}
	side := r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": "b2"}, Message: "edit b on side"})
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("master")}); err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": "a2"}, Message: "edit a on master"})
	if err := os.WriteFile(filepath.Join(r.Dir, "content/b.md"), []byte("b2"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add("content/b.md"); err != nil {
		t.Fatal(err)
	}
	head, _ := r.Git.Head()
	sig := &object.Signature{Name: "T", Email: "t@example.org", When: testrepo.Epoch.AddDate(0, 1, 0)}
	if _, err := wt.Commit("merge side", &git.CommitOptions{Author: sig, Committer: sig, Parents: []plumbing.Hash{head.Hash(), plumbing.NewHash(side)}}); err != nil {
		t.Fatal(err)
	}
	s := read(t, r.Dir, "HEAD")
	var got []string
	for _, ch := range s.History["content/b.md"] {
		got = append(got, ch.Commit.Subject)
	}
	if strings.Join(got, "|") != "edit b on side|start" {
		t.Errorf("b.md history = %v, want the side commit, not the merge", got)
	}
}

func TestBeforePicksTheStateOnADay(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "jan"}, When: testrepo.Epoch},
		testrepo.Commit{Files: map[string]string{"content/a.md": "feb"}, When: testrepo.Epoch.AddDate(0, 1, 0)},
		testrepo.Commit{Files: map[string]string{"content/a.md": "mar"}, When: testrepo.Epoch.AddDate(0, 2, 0)},
	)
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := repo.Resolve("HEAD")
	for day, want := range map[string]string{"2026-02-05": "feb", "2026-02-28": "feb", "2026-01-05": "jan", "2026-12-31": "mar"} {
		d, _ := time.Parse("2006-01-02", day)
		c, err := repo.Before(head, d)
		if err != nil {
			t.Fatalf("%s: %v", day, err)
		}
		s, err := repo.Read("HEAD", c, source.Markdown("content"))
		if err != nil {
			t.Fatal(err)
		}
		if got := string(s.Files[0].Data); got != want {
			t.Errorf("on %s read %q, want %q", day, got, want)
		}
	}
	if _, err := repo.Before(head, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "history starts 2026-01-05") {
		t.Errorf("before the first commit: %v", err)
	}
}

// A file the caller keeps is not read, but is still a document whose
// history the walk finds, and the same walk reads the others.
func TestKnownFilesAreLeftUnread(t *testing.T) {
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "a1", "content/b.md": "b1"}, Message: "add"},
		testrepo.Commit{Files: map[string]string{"content/a.md": "a2"}, Message: "edit a"},
	)
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, err := repo.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	asked := map[string]bool{}
	repo.Known = func(p, blob string) (int64, bool) {
		asked[p] = true
		return 2, p == "content/a.md" && blob == plumbing.ComputeHash(plumbing.BlobObject, []byte("a2")).String()
	}
	s, err := repo.Read("HEAD", c, source.Markdown("content"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files) != 2 || !asked["content/b.md"] {
		t.Fatalf("files %+v, asked %v", s.Files, asked)
	}
	if a := s.Files[0]; !a.Kept || a.Data != nil || a.Size != 2 {
		t.Errorf("content/a.md: kept %v, data %q, size %d; want kept, unread, its size", a.Kept, a.Data, a.Size)
	}
	if b := s.Files[1]; b.Kept || string(b.Data) != "b1" {
		t.Errorf("content/b.md: kept %v, data %q; want read", b.Kept, b.Data)
	}
	if h := s.History["content/a.md"]; len(h) != 2 || h[0].Commit.Subject != "edit a" {
		t.Errorf("content/a.md: history %+v, want both commits", h)
	}
}

// TestUnsafeNamesAreNoticedAndLeftOut reads a commit whose content holds
// a file named with a new line (git makes one, but will not check it
// out) and, in a hand-made tree, a ".." directory: each is a notice with
// its name quoted, left out of the files, and the other files are read.
func TestUnsafeNamesAreNoticedAndLeftOut(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "ok"}})
	head, _ := r.Git.Head()
	c, _ := r.Git.CommitObject(head.Hash())
	tree, _ := c.Tree()
	content, _ := tree.Tree("content")
	st := r.Git.Storer
	evil := testrepo.PutBlob(t, st, "evil")
	up := testrepo.PutTree(t, st, []object.TreeEntry{{Name: "evil.md", Mode: filemode.Regular, Hash: evil}})
	// In git's order: "../" sorts before "a.md".
	entries := append([]object.TreeEntry{{Name: "..", Mode: filemode.Dir, Hash: up}}, content.Entries...)
	entries = append(entries, object.TreeEntry{Name: "new\nline.md", Mode: filemode.Regular, Hash: evil})
	h := commitContent(t, r, c, entries, "names")
	s := read(t, r.Dir, h.String())
	if len(s.Files) != 1 || s.Files[0].Path != "content/a.md" {
		t.Errorf("files = %+v, want content/a.md alone", s.Files)
	}
	var msgs []string
	for _, n := range s.Notices {
		msgs = append(msgs, n.Path+" "+n.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{`content/new\nline.md is named so that it holds a control character`, `content/../evil.md is named so that it has a ".." component`} {
		if !strings.Contains(all, want) {
			t.Errorf("notices lack %q:\n%s", want, all)
		}
	}
}

// commitContent writes, straight to the object store, a commit after
// parent whose tree is a content directory of entries, for trees a
// worktree cannot make (a submodule, a name git will not check out).
func commitContent(t *testing.T, r *testrepo.Repo, parent *object.Commit, entries []object.TreeEntry, msg string) plumbing.Hash {
	t.Helper()
	st := r.Git.Storer
	content := testrepo.PutTree(t, st, entries)
	root := testrepo.PutTree(t, st, []object.TreeEntry{{Name: "content", Mode: filemode.Dir, Hash: content}})
	c := &object.Commit{Author: parent.Author, Committer: parent.Committer, Message: msg, TreeHash: root, ParentHashes: []plumbing.Hash{parent.Hash}}
	obj := st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		t.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestLongSubjectsAndNamesAreCut: a commit's subject and its author's
// and committer's names are kept to 200 characters, the last "…", so
// one commit with a subject of megabytes touching many documents does
// not put it on every page; its body and the emails stay whole.
func TestLongSubjectsAndNamesAreCut(t *testing.T) {
	long := strings.Repeat("é", 250)
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "a1"}, Message: strings.Repeat("x", 200) + "\n\nbody"},
		testrepo.Commit{Files: map[string]string{"content/a.md": "a2"}, Message: long + "\n\nbody",
			Author: long, Email: long + "@example.org", Committer: "C" + long, CommitterEmail: "c@example.org"},
	)
	h := read(t, r.Dir, "HEAD").History["content/a.md"]
	if len(h) != 2 {
		t.Fatalf("%d revisions, want 2", len(h))
	}
	cut := strings.Repeat("é", 199) + "…"
	if c := h[0].Commit; c.Subject != cut || c.Author != cut || c.Committer != "C"+strings.Repeat("é", 198)+"…" || c.Email != long+"@example.org" {
		t.Errorf("a long commit kept subject %d, author %d, committer %d and email %d characters; want 200, 200, 200 and the whole email",
			len([]rune(c.Subject)), len([]rune(c.Author)), len([]rune(c.Committer)), len([]rune(c.Email)))
	}
	if s := h[1].Commit.Subject; s != strings.Repeat("x", 200) {
		t.Errorf("a subject of 200 characters became %d", len([]rune(s)))
	}
}

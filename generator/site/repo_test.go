package site

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// testRepo builds a git repository commit by commit by writing objects
// straight into the store: no worktree, no git binary, and fast enough for
// a thousand commits in a benchmark.
type testRepo struct {
	t     testing.TB
	dir   string
	store storer.EncodedObjectStorer
	repo  *git.Repository
	files map[string][]byte
	// blobs caches the hash of each file's content as last written.
	blobs map[string]blobRef
	head  plumbing.Hash
	when  time.Time
}

type blobRef struct {
	data []byte
	hash plumbing.Hash
}

var (
	testAuthor = object.Signature{Name: "Test", Email: "test@example.org"}
	// testStart is when the first commit is made; each commit is a day later.
	testStart = time.Date(2026, 9, 21, 9, 0, 0, 0, time.UTC)
	// testAsOf is the date reviews are judged against.
	testAsOf = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
)

func newTestRepo(t testing.TB) *testRepo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.NewBranchReferenceName("main"))); err != nil {
		t.Fatal(err)
	}
	return &testRepo{t: t, dir: dir, store: r.Storer, repo: r, files: map[string][]byte{}, blobs: map[string]blobRef{}, when: testStart}
}

func (r *testRepo) put(o plumbing.EncodedObject) plumbing.Hash {
	h, err := r.store.SetEncodedObject(o)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *testRepo) blob(data []byte) plumbing.Hash {
	o := r.store.NewEncodedObject()
	o.SetType(plumbing.BlobObject)
	w, _ := o.Writer()
	_, _ = w.Write(data)
	_ = w.Close()
	return r.put(o)
}

// tree writes the tree of every file under dir ("" for the root).
func (r *testRepo) tree(dir string, blobs map[string]plumbing.Hash) plumbing.Hash {
	entries := map[string]object.TreeEntry{}
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	for p, h := range blobs {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		rest := p[len(prefix):]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			name := rest[:i]
			if _, ok := entries[name]; !ok {
				entries[name] = object.TreeEntry{Name: name, Mode: filemode.Dir}
			}
			continue
		}
		entries[rest] = object.TreeEntry{Name: rest, Mode: filemode.Regular, Hash: h}
	}
	t := &object.Tree{}
	for name, e := range entries {
		if e.Mode == filemode.Dir {
			e.Hash = r.tree(path.Join(dir, name), blobs)
		}
		t.Entries = append(t.Entries, e)
	}
	// git orders a directory as if its name ended in a slash.
	sortKey := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(t.Entries, func(i, j int) bool { return sortKey(t.Entries[i]) < sortKey(t.Entries[j]) })
	o := r.store.NewEncodedObject()
	if err := t.Encode(o); err != nil {
		r.t.Fatal(err)
	}
	return r.put(o)
}

// commit writes files (a nil value deletes the path) over the previous
// commit's and commits them a day after the previous commit.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for p, c := range files {
		r.files[p] = []byte(c)
	}
	return r.commitFiles(msg)
}

func (r *testRepo) remove(paths ...string) {
	for _, p := range paths {
		delete(r.files, p)
	}
}

func (r *testRepo) commitFiles(msg string) string {
	blobs := make(map[string]plumbing.Hash, len(r.files))
	for p, data := range r.files {
		if b, ok := r.blobs[p]; ok && bytes.Equal(b.data, data) {
			blobs[p] = b.hash
			continue
		}
		h := r.blob(data)
		r.blobs[p] = blobRef{data, h}
		blobs[p] = h
	}
	sig := testAuthor
	sig.When = r.when
	c := &object.Commit{Author: sig, Committer: sig, Message: msg + "\n", TreeHash: r.tree("", blobs)}
	if !r.head.IsZero() {
		c.ParentHashes = []plumbing.Hash{r.head}
	}
	o := r.store.NewEncodedObject()
	if err := c.Encode(o); err != nil {
		r.t.Fatal(err)
	}
	r.head = r.put(o)
	if err := r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("main"), r.head)); err != nil {
		r.t.Fatal(err)
	}
	r.when = r.when.Add(24 * time.Hour)
	return r.head.String()
}

// load reads the repository the way `ismspack build` does and runs every
// check over it.
func load(t testing.TB, dir string, cfg config.Config) (*isms.Model, []check.Finding) {
	t.Helper()
	m, err := isms.Open(isms.Options{Dir: dir, Config: &cfg, AsOf: testAsOf})
	if err != nil {
		t.Fatal(err)
	}
	return m, check.Run(m, check.Rules())
}

func testConfig() config.Config {
	cfg := config.Default()
	cfg.Title, cfg.Organisation = "Test ISMS", "Test Ltd"
	return cfg
}

// render renders m with the default theme into a fresh directory.
func render(t testing.TB, m *isms.Model, fs []check.Finding) string {
	t.Helper()
	return renderTheme(t, m, fs, themes.FS())
}

func renderTheme(t testing.TB, m *isms.Model, findings []check.Finding, theme fs.FS) string {
	t.Helper()
	out := t.TempDir()
	if err := Render(out, m, findings, theme); err != nil {
		t.Fatal(err)
	}
	return out
}

// readOut returns an output file as a string.
func readOut(t testing.TB, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// doc writes a document with front matter from the given fields, in order,
// and a body.
func doc(fields [][2]string, body string) string {
	var b bytes.Buffer
	b.WriteString("---\n")
	for _, f := range fields {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("---\n")
	b.WriteString(body)
	return b.String()
}

// approved is a document in good standing evidencing reqs.
func approved(id, title, version, reqs, body string) string {
	return doc([][2]string{{"id", id}, {"title", title}, {"owner", "Chief Executive Officer"}, {"version", `"` + version + `"`},
		{"status", "approved"}, {"classification", "internal"}, {"type", "policy"}, {"approved_by", "Chief Executive Officer"},
		{"approved_on", "2026-06-01"}, {"last_reviewed", "2026-06-01"}, {"requirements", reqs}}, body)
}

package isms

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/source"
)

// openAt loads the model at HEAD of dir, with c as the cache (nil for
// none).
func openAt(t *testing.T, dir string, c *cache.Cache) *Model {
	t.Helper()
	m, err := Open(Options{Dir: dir, Cache: c, AsOf: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A check after a new commit takes what it needs of the old revisions
// from the cache and reads none of their bytes, yet every revision shows
// what a load without the cache shows: fields, whether the text changed,
// the declared history reconciled, and the text itself when asked for.
func TestChecksAfterANewCommitReadNoOldRevision(t *testing.T) {
	t.Parallel()
	table := func(rows ...string) string {
		b := "\n\n| Version | Date | Approved by |\n|---|---|---|\n"
		for _, r := range rows {
			b += r + "\n"
		}
		return b
	}
	doc := func(version, status, reviewed, text string) string {
		return testrepo.Doc(map[string]string{"version": version, "status": status, "last_reviewed": reviewed}, "# Policy\n\n"+text+"\n")
	}
	comply := func(body string, revs ...string) string {
		fm := "name: Access Policy\nacronym: AP\nmajorRevisions:\n"
		for _, r := range revs {
			fm += "  - date: " + r + "\n    comment: Change " + r + "\n"
		}
		return fm + "---\n# Access\n\n" + body + "\n"
	}
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/c.md": comply("One.", "Jun 1 2018"),
		"content/a.md": doc("1.0", "draft", "2026-01-01", "First text."),
		"content/b.md": doc("0.1", "draft", "2026-01-01", "B."),
		"content/t.md": "---\nid: T-1\ntitle: T\n---\n# T\n\nOne." + table("| 1.0 | 2026-01-05 | CEO |"),
	}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": doc("1.0", "approved", "2026-02-01", "First text.")}}) // front matter only
	r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": doc("1.0", "approved", "2026-02-01", "Second text.")}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/t.md": "---\nid: T-1\ntitle: T\n---\n# T\n\nTwo." + table("| 1.0 | 2026-01-05 | CEO |", "| 1.1 | 2026-02-05 | Board |")}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": doc("0.2", "draft", "2026-03-01", "B, again.")}})
	// Comply's revisions are in front matter: a new one alone, the body
	// unchanged, then a change to the body.
	r.Commit(testrepo.Commit{Files: map[string]string{"content/c.md": comply("One.", "Jun 1 2018", "Dec 17 2018")}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/c.md": comply("Two.", "Jun 1 2018", "Dec 17 2018", "Mar 3 2019")}})
	// A revision too large to read has no text, cached or not.
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": doc("0.3", "draft", "2026-03-02", strings.Repeat("Long. ", source.MaxFileSize/6+1))}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": doc("0.4", "draft", "2026-03-03", "B, short again.")}})
	c := testCache(t)
	openAt(t, r.Dir, c) // fills the cache
	r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": doc("1.1", "approved", "2026-04-01", "Third text.")}})

	warm := openAt(t, r.Dir, c)
	cold := openAt(t, r.Dir, nil)
	for _, d := range warm.Docs {
		cd := cold.Doc(d.Path)
		if len(d.History) != len(cd.History) {
			t.Fatalf("%s: %d revisions, want %d", d.Path, len(d.History), len(cd.History))
		}
		for i, rev := range d.History {
			// The newest revision of a document the commit did not change
			// is the file at the ref: its bytes are those, not read again.
			current := i == 0 && d.Path != "content/a.md" && len(rev.src) > 0 && unsafe.SliceData(rev.src) == unsafe.SliceData(d.Src)
			switch {
			case i == 0 && d.Path != "content/a.md" && !current:
				t.Errorf("%s: the newest revision does not hold the file at the ref", d.Path)
			case rev.src != nil && !current && !(i == 0 && d.Path == "content/a.md"):
				t.Errorf("%s revision %d (%s) was read from the repository", d.Path, i, rev.Commit.Short())
			}
			want := cd.History[i]
			if rev.HasText() != want.HasText() || rev.Comparable() != want.Comparable() {
				t.Errorf("%s revision %d: HasText %v, Comparable %v; want %v, %v", d.Path, i, rev.HasText(), rev.Comparable(), want.HasText(), want.Comparable())
			}
			got := fmt.Sprintf("%s %s %s %s %s %s changed=%v latest=%+v declared=%v new=%+v",
				rev.Version, rev.ID, rev.Title, rev.Status, rev.ApprovedBy, rev.ApprovedOn, rev.BodyChanged, rev.Latest, rev.HasDeclared, rev.NewRows)
			w := fmt.Sprintf("%s %s %s %s %s %s changed=%v latest=%+v declared=%v new=%+v",
				want.Version, want.ID, want.Title, want.Status, want.ApprovedBy, want.ApprovedOn, want.BodyChanged, want.Latest, want.HasDeclared, want.NewRows)
			if got != w {
				t.Errorf("%s revision %d:\n got %s\nwant %s", d.Path, i, got, w)
			}
			gs, gb := rev.Source()
			ws, wb := want.Source()
			if !bytes.Equal(gs, ws) || !bytes.Equal(gb, wb) {
				t.Errorf("%s revision %d: text %q, body %q; want %q, %q", d.Path, i, gs, gb, ws, wb)
			}
		}
		if got, want := declaredRows(d), declaredRows(cd); got != want {
			t.Errorf("%s: declared history %s, want %s", d.Path, got, want)
		}
	}
	if b := warm.Doc("content/b.md"); len(b.History) != 4 || b.History[1].HasText() || b.History[0].Comparable() || !b.History[2].Comparable() {
		t.Errorf("content/b.md: the revision too large to read was not found")
	}
	if c := warm.Doc("content/c.md"); len(c.Declared) != 3 || len(c.History) != 3 || !c.History[0].BodyChanged || c.History[1].BodyChanged || len(c.History[1].NewRows) != 1 {
		t.Errorf("content/c.md: the front matter's revisions were not reconciled: %s", declaredRows(c))
	}
	if a := warm.Doc("content/a.md"); len(a.History) != 4 || !a.History[0].BodyChanged || a.History[2].BodyChanged {
		t.Errorf("content/a.md: the text changes were not found: %d revisions", len(a.History))
	}
}

// declaredRows is d's declared history as rows and the commits that
// added them.
func declaredRows(d *Doc) string {
	s := ""
	for _, r := range d.Declared {
		added := "none"
		if r.AddedIn != nil {
			added = r.AddedIn.Short()
		}
		s += fmt.Sprintf("[%s %s %s added in %s]", r.Version, r.Date.Text, r.Approver, added)
	}
	return s
}

// testCache is an empty cache of its own for a test.
func testCache(t *testing.T) *cache.Cache {
	t.Helper()
	c, err := cache.Open(t.TempDir(), cache.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// One blob read at two paths (a copy of a document) has facts for each
// path, kept apart through the cache.
func TestFactsOfOneBlobAtTwoPathsAreKeptApart(t *testing.T) {
	t.Parallel()
	c := testCache(t)
	rc := openRevCache(c, "key")
	// A copy in the same shard, so that the two share an entry.
	copied := "content/copy/a.md"
	for i := 0; shardOf(copied) != shardOf("content/a.md"); i++ {
		copied = fmt.Sprintf("content/copy-%d/a.md", i)
	}
	paths := []string{"content/a.md", copied, "content/b.md"}
	for _, p := range paths {
		rc.learn(p, "blob1", &revFacts{ID: p, BodyOff: len(p)}, []byte(p))
	}
	rc.save(c, "key")
	again := openRevCache(c, "key")
	for _, p := range paths {
		f, ok := again.get(shardOf(p), p, "blob1")
		if !ok || f.ID != p || f.BodyOff != len(p) {
			t.Errorf("%s: facts %+v, %v; want those learnt for it", p, f, ok)
		}
	}
	if again.has("content/c.md", "blob1") {
		t.Error("content/c.md: facts of a path never read")
	}
}

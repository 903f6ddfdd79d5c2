package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// twoDocs makes a repository of two documents of different types.
func twoDocs(t *testing.T) *testrepo.Repo {
	t.Helper()
	return testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/policy.md": typedDoc("POL", "policy", "# POL\n\nWe protect information.\n"),
		"content/proc.md":   typedDoc("PRC", "procedure", "# PRC\n\nDo this.\n"),
	}, Message: "add"})
}

func typedDoc(id, typ, body string) string {
	return testrepo.Doc(map[string]string{"id": id, "title": id, "type": typ}, body)
}

// changeProcedure commits a change to the procedure alone that adds a
// finding.
func changeProcedure(r *testrepo.Repo) {
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/proc.md": typedDoc("PRC", "procedure", "# PRC\n\nDo this, then that. TODO: say what.\n"),
	}, Message: "extend the procedure"})
}

// buildTo builds the site alone into out with the cache c (nil for none)
// and returns the log.
func buildTo(t *testing.T, r *testrepo.Repo, out string, c *cache.Cache) string {
	t.Helper()
	var log bytes.Buffer
	if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf, Cache: c, Log: &log}, Out: out, NoPDF: true}); err != nil {
		t.Fatal(err)
	}
	return log.String()
}

// TestUnchangedPageIsTheSameFileFromCommitToCommit: a commit that
// changes one document, and the findings open, leaves the pages of the
// others as they were, byte for byte. What changes with every commit
// (the commit built, the findings open) is in static/build.js, not in the
// pages; that is what lets a build link them from the cache.
func TestUnchangedPageIsTheSameFileFromCommitToCommit(t *testing.T) {
	t.Parallel()
	r := twoDocs(t)
	before, after := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "public")
	buildTo(t, r, before, nil)
	changeProcedure(r)
	buildTo(t, r, after, nil)
	read := func(dir, p string) string {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	js0, js1 := read(before, "static/build.js"), read(after, "static/build.js")
	if !strings.Contains(js0, `"open":`) || strings.Count(js0, `"open":`) != 1 || js0 == js1 {
		t.Fatalf("static/build.js does not hold each build's open findings:\n%s\n%s", js0, js1)
	}
	for _, p := range []string{"docs/policy.html", "docs/policy.history.html", "owners.html"} {
		if a, b := read(before, p), read(after, p); a != b {
			t.Errorf("%s changed with a commit that did not change what it shows:\n%s", p, lineDiff(a, b))
		}
	}
	if a, b := read(before, "docs/proc.html"), read(after, "docs/proc.html"); a == b {
		t.Errorf("docs/proc.html did not change with its document")
	}
}

// TestUnchangedPageIsLinkedFromTheCache: a build after a commit that did
// not change a page puts the file the cache keeps in the output, the one
// the last build wrote, and the output is what a build without the cache
// writes.
func TestUnchangedPageIsLinkedFromTheCache(t *testing.T) {
	t.Parallel()
	r := twoDocs(t)
	dir := t.TempDir()
	before, after := filepath.Join(t.TempDir(), "public"), filepath.Join(t.TempDir(), "public")
	c, _ := openCache(t, dir, "v1")
	buildTo(t, r, before, c)
	changeProcedure(r)
	c, notes := openCache(t, dir, "v1")
	log := buildTo(t, r, after, c)
	cold := filepath.Join(t.TempDir(), "public")
	buildTo(t, r, cold, nil)
	sameOutput(t, digest(t, after), digest(t, cold))
	if notes.Len() > 0 {
		t.Errorf("notes: %s", notes)
	}
	if !strings.Contains(log, "pages from the cache") || strings.Contains(log, "took 0 of") {
		t.Errorf("no page was taken from the cache:\n%s", log)
	}
	a, err := os.Stat(filepath.Join(before, "docs", "policy.html"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.Stat(filepath.Join(after, "docs", "policy.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(a, b) {
		t.Errorf("docs/policy.html was written again, not linked from the cache")
	}
}

// lineDiff shows the first line where two texts differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return "one is longer"
}

// TestEditedPageIsNotCopiedIntoTheNextBuild: a page in the output may be
// the cache's own file, linked; one edited (its size kept or not) or
// truncated in place there is noted and made again by the next build,
// never put in its output.
func TestEditedPageIsNotCopiedIntoTheNextBuild(t *testing.T) {
	t.Parallel()
	r := twoDocs(t)
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "public")
	build1 := func() string {
		c, notes := openCache(t, dir, "v1")
		return buildTo(t, r, out, c) + notes.String()
	}
	build1()
	log := build1()
	if !strings.Contains(log, "took 19 of 19 pages from the cache") {
		t.Fatalf("a rebuild of the same commit did not take every page from the cache:\n%s", log)
	}
	f, err := os.OpenFile(filepath.Join(out, "docs", "policy.html"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("<!-- edited -->\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(filepath.Join(out, "owners.html"), 10); err != nil {
		t.Fatal(err)
	}
	// An edit that leaves the size as it was: the next build takes
	// unchanged pages by their size and time, not reading them.
	f, err = os.OpenFile(filepath.Join(out, "docs", "proc.html"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("<!DOCTYPE"), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	log = build1()
	cold := filepath.Join(t.TempDir(), "public")
	buildTo(t, r, cold, nil)
	sameOutput(t, digest(t, out), digest(t, cold))
	if !strings.Contains(log, "took 16 of 19 pages") || !strings.Contains(log, "changed through an output linked to it") {
		t.Errorf("the edited pages were not noted and made again:\n%s", log)
	}
	log = build1()
	sameOutput(t, digest(t, out), digest(t, cold))
	if !strings.Contains(log, "took 19 of 19 pages from the cache") || strings.Contains(log, "corrupt") {
		t.Errorf("the pages made again are not what the cache holds:\n%s", log)
	}
}

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

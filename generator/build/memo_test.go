package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// siteWith builds the site alone (no PDF) with the cache in dir, opened
// afresh as a new build would, and returns what it wrote and how many
// results of kind (a memo's, or "page" for the pages) the build took from
// the cache.
func siteWith(t *testing.T, repo, dir, kind string) (map[string][32]byte, int) {
	t.Helper()
	var c *cache.Cache
	if dir != "" {
		c, _ = openCache(t, dir, "v1")
	}
	var log bytes.Buffer
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Options: isms.Options{Dir: repo, AsOf: asOf, Cache: c, Log: &log}, Out: out, NoPDF: true}); err != nil {
		t.Fatal(err)
	}
	if kind == "page" {
		return digest(t, out), c.Store(kind).Hits()
	}
	return digest(t, out), c.Memo(kind).Hits()
}

// TestKeptOldBodiesFollowTheDocumentsTheyLinkTo: an old revision's body
// kept from the last build links to documents that a new commit moves
// and adds; the history page must show the links as they resolve now.
func TestKeptOldBodiesFollowTheDocumentsTheyLinkTo(t *testing.T) {
	t.Parallel()
	doc := func(id, body string) string { return testrepo.Doc(map[string]string{"id": id, "title": id}, body) }
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{
			"content/policy.md": doc("POL", "# POL\n\nSee the [plan](plan.md#scope), the [roles](roles.md) and the [intro](#pol).\n"),
			"content/plan.md":   doc("PLN", "# PLN\n\n## Scope\n\nAll.\n"),
		}, Message: "add"},
		testrepo.Commit{Files: map[string]string{
			"content/policy.md": doc("POL", "# POL\n\nNo links now.\n"),
		}, Message: "drop the links"},
	)
	dir := t.TempDir()
	siteWith(t, r.Dir, dir, "body")
	r.Commit(testrepo.Commit{Rename: map[string]string{"content/plan.md": "content/plans/plan.md"}, Message: "move the plan"})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/roles.md": doc("ROL", "# ROL\n\nNew.\n")}, Message: "add the roles"})
	warm, hits := siteWith(t, r.Dir, dir, "body")
	cold, _ := siteWith(t, r.Dir, "", "body")
	sameOutput(t, warm, cold)
	// The plan's own first body is kept: it links nowhere. The policy's
	// linked the plan and the roles, which moved and appeared.
	if hits == 0 {
		t.Errorf("no body was taken from the cache")
	}
}

// TestKeptRedlinesAreKeyedByBothTexts: a redline kept from the last build
// for one pair of texts is not shown for another pair ending in the same
// text.
func TestKeptRedlinesAreKeyedByBothTexts(t *testing.T) {
	t.Parallel()
	doc := func(id, body string) string { return testrepo.Doc(map[string]string{"id": id, "title": id}, body) }
	x, y, w := "# T\n\nThe text as it is.\n", "# T\n\nThe text as it was.\n", "# T\n\nSomething else entirely, as it is.\n"
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": doc("A", x), "content/b.md": doc("B", w)}, Message: "add"},
		testrepo.Commit{Files: map[string]string{"content/a.md": doc("A", y)}, Message: "change a"},
		testrepo.Commit{Files: map[string]string{"content/a.md": doc("A", x)}, Message: "revert a"},
	)
	dir := t.TempDir()
	siteWith(t, r.Dir, dir, "redline")
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": doc("B", x)}, Message: "b says what a says"})
	// Without the kept history pages, which would show a's redlines
	// without asking for them.
	if err := os.RemoveAll(filepath.Join(dir, "page")); err != nil {
		t.Fatal(err)
	}
	warm, hits := siteWith(t, r.Dir, dir, "redline")
	cold, _ := siteWith(t, r.Dir, "", "redline")
	sameOutput(t, warm, cold)
	if hits != 2 {
		t.Errorf("took %d redlines from the cache, want a's two", hits)
	}
}

// siteWithTheme is siteWith for a theme directory on disk.
func siteWithTheme(t *testing.T, repo, dir, theme string) (map[string][32]byte, int) {
	t.Helper()
	var c *cache.Cache
	if dir != "" {
		c, _ = openCache(t, dir, "v1")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Options: isms.Options{Dir: repo, AsOf: asOf, Cache: c, Theme: theme}, Out: out, NoPDF: true}); err != nil {
		t.Fatal(err)
	}
	return digest(t, out), c.Store("page").Hits()
}

// TestKeptPagesFollowWhatTheyShowOfOtherDocuments: pages kept from the
// last build show other documents' titles (backlinks, navigation) and
// what the configuration decides (review intervals); a commit that changes
// those alone changes them.
func TestKeptPagesFollowWhatTheyShowOfOtherDocuments(t *testing.T) {
	doc := func(id, title, body string) string {
		return testrepo.Doc(map[string]string{"id": id, "title": title}, body)
	}
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"ismspack.yaml":     "organisation: Example Ltd\n",
		"content/policy.md": doc("POL", "Policy", "# Policy\n\nSee the [plan](plan.md).\n"),
		"content/plan.md":   doc("PLN", "Plan", "# Plan\n\nAll.\n"),
		"content/other.md":  doc("OTH", "Other", "# Other\n\nNothing.\n"),
	}, Message: "add"})
	dir := t.TempDir()
	siteWith(t, r.Dir, dir, "page")
	for _, c := range []testrepo.Commit{
		{Files: map[string]string{"content/policy.md": doc("POL", "Security policy", "# Policy\n\nSee the [plan](plan.md).\n")}, Message: "retitle the policy"},
		{Files: map[string]string{"ismspack.yaml": "organisation: Example Ltd\nreview:\n  interval: 6m\n"}, Message: "review twice a year"},
	} {
		r.Commit(c)
		warm, hits := siteWith(t, r.Dir, dir, "page")
		cold, _ := siteWith(t, r.Dir, "", "page")
		sameOutput(t, warm, cold)
		if hits == 0 {
			t.Errorf("%s: no page was taken from the cache", c.Message)
		}
	}
}

// TestPagesThatReadTheModelAreNotKept: a theme may read the model behind
// a document (DocRef.Doc), which the cache cannot key; such pages are
// rendered every time.
func TestPagesThatReadTheModelAreNotKept(t *testing.T) {
	theme := t.TempDir()
	if err := os.MkdirAll(filepath.Join(theme, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	main := `{{define "main"}}{{with .Doc}}<h1>{{.Title}}</h1>{{range .Doc.Backlinks}}<p>linked from blob {{.Blob}}</p>{{end}}{{end}}{{end}}`
	if err := os.WriteFile(filepath.Join(theme, "templates", "doc.html"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := func(id, body string) string { return testrepo.Doc(map[string]string{"id": id, "title": id}, body) }
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/policy.md": doc("POL", "# POL\n\nSee the [plan](plan.md).\n"),
		"content/plan.md":   doc("PLN", "# PLN\n\nAll.\n"),
	}, Message: "add"})
	dir := t.TempDir()
	siteWithTheme(t, r.Dir, dir, theme)
	// The policy's text changes, not its title or version: the plan's
	// page shows it only through the model.
	r.Commit(testrepo.Commit{Files: map[string]string{"content/policy.md": doc("POL", "# POL\n\nSee the [plan](plan.md), please.\n")}, Message: "reword"})
	warm, _ := siteWithTheme(t, r.Dir, dir, theme)
	cold, _ := siteWithTheme(t, r.Dir, "", theme)
	sameOutput(t, warm, cold)
}

// TestEarlyKeptPagesFollowTheirTextAndWhereItsLinksLead: a document's
// page is looked up before its text is rendered, under a key naming what
// the text is made from. With a theme that shows the text alone, a commit
// that breaks a link by renaming the heading it leads to, or that rewords
// the text and nothing else, must change the page.
func TestEarlyKeptPagesFollowTheirTextAndWhereItsLinksLead(t *testing.T) {
	theme := t.TempDir()
	if err := os.MkdirAll(filepath.Join(theme, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, main := range map[string]string{
		"doc.html":     `{{define "main"}}{{with .Doc}}{{.Body}}{{end}}{{end}}`,
		"history.html": `{{define "main"}}{{with .History}}{{range .Revisions}}{{.Body}}{{end}}{{end}}{{end}}`,
	} {
		if err := os.WriteFile(filepath.Join(theme, "templates", name), []byte(main), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	doc := func(id, body string) string { return testrepo.Doc(map[string]string{"id": id, "title": id}, body) }
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/policy.md": doc("POL", "# POL\n\nSee the [scope](plan.md#scope).\n"),
		"content/plan.md":   doc("PLN", "# PLN\n\n## Scope\n\nAll.\n"),
		"content/other.md":  doc("OTH", "# OTH\n\nNothing.\n"),
	}, Message: "add"})
	dir := t.TempDir()
	siteWithTheme(t, r.Dir, dir, theme)
	for _, c := range []testrepo.Commit{
		{Files: map[string]string{"content/plan.md": doc("PLN", "# PLN\n\n## Range\n\nAll.\n")}, Message: "the policy's link now leads nowhere"},
		{Files: map[string]string{"content/policy.md": doc("POL", "# POL\n\nSee the [scope](plan.md#range).\n")}, Message: "mend the link"},
		{Files: map[string]string{"content/policy.md": doc("POL", "# POL\n\nDo see the [scope](plan.md#range).\n")}, Message: "reword the policy alone"},
	} {
		r.Commit(c)
		warm, hits := siteWithTheme(t, r.Dir, dir, theme)
		cold, _ := siteWithTheme(t, r.Dir, "", theme)
		sameOutput(t, warm, cold)
		if hits == 0 {
			t.Errorf("%s: no page was taken from the cache", c.Message)
		}
	}
}

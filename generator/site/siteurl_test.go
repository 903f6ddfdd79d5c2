package site

import (
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// TestSiteURLLinksLeadToTheirPages renders links written for the site a
// handbook was published as (a site path under links.roots, a page's
// .html name, a clean URL, index.html) as links to the pages of the
// documents they are made from.
func TestSiteURLLinksLeadToTheirPages(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"handbook/policies/access.md": approved("POL-1", "Access", "1.0", `["5.1(a)"]`,
			"# Access\n\nSee [hosting](/standards/hosting.html#scope), [the manual](../manuals/x.html), [clean](/manuals/x) and [here](index.html).\n"),
		"handbook/policies/README.md":            approved("POL-0", "Policies", "1.0", `["5.1(a)"]`, "# Policies\n"),
		"handbook/standards/hosting.html.md.erb": approved("STD-1", "Hosting", "1.0", `["5.1(a)"]`, "# Hosting\n\n## Scope\n"),
		"handbook/manuals/x.md":                  approved("MAN-1", "Manual", "1.0", `["5.1(a)"]`, "# Manual\n"),
	}})
	cfg := testConfig()
	cfg.Content = "handbook"
	cfg.Include = []string{"**/*.md", "**/*.html.md.erb"}
	cfg.Links.Roots = map[string]string{"/": "handbook"}
	cfg.Links.Extensions = map[string][]string{".html": {".md", ".html.md.erb"}, "": {".md"}}
	m, fs := load(t, r.Dir, cfg)
	out := render(t, m, fs)
	page := readOut(t, out, "docs/policies/access.html")
	for _, want := range []string{
		`<a href="../../docs/standards/hosting.html#scope">hosting</a>`,
		`<a href="../../docs/manuals/x.html">the manual</a>`,
		`<a href="../../docs/manuals/x.html">clean</a>`,
		`<a href="../../docs/policies/README.html">here</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, "link-broken") {
		t.Error("a link that resolves shows as broken")
	}
}

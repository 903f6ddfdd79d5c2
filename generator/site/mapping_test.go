package site

import (
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// mapConfig is testConfig with a map: read from a file, as a build reads it.
func mapConfig(t *testing.T, yaml string) config.Config {
	t.Helper()
	cfg, err := config.Parse("ismspack.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Title, cfg.Organisation = "Test ISMS", "Test Ltd"
	return cfg
}

func TestMappedRequirementSaysItCameFromTheConfig(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/policies/isp.md": approved("POL-001", "Information Security Policy", "1.0", `["5.1(a)"]`, "# Information Security Policy\n\nText.\n"),
	}})
	m, fs := load(t, r.Dir, mapConfig(t, "map:\n  \"policies/**\": [\"5.1(a)\", \"5.1(d)\"]\n"))
	out := render(t, m, fs)
	ev := section(t, readOut(t, out, "docs/policies/isp.html"), "Evidence")
	a, d, ok := strings.Cut(ev, "5.1(d)")
	if !ok {
		t.Fatalf("the mapped requirement 5.1(d) is not listed:\n%s", ev)
	}
	if !strings.Contains(d, "mapped in the configuration, <code>ismspack.yaml:2</code>") {
		t.Errorf("5.1(d) does not say it came from ismspack.yaml:2:\n%s", ev)
	}
	if strings.Contains(a, "mapped in the configuration") {
		t.Errorf("5.1(a), which the document lists itself, is said to come from the configuration:\n%s", ev)
	}
	if !strings.Contains(readOut(t, out, "req/5.1d.html"), "POL-001") {
		t.Error("the requirement page of 5.1(d) does not list the mapped document")
	}
}

func TestOtherFrameworksAreShownOnceOnTheDocumentPage(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/policies/access.md": "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# Purpose\n\nText.\n",
	}})
	m, fs := load(t, r.Dir, testConfig())
	full := readOut(t, out(t, m, fs), "docs/policies/access.html")
	page := section(t, full, "Control")
	if !strings.Contains(page, "<dt>Other frameworks</dt><dd>TSC: CC6.1, CC6.2</dd>") {
		t.Errorf("the control block does not show TSC: CC6.1, CC6.2:\n%s", page)
	}
	if strings.Contains(page, "<dt>satisfies</dt>") {
		t.Errorf("satisfies is shown twice, also as a field outside the schema:\n%s", page)
	}
	// majorRevisions is shown as the declared revision history instead.
	if decl := section(t, full, "Declared"); !strings.Contains(decl, "majorRevisions in the front matter") || !strings.Contains(decl, "Initial document") {
		t.Errorf("majorRevisions is no longer shown:\n%s", decl)
	}
}

func out(t *testing.T, m *isms.Model, fs []check.Finding) string { t.Helper(); return render(t, m, fs) }

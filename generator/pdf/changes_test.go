package pdf

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

func TestSinceAddsAnAppendixOfChangesWithRedlines(t *testing.T) {
	t.Parallel()
	pol := func(v, by, on, text string) string {
		return testrepo.Doc(map[string]string{"id": "POL-001", "title": "Security policy", "version": `"` + v + `"`, "requirements": `["5.1(a)"]`,
			"approved_by": by, "approved_on": on}, "# Security policy\n\n"+text+"\n")
	}
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{
			"content/policy.md": pol("1.0", "Chief Executive Officer", "2026-01-05", "Staff review the policy every year."),
			"content/old.md":    testrepo.Doc(map[string]string{"id": "OLD-001", "title": "Old procedure"}, "# Old procedure\n"),
		}, Message: "first issue"})
	if _, err := r.Git.CreateTag("audit-2026", plumbing.NewHash(r.Head[0]), nil); err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/policy.md": pol("1.1", "Board of Directors", "2026-01-06", "Staff review the access policy every two years."),
		"content/plan.md":   testrepo.Doc(map[string]string{"id": "PLN-001", "title": "New plan"}, "# New plan\n\nA new plan.\n"),
	}, Remove: []string{"content/old.md"}, Message: "policy: review every two years"})

	cfg := config.Default()
	m, err := isms.Open(isms.Options{Dir: r.Dir, Config: &cfg, AsOf: asOf, Since: "audit-2026"})
	if err != nil {
		t.Fatal(err)
	}
	dir := render(t, m, check.Run(m, check.Rules()))
	file := filepath.Join(dir, "pack.pdf")
	text := pageText(t, file, 1, pageCount(t, file))
	i := strings.Index(text, "Appendix C — Changes since audit-2026\n")
	if strings.Count(text, "Appendix C — Changes since audit-2026") < 2 || i < 0 {
		t.Fatalf("the pack has no changes appendix (and contents entry):\n%s", text)
	}
	app := text[i:]
	if j := strings.Index(app, "Attestation"); j >= 0 {
		app = app[:j]
	}
	for _, want := range []string{
		"1 changed, 1 added, 1 removed, 0 unchanged",
		"POL-001 Security policy",
		"Version 1.0 at audit-2026, now version 1.1.",
		"Board of Directors",
		"Version 1.1 — commit",
		"Staff review the access policy every",
		"3 words inserted, 1 word deleted",
		"PLN-001 New plan",
		"Added since audit-2026",
		"Removed since audit-2026",
		"OLD-001",
	} {
		if !strings.Contains(squash(app), want) {
			t.Errorf("the changes appendix lacks %q:\n%s", want, app)
		}
	}
	if pol := app[strings.Index(app, "POL-001"):strings.Index(app, "PLN-001")]; strings.Contains(pol, "Chief Executive Officer") {
		t.Errorf("the appendix lists the policy's approval from before audit-2026:\n%s", pol)
	}
}

// squash folds runs of white space, as pdftotext -layout spreads text
// and the pack wraps it.
func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

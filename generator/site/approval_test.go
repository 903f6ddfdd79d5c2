package site

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// TestSiteShowsWhoApprovedEachVersion builds the showcase's site: the
// document page, its history, the register and the requirement pages name
// the approver, the approval commit and what its signature proves.
func TestSiteShowsWhoApprovedEachVersion(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	hashes, err := showcase.Write(repo)
	if err != nil {
		t.Fatal(err)
	}
	m, err := isms.Open(isms.Options{Dir: repo, AsOf: showcase.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := Render(out, m, check.Run(m, check.Rules()), themes.FS()); err != nil {
		t.Fatal(err)
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(html.UnescapeString(tags.ReplaceAllString(string(b), " "))), " ")
	}
	ac := hashes[10][:7]
	for page, wants := range map[string][]string{
		"docs/policies/information-security-policy.html":         {"Approval commit Alice Hart · " + hashes[13][:7] + " 2026-09-03 · unsigned"},
		"docs/policies/information-security-policy.history.html": {"Version 1.0 approved by Alice Hart · " + hashes[1][:7] + " 2025-12-05 · signed by Alice Hart", "Version 1.1 approved by Alice Hart · " + hashes[7][:7] + " 2026-03-12 · signed by Alice Hart"},
		"register.html":                      {"Dan Fisher · " + ac + " 2026-05-15 · unsigned"},
		"docs/plans/communication-plan.html": {"Approval commit Alice Hart · " + hashes[4][:7] + " 2026-01-20 · signed by Alice Hart"},
		"req/5.1b.html":                      {"Dan Fisher · " + ac + " 2026-05-15 · unsigned"},
	} {
		text := read(page)
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("%s does not say %q", page, want)
			}
		}
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

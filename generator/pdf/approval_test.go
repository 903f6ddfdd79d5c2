package pdf

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestPackShowsWhoApprovedEachVersion draws the showcase's pack and reads
// it back: the version table names each version's approver, commit and
// signature, and the register and requirement tables name the current
// version's.
func TestPackShowsWhoApprovedEachVersion(t *testing.T) {
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
	dir := render(t, m, check.Run(m, check.Rules()))
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, "pack.pdf"), "-")), " ")
	for _, want := range []string{
		"v1.0 by Alice Hart, signed by Alice Hart",
		"v1.1 by Alice Hart, signed by Alice Hart",
		"v2.0 by Alice Hart, unsigned",
		"Dan Fisher, " + hashes[10][:7] + " 2026-05-15, unsigned",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the pack does not say %q", want)
		}
	}
	// The policy's control block names the approval commit of 2.0.
	if !regexp.MustCompile(`Approval commit Alice Hart, [0-9a-f]{7} 2026-09-03, unsigned`).MatchString(text) {
		t.Error("the policy's control block does not name its approval commit")
	}
}

package pdf

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

func TestAttestationNamesThePackAndTheApproversOfClause51(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{
		"content/policy.md": testrepo.Doc(map[string]string{"id": "POL-001", "title": "Security policy", "requirements": `["5.1(a)"]`,
			"approved_by": "Chief Executive Officer", "approved_on": "2026-01-05"}, "# Security policy\n\nText.\n"),
		"content/plan.md": testrepo.Doc(map[string]string{"id": "PLN-001", "title": "Resource plan", "requirements": `["5.1(c)"]`,
			"approved_by": "Board of Directors", "approved_on": "2026-01-06"}, "# Resource plan\n\nText.\n"),
		"content/note.md": testrepo.Doc(map[string]string{"id": "NOTE-001", "title": "Unmapped note", "requirements": `[]`,
			"approved_by": "Somebody Else"}, "# Unmapped note\n\nText.\n"),
	})
	dir := render(t, m, fs)
	file := filepath.Join(dir, "pack.pdf")
	n := pageCount(t, file)
	text := pageText(t, file, n-1, n)
	for _, want := range []string{
		"Attestation",
		"Pack identifier: " + PackID(m),
		"Commit: " + m.Snapshot.Commit.Hash,
		"ismspack verify pack.pdf",
		"Auditor's record",
		"Sampling record",
		"Auditor's notes",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the last two pages lack %q:\n%s", want, text)
		}
	}
	// Each row: the approver claimed, then who made the approval commit
	// and whether it was signed.
	for _, row := range []string{`POL-001\s+Security\s+\S+\s+approved\s+Chief Executive Officer: Test Author`, `PLN-001\s+Resource\s+\S+\s+approved\s+Board of Directors: Test Author`} {
		if !regexp.MustCompile(row).MatchString(text) {
			t.Errorf("the approvers table has no row %s:\n%s", row, text)
		}
	}
	if !strings.Contains(squash(text), "unsigned") {
		t.Errorf("the approvers table does not say the approvals are unsigned:\n%s", text)
	}
	if strings.Contains(text, "NOTE-001") {
		t.Errorf("a document mapped to no clause 5.1 item is among the approvers:\n%s", text)
	}
	if last := pageText(t, file, n, n); !strings.Contains(last, "Sampling record") || !strings.Contains(last, "Signature") {
		t.Errorf("the auditor's record is not the last page:\n%s", last)
	}
}

// pageCount is the number of pages pdfinfo reports.
func pageCount(t testing.TB, file string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(runTool(t, "pdfinfo", file))
	if m == nil {
		t.Fatalf("pdfinfo gives no page count for %s", file)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

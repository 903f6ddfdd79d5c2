package pdf

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestDeclaredApprovalLiftsTheDraftMark: a document approved in its
// revision table carries no DRAFT watermark, and its section shows the
// declared history beside the one from git, each row with its commit.
func TestDeclaredApprovalLiftsTheDraftMark(t *testing.T) {
	t.Parallel()
	src := "---\nid: POL-9\ntitle: Access Policy\nowner: Chief Executive Officer\nclassification: internal\ntype: policy\n---\n# Access Policy\n\nText.\n\n" +
		"| Version | Date | Approved by | Changes |\n|---|---|---|---|\n| 1.0 | 2026-01-05 | Board | First issue |\n"
	m, fs := loadRepo(t, map[string]string{"content/policies/access.md": src})
	dir := render(t, m, fs)
	text := runTool(t, "pdftotext", "-raw", filepath.Join(dir, "pdf", "policies", "access.pdf"), "-")
	if strings.Contains(strings.Join(strings.Fields(text), ""), "DRAFT") {
		t.Errorf("a document approved in its revision table carries the DRAFT watermark:\n%s", text)
	}
	added := m.Doc("content/policies/access.md").Declared[0].AddedIn.Short()
	for _, want := range []string{"Revision history as declared", "First issue", "(newest)", added, "Version history"} {
		if !strings.Contains(text, want) {
			t.Errorf("access.pdf lacks %q:\n%s", want, text)
		}
	}
}

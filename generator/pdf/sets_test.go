package pdf

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/config"
)

// TestPackHasASectionPerSetAndTheSoA builds a pack with clause 5.1, Annex
// A and a Statement of Applicability, and reads it back with pdftotext.
func TestPackHasASectionPerSetAndTheSoA(t *testing.T) {
	t.Parallel()
	m, fs := loadRepoWith(t, func(c *config.Config) {
		p, err := config.Parse("ismspack.yaml", []byte("frameworks: [iso27001-2022-5.1, iso27001-2022-annex-a]\ntables:\n  soa: {file: registers/soa.md, columns: [Control, Applicable]}\nsoa: {table: soa}\n"))
		if err != nil {
			t.Fatal(err)
		}
		c.Frameworks, c.Tables, c.SoA, c.Path = p.Frameworks, p.Tables, p.SoA, p.Path
	}, map[string]string{
		"content/policies/access.md": "---\nid: POL-001\ntitle: Access Control Policy\nowner: Chief Executive Officer\nversion: \"1.0\"\nstatus: approved\nclassification: internal\ntype: policy\napproved_by: Chief Executive Officer\napproved_on: 2026-06-01\nlast_reviewed: 2026-06-01\nrequirements: [\"5.1(a)\", \"8.5\"]\n---\n# Access Control Policy\n\nText.\n",
		"content/registers/soa.md":   "---\nid: REG-001\ntitle: Statement of Applicability\n---\n# Statement of Applicability\n\n| Control | Applicable | Justification | Status |\n|---|---|---|---|\n| A.8.5 | Yes | Accounts are a risk | Implemented |\n| A.7.1 | No | | |\n",
	})
	text := runTool(t, "pdftotext", filepath.Join(render(t, m, fs), "pack.pdf"), "-")
	for _, w := range []string{"Annex A — information security", "A.5 Organisational controls", "Statement of Applicability", "Accounts are a risk", "No justification", "Undecided"} {
		if !strings.Contains(text, w) {
			t.Errorf("the pack lacks %q", w)
		}
	}
	at := strings.Index(text, "Each requirement of clause 5.1")
	if at < 0 {
		t.Fatal("the pack has no clause 5.1 matrix")
	}
	matrix, _, _ := strings.Cut(text[at:], "Annex A — information security")
	if strings.Contains(matrix, "A.8.5") {
		t.Error("the clause 5.1 matrix has Annex A's controls")
	}
}

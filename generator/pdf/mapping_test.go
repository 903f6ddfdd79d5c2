package pdf

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/config"
)

func TestMappedRequirementIsMarkedInThePack(t *testing.T) {
	t.Parallel()
	m, fs := loadRepoWith(t, func(c *config.Config) {
		p, err := config.Parse("ismspack.yaml", []byte("map:\n  \"policies/**\": [\"5.1(a)\", \"5.1(d)\"]\n"))
		if err != nil {
			t.Fatal(err)
		}
		c.Map, c.Path = p.Map, p.Path
	}, map[string]string{
		"content/policies/a.md": doc("A-1", "A", "approved", `["5.1(a)"]`, "# A\n\nText.\n"),
	})
	dir := render(t, m, fs)
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, "pdf", "policies", "a.pdf"), "-")), " ")
	if !strings.Contains(text, "5.1(a), 5.1(d) (mapped in ismspack.yaml:2)") {
		t.Errorf("the control block does not mark 5.1(d) as mapped by ismspack.yaml:2 (and only it):\n%s", text)
	}
}

func TestOtherFrameworksAreInTheControlBlock(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{
		"content/access.md": "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\n---\n# Purpose\n\nText.\n",
	})
	dir := render(t, m, fs)
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, "pdf", "access.pdf"), "-")), " ")
	if !strings.Contains(text, "Other frameworks TSC: CC6.1, CC6.2") {
		t.Errorf("the control block does not show TSC: CC6.1, CC6.2:\n%s", text)
	}
	if strings.Contains(text, "satisfies") {
		t.Errorf("satisfies is shown again as a field outside the schema:\n%s", text)
	}
}

package site

import (
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// TestDeclaredHistoryIsShownAndApproves pins what issue readers lost: a
// document whose approval is in its revision table is shown approved, not
// as a draft, with the declared history beside the one from git, each row
// linked to the commit that added it; the table in the text is still a
// table.
func TestDeclaredHistoryIsShownAndApproves(t *testing.T) {
	t.Parallel()
	doc := func(text string, rows ...string) string {
		b := "---\nid: POL-9\ntitle: Access Policy\nowner: Chief Executive Officer\nclassification: internal\ntype: policy\n---\n# Access Policy\n\n" +
			text + "\n\n## Revision history\n\n| Version | Date | Approved by | Changes |\n|---|---|---|---|\n"
		for _, r := range rows {
			b += r + "\n"
		}
		return b
	}
	r10, r11 := "| 1.0 | 2026-01-05 | Board | First issue |", "| 1.1 | 2026-02-01 | Chief Executive Officer | Roles |"
	r := testrepo.New(t)
	first := r.Commit(testrepo.Commit{When: testStart, Files: map[string]string{"content/access.md": doc("One.", r10)}})
	second := r.Commit(testrepo.Commit{When: testStart.AddDate(0, 1, 0), Files: map[string]string{"content/access.md": doc("Two.", r10, r11)}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "docs/access.html")
	if strings.Contains(page, "status-draft") || strings.Contains(page, "No status") || !strings.Contains(page, `<span class="badge status-approved">Approved</span>`) {
		t.Error("a document approved in its revision table is not shown approved")
	}
	start := strings.Index(page, `<section id="Declared">`)
	if start < 0 {
		t.Fatal("no declared revision history on the document page")
	}
	sec := page[start : start+strings.Index(page[start:], "</section>")]
	for _, want := range []string{"Read from a table at line 14", "<code>" + first[:7] + "</code>", "<code>" + second[:7] + "</code>",
		"Chief Executive Officer", "First issue", `class="declared-latest"`, `href="../docs/access.html#revision-history">1.1</a>`} {
		if !strings.Contains(sec, want) {
			t.Errorf("declared history lacks %q:\n%s", want, sec)
		}
	}
	if !strings.Contains(page, `<th>Approved by</th>`) || !strings.Contains(page, `<td>First issue</td>`) {
		t.Error("the revision table in the text is no longer drawn as a table")
	}
}

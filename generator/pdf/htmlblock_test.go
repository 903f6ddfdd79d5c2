package pdf

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHTMLTablesAreDrawn draws a raw HTML table as the tuist handbook
// writes its risk matrix (spans, bold, cell colours, layout attributes)
// and asserts on pdftotext's layout that its rows come out as rows; a
// script beside it is left out, as on the site.
func TestHTMLTablesAreDrawn(t *testing.T) {
	t.Parallel()
	body := "# Risk\n\nThe matrix:\n\n<table border=\"1\" cellpadding=\"10\" cellspacing=\"0\">\n  <tr>\n    <td rowspan=\"2\"></td>\n" +
		"    <td colspan=\"2\" align=\"center\"><b>Likelihood</b></td>\n  </tr>\n  <tr>\n    <td><b>Unlikely: 1</b></td>\n    <td><b>Likely: 2</b></td>\n  </tr>\n" +
		"  <tr>\n    <td><b>High impact: 2</b></td>\n    <td bgcolor=\"#FFC000\">Score 2</td>\n    <td bgcolor=\"#FF0000\">Score 4</td>\n  </tr>\n</table>\n\n" +
		"<script>alert('secret')</script>\n\n<p>Kept <kbd>Ctrl</kbd><br>on two lines.</p>\n\nAfter the table.\n"
	m, fs := loadRepo(t, map[string]string{"content/risk.md": doc("R-1", "Risk", "approved", `["5.1(a)"]`, body)})
	dir := render(t, m, fs)
	layout := runTool(t, "pdftotext", "-layout", filepath.Join(dir, "pdf", "risk.pdf"), "-")
	for _, re := range []string{
		`Likelihood`,
		`Unlikely: 1\s+Likely: 2`,
		`High impact: 2\s+Score 2\s+Score 4`,
		`Kept Ctrl\s*\n\s*on two lines\.`,
	} {
		if !regexp.MustCompile(re).MatchString(layout) {
			t.Errorf("risk.pdf does not match %q:\n%s", re, layout)
		}
	}
	if strings.Contains(layout, "secret") || strings.Contains(layout, "<td") || strings.Contains(layout, "bgcolor") {
		t.Errorf("risk.pdf shows HTML as text or a script's content:\n%s", layout)
	}
	if i, j := strings.Index(layout, "The matrix"), strings.Index(layout, "After the table"); i < 0 || j < i || !strings.Contains(layout[i:j], "Score 4") {
		t.Error("the table is not drawn where the document has it")
	}
}

package pdf

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestStatusSymbolsAreDrawnFromTheBundledFont draws the symbols handbooks
// mark status with, in a table and in running text: DejaVu draws ✓ ✗ ⚠ ★
// → ☐ ☑, the bundled symbols font ✅ ❌ ⭐ ⏰, per character; only an
// emoji beyond the Basic Multilingual Plane is still a box.
func TestStatusSymbolsAreDrawnFromTheBundledFont(t *testing.T) {
	t.Parallel()
	body := "# A\n\n| Control | State |\n|---|---|\n| MFA | ✅ done ✓ |\n| SSO | ❌ not yet ✗ ⚠ |\n\n" +
		"Rated ⭐ ★ → ☐ ☑ • ⏰ ⛔ but 😀.\n"
	m, fs := loadRepo(t, map[string]string{"content/a.md": doc("A-1", "A", "approved", `["5.1(a)"]`, body)})
	if g := m.Doc("content/a.md").MissingGlyphs; len(g) != 1 || g[0].Rune != 0x1F600 {
		t.Errorf("missing = %+v, want only the emoji", g)
	}
	dir := render(t, m, fs)
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, "pdf", "a.pdf"), "-")), " ")
	for _, want := range []string{"✅ done ✓", "❌ not yet ✗ ⚠", "Rated ⭐ ★ → ☐ ☑ • ⏰ ⛔ but \uFFFD."} {
		if !strings.Contains(text, want) {
			t.Errorf("a.pdf lacks %q:\n%s", want, text)
		}
	}
	if f := runTool(t, "pdffonts", filepath.Join(dir, "pdf", "a.pdf")); !strings.Contains(f, "symbols") {
		t.Errorf("the bundled symbols font is not embedded:\n%s", f)
	}
}

package pdf

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestOnlyAnOpeningH1SayingTheTitleIsLeftOut: the PDF leaves out a
// body's opening heading where the site does (document.SaysTitle), an
// H1 that says the title, and draws any other, such as the H3 a
// document whose title was taken from its first section opens with.
func TestOnlyAnOpeningH1SayingTheTitleIsLeftOut(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{
		"content/h1.md": doc("POL-H1", "Access policy", "approved", `["5.1(a)"]`, "# Access Policy\n\nThe body.\n"),
		"content/h3.md": doc("POL-H3", "Ownership policy", "approved", `["5.1(b)"]`, "### Ownership policy\n\nThe body.\n\n### Schedule\n\nYearly.\n"),
	})
	dir := render(t, m, fs)
	// Both PDFs name their title alike in the title block and the
	// document control; what differs before "The body." is whether the
	// body's opening heading is drawn.
	before := func(file, title string) int {
		text := strings.ToLower(pageText(t, filepath.Join(dir, "pdf", file), 1, 99))
		head, _, ok := strings.Cut(text, "the body.")
		if !ok {
			t.Fatalf("%s: no body in %q", file, text)
		}
		return strings.Count(head, strings.ToLower(title))
	}
	h1, h3 := before("h1.pdf", "Access policy"), before("h3.pdf", "Ownership policy")
	if h3 != h1+1 {
		t.Errorf("the title appears %d times before the body of the H1 document and %d of the H3 one: want the H1 left out and the H3 drawn", h1, h3)
	}
}

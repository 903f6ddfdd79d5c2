package site

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

const hostileHTML = `# Hostile

<script>alert(1)</script>

<img src="x" onerror="alert(2)"> <a href="javascript:alert(3)">click</a>
<a href="JaVaScRiPt:alert(4)">two</a> <img src="data:image/png;base64,AAAA">

<style>body { display: none }</style>

<div style="position:fixed" onmouseover="alert(5)">styled</div>

<iframe src="https://example.com/"></iframe>
<svg onload="alert(6)"><circle r="1"/></svg>
<details><summary onclick="alert(7)">open me</summary>
left open
`

// TestHostileHTMLNeverReachesTheSite renders script, event handlers,
// javascript: and data: URLs, styles and frames written as raw HTML and
// asserts on the page's bytes that none of them is there, and that a
// <details> left open is closed inside the body, before the page's own
// footer.
func TestHostileHTMLNeverReachesTheSite(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/hostile.md": approved("H-1", "Hostile", "1.0", `["5.1(a)"]`, hostileHTML),
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "docs/hostile.html")
	body := page[strings.Index(page, "<h1"):]
	body = body[:strings.Index(body, "</article>")]
	for _, bad := range []string{"<script>alert", "alert(1)", "onerror", "onmouseover", "onclick=", "onload",
		"javascript:", "JaVaScRiPt", "data:image", "<style>body", "display: none", "position:fixed", "<iframe", "<svg"} {
		if strings.Contains(strings.ToLower(body), strings.ToLower(bad)) {
			t.Errorf("the page's body holds %q", bad)
		}
	}
	for _, want := range []string{"<div>styled</div>", "<details><summary>open me</summary>", "[image: ]"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if !regexp.MustCompile(`left open\s*</details>`).MatchString(body) {
		t.Error("the <details> left open is not closed inside the body")
	}
}

// TestRawHTMLTablesAndImagesRender renders the allow-listed subset: a
// table with spans and cell colours, br, sup, sub, kbd, details, and an
// image from the repository, whose src is resolved by the model like a
// Markdown image's.
func TestRawHTMLTablesAndImagesRender(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	body := "# Matrix\n\n<table border=\"1\" cellpadding=\"10\">\n  <tr>\n    <td rowspan=\"2\"></td>\n    <td colspan=\"2\" align=\"center\"><b>Likelihood</b></td>\n  </tr>\n" +
		"  <tr>\n    <td bgcolor=\"#FFC000\">Medium<br>risk</td>\n    <td>H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd></td>\n  </tr>\n</table>\n\n" +
		"<details><summary>Logo</summary>\n<img src=\"img/logo.png\" alt=\"Logo\" width=\"40\">\n</details>\n"
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/policies/matrix.md":    approved("M-1", "Matrix", "1.0", `["5.1(a)"]`, body),
		"content/policies/img/logo.png": png,
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "docs/policies/matrix.html")
	for _, want := range []string{
		`<table>`, `<td rowspan="2"></td>`, `<td colspan="2" align="center"><b>Likelihood</b></td>`,
		`<td bgcolor="#FFC000">Medium<br/>risk</td>`, `H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd>`,
		`<details><summary>Logo</summary>`, `<img src="../../docs/policies/img/logo.png" alt="Logo" width="40"/>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if strings.Contains(page, "cellpadding") {
		t.Error("a layout attribute reached the page")
	}
	if !exists(out, "docs/policies/img/logo.png") {
		t.Error("the picture a raw <img> shows was not copied")
	}
}

// TestHTMLNestedTooDeepIsShownAsText builds a site whose documents nest
// HTML deeper than the parser balances: one block of 600 nested divs, and
// one body whose own Markdown nesting (520 quotes) with a tag of raw HTML
// inside is too deep together. The build must not fail, and each page
// shows the HTML as escaped text, the rest of the body as usual: other
// HTML of the first body as HTML.
func TestHTMLNestedTooDeepIsShownAsText(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	deep := "# Deep\n\nBefore.\n\n" + strings.Repeat("<div>", 600) + "x" + strings.Repeat("</div>", 600) + "\n\nAfter [a link](#deep), <kbd>Ctrl</kbd>.\n"
	quotes := "# Quoted\n\n" + strings.Repeat(">", 520) + " <b>bold</b> text\n\nAfter.\n"
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/deep.md":   approved("D-1", "Deep", "1.0", `["5.1(a)"]`, deep),
		"content/quotes.md": approved("Q-1", "Quoted", "1.0", `["5.1(a)"]`, quotes),
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "docs/deep.html")
	for _, want := range []string{`<pre class="raw-html"><code>&lt;div&gt;&lt;div&gt;`, "<p>Before.</p>", `<a href="#deep">a link</a>`, "<kbd>Ctrl</kbd>"} {
		if !strings.Contains(page, want) {
			t.Errorf("docs/deep.html lacks %s", want)
		}
	}
	if strings.Contains(page, "<div><div>") {
		t.Error("docs/deep.html renders the nested divs as elements")
	}
	page = readOut(t, out, "docs/quotes.html")
	if !strings.Contains(page, "<code>&lt;b&gt;</code>bold<code>&lt;/b&gt;</code> text") {
		t.Error("docs/quotes.html does not show its raw HTML as text")
	}
	if !strings.Contains(page, "<p>After.</p>") {
		t.Error("docs/quotes.html lacks the text after the quotes")
	}
}

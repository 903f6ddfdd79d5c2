package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// png is a 1×1 image.
var png = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"

const policyBody = `# Information Security Policy

## Purpose

We protect the information customers trust us with. See the
[communication plan](../plans/communication-plan.md#audience), the
[scope](#scope) below and the [standard](https://www.iso.org/standard/27001).

![The improvement cycle](../images/cycle.png "PDCA")

## Scope

| Area | Owner |
|------|-------|
| Product | CTO |

<div onclick="alert(1)">raw html is dropped</div>

A footnote here[^1] and a [broken link](missing.md) and [a climb](../../../etc/passwd).

[^1]: Footnotes render.
`

// fixture is a small ISMS with a history, a draft, a retired document, an
// accepted exception and a hostile title.
func fixture(t testing.TB) (*isms.Model, []check.Finding) {
	t.Helper()
	r := testrepo.New(t)
	day := 0
	commit := func(msg string, files map[string]string) {
		r.Commit(testrepo.Commit{Message: msg, Files: files, When: testStart.AddDate(0, 0, day)})
		day++
	}
	commit("Import the ISMS", map[string]string{
		"README.md":                           "# Test\n",
		"content/images/cycle.png":            png,
		"content/policies/isp.md":             approved("POL-001", "Information Security Policy", "1.0", `["5.1(a)", "5.1(d)"]`, policyBody),
		"content/plans/communication-plan.md": approved("PLN-001", "Communication Plan", "1.0", `["5.1(d)"]`, "# Communication Plan\n\n## Audience\n\nEveryone, the unusual phrase zebra crossing quietly included.\n\nBack to the [policy](../policies/isp.md).\n"),
	})
	commit("Tighten the policy purpose", map[string]string{
		"content/policies/isp.md": approved("POL-001", "Information Security Policy", "1.1", `["5.1(a)", "5.1(d)"]`, strings.Replace(policyBody, "We protect", "We always protect", 1)),
	})
	commit("Draft a new procedure", map[string]string{
		"content/drafts/hostile.md": doc([][2]string{{"id", "DRF-001"}, {"title", `"<script>alert(1)</script>"`}, {"owner", `"<b>Bold</b> Owner"`},
			{"version", `"0.1"`}, {"status", "draft"}, {"classification", "internal"}, {"type", "process"}, {"last_reviewed", "2026-06-01"},
			{"requirements", `["5.1(b)"]`}, {"x-note", `"<img src=x onerror=alert(2)>"`}}, "# Draft\n\nSome <script>alert(3)</script> text.\n"),
		"content/records/old.md": doc([][2]string{{"id", "REC-001"}, {"title", "Old Record"}, {"owner", "Head of IT"}, {"version", `"2.0"`},
			{"status", "retired"}, {"classification", "internal"}, {"type", "record"}, {"last_reviewed", "2024-01-01"},
			{"ismspack-ignore", `{leftover-marker: "kept for the record only"}`}}, "# Old Record\n\nNothing current. TODO tidy\n"),
	})
	commit("Review the plan", map[string]string{
		"content/plans/communication-plan.md": approved("PLN-001", "Communication Plan", "1.1", `["5.1(d)"]`, "# Communication Plan\n\n## Audience\n\nEveryone, the unusual phrase zebra crossing quietly included.\n\nBack to the [policy](../policies/isp.md).\n"),
	})
	return load(t, r.Dir, testConfig())
}

func TestEveryInternalLinkAndAnchorResolves(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	assertLinksResolve(t, out)
}

func TestNoOutsideRequests(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	for name, pg := range parseSite(t, out) {
		for _, r := range pg.refs {
			loads := r.attr == "src" || r.tag == "link"
			if loads && (strings.Contains(r.url, "://") || strings.HasPrefix(r.url, "//")) {
				t.Errorf("%s: <%s %s=%q> loads from outside the site", name, r.tag, r.attr, r.url)
			}
		}
	}
	css := readOut(t, out, "static/style.css")
	if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
		t.Error("style.css loads something: it must be self-contained")
	}
}

func TestScriptInTitleIsEscaped(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	for _, p := range []string{"docs/drafts/hostile.html", "register.html", "index.html", "owners.html", "findings.html", "changes.html"} {
		s := readOut(t, out, p)
		for _, bad := range []string{"<script>alert", "<b>Bold", "<img src=x", "<div onclick"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q: front matter or body became markup", p, bad)
			}
		}
	}
	s := readOut(t, out, "docs/drafts/hostile.html")
	if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the hostile title is not shown as text")
	}
	idx := readOut(t, out, searchIndexPath)
	if strings.Contains(idx, "<script") || strings.Contains(idx, "</") {
		t.Error("search index holds markup that could close a script")
	}
}

func TestRawHTMLIsSanitized(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	s := readOut(t, out, "docs/policies/isp.html")
	if !strings.Contains(s, "<div>raw html is dropped</div>") || strings.Contains(s, `onclick=`) {
		t.Error("raw HTML block not rendered without its event handler")
	}
	if !strings.Contains(s, "<table>") || !strings.Contains(s, `id="fn:1"`) {
		t.Error("GFM table or footnote missing: the renderer lacks the document's extensions")
	}
}

func TestDraftAndRetiredAreMarked(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	draft := `<span class="badge status-draft">Draft</span>`
	retired := `<span class="badge status-retired">Retired</span>`
	for _, c := range []struct{ page, want string }{
		{"docs/drafts/hostile.html", draft},
		{"docs/drafts/hostile.html", "notice-draft"},
		{"register.html", draft},
		{"register.html", retired},
		{"owners.html", draft},
		{"index.html", draft},
		{"req/5.1b.html", draft},
		{"docs/records/old.html", retired},
		{"docs/records/old.html", "notice-retired"},
		{"changes.html", draft},
	} {
		if !strings.Contains(readOut(t, out, c.page), c.want) {
			t.Errorf("%s does not show %s", c.page, c.want)
		}
	}
}

func TestInternalLinksPointAtPages(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	s := readOut(t, out, "docs/policies/isp.html")
	for _, want := range []string{
		`href="../../docs/plans/communication-plan.html#audience"`,
		`href="#scope"`,
		`src="../../docs/images/cycle.png"`,
		// The title is the link rule's finding, naming the path as resolved.
		`class="link-broken" title="link to content/policies/missing.md (written missing.md), which is not in the commit`,
		`class="link-broken" title="link ../../../etc/passwd climbs out of the repository`,
		// The page holds raw HTML, so its body is written back by the
		// HTML parser, which orders attributes by name.
		`class="external" href="https://www.iso.org/standard/27001"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("policy page lacks %s", want)
		}
	}
	if !exists(out, "docs/images/cycle.png") {
		t.Error("linked image not copied")
	}
	if exists(out, "docs/ismspack.yaml") {
		t.Error("unlinked content files copied")
	}
}

// TestSharedASTIsNotChanged renders the site over the model's own AST,
// which the checks and the PDF read too: rendering must leave every node,
// link destination, attribute and text as the parser made them.
func TestSharedASTIsNotChanged(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	d := m.Doc("content/policies/isp.md")
	before := dumpAST(d)
	if !strings.Contains(before, "Link dest=") || !strings.Contains(before, "Image dest=") {
		t.Fatalf("fixture has no links or images to watch:\n%s", before)
	}
	render(t, m, fs)
	if after := dumpAST(d); after != before {
		t.Errorf("rendering changed the shared AST:\n%s", lineDiff(before, after))
	}
}

// dumpAST writes d's AST as it is now, one node a line: its kind, its
// attributes, a link's or image's destination and title, a text's bytes.
func dumpAST(d *isms.Doc) string {
	var b strings.Builder
	_ = ast.Walk(d.AST(), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString("end\n")
			return ast.WalkContinue, nil
		}
		b.WriteString(n.Kind().String())
		for _, a := range n.Attributes() {
			fmt.Fprintf(&b, " %s=%v", a.Name, a.Value)
		}
		switch v := n.(type) {
		case *ast.Link:
			fmt.Fprintf(&b, " dest=%q title=%q", v.Destination, v.Title)
		case *ast.Image:
			fmt.Fprintf(&b, " dest=%q title=%q", v.Destination, v.Title)
		case *ast.AutoLink:
			fmt.Fprintf(&b, " url=%q", v.URL(d.Body))
		case *ast.Text:
			fmt.Fprintf(&b, " %q", v.Segment.Value(d.Body))
		case *ast.String:
			fmt.Fprintf(&b, " %q", v.Value)
		}
		b.WriteString("\n")
		return ast.WalkContinue, nil
	})
	return b.String()
}

// lineDiff lists the lines of want and got that differ, by position.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, fmt.Sprintf("- %s\n+ %s", a, b))
		}
	}
	return strings.Join(out, "\n")
}

func TestTwoRendersAreByteIdentical(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	a := render(t, m, fs)
	b := render(t, m, fs)
	m2, fs2 := fixture(t) // a second repository made the same way
	c := render(t, m2, fs2)
	want := tree(t, a)
	if len(want) < 20 {
		t.Fatalf("only %d files written", len(want))
	}
	for _, other := range []string{b, c} {
		got := tree(t, other)
		if len(got) != len(want) {
			t.Errorf("%d files, want %d", len(got), len(want))
		}
		for p, data := range want {
			if !bytes.Equal(got[p], data) {
				t.Errorf("%s differs between renders", p)
			}
		}
	}
}

func tree(t *testing.T, dir string) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestHistoryPageHoldsASectionPerRevision(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	n := 0
	for _, d := range m.Docs {
		page := readOut(t, out, "docs/"+d.Slug+".html")
		hist := readOut(t, out, "docs/"+d.Slug+".history.html")
		for _, r := range d.History {
			id := "r-" + r.Commit.Short()
			if !strings.Contains(hist, `<section id="`+id+`" class="rev"`) {
				t.Errorf("%s: no section %s", d.Slug, id)
				continue
			}
			n++
			if want := `href="../../docs/` + d.Slug + `.history.html#` + id + `"`; !strings.Contains(page, want) {
				t.Errorf("%s does not link to its revision: no %s", d.Slug, want)
			}
			if !strings.Contains(hist, `href="#`+id+`"`) {
				t.Errorf("%s: the index does not link to %s", d.Slug, id)
			}
		}
		if exists(out, "docs/"+d.Slug+"/"+d.History[0].Commit.Short()+".html") {
			t.Errorf("%s: a file per revision is still written", d.Slug)
		}
	}
	if n < 6 {
		t.Errorf("%d revision sections, want one per history entry (6+)", n)
	}
	isp := m.Doc("content/policies/isp.md")
	hist := readOut(t, out, "docs/policies/isp.history.html")
	old := section(t, hist, "r-"+isp.History[1].Commit.Short())
	if !strings.Contains(old, "We protect the information") || strings.Contains(old, "We always protect") {
		t.Error("the old revision's section does not show the old body")
	}
	if !strings.Contains(old, "A superseded version") || !strings.Contains(old, "Version 1.0") {
		t.Error("the old revision's section does not say it is superseded version 1.0")
	}
	if !strings.Contains(old, `rel="next"`) || strings.Contains(old, `rel="prev"`) {
		t.Error("the oldest section should link to a newer one only")
	}
	cur := section(t, hist, "r-"+isp.History[0].Commit.Short())
	if !strings.Contains(cur, "We always protect") || !strings.Contains(cur, "The document as its latest commit left it") {
		t.Error("the newest section does not show the current body as the latest")
	}
	if !strings.Contains(readOut(t, out, "docs/policies/isp.html"), "We always protect") {
		t.Error("document page does not show the current body")
	}
}

func TestHistorySectionsPrefixTheirIDs(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	isp := m.Doc("content/policies/isp.md")
	hist := readOut(t, out, "docs/policies/isp.history.html")
	id := "r-" + isp.History[1].Commit.Short()
	old := section(t, hist, id)
	for _, want := range []string{
		`<h2 id="` + id + `-purpose">`,                                  // a heading
		`href="#` + id + `-purpose"`,                                    // its link to itself
		`href="#` + id + `-scope"`,                                      // a link to a heading of the document
		`id="` + id + `-fn:1"`,                                          // a footnote
		`href="#` + id + `-fn:1"`,                                       // the link to it
		`class="rev-title" id="` + id + `-information-security-policy"`, // the H1 left out for the title
		`href="../../docs/plans/communication-plan.html#audience"`,      // other documents are as now
	} {
		if !strings.Contains(old, want) {
			t.Errorf("old section lacks %s", want)
		}
	}
	if strings.Contains(hist, "\xff") {
		t.Error("the id placeholder was left in the page")
	}
}

// TestMetadataOnlyCommitsShareTheBody checks that a commit that changed
// only the front matter shows the body it left, under its own ids, also
// when the source holds the byte the id placeholder is made of.
func TestMetadataOnlyCommitsShareTheBody(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	body := "# Plan\n\n## Steps\n\nSee [steps](#steps) and a note[^n].\n\n[^n]: A note.\n"
	odd := "# Odd\n\n## Part\n\nA stray \xff byte, [part](#part).\n"
	for i, v := range []string{"1.0", "1.1", "1.2"} {
		r.Commit(testrepo.Commit{Message: "Version " + v, When: testStart.AddDate(0, 0, i), Files: map[string]string{
			"content/plan.md": approved("PLN-1", "Plan", v, `["5.1(c)"]`, body),
			"content/odd.md":  approved("ODD-1", "Odd", v, `["5.1(c)"]`, odd),
		}})
	}
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	assertLinksResolve(t, out) // no id twice on a page, every #r-... link lands
	for _, c := range []struct{ doc, page, heading string }{{"content/plan.md", "docs/plan.history.html", "steps"}, {"content/odd.md", "docs/odd.history.html", "part"}} {
		d := m.Doc(c.doc)
		if len(d.History) != 3 || d.History[0].BodyChanged {
			t.Fatalf("%s: history %+v, want three commits, the last changing only the front matter", c.doc, d.History)
		}
		hist := readOut(t, out, c.page)
		for _, rev := range d.History {
			id := "r-" + rev.Commit.Short()
			sec := section(t, hist, id)
			if !strings.Contains(sec, `<h2 id="`+id+`-`+c.heading+`">`) || !strings.Contains(sec, `href="#`+id+`-`+c.heading+`"`) {
				t.Errorf("%s: section %s does not show the body under its own ids:\n%s", c.page, id, sec)
			}
		}
	}
}

// section returns the section with the given id from a history page.
func section(t *testing.T, page, id string) string {
	t.Helper()
	start := strings.Index(page, `<section id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no section %s", id)
	}
	end := strings.Index(page[start:], "</section>")
	return page[start : start+end]
}

func TestFindingsAreLinkedToTheirDocumentAndLine(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	s := readOut(t, out, "findings.html")
	if !strings.Contains(s, `href="docs/policies/isp.html#scope"`) {
		t.Error("the broken link in the Scope section is not linked to that section")
	}
	if !strings.Contains(s, "kept for the record only") {
		t.Error("accepted exception and its reason not shown")
	}
	old := readOut(t, out, "docs/records/old.html")
	if !regexp.MustCompile(`Accepted exceptions[\s\S]*leftover-marker[\s\S]*kept for the record only`).MatchString(old) {
		t.Error("document page does not list its accepted exception with the reason")
	}
}

func TestPrintedPagesAreLabelled(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	s := readOut(t, out, "docs/policies/isp.html")
	// One label, in the page: a margin box saying it again prints it twice.
	if n := strings.Count(s, `<p class="print-only print-label">POL-001 · version 1.1 · Uncontrolled when printed</p>`); n != 1 {
		t.Errorf("document page has %d print labels, want 1", n)
	}
	if strings.Contains(s, "@top-left") || strings.Contains(s, "@top-right") {
		t.Error("document page repeats the label in a @page margin box")
	}
	// Each revision on the history page carries its own label; only the
	// section shown prints.
	isp := m.Doc("content/policies/isp.md")
	h := readOut(t, out, "docs/policies/isp.history.html")
	for i, r := range isp.History {
		note := "Superseded copy of commit " + r.Commit.Short()
		if i == 0 {
			note = "Copy of commit " + r.Commit.Short()
		}
		want := `<p class="print-only print-label">POL-001 · version ` + r.Version + ` · ` + note + ` — Uncontrolled when printed</p>`
		if n := strings.Count(h, want); n != 1 {
			t.Errorf("history page has %q %d times, want once", want, n)
		}
	}
	if strings.Contains(h, "@top-left") || strings.Contains(h, "@page") {
		t.Error("history page repeats the label in a @page margin box")
	}
}

func TestThemeOverridesFileByFile(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	theme := themes.Open(fstest.MapFS{
		"templates/owners.html": {Data: []byte(`{{define "main"}}<p>custom owners: {{len .Owners}}</p>{{end}}`)},
		"templates/_extra.html": {Data: []byte(`{{define "extra"}}x{{end}}`)},
		"static/logo.txt":       {Data: []byte("logo")},
	})
	out := renderTheme(t, m, fs, theme)
	if s := readOut(t, out, "owners.html"); !strings.Contains(s, "custom owners: 3") || !strings.Contains(s, `class="site-header"`) {
		t.Error("owners.html not overridden inside the default layout")
	}
	if s := readOut(t, out, "register.html"); !strings.Contains(s, "Document register") {
		t.Error("register.html did not fall back to the default")
	}
	if readOut(t, out, "static/logo.txt") != "logo" || !exists(out, "static/style.css") {
		t.Error("static files not merged from both layers")
	}
}

func TestBrokenThemeNamesTheFile(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	theme := themes.Open(fstest.MapFS{"templates/doc.html": {Data: []byte(`{{define "main"}}{{.Nope}`)}})
	err := Render(t.TempDir(), m, fs, theme)
	if err == nil || !strings.Contains(err.Error(), "templates/doc.html") {
		t.Fatalf("err = %v, want it to name templates/doc.html", err)
	}
}

func TestSearchIndexHoldsBodies(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	idx := readOut(t, out, searchIndexPath)
	if !strings.HasPrefix(idx, "/* Generated by ismspack") || !strings.Contains(idx, "window.ISMSPACK_SEARCH = JSON.parse('") {
		t.Fatalf("index does not assign the global: %.80s", idx)
	}
	data := readSearchIndex(t, idx)
	found := false
	for _, d := range data.Docs {
		if d.ID == "PLN-001" {
			found = strings.Contains(searchBody(t, data, d), "the unusual phrase zebra crossing quietly included")
		}
	}
	if !found {
		t.Error("index lacks a phrase from a body")
	}
}

// readSearchIndex reads search-index.js back the way search.js does: the
// JavaScript string given to JSON.parse, then the JSON.
func readSearchIndex(t *testing.T, idx string) searchData {
	t.Helper()
	const open, end = "JSON.parse('", "');\n"
	i := strings.Index(idx, open)
	if i < 0 || !strings.HasSuffix(idx, end) {
		t.Fatalf("index is not a JSON.parse of a string: %.80s", idx)
	}
	var js strings.Builder
	lit := idx[i+len(open) : len(idx)-len(end)]
	for j := 0; j < len(lit); j++ {
		switch c := lit[j]; c {
		case '\\':
			j++
			if j == len(lit) || (lit[j] != '\\' && lit[j] != '\'') {
				t.Fatalf("index string has an escape search.go does not write at %d", j)
			}
			js.WriteByte(lit[j])
		case '\'', '\n', '\r':
			t.Fatalf("index string has an unescaped %q at %d", c, j)
		default:
			js.WriteByte(c)
		}
	}
	var data searchData
	if err := json.Unmarshal([]byte(js.String()), &data); err != nil {
		t.Fatalf("index JSON: %v", err)
	}
	return data
}

// searchBody is a document's body text as search.js rebuilds it.
func searchBody(t *testing.T, data searchData, d searchDoc) string {
	t.Helper()
	var words []string
	n := 0
	for _, c := range []byte(d.Words) {
		g := strings.IndexByte(wordDigits, c)
		if g < 0 {
			t.Fatalf("%s: %q is not a digit of a word number", d.ID, c)
		}
		if g >= 32 {
			n = n*32 + g - 32
			continue
		}
		n = n*32 + g
		if n >= len(data.Words) {
			t.Fatalf("%s: word %d of %d", d.ID, n, len(data.Words))
		}
		words = append(words, data.Words[n])
		n = 0
	}
	return strings.Join(words, " ")
}

// TestSearchIndexKeepsEveryBody: each body the index holds is the
// document's text exactly, however its words repeat, whatever their
// case, punctuation or script, and through more distinct words than
// two characters number.
func TestSearchIndexKeepsEveryBody(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	files := map[string]string{}
	var many strings.Builder
	for i := range 1200 {
		fmt.Fprintf(&many, "w%d ", i)
	}
	bodies := map[string]string{
		"A-1": "# A\n\nThe Quick, brown fox's \"jump\" \\ back\\slash; ΟΔΟΣ İstanbul straße 日本語 </script> & it's done.\n",
		"A-2": "# B\n\nthe the the THE The quick\u2028line \u2029para tab\there\n\n```\ncode  block\n```\n",
		"A-3": "# C\n\n" + many.String() + "\n",
		"A-4": "# D\n",
	}
	for id, b := range bodies {
		files["content/"+strings.ToLower(id)+".md"] = approved(id, "Doc "+id, "1.0", `["5.1(a)"]`, b)
	}
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: files})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	data := readSearchIndex(t, readOut(t, out, searchIndexPath))
	if len(data.Docs) != len(bodies) {
		t.Fatalf("index holds %d documents, want %d", len(data.Docs), len(bodies))
	}
	for _, d := range data.Docs {
		var tb bytes.Buffer
		doc := m.Doc("content/" + strings.ToLower(d.ID) + ".md")
		if doc == nil {
			t.Fatalf("index names %q, which is no document", d.ID)
		}
		plainText(&tb, doc.Body, doc.AST())
		if got, want := searchBody(t, data, d), collapse(tb.Bytes()); got != want {
			t.Errorf("%s: index body\n%q\nwant\n%q", d.ID, got, want)
		}
	}
	if len(data.Words) < 1200 {
		t.Errorf("index holds %d words, want the 1200 distinct ones of A-3 at least", len(data.Words))
	}
}

func TestRequirementPageSaysWhatIsMissing(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	if s := readOut(t, out, "req/5.1c.html"); !strings.Contains(s, "No document lists 5.1(c)") || !strings.Contains(s, "rag-red") {
		t.Error("uncovered item not shown red with what is missing")
	}
	if s := readOut(t, out, "req/5.1b.html"); !strings.Contains(s, "rag-amber") || !strings.Contains(s, "status draft, not approved") {
		t.Error("item covered only by a draft not shown amber with the reason")
	}
	if s := readOut(t, out, "req/5.1d.html"); !strings.Contains(s, "rag-green") {
		t.Error("covered item not green")
	}
}

func TestNoPDFOptionDropsPDFLinks(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := t.TempDir()
	if err := RenderWith(out, m, fs, themes.FS(), Options{NoPDF: true}); err != nil {
		t.Fatal(err)
	}
	if problems := linkProblems(t, out, nil); len(problems) > 0 {
		t.Errorf("without PDFs: %v", problems)
	}
	withPDF := render(t, m, fs)
	if s := readOut(t, withPDF, "docs/policies/isp.html"); !strings.Contains(s, `href="../../pdf/policies/isp.pdf"`) {
		t.Error("document page does not link pdf/<slug>.pdf")
	}
}

// TestExampleContentRenders builds the repository's own example ISMS, as
// committed, and checks every link. With ISMSPACK_SITE_OUT set it renders
// there instead of a temporary directory, to look at the result.
func TestExampleContentRenders(t *testing.T) {
	t.Parallel()
	m, fs := loadExample(t)
	out := os.Getenv("ISMSPACK_SITE_OUT")
	if out == "" {
		out = t.TempDir()
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Render(out, m, fs, themes.FS()); err != nil {
		t.Fatal(err)
	}
	assertLinksResolve(t, out)
	if !exists(out, "docs/images/isms-cycle.png") {
		t.Error("the example's image was not copied")
	}
}

// loadExample commits the example ISMS in content/, as it is on disk, to
// a fresh repository and loads it: the test needs the example, not this
// repository's history.
func loadExample(t testing.TB) (*isms.Model, []check.Finding) {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../..", p)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := testrepo.Make(t, testrepo.Commit{Files: files, Message: "add the example ISMS", When: testAsOf})
	m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: testAsOf})
	if err != nil {
		t.Fatal(err)
	}
	return m, check.Run(m, check.Rules())
}

func TestOddDocumentsStillRender(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/plans/old name.md":      approved("PLN-9", "Renamed Plan", "1.0", `["5.1(c)"]`, "# Renamed Plan\n\n## Steps\n\nSee [the odd one](../odd/Ünïcode%20%23hash.md#part-two).\n"),
		"content/odd/Ünïcode #hash.md":   approved("ODD-1", "Odd Name", "1.0", `["5.1(c)"]`, "# Odd Name\n\n## Part two\n\nBack to [the plan](../plans/old%20name.md#steps).\n"),
		"content/broken/no-front.md":     "# Just text\n\nNo front matter here.\n",
		"content/broken/bad-yaml.md":     "---\ntitle: [unclosed\n---\n# Bad\n",
		"content/broken/binary.md":       "\x00\x01\x02",
		"content/broken/unclosed-fm.md":  "---\nid: X\n# never closed\n",
		"content/images/not-linked.png":  png,
		"content/notes/readme.markdown":  "---\nid: N-1\ntitle: Notes\n---\nplain\n",
		"content/notes/readme.md":        "---\nid: N-2\ntitle: Notes again\n---\nsame slug as the .markdown\n",
		"content/plans/empty.md":         "",
		"content/odd/collide.md":         "---\nid: C-1\ntitle: Collide\n---\nIts history page would be the next one's page.\n",
		"content/odd/collide.history.md": "---\nid: C-2\ntitle: Collide history\n---\nA document whose name ends in .history.\n",
	}})
	r.Commit(testrepo.Commit{Message: "Rename the plan", When: testStart.AddDate(0, 0, 1),
		Rename: map[string]string{"content/plans/old name.md": "content/plans/new-name.md"}})
	r.Commit(testrepo.Commit{Message: "Edit the plan", When: testStart.AddDate(0, 0, 2), Files: map[string]string{
		"content/plans/new-name.md": approved("PLN-9", "Renamed Plan", "1.1", `["5.1(c)"]`, "# Renamed Plan\n\n## Steps\n\nEdited. See [the odd one](../odd/Ünïcode%20%23hash.md#part-two).\n"),
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	assertLinksResolve(t, out)
	plan := m.Doc("content/plans/new-name.md")
	if plan == nil || len(plan.History) < 2 {
		t.Fatalf("renamed plan history: %+v", plan)
	}
	hist := readOut(t, out, "docs/plans/new-name.history.html")
	for _, rev := range plan.History {
		if !strings.Contains(hist, `<section id="r-`+rev.Commit.Short()+`"`) {
			t.Errorf("no section for %s (%s)", rev.Commit.Short(), rev.Action)
		}
	}
	if !exists(out, "docs/notes/readme.html") || !exists(out, "docs/notes/readme-2.html") {
		t.Error("two documents with one slug do not get a page each")
	}
	if s := readOut(t, out, "docs/odd/collide.history.html"); !strings.Contains(s, "name ends in .history") {
		t.Error("a document named like another's history page lost its page")
	}
	if s := readOut(t, out, "docs/odd/collide.history-2.html"); !strings.Contains(s, "would be the next one") {
		t.Error("the history page moved aside for a document is not where expected")
	}
	if !exists(out, "docs/odd/Ünïcode #hash.html") {
		t.Error("a document with an odd file name has no page")
	}
	if exists(out, "docs/images/not-linked.png") {
		t.Error("an image no document links to was copied")
	}
}

func TestPictureBombIsNotShown(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/net.md":       approved("NET-1", "Network", "1.0", `["5.1(c)"]`, "# Network\n\n![Network diagram](img/bomb.png)\n\n![Cycle](img/ok.png)\n"),
		"content/img/bomb.png": string(testrepo.BombPNG(20000, 20000)),
		"content/img/ok.png":   png,
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "docs/net.html")
	if strings.Contains(page, `src="img/bomb.png"`) || strings.Contains(page, "bomb.png\" alt") {
		t.Error("the page asks the browser to decode a 400-megapixel picture")
	}
	if !strings.Contains(page, "declares 20000×20000 pixels") {
		t.Error("the page does not say why the picture is not shown")
	}
	if !strings.Contains(page, `img/ok.png" alt="Cycle"`) {
		t.Error("a usable picture beside it is no longer shown")
	}
}

func TestEmptyISMSRenders(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Start", When: testStart, Files: map[string]string{"content/README.txt": "nothing yet\n"}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	assertLinksResolve(t, out)
	for _, p := range []string{"index.html", "register.html", "owners.html", "findings.html", "changes.html", "search.html", searchIndexPath, "req/5.1a.html"} {
		if !exists(out, p) {
			t.Errorf("no %s", p)
		}
	}
}

func TestHostileIDCannotLeaveThePrintStyle(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/x.md": doc([][2]string{{"id", `'X"}</style><script>alert(5)</script>'`}, {"title", "X"}, {"version", `"1.0</style><b>"`},
			{"status", "approved"}}, "# X\n"),
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	for _, p := range []string{"docs/x.html", "docs/x.history.html"} {
		s := readOut(t, out, p)
		if strings.Contains(s, "<script>alert(5)") || strings.Contains(s, "</style><b>") {
			t.Errorf("%s: an id or version escaped the print style", p)
		}
		if n := strings.Count(s, "</style>"); n != 0 {
			t.Errorf("%s: %d </style> tags, want none", p, n)
		}
	}
}

func TestChangesSinceARefListAddedChangedRemoved(t *testing.T) {
	t.Parallel()
	doc := func(id, version, body string) string {
		return testrepo.Doc(map[string]string{"id": id, "title": "Title " + id, "version": version}, body)
	}
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md": doc("ISMS-A", `"1.0"`, "# A\n"),
		"content/b.md": doc("ISMS-B", `"1.0"`, "# B\n"),
		"content/c.md": doc("ISMS-C", `"2.3"`, "# C\n"),
	}, Message: "audit baseline"})
	if _, err := r.Git.CreateTag("audit-2026", plumbing.NewHash(r.Head[0]), nil); err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/a.md": doc("ISMS-A", `"1.1"`, "# A\n\nMore.\n"),
		"content/d.md": doc("ISMS-D", `"1.0"`, "# D\n"),
	}, Remove: []string{"content/c.md"}, Message: "edit a, add d, retire c"})
	r.Commit(testrepo.Commit{Rename: map[string]string{"content/b.md": "content/sub/b.md"}, Message: "move b"})

	cfg := testConfig()
	m, err := isms.Open(isms.Options{Dir: r.Dir, Config: &cfg, AsOf: testAsOf, Since: "audit-2026"})
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, m, check.Run(m, check.Rules()))
	page := readOut(t, out, "changes.html")
	for _, want := range []string{"audit-2026", "1 document added, 1 changed, 1 removed; 1 unchanged", "ISMS-C Title ISMS-C (was version 2.3)"} {
		if !strings.Contains(page, want) {
			t.Errorf("changes page lacks %q", want)
		}
	}
	if !regexp.MustCompile(`(?s)ISMS-A.*1\.0.*1\.1`).MatchString(page) {
		t.Error("changes page does not show ISMS-A going from 1.0 to 1.1")
	}
	assertLinksResolve(t, out)
}

func TestCoverageFindingsLinkToTheirRequirement(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"requirements": `["5.1(a)"]`}, "# A\n"),
	}})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "findings.html")
	if !strings.Contains(page, `href="req/5.1h.html"><code>5.1(h)</code>`) {
		t.Error("the coverage gap for 5.1(h) does not link to its requirement page under the item's ID")
	}
	if req := readOut(t, out, "req/5.1h.html"); !strings.Contains(req, `<code>coverage-gap</code> 5.1(h) Other managers supported to lead: no document evidences it`) {
		t.Error("the requirement page of 5.1(h) does not show its coverage gap")
	}
	if req := readOut(t, out, "req/5.1a.html"); strings.Contains(req, `<code>coverage-gap</code>`) {
		t.Error("the requirement page of 5.1(a), which is covered, shows a coverage gap")
	}
	assertLinksResolve(t, out)
}

func TestPagesDeclareTheConfiguredLanguage(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": testrepo.Doc(nil, "# A\n")}})
	cfg := testConfig()
	cfg.Language = "de-CH"
	m, fs := load(t, r.Dir, cfg)
	out := render(t, m, fs)
	for _, p := range []string{"index.html", "docs/a.html"} {
		if !strings.Contains(readOut(t, out, p), `<html lang="de-CH">`) {
			t.Errorf("%s does not declare lang de-CH", p)
		}
	}
}

func TestMissingFieldsReadNaturally(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	for i, body := range []string{"One.", "Two."} {
		r.Commit(testrepo.Commit{When: testStart.AddDate(0, 0, i), Files: map[string]string{
			"content/bare.md": "---\ntitle: Bare Policy\n---\n# Bare Policy\n\n" + body + "\n"}})
	}
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	page := readOut(t, out, "docs/bare.html")
	hist := readOut(t, out, "docs/bare.history.html")
	for _, bad := range []string{"without a version", "()", "Version <span"} {
		if strings.Contains(page+hist, bad) {
			t.Errorf("a document without a version reads %q", bad)
		}
	}
	if !strings.Contains(page, "No version number") || !strings.Contains(hist, "has no version number yet") {
		t.Error("the pages do not say the document has no version number")
	}
	if !strings.Contains(hist, "← Older (commit "+m.Docs[0].History[1].Commit.Short()+")") {
		t.Error("the newer revision does not name the older one by its commit")
	}
	if !strings.Contains(page, `>Requirements</a>`) {
		t.Error("the top bar has no Requirements link")
	}
}

func TestDocumentPagesListTheDocumentsByType(t *testing.T) {
	t.Parallel()
	m, fs := fixture(t)
	out := render(t, m, fs)
	page := readOut(t, out, "docs/policies/isp.html")
	start := strings.Index(page, `<nav id="Documents"`)
	if start < 0 {
		t.Fatal("document page has no navigation of the documents by type")
	}
	nav := page[start : start+strings.Index(page[start:], "</nav>")]
	// Each type's part of the nav: its summary up to the next one.
	parts := map[string]string{}
	for _, p := range strings.Split(nav, `<details class="doc-nav-type"`)[1:] {
		typ := p[strings.Index(p, "<summary>")+len("<summary>") : strings.Index(p, " <span")]
		parts[typ] = p
	}
	types := map[string]bool{}
	for _, d := range m.Docs {
		typ := d.Meta.Type
		if typ == "" {
			typ = "No type"
		}
		types[typ] = true
		slug := strings.TrimSuffix(strings.TrimPrefix(d.Path, "content/"), ".md")
		if !strings.Contains(parts[typ], `<a href="../../docs/`+slug+`.html"`) {
			t.Errorf("%s is not listed under its type %q in the navigation", d.Path, typ)
		}
	}
	if len(parts) != len(types) {
		t.Errorf("the navigation has %d types, want %d", len(parts), len(types))
	}
	if n := strings.Count(nav, `aria-current="page"`); n != 1 || !strings.Contains(nav, `<a href="../../docs/policies/isp.html" aria-current="page">`) {
		t.Errorf("the navigation marks %d documents current, want isp.html alone:\n%s", n, nav)
	}
	if !strings.Contains(parts["policy"], " open>") {
		t.Error("the current document's type is not open in the navigation")
	}
}

func TestNavigationListsAWindowOfALongType(t *testing.T) {
	t.Parallel()
	reg := make([]*DocRef, 100)
	for i := range reg {
		reg[i] = &DocRef{ID: fmt.Sprintf("POL-%03d", i), Type: "policy"}
	}
	s := &site{types: groupByType(append(reg, &DocRef{ID: "PLN-001", Type: "plan"}))}
	nav := s.nav(reg[70])
	if len(nav) != 2 || nav[0].Type != "plan" || nav[1].Type != "policy" {
		t.Fatalf("types %v, want plan then policy", nav)
	}
	g := nav[1]
	if len(g.Docs) != navWindow || g.Before+len(g.Docs)+g.After != 100 || g.Count != 100 {
		t.Errorf("lists %d of 100 with %d before and %d after, want %d in all", len(g.Docs), g.Before, g.After, navWindow)
	}
	cur := 0
	for _, d := range g.Docs {
		if d.Current {
			cur++
			if d.DocRef != reg[70] {
				t.Errorf("marks %s current, want POL-070", d.ID)
			}
		}
	}
	if cur != 1 {
		t.Errorf("marks %d documents current, want 1", cur)
	}
	// With more than navAll documents, the other types only say how many
	// they have, so a page does not carry a link to every document.
	if p := nav[0]; len(p.Docs) != 0 || p.After != 1 {
		t.Errorf("in a large ISMS the plan type lists %d documents with %d after, want none listed and 1 after", len(p.Docs), p.After)
	}
	small := &site{types: groupByType(append(reg[:10:10], &DocRef{ID: "PLN-001", Type: "plan"}))}
	if p := small.nav(reg[3])[0]; len(p.Docs) != 1 || p.After != 0 {
		t.Errorf("in a small ISMS the plan type lists %d documents with %d after, want it listed", len(p.Docs), p.After)
	}
}

package pdf

import (
	"fmt"
	"html"
	"image/color"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/site"
	"github.com/ismspack/ismspack/themes"
)

// linkRow is one kind of link, written on its own line of content/links.md,
// with what each consumer of the model must make of it. rule is the
// finding check reports ("" for none); href is the site's href, resolved
// against docs/links.html ("" when the site shows the link broken); pdf is
// the per-document PDF's destination with site_url set ("" for no link).
type linkRow struct {
	name, md string
	rule     string
	href     string
	pdf      string
}

// TestEveryLinkKindAgreesInCheckSiteAndPDF resolves one link of every
// kind and holds check's finding, the site's href and the PDF's
// destination to one another: a link check finds nothing wrong exactly
// when both renderers lead somewhere, and they lead to the same place.
func TestEveryLinkKindAgreesInCheckSiteAndPDF(t *testing.T) {
	t.Parallel()
	rows := []linkRow{
		{"document", "[r](target.md)", "", "../docs/target.html", "url:https://isms.example/docs/target.html"},
		{"document#heading", "[r](target.md#scope)", "", "../docs/target.html#scope", "url:https://isms.example/docs/target.html#scope"},
		{"document#missing", "[r](target.md#nope)", "link-broken", "", ""},
		{"directory with a README", "[r](sub/)", "", "../docs/sub/README.html", "url:https://isms.example/docs/sub/README.html"},
		{"directory heading", "[r](sub/#index)", "", "../docs/sub/README.html#index", "url:https://isms.example/docs/sub/README.html#index"},
		{"directory without an index", "[r](nodir/)", "link-broken", "", ""},
		{"footnote", "[r](#fn:1)", "", "#fn:1", "key:fn:content/links.md#1"},
		{"footnote reference", "[r](#fnref:1)", "", "#fnref:1", "key:fnref:content/links.md#1"},
		{"footnote in another document", "[r](target.md#fn:1)", "", "../docs/target.html#fn:1", "url:https://isms.example/docs/target.html#fn:1"},
		{"missing footnote", "[r](#fn:7)", "link-broken", "", ""},
		{"heading here", "[r](#local)", "", "#local", "key:doc:content/links.md#local"},
		{"missing heading here", "[r](#elsewhere)", "link-broken", "", ""},
		{"top of this document", "[r](#)", "", "../docs/links.html", "key:doc:content/links.md"},
		{"image", "![r](img/pic.png)", "", "img:../docs/img/pic.png", "picture"},
		{"missing image", "![r](img/none.png)", "image-missing", "", "placeholder"},
		{"image of a document", "![r](target.md)", "image-missing", "", "placeholder"},
		{"asset", "[r](files/guide.pdf)", "", "../docs/files/guide.pdf", ""}, // the pack carries no files
		{"external", "[r](https://example.com/x?q=1)", "", "https://example.com/x?q=1", "url:https://example.com/x?q=1"},
		{"unsafe scheme", "[r](javascript:alert(1))", "link-broken", "", ""},
		{"outside the repository", "[r](../../etc/passwd)", "link-outside", "", ""},
		{"outside the content directory", "[r](../README.md)", "link-outside", "", ""},
		{"missing file", "[r](nothing.md)", "link-broken", "", ""},
		{"no destination", "[r]()", "link-broken", "", ""},
		{"URL-encoded name", "[r](my%20doc.md)", "", "../docs/my%20doc.html", "url:https://isms.example/docs/my%20doc.html"},
		{"name with spaces", "[r](<my doc.md>)", "", "../docs/my%20doc.html", "url:https://isms.example/docs/my%20doc.html"},
		{"name with # encoded", "[r](a%23b.md#scope)", "", "../docs/a%23b.html#scope", "url:https://isms.example/docs/a%23b.html#scope"},
		{"name with # as written", "[r](<a#b.md>)", "", "../docs/a%23b.html", "url:https://isms.example/docs/a%23b.html"},
		{"name with a stray %", "[r](100%.md)", "", "../docs/100%25.html", "url:https://isms.example/docs/100%25.html"},
	}
	var body strings.Builder
	body.WriteString("# Links\n\n## Local\n\nA note[^1].\n\n")
	for i, r := range rows {
		fmt.Fprintf(&body, "Row %d: %s\n\n", i, strings.Replace(r.md, "[r]", fmt.Sprintf("[row%d]", i), 1))
	}
	body.WriteString("[^1]: The note.\n")
	page := "# Target\n\n## Scope\n\nA note[^1].\n\n[^1]: The note.\n"
	m, findings := loadRepo(t, map[string]string{
		"README.md":                "# The repository\n",
		"content/links.md":         doc("LNK-1", "Links", "approved", `["5.1(a)"]`, body.String()),
		"content/target.md":        doc("LNK-2", "Target", "approved", `["5.1(a)"]`, page),
		"content/sub/README.md":    doc("LNK-3", "Index", "approved", `["5.1(a)"]`, "# Index\n"),
		"content/nodir/page.md":    doc("LNK-4", "Page", "approved", `["5.1(a)"]`, "# Page\n"),
		"content/my doc.md":        doc("LNK-5", "Spaced", "approved", `["5.1(a)"]`, "# Spaced\n"),
		"content/a#b.md":           doc("LNK-6", "Hashed", "approved", `["5.1(a)"]`, "# Hashed\n\n## Scope\n"),
		"content/100%.md":          doc("LNK-7", "Percent", "approved", `["5.1(a)"]`, "# Percent\n"),
		"content/img/pic.png":      pngOf(t, 8, 8, color.NRGBA{40, 90, 200, 255}),
		"content/files/guide.pdf":  "%PDF-1.4 a guide\n",
		"content/files/unused.txt": "not linked\n",
	})

	// check: the findings on each row's line.
	d := m.Doc("content/links.md")
	rowLine := map[int]int{}
	for i := range rows {
		rowLine[d.Links[i].Pos.Line] = i
	}
	got := make([]string, len(rows))
	for _, f := range findings {
		if !strings.HasPrefix(f.Rule, "link-") && !strings.HasPrefix(f.Rule, "image-") {
			continue
		}
		i, ok := rowLine[f.Line]
		if f.Path != "content/links.md" || !ok {
			t.Errorf("finding outside the rows: %s:%d: %s: %s", f.Path, f.Line, f.Rule, f.Message)
			continue
		}
		got[i] += f.Rule
	}

	// site: the element each row's link became on docs/links.html.
	out := t.TempDir()
	if err := site.Render(out, m, findings, themes.FS()); err != nil {
		t.Fatal(err)
	}
	htmlPage, err := os.ReadFile(filepath.Join(out, "docs", "links.html"))
	if err != nil {
		t.Fatal(err)
	}

	// PDF: the destination of each row's node in links.pdf.
	// A per-document PDF leads to the same page the site does, on the
	// site at site_url.
	m.Config.SiteURL = "https://isms.example"
	run, err := newRun(m, findings, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	rr := run.newRenderer(docLabel(d), false)
	rr.standalone(d)
	dr := newDocRenderer(rr.w, rr.f, m, d, 0)

	if len(d.Links) < len(rows) {
		t.Fatalf("%d links parsed, want at least %d", len(d.Links), len(rows))
	}
	for i, r := range rows {
		l := d.Links[i]
		if got[i] != r.rule {
			t.Errorf("%s %s: check found %q, want %q (%s)", r.name, r.md, got[i], r.rule, l.Problem)
		}
		href := siteHref(string(htmlPage), fmt.Sprintf("row%d", i))
		if href != r.href {
			t.Errorf("%s %s: site href %q, want %q", r.name, r.md, href, r.href)
		}
		if href != "" && !strings.HasPrefix(href, "https:") {
			if p := missingOnSite(out, strings.TrimPrefix(href, "img:")); p != "" {
				t.Errorf("%s %s: site href %q leads nowhere: %s", r.name, r.md, href, p)
			}
		}
		if pdf := pdfDest(dr, l); pdf != r.pdf {
			t.Errorf("%s %s: PDF destination %q, want %q", r.name, r.md, pdf, r.pdf)
		}
		// A finding exactly when the site shows the link broken.
		if (got[i] == "") != (href != "") {
			shown := "it broken"
			if href != "" {
				shown = "href " + href
			}
			t.Errorf("%s %s: check found %q but the site shows %s", r.name, r.md, got[i], shown)
		}
	}
}

// siteHref finds what the site made of the link or image whose text is
// text: its href ("img:" and the src for a picture), or "" when it shows
// the link broken.
func siteHref(page, text string) string {
	q := regexp.QuoteMeta(text)
	if m := regexp.MustCompile(`<a href="([^"]*)"[^>]*>` + q + `</a>`).FindStringSubmatch(page); m != nil {
		return html.UnescapeString(m[1])
	}
	if m := regexp.MustCompile(`<img src="([^"]*)" alt="` + q + `"`).FindStringSubmatch(page); m != nil {
		return "img:" + html.UnescapeString(m[1])
	}
	if regexp.MustCompile(`<span class="(link-broken|image-missing)" title="[^"]*">(\[image: )?` + q + `\]?</span>`).MatchString(page) {
		return ""
	}
	return "not on the page"
}

// missingOnSite says why a relative href from docs/links.html leads
// nowhere in the site written to dir, or "" when it lands: on a file, and
// on an element with the fragment's id.
func missingOnSite(dir, href string) string {
	file, frag, _ := strings.Cut(href, "#")
	p := "docs/links.html"
	if file != "" {
		u, err := url.PathUnescape(file)
		if err != nil {
			return err.Error()
		}
		p = path.Join("docs", u)
	}
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		return err.Error()
	}
	if frag != "" && !strings.Contains(string(b), `id="`+frag+`"`) {
		return p + " has no id " + frag
	}
	return ""
}

// pdfDest is where the PDF leads a row: "key:" an anchor in this PDF,
// "url:" another file or address, "picture" or "placeholder" for an
// image, "" for no link.
func pdfDest(dr *docRenderer, l *isms.Link) string {
	if l.Image {
		if pic := dr.w.images.byPath[l.Path]; l.Kind == isms.ToAsset && pic != nil && pic.err == "" {
			return "picture"
		}
		return "placeholder"
	}
	d := dr.w.placed(dr.destFor(l.Node.(*ast.Link))) // where it leads in the document's own PDF
	switch {
	case d.key != "":
		return "key:" + d.key
	case d.url != "":
		return "url:" + d.url
	}
	return ""
}

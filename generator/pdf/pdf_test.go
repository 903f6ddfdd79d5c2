package pdf

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
)

func TestPackAndEveryDocumentPDFAreWritten(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	for _, p := range []string{"pack.pdf", "pdf/policies/sink.pdf", "pdf/policies/other.pdf", "pdf/plans/deep/plan.pdf"} {
		b, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "%PDF-") {
			t.Errorf("%s is not a PDF", p)
		}
	}
}

func TestQpdfFindsNoErrors(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	for _, p := range []string{"pack.pdf", "pdf/policies/sink.pdf", "pdf/plans/deep/plan.pdf"} {
		out := runTool(t, "qpdf", "--check", filepath.Join(dir, p))
		if !strings.Contains(out, "No syntax or stream encoding errors found") || strings.Contains(strings.ToLower(out), "warning") {
			t.Errorf("qpdf --check %s:\n%s", p, out)
		}
	}
}

func TestEveryFontIsEmbeddedAndNoneIsACoreFont(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	out := runTool(t, "pdffonts", filepath.Join(dir, "pack.pdf"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	names := map[string]bool{}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
		if strings.Contains(strings.ToLower(l), "helvetica") || strings.Contains(l, "Type 1") {
			t.Errorf("core font in the pack: %s", l)
		}
		names[f[0]] = true
	}
	for _, want := range []string{"dejavusans", "dejavusans-bold", "dejavusans-oblique", "dejavusansmono"} {
		found := false
		for n := range names {
			if strings.HasSuffix(n, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s in %v", want, names)
		}
	}
}

func TestExtractedTextKeepsTitlesAccentsAndEuro(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	text := runTool(t, "pdftotext", filepath.Join(dir, "pack.pdf"), "-")
	for _, d := range m.Docs {
		if !strings.Contains(text, d.Title) {
			t.Errorf("pack text lacks title %q", d.Title)
		}
	}
	for _, want := range []string{"café", "naïve", "Größe", "Ærøskøbing", "1 234,50 €", "Scope text with € and ü",
		"Exemplar Ltd", "ISMS evidence pack — ISO/IEC 27001:2022 clause 5.1", m.Snapshot.Commit.Hash,
		"This heading jumps from level one to level three", "The footnote text", "ordered inside",
		"Phishing simulation € 4 000", "A quoted principle", "Uncontrolled when printed", "POL-SINK page 1 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("pack text lacks %q", want)
		}
	}
	if own := runTool(t, "pdftotext", filepath.Join(dir, "pdf", "policies", "sink.pdf"), "-"); strings.Contains(own, "leftover comment") {
		t.Error("an HTML comment was drawn")
	}
	// A wrapped code line keeps all its characters.
	flat := strings.Join(strings.Fields(strings.ReplaceAll(text, "↪", "")), "")
	if !strings.Contains(flat, "soithastobewrappedbytherenderer") {
		t.Error("wrapped code lost text")
	}
}

func TestOutlineHasEveryRequirementAndDocumentAndNormalisedHeadings(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	j, _ := readQPDF(t, filepath.Join(dir, "pack.pdf"))
	top := map[string]outline{}
	for _, o := range j.Outlines {
		top[o.Title] = o
	}
	for _, want := range []string{"Cover", "Contents", "Clause 5.1 matrix", "Document register", "Requirements", "Documents",
		"Appendix A — Findings and accepted exceptions", "Appendix B — Manifest of source documents"} {
		if _, ok := top[want]; !ok {
			t.Errorf("outline lacks top-level %q; have %v", want, keys(top))
		}
	}
	reqs := map[string]bool{}
	for _, k := range top["Requirements"].Kids {
		reqs[k.Title] = true
	}
	for _, c := range m.Coverage {
		if !reqs[c.Item.ID+"  "+c.Item.Title] {
			t.Errorf("outline lacks requirement %s under Requirements: %v", c.Item.ID, reqs)
		}
	}
	docs := map[string]outline{}
	for _, k := range top["Documents"].Kids {
		docs[k.Title] = k
	}
	for _, d := range m.Docs {
		if _, ok := docs[docLabel(d)]; !ok {
			t.Errorf("outline lacks document %q: %v", docLabel(d), keys(docs))
		}
	}
	// The sink's "### Deep section" follows its title h1: one level down,
	// not two, and "## Lists" is its sibling.
	sink := docs[docLabel(m.Doc("content/policies/sink.md"))]
	var kids []string
	for _, k := range sink.Kids {
		kids = append(kids, k.Title)
	}
	if got := strings.Join(kids, "|"); !strings.HasPrefix(got, "Deep section|Lists|Quote and code|Table|Figure") {
		t.Errorf("sink outline children = %q", got)
	}
	var walk func([]outline)
	walk = func(os []outline) {
		for _, o := range os {
			if o.Page == nil || *o.Page < 1 {
				t.Errorf("bookmark %q has no target page", o.Title)
			}
			walk(o.Kids)
		}
	}
	walk(j.Outlines)
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEveryLinkLandsOnAPageOrIsAURL(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	for _, file := range []string{"pack.pdf", "pdf/policies/sink.pdf"} {
		j, objs := readQPDF(t, filepath.Join(dir, file))
		pages := map[string]int{}
		for i, p := range j.Pages {
			pages[p.Object] = i + 1
		}
		internal, external := 0, map[string]bool{}
		for pg, annots := range annotations(t, j, objs) {
			for _, a := range annots {
				if a["/Subtype"] != "/Link" {
					continue
				}
				if d, ok := a["/Dest"].([]any); ok {
					ref, _ := d[0].(string)
					if pages[ref] == 0 {
						t.Errorf("%s page %d: link to %v, not a page", file, pg, d)
					}
					internal++
					continue
				}
				act, _ := a["/A"].(map[string]any)
				uri, _ := act["/URI"].(string)
				if uri == "" {
					t.Errorf("%s page %d: link with neither destination nor URI: %v", file, pg, a)
				}
				external[strings.TrimPrefix(uri, "u:")] = true
			}
		}
		if internal == 0 {
			t.Errorf("%s has no internal links", file)
		}
		for _, want := range []string{"https://example.org/path?q=1", "https://example.com/auto", "mailto:security@example.org"} {
			if !external[want] {
				t.Errorf("%s lacks external link %s; have %v", file, want, external)
			}
		}
		if file != "pack.pdf" && (external["other.pdf"] || external["../other.pdf"]) {
			t.Errorf("%s: without site_url a link to another document leads to a file that an e-mailed PDF lacks; have %v", file, external)
		}
	}
}

// TestAPDFSentAloneLinksOtherDocumentsToTheSite: a per-document PDF leads
// to another document's page on the site at site_url, and without it
// names that document in plain text.
func TestAPDFSentAloneLinksOtherDocumentsToTheSite(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	file := "pdf/policies/sink.pdf"
	dir := render(t, m, fs)
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, file), "-")), " ")
	if !strings.Contains(text, "(POL-OTHER)") {
		t.Errorf("without site_url, %s does not name the other document it links to:\n%s", file, text)
	}
	// The pack is drawn from the same lines: it names the document too,
	// which a printed pack needs as much.
	if pack := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, "pack.pdf"), "-")), " "); !strings.Contains(pack, "(POL-OTHER)") {
		t.Errorf("without site_url, the pack does not name the other document the sink policy links to")
	}
	m.Config.SiteURL = "https://isms.example/intranet"
	j, objs := readQPDF(t, filepath.Join(render(t, m, fs), file))
	uris := map[string]bool{}
	for _, annots := range annotations(t, j, objs) {
		for _, a := range annots {
			act, _ := a["/A"].(map[string]any)
			uri, _ := act["/URI"].(string)
			uris[strings.TrimPrefix(uri, "u:")] = true
		}
	}
	if want := "https://isms.example/intranet/" + m.Doc("content/policies/other.md").Out.Page; !uris[want] {
		t.Errorf("with site_url, %s does not link the other document to %s; has %v", file, want, uris)
	}
}

func TestLastPageSaysPageNOfN(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	file := filepath.Join(dir, "pack.pdf")
	info := runTool(t, "pdfinfo", file)
	n := 0
	for _, l := range strings.Split(info, "\n") {
		if strings.HasPrefix(l, "Pages:") {
			n, _ = strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(l, "Pages:")))
		}
	}
	if n < 8 {
		t.Fatalf("pack has %d pages", n)
	}
	want := "Page " + strconv.Itoa(n) + " of " + strconv.Itoa(n)
	if last := pageText(t, file, n, n); !strings.Contains(last, want) {
		t.Errorf("last page lacks %q:\n%s", want, last)
	}
	second := pageText(t, file, 2, 2)
	if !strings.Contains(second, "Page 2 of "+strconv.Itoa(n)) {
		t.Errorf("page 2 lacks its number:\n%s", second)
	}
	// The contents page numbers agree with where the sections are.
	contents := pageText(t, file, 2, 2)
	for _, d := range m.Docs {
		re := regexp.MustCompile(regexp.QuoteMeta(d.Title) + `[ .]*(\d+)`)
		mm := re.FindStringSubmatch(contents)
		if mm == nil {
			t.Errorf("contents lacks %q:\n%s", d.Title, contents)
			continue
		}
		p, _ := strconv.Atoi(mm[1])
		if !strings.Contains(pageText(t, file, p, p), d.Meta.ID) {
			t.Errorf("contents says %s is on page %d, but it is not", d.Meta.ID, p)
		}
	}
	// A per-document PDF counts its own pages.
	doc := filepath.Join(dir, "pdf", "plans", "deep", "plan.pdf")
	if txt := runTool(t, "pdftotext", doc, "-"); !strings.Contains(txt, "Page 1 of 1") {
		t.Errorf("plan.pdf lacks Page 1 of 1:\n%s", txt)
	}
}

func TestHeaderAndWatermarkOnDocumentPages(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	other := runTool(t, "pdftotext", "-raw", filepath.Join(dir, "pdf", "policies", "other.pdf"), "-")
	for _, want := range []string{"POL-OTHER", "Version 1.0", "Internal", "Uncontrolled when printed", "Page 1 of 1"} {
		if !strings.Contains(other, want) {
			t.Errorf("other.pdf lacks %q:\n%s", want, other)
		}
	}
	// The diagonal watermark comes out of pdftotext a letter at a time.
	if !strings.Contains(strings.Join(strings.Fields(other), ""), "DRAFT") {
		t.Errorf("other.pdf, a draft, lacks its watermark:\n%s", other)
	}
	sink := runTool(t, "pdftotext", "-raw", filepath.Join(dir, "pdf", "policies", "sink.pdf"), "-")
	if strings.Contains(strings.Join(strings.Fields(sink), ""), "DRAFT") {
		t.Error("an approved document carries the DRAFT watermark")
	}
}

func TestSameInputsGiveTheSameBytes(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	hash := func() map[string][32]byte {
		dir := render(t, m, fs)
		out := map[string][32]byte{}
		err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[rel] = sha256.Sum256(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a := hash()
	for i := 0; i < 4; i++ {
		b := hash()
		if len(a) != len(b) {
			t.Fatalf("runs wrote %d and %d files", len(a), len(b))
		}
		for k, v := range a {
			if b[k] != v {
				t.Fatalf("%s differs between two renders of the same model", k)
			}
		}
	}
	// The model really has two different images of one width.
	c, s := m.Assets["content/policies/images/cycle.png"], m.Assets["content/policies/images/second.png"]
	if c == nil || s == nil || c.Blob == s.Blob {
		t.Fatal("sample lacks its two images")
	}
}

func TestPackIDChangesWithTheInputs(t *testing.T) {
	t.Parallel()
	m, _ := sample(t)
	a := PackID(m)
	m.AsOf = m.AsOf.AddDate(0, 0, 1)
	if b := PackID(m); a == b || len(a) != 64 {
		t.Errorf("pack id %q did not change with the as-of date", a)
	}
}

func TestRegisterHasTheSiteColumnsAndOrder(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	dir := render(t, m, fs)
	text := runTool(t, "pdftotext", "-layout", filepath.Join(dir, "pack.pdf"), "-")
	var reg string
	for _, pg := range strings.Split(text, "\f") {
		if strings.Contains(pg, "Document register") && strings.Contains(pg, "Classification") && !strings.Contains(pg, "....") {
			reg = pg
			break
		}
	}
	if reg == "" {
		t.Fatal("no register page found")
	}
	// The header cells wrap differently with the fonts; their words keep
	// the site's order.
	words := strings.Fields(reg[strings.Index(reg, "Document register"):])
	k := 0
	for _, w := range words {
		if want := []string{"ID", "Title", "Owner", "Version", "Status", "Classification", "Approved", "Approved", "Last", "Next"}; k < len(want) && w == want[k] {
			k++
		}
	}
	if k < 10 || !strings.Contains(reg, " by ") && !strings.Contains(reg, " by\n") {
		t.Errorf("the register's columns are not the site's (matched %d of 10 headings):\n%s", k, reg)
	}
	at := 0
	for _, d := range m.Register() {
		if d.Meta.ID == "" {
			continue
		}
		i := strings.Index(reg[at:], d.Meta.ID)
		if i < 0 {
			t.Errorf("%s is missing from the register or out of the site's order", d.Meta.ID)
			continue
		}
		at += i
	}
}

// TestAPDFDirectoryThatCannotBeMadeNamesADocument: when the directory
// the documents' PDFs go in cannot be made, the build fails saying which
// document's PDF could not be written, with the cache or without.
func TestAPDFDirectoryThatCannotBeMadeNamesADocument(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	c, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*cache.Cache{nil, c} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "pdf"), []byte("a file"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := RenderWith(dir, m, fs, Options{Cache: c})
		if err == nil || !strings.Contains(err.Error(), m.Docs[0].Path) {
			t.Errorf("cache %v: err = %v, want one naming %s", c != nil, err, m.Docs[0].Path)
		}
	}
}

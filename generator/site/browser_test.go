package site

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testbrowser"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// The browser tests load the built site from file:// in Debian's headless
// Chromium, the way staff open it from a share or a zip. Without Chromium
// they skip on a developer's machine and fail under CI=true, where .ci/run
// installs it.

func newBrowser(t *testing.T) context.Context { return testbrowser.New(t, 90*time.Second) }

func fileURL(dir, p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(dir, filepath.FromSlash(p)))}).String()
}

// pageURL is fileURL for a page that may carry ?query and #fragment.
func pageURL(dir, p string) string {
	p, frag, hasFrag := strings.Cut(p, "#")
	p, q, hasQuery := strings.Cut(p, "?")
	u := fileURL(dir, p)
	if hasQuery {
		u += "?" + q
	}
	if hasFrag {
		u += "#" + frag
	}
	return u
}

func TestInBrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser tests are slow")
	}
	ctx := newBrowser(t)
	m, fs := fixture(t)
	out := render(t, m, fs)

	// The keyboard tests go first, in the browser's first tab, while it is
	// the only one: a new tab takes the focus. The rest run in parallel
	// after this function returns, each in one of two more tabs, so two
	// renderers are at work at once.
	t.Run("SearchFindsAPhraseFromABody", func(t *testing.T) { search(t, ctx, out) })
	t.Run("RegisterSortsAndFilters", func(t *testing.T) { sortAndFilter(t, ctx, out) })
	t.Run("SkipLinkComesFirst", func(t *testing.T) { skipLink(t, ctx, out) })
	isp := m.Doc("content/policies/isp.md")
	t.Run("HistoryShowsTheTargetedRevisionOnly", func(t *testing.T) { historyTargets(t, ctx, out, isp) })

	tabs := make(chan context.Context, 2)
	for range cap(tabs) {
		tabs <- testbrowser.Tab(t, ctx, 3*time.Minute)
	}
	parallel := func(f func(t *testing.T, ctx context.Context)) func(t *testing.T) {
		return func(t *testing.T) {
			t.Parallel()
			tab := <-tabs
			defer func() { tabs <- tab }()
			f(t, tab)
		}
	}
	t.Run("EveryLinkFromTheDashboardLoads", parallel(func(t *testing.T, ctx context.Context) { crawl(t, ctx, out) }))
	t.Run("OnePageWidthEverywhere", parallel(func(t *testing.T, ctx context.Context) { pageWidth(t, ctx, out) }))
	old := "r-" + isp.History[1].Commit.Short()
	t.Run("NoSeriousAccessibilityViolations", func(t *testing.T) {
		t.Parallel()
		src, err := os.ReadFile("../../testdata/site/axe.min.js")
		if err != nil {
			t.Fatalf("axe-core is vendored in testdata/site: %v", err)
		}
		pages := []string{"index.html", "register.html", "docs/policies/isp.html", "docs/drafts/hostile.html",
			"docs/policies/isp.history.html", "docs/policies/isp.history.html#" + old, "docs/drafts/hostile.history.html#r-" + m.Doc("content/drafts/hostile.md").History[0].Commit.Short(),
			"req/5.1a.html", "owners.html", "findings.html", "changes.html", "search.html?q=policy"}
		for _, p := range pages {
			t.Run(p, parallel(func(t *testing.T, ctx context.Context) { axeCheck(t, ctx, string(src), out, p) }))
		}
	})
	t.Run("NavAndFooterShowTheBuild", parallel(func(t *testing.T, ctx context.Context) { buildFacts(t, ctx, out, m, fs) }))
	t.Run("PrintedPagesSayUncontrolled", parallel(func(t *testing.T, ctx context.Context) { printed(t, ctx, out) }))
	t.Run("PrintedRevisionSaysWhichCommit", parallel(func(t *testing.T, ctx context.Context) { printedRevision(t, ctx, out, isp) }))
	if dir := os.Getenv("ISMSPACK_SCREENSHOTS"); dir != "" {
		t.Run("Screenshots", func(t *testing.T) { screenshots(t, ctx, dir, out, m) })
	}
}

// crawl follows every link from the dashboard, page by page, and checks
// that each page loads and each fragment names an element.
func crawl(t *testing.T, ctx context.Context, out string) {
	start := fileURL(out, "index.html")
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		title, err := chromedp.Run(ctx, chromedp.Title())
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('a[href]')).map(a => a.href)`))
		if err != nil {
			t.Errorf("%s: %v", u, err)
			continue
		}
		if title == "" {
			t.Errorf("%s: page has no title (did it load?)", u)
		}
		for _, l := range links {
			if !strings.HasPrefix(l, "file://") {
				continue
			}
			page, frag, _ := strings.Cut(l, "#")
			if strings.HasSuffix(page, ".pdf") {
				continue // written by the PDF renderer
			}
			if frag != "" {
				checkFragment(t, ctx, u, page, frag)
			}
			if !seen[page] {
				seen[page] = true
				queue = append(queue, page)
			}
		}
	}
	if len(seen) < 20 {
		t.Errorf("crawled only %d pages", len(seen))
	}
}

// checkFragment checks fragments of the page being visited in place and
// remembers those of other pages for when they are visited.
func checkFragment(t *testing.T, ctx context.Context, from, page, frag string) {
	cur := strings.SplitN(from, "#", 2)[0]
	if page != cur {
		return // the static link checker covers fragments on other pages
	}
	id, err := url.PathUnescape(frag)
	if err != nil {
		t.Errorf("%s: bad fragment %q", from, frag)
		return
	}
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.getElementById(%q) !== null`, id)))
	if err != nil || !ok {
		t.Errorf("%s: #%s names no element", from, frag)
	}
}

func search(t *testing.T, ctx context.Context, out string) {
	err := chromedp.Do(ctx,
		chromedp.Navigate(fileURL(out, "index.html")),
		chromedp.SendKeys(chromedp.ID("site-search-q"), "Zebra Crossing quietly"),
		chromedp.Submit(chromedp.ID("site-search-q")),
		chromedp.WaitVisible(chromedp.CSS("#search-results li")),
	)
	if err != nil {
		t.Fatal(err)
	}
	results := bval(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#search-results li')).map(li => li.textContent)`))
	status := bval(t, ctx, chromedp.Text(chromedp.ID("search-status")))
	if len(results) != 1 || !strings.Contains(results[0], "Communication Plan") || !strings.Contains(results[0], "zebra crossing quietly") {
		t.Errorf("results = %q (%s), want the communication plan with the phrase", results, status)
	}
	do(t, ctx, chromedp.Navigate(fileURL(out, "search.html")+"?q=no+such+phrase+anywhere"), searchReady)
	if none := bval(t, ctx, chromedp.Text(chromedp.ID("search-status"))); !strings.Contains(none, "No document") {
		t.Errorf("a search that finds nothing says %q", none)
	}
}

func sortAndFilter(t *testing.T, ctx context.Context, out string) {
	titles := `Array.from(document.querySelectorAll('#register-table tbody tr')).filter(r => !r.hidden).map(r => r.cells[1].textContent.trim())`
	header := chromedp.CSS(`#register-table thead th:nth-child(2) button`)
	do(t, ctx, chromedp.Navigate(fileURL(out, "register.html")))
	before := bval(t, ctx, chromedp.Evaluate[[]string](titles))
	do(t, ctx, chromedp.Click(header))
	asc := bval(t, ctx, chromedp.Evaluate[[]string](titles))
	sortState := bval(t, ctx, chromedp.AttributeValue(chromedp.CSS(`#register-table thead th:nth-child(2)`), "aria-sort")).Value
	do(t, ctx, chromedp.Click(header))
	desc := bval(t, ctx, chromedp.Evaluate[[]string](titles))
	do(t, ctx, chromedp.SendKeys(chromedp.ID("register-filter"), "retired"))
	filtered := bval(t, ctx, chromedp.Evaluate[[]string](titles))
	want := append([]string(nil), before...)
	sort.Slice(want, func(i, j int) bool { return strings.ToLower(want[i]) < strings.ToLower(want[j]) })
	if strings.Join(asc, "|") != strings.Join(want, "|") {
		t.Errorf("after one click titles are %q, want ascending %q", asc, want)
	}
	if sortState != "ascending" {
		t.Errorf("aria-sort = %q, want ascending", sortState)
	}
	for i := range desc {
		if desc[i] != asc[len(asc)-1-i] {
			t.Errorf("second click did not reverse the order: %q", desc)
			break
		}
	}
	if len(filtered) != 1 || filtered[0] != "Old Record" {
		t.Errorf("filtering on 'retired' shows %q, want the retired record only", filtered)
	}
}

func skipLink(t *testing.T, ctx context.Context, out string) {
	do(t, ctx, chromedp.Navigate(fileURL(out, "register.html")), chromedp.KeyEvent(kb.Tab))
	class := bval(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	active := bval(t, ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.tagName`))
	if class != "skip-link" {
		t.Errorf("first Tab focuses %q, want the skip link", class)
	}
	if active != "main" {
		t.Errorf("the skip link moves focus to %q, want main", active)
	}
}

// axeResult is the part of axe-core's result the test reports.
type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []struct {
			Target []string
			HTML   string
		}
	}
}

// axeCheck runs axe-core on page p and fails on serious and critical
// violations, logging the rest.
func axeCheck(t *testing.T, ctx context.Context, axe, out, p string) {
	steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(pageURL(out, p))}
	if strings.HasPrefix(p, "search.html") {
		steps = append(steps, searchReady)
	}
	err := chromedp.Do(ctx, append(steps, chromedp.Evaluate[chromedp.Void](axe+";0"))...)
	if err != nil {
		t.Fatalf("%s: loading axe: %v", p, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](`axe.run(document, {resultTypes: ['violations']}).then(r => ({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => ({target: n.target.map(String), html: n.html}))}))}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe: %v", p, err)
	}
	for _, v := range res.Violations {
		if v.Impact != "serious" && v.Impact != "critical" {
			t.Logf("%s: %s (%s): %s", p, v.ID, v.Impact, v.Help)
			continue
		}
		for _, n := range v.Nodes {
			t.Errorf("%s: %s (%s): %s at %v: %s", p, v.ID, v.Impact, v.Help, n.Target, n.HTML)
		}
	}
}

// buildFacts checks that pages one and no level down show the findings
// open inside the navigation link's text and the commit built in the
// footer: the pages do not hold them, static/build.js does, and site.js
// fills them in.
func buildFacts(t *testing.T, ctx context.Context, out string, m *isms.Model, findings []check.Finding) {
	open := 0
	for _, f := range findings {
		if !f.Suppressed {
			open++
		}
	}
	c := m.Snapshot.Commit
	wantLink := fmt.Sprintf("Findings %d", open)
	wantFooter := fmt.Sprintf("%s · Built by ismspack from %s at commit %s of %s; reviews judged as of %s.", m.Config.Organisation, m.Snapshot.Ref, c.Short(), formatDate(c.When), formatDate(m.AsOf))
	for _, p := range []string{"docs/policies/isp.html", "owners.html"} {
		do(t, ctx, chromedp.Navigate(fileURL(out, p)))
		got := bval(t, ctx, chromedp.Evaluate[[]string](`(() => {
			const squash = s => s.replace(/\s+/g, ' ').trim();
			const a = document.querySelector('.site-nav a[href$="findings.html"]');
			const n = a.querySelector('.nav-count');
			const code = document.querySelector('.site-footer code');
			return [squash(a.textContent), getComputedStyle(n).display, squash(document.querySelector('.site-footer p').textContent), code ? code.title : ''];
		})()`))
		if got[0] != wantLink || got[1] == "none" {
			t.Errorf("%s: the findings link reads %q with the count shown %q, want %q shown", p, got[0], got[1], wantLink)
		}
		if got[2] != wantFooter || got[3] != c.Hash {
			t.Errorf("%s: the footer reads %q, the commit's title %q; want %q, %q", p, got[2], got[3], wantFooter, c.Hash)
		}
	}
}

// printed prints a document page to PDF and checks every page carries the
// id, version and "Uncontrolled when printed" once (needs pdftotext; skipped
// without it).
func printed(t *testing.T, ctx context.Context, out string) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	do(t, ctx, chromedp.Navigate(fileURL(out, "docs/policies/isp.html")))
	pdf := bval(t, ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperSize{Width: 8.27, Height: 5})))
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(string(text), "\f\n "), "\f")
	if len(pages) < 2 {
		t.Fatalf("printed %d page, want several to check each", len(pages))
	}
	for i, pg := range pages {
		pg = strings.Join(strings.Fields(pg), " ") // the label may wrap
		if n, m := strings.Count(pg, "Uncontrolled when printed"), strings.Count(pg, "POL-001 · version 1.1"); n != 1 || m != 1 {
			t.Errorf("printed page %d carries the uncontrolled label %d times and the id and version %d times, want each once:\n%s", i+1, n, m, pg)
		}
	}
	if strings.Contains(string(text), "Search documents") {
		t.Error("the printed copy shows the site navigation")
	}
	if strings.Contains(string(text), "Download the PDF") {
		t.Error("the printed copy offers to download the PDF")
	}
}

// pageWidth checks that the content of every kind of page lines up with
// the header and footer, however wide its tables: they scroll inside.
func pageWidth(t *testing.T, ctx context.Context, out string) {
	const edges = `(() => { const r = e => { const b = document.querySelector(e).getBoundingClientRect(); return [Math.round(b.left), Math.round(b.right)]; };
		return [r(".site-header .wrap"), r("main .wrap"), r(".site-footer .wrap")]; })()`
	for _, p := range []string{"index.html", "register.html", "findings.html", "owners.html", "changes.html", "docs/policies/isp.html", "docs/policies/isp.history.html", "req/5.1a.html"} {
		do(t, ctx, chromedp.Navigate(fileURL(out, p)))
		e := bval(t, ctx, chromedp.Evaluate[[][]int](edges))
		if e[0][0] != e[1][0] || e[0][1] != e[1][1] || e[0][1] != e[2][1] {
			t.Errorf("%s: header spans %v, content %v, footer %v; want one width", p, e[0], e[1], e[2])
		}
	}
}

// historyTargets checks that the history page shows the index and no
// revision without a fragment, one revision and no index with #r-<short>,
// and keeps that revision shown when a link inside it targets a heading.
func historyTargets(t *testing.T, ctx context.Context, out string, isp *isms.Doc) {
	shown := `Array.from(document.querySelectorAll('#Revisions, section.rev')).filter(e => e.offsetParent !== null).map(e => e.id)`
	page := "docs/policies/isp.history.html"
	old, cur := "r-"+isp.History[1].Commit.Short(), "r-"+isp.History[0].Commit.Short()
	for _, c := range []struct {
		url   string
		click string // a link to follow before looking
		want  string
	}{
		{url: page, want: "Revisions"},
		{url: page + "#" + old, want: old},
		{url: page + "#" + cur, want: cur},
		{url: page + "#" + old, click: "#" + old + " .doc-body a[href='#" + old + "-scope']", want: old},
		{url: page + "#" + old, click: "#" + old + " a[rel=next]", want: cur},
		{url: page + "#" + cur, click: "#" + cur + " a[href='#Revisions']", want: "Revisions"},
	} {
		do(t, ctx, chromedp.Navigate(pageURL(out, c.url)))
		if c.click != "" {
			do(t, ctx, chromedp.Click(chromedp.CSS(c.click)))
		}
		got := bval(t, ctx, chromedp.Evaluate[[]string](shown))
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s, then %q: shows %q, want %s alone", c.url, c.click, got, c.want)
		}
	}
	// The skip link must not change the fragment, or the revision shown
	// would give way to the index. (With a fragment, Tab starts from the
	// target, so the link is focused directly.)
	do(t, ctx, chromedp.Navigate(pageURL(out, page+"#"+old)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a.skip-link').focus()`), chromedp.KeyEvent(kb.Enter))
	got := bval(t, ctx, chromedp.Evaluate[[]string](shown))
	active := bval(t, ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	if strings.Join(got, " ") != old || active != "main" {
		t.Errorf("after the skip link %q is shown and %q has focus, want %s and main", got, active, old)
	}
}

// printedRevision prints a superseded revision from the history page and
// checks that every page carries its id, version and commit once, and that no
// other revision is printed.
func printedRevision(t *testing.T, ctx context.Context, out string, isp *isms.Doc) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	short := isp.History[1].Commit.Short()
	do(t, ctx, chromedp.Navigate(pageURL(out, "docs/policies/isp.history.html#r-"+short)))
	pdf := bval(t, ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperSize{Width: 8.27, Height: 5})))
	f := filepath.Join(t.TempDir(), "rev.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(pdftotext, "-layout", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimRight(string(text), "\f\n "), "\f")
	if len(pages) < 2 {
		t.Fatalf("printed %d page, want several to check each", len(pages))
	}
	label := "Superseded copy of commit " + short
	for i, pg := range pages {
		pg = strings.Join(strings.Fields(pg), " ") // the label may wrap
		n, m, u := strings.Count(pg, label), strings.Count(pg, "POL-001 · version 1.0"), strings.Count(pg, "Uncontrolled when printed")
		if n != 1 || m != 1 || u != 1 {
			t.Errorf("printed page %d carries %q %d times, the id and version 1.0 %d times and \"Uncontrolled when printed\" %d times, want each once:\n%s", i+1, label, n, m, u, pg)
		}
	}
	all := string(text)
	if !strings.Contains(all, "We protect the information") || strings.Contains(all, "We always protect") {
		t.Error("the printed copy is not the old revision alone")
	}
	if strings.Contains(all, "Search documents") || strings.Contains(all, "History of") {
		t.Error("the printed copy shows the site navigation or the history page's heading")
	}
}

// screenshots renders this repository's example ISMS and saves pictures of
// the dashboard and a document page, to look at.
func screenshots(t *testing.T, ctx context.Context, dir, fixtureOut string, fixture *isms.Model) {
	m, fs := loadExample(t)
	out := t.TempDir()
	if err := Render(out, m, fs, themes.FS()); err != nil {
		t.Fatal(err)
	}
	isp := fixture.Doc("content/policies/isp.md")
	shots := map[string]string{
		"dashboard": out + "|index.html", "doc": out + "|docs/policies/information-security-policy.html",
		"register": out + "|register.html", "requirement": out + "|req/5.1c.html", "search": out + "|search.html?q=management+review",
		"findings": fixtureOut + "|findings.html", "changes": fixtureOut + "|changes.html", "owners": fixtureOut + "|owners.html",
		"draft": fixtureOut + "|docs/drafts/hostile.html", "fixture-dashboard": fixtureOut + "|index.html",
		"history":       fixtureOut + "|docs/policies/isp.history.html",
		"history-rev":   fixtureOut + "|docs/policies/isp.history.html#r-" + isp.History[1].Commit.Short(),
		"history-draft": fixtureOut + "|docs/drafts/hostile.history.html#r-" + fixture.Doc("content/drafts/hostile.md").History[0].Commit.Short(),
	}
	names := make([]string, 0, len(shots))
	for n := range shots {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		out, p, _ := strings.Cut(shots[name], "|")
		do(t, ctx, chromedp.Navigate(pageURL(out, p)))
		if strings.HasPrefix(p, "search.html") {
			do(t, ctx, searchReady)
		}
		buf := bval(t, ctx, chromedp.FullScreenshot(100))
		f := filepath.Join(dir, "ismspack-"+name+".png")
		if err := os.WriteFile(f, buf, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", f)
	}
}

// searchReady waits for the search page to have loaded its index, which
// it does after the first paint.
var searchReady = chromedp.WaitReady(chromedp.CSS(`html[data-search-ready]`))

// do runs steps and fails the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// bval runs one action for its value and fails the test on error.
func bval[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestSearchFindsWordsFromEveryDocument: at a few hundred documents the
// search page finds a word that only the last document's body holds, a
// part of a word, a phrase that starts and ends inside words, a document
// by its id and, for a phrase, ranks a title
// holding it first, then bodies holding it, then bodies holding its words
// apart; with results showing the words found in their context, and a
// query typed before the index has loaded.
func TestSearchFindsWordsFromEveryDocument(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser tests are slow")
	}
	const n = 300
	r := testrepo.New(t)
	files := map[string]string{}
	for i := range n {
		title := fmt.Sprintf("Topic %03d", i)
		body := fmt.Sprintf("# %s\n\nShared words about access control and review.\n\nThe marker Kestrel%03dx appears here only.\n", title, i)
		switch i {
		case 5:
			title = "Lighthouse Keeper Rota"
		case 10:
			body += "\nA keeper of the lighthouse, words apart.\n"
		case n - 1:
			body += "\nThe night shift of the lighthouse keeper, as a phrase.\n"
		}
		files[fmt.Sprintf("content/t-%03d.md", i)] = approved(fmt.Sprintf("T-%03d", i), title, "1.0", `["5.1(a)"]`, body)
	}
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: files})
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)

	ctx := newBrowser(t)
	results := `Array.from(document.querySelectorAll('#search-results li')).map(li => li.querySelector('.result-title').textContent + ' | ' + li.querySelector('.snippet').textContent + ' | ' + Array.from(li.querySelectorAll('mark')).map(m => m.textContent).join())`
	query := func(q string) []string {
		t.Helper()
		do(t, ctx, chromedp.Navigate(fileURL(out, "search.html")+"?q="+url.QueryEscape(q)), searchReady)
		return bval(t, ctx, chromedp.Evaluate[[]string](results))
	}
	last := fmt.Sprintf("T-%03d", n-1)
	if got := query(fmt.Sprintf("kestrel%03dx", n-1)); len(got) != 1 || !strings.HasPrefix(got[0], last+" Topic") || !strings.Contains(got[0], fmt.Sprintf("The marker Kestrel%03dx appears", n-1)) || !strings.HasSuffix(got[0], fmt.Sprintf("| Kestrel%03dx", n-1)) {
		t.Errorf("a word only the last document holds finds %q, want %s with the word marked in its context", got, last)
	}
	if got := query("strel15"); len(got) != 10 || !strings.HasPrefix(got[0], "T-150 ") || !strings.HasPrefix(got[9], "T-159 ") {
		t.Errorf("part of a word finds %d results %q, want T-150 to T-159", len(got), got)
	}
	if got := query("GHT shift of the lightho"); len(got) != 1 || !strings.HasPrefix(got[0], last+" ") || !strings.HasSuffix(got[0], "| ght shift of the lightho") {
		t.Errorf("a phrase starting and ending inside words finds %q, want %s with the phrase marked", got, last)
	}
	if got := query("night hif of"); len(got) != 1 || !strings.HasSuffix(got[0], "| night") {
		t.Errorf("words apart, a middle one inside a word, find %q, want %s with its first word marked, not as a phrase", got, last)
	}
	if got := query("t-150"); len(got) == 0 || !strings.HasPrefix(got[0], "T-150 Topic 150") {
		t.Errorf("an id finds %q, want that document first", got)
	}

	// Typed, not given in the URL, perhaps before the index has loaded;
	// Enter runs the search on what was typed at once.
	do(t, ctx, chromedp.Navigate(fileURL(out, "search.html")),
		chromedp.SendKeys(chromedp.ID("search-q"), "Lighthouse  KEEPER"+kb.Enter), searchReady)
	got := bval(t, ctx, chromedp.Evaluate[[]string](results))
	want := []string{"T-005 Lighthouse Keeper Rota", last + " Topic", "T-010 Topic 010"}
	ok := len(got) == len(want)
	for i := range want {
		ok = ok && strings.HasPrefix(got[i], want[i])
	}
	if !ok {
		t.Errorf("a phrase finds %q, want the title holding it, then the body holding it, then the body holding its words apart: %q", got, want)
	} else if !strings.HasSuffix(got[1], "| lighthouse keeper") {
		t.Errorf("the body holding the phrase shows %q, want the phrase marked", got[1])
	}
}

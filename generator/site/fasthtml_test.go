package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// sameLookingTheme is the default theme with its "status" partial and
// the document page's repeated parts written other ways that print the
// same: its pages go through html/template, not the Go that stands in
// for the default's definitions.
func sameLookingTheme(t *testing.T) fs.FS {
	t.Helper()
	rewrite := func(name string, pairs ...string) []byte {
		b, err := fs.ReadFile(themes.FS(), name)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for i := 0; i < len(pairs); i += 2 {
			if !strings.Contains(s, pairs[i]) {
				t.Fatalf("%s no longer has %q: update this test's rewrite of it", name, pairs[i])
			}
			s = strings.Replace(s, pairs[i], pairs[i+1], 1)
		}
		return []byte(s)
	}
	return themes.Open(fstest.MapFS{
		"templates/_partials.html": {Data: rewrite("templates/_partials.html", `{{if eq . "approved"}}`, `{{if eq "approved" .}}`)},
		"templates/doc.html": {Data: rewrite("templates/doc.html",
			`{{if .From}} from <code>{{.From}}</code>{{end}}`, `{{with .From}} from <code>{{.}}</code>{{end}}`,
			`{{if .Type}}{{.Type}}{{else}}No type{{end}}`, `{{with .Type}}{{.}}{{else}}No type{{end}}`,
			`{{template "severity" .Severity.String}} <code>{{.Rule}}</code>`, `{{template "severity" .Severity.String}} <code>{{print .Rule}}</code>`,
			`<span class="badge accepted">accepted</span> <code>{{.Rule}}</code>`, `<span class="badge accepted">accepted</span> <code>{{print .Rule}}</code>`)},
	})
}

// historyStress is a document history with what the history page escapes
// and branches on: quotes, ampersands, plus signs and markup in commit
// authors, subjects, front matter and text, a revision without a version,
// an odd status, a front-matter-only commit, a rewrite marked line by
// line and one too large to mark at all.
func historyStress(t *testing.T) (*isms.Model, []check.Finding) {
	r := testrepo.New(t)
	var long, before, after strings.Builder
	for i := range 40 {
		long.WriteString("Line " + string(rune('a'+i%26)) + " of the plan & its <scope> + 'quotes' \"too\".\n\n")
	}
	for i := range 5100 { // 5,100² lines compared is past redline.MaxWork
		fmt.Fprintf(&before, "Old line %d.\n", i)
		fmt.Fprintf(&after, "New line %d.\n", i)
	}
	revs := []struct{ author, msg, fm, body string }{
		{"O'Brien & <Co>", `Import "plan" + <b>x</b>`, "id: PLN-9\ntitle: \"Plan <&> 'x'\"\nstatus: weird+1\n", "# Plan <&> 'x'\n\n" + long.String()},
		{"A+B", "Edit ' & \"", "id: PLN-9\ntitle: \"Plan <&> 'x'\"\nversion: \"1.0\"\nstatus: draft\nnote: \"a & b\"\n", "# Plan <&> 'x'\n\n" + strings.Replace(long.String(), "Line c", "Line C <ins>", 1)},
		{"A+B", "Front matter only", "id: PLN-9\ntitle: Other title\nversion: \"1.1\"\nstatus: review\n", "# Plan <&> 'x'\n\n" + strings.Replace(long.String(), "Line c", "Line C <ins>", 1)},
		{"Zed", "Rewrite", "title: Plan\nversion: \"2.0\"\nstatus: approved\n", "# Plan\n\n" + strings.Repeat("Wholly new words here.\n\n", 60)},
		{"Zed", "Long", "title: Plan\nversion: \"3.0\"\nstatus: approved\n", "# Plan\n\n" + before.String()},
		{"Zed", "Rewrite the long one", "title: Plan\nversion: \"4.0\"\nstatus: approved\n", "# Plan\n\n" + after.String()},
	}
	for i, c := range revs {
		r.Commit(testrepo.Commit{Message: c.msg, Author: c.author, When: testStart.AddDate(0, 0, i), Files: map[string]string{
			"content/plan.md": "---\n" + c.fm + "---\n" + c.body,
		}})
	}
	return load(t, r.Dir, testConfig())
}

// manyDocs is 240 documents of three types and none, one of them renamed:
// past 80 documents the navigation lists only the page's own type, a
// window of it, and counts the rest; past 200 the register holds the
// first rows and register-rows.js the others. Their owners, statuses,
// classifications and review dates vary, with what the list pages escape
// and branch on: some have no owner or id, an odd status, a finding
// accepted, a requirement, a later edit the changes page lists.
func manyDocs(t *testing.T) (*isms.Model, []check.Finding) {
	r := testrepo.New(t)
	files := map[string]string{}
	for i := range 240 {
		typ := []string{"policy", "plan", "record", ""}[i%4]
		fields := [][2]string{{"title", fmt.Sprintf("Doc %d & <co>", i)}, {"version", fmt.Sprintf(`"1.%d"`, i%12)},
			{"status", []string{"approved", "approved", "draft", "review", "retired", "weird+'1'", ""}[i%7]}}
		if i%5 != 0 {
			fields = append(fields, [2]string{"id", fmt.Sprintf("D-%03d", i)})
		}
		if typ != "" {
			fields = append(fields, [2]string{"type", typ})
		}
		if o := []string{"Ann & <Co>", "bob", "", `"O'Neil"`}[i%4]; o != "" {
			fields = append(fields, [2]string{"owner", o})
		}
		if i%3 != 0 {
			fields = append(fields, [2]string{"classification", `"internal + 'x'"`}, [2]string{"approved_by", "Ann & <Co>"},
				[2]string{"approved_on", "2026-0" + strconv.Itoa(1+i%9) + "-15"}, [2]string{"last_reviewed", "2025-1" + strconv.Itoa(i%3) + "-01"})
		}
		if i%6 == 1 {
			fields = append(fields, [2]string{"requirements", `["5.1(a)", "5.1(b)"]`})
		}
		if i%11 == 0 {
			fields = append(fields, [2]string{"ismspack-ignore", `{review-overdue: "moved to the <July> board & 'later'"}`})
		}
		files[fmt.Sprintf("content/d%03d.md", i)] = doc(fields, "# Doc\n\nText.\n")
	}
	r.Commit(testrepo.Commit{Message: "Import", When: testStart, Files: files})
	r.Commit(testrepo.Commit{Message: "Move one", When: testStart.AddDate(0, 0, 1), Rename: map[string]string{"content/d007.md": "content/sub/d007.md"}})
	r.Commit(testrepo.Commit{Message: `Edit "two" & <more>`, Author: "O'Brien & <Co>", When: testStart.AddDate(0, 0, 2), Files: map[string]string{
		"content/d010.md": doc([][2]string{{"title", "Doc 10 <edited>"}, {"id", "D-010"}, {"version", `"2.0"`}, {"status", "approved"}}, "# Doc\n\nNew text.\n"),
		"content/d011.md": doc([][2]string{{"title", "Doc 11"}, {"id", "D-011"}, {"status", "draft"}}, "# Doc\n\nNew text.\n"),
	}})
	return load(t, r.Dir, testConfig())
}

// findingsStress is the fixture with findings of its own on a document:
// open and accepted, with and without a line, with what the document
// page escapes in their rules, messages and reasons.
func findingsStress(t *testing.T) (*isms.Model, []check.Finding) {
	m, fs := fixture(t)
	path := "content/policies/isp.md"
	for i := range 6 {
		f := check.Finding{Path: path, Line: i * 7, Col: 2, Rule: "rule-<" + strconv.Itoa(i) + ">", Severity: check.Severity(i % 3),
			Message: `a "message" & <b>markup</b> + 'quotes' ` + strconv.Itoa(i)}
		if i%2 == 1 {
			f.Suppressed, f.Reason = true, `the <board> & "later" + 'x'`
		}
		fs = append(fs, f)
	}
	return m, fs
}

// TestFastDefinitionsWriteWhatTheTemplatesWrite renders sites with the
// default theme, whose repeated parts run as Go, and with a theme that
// prints the same through html/template: every page and script is the
// same, byte for byte.
func TestFastDefinitionsWriteWhatTheTemplatesWrite(t *testing.T) {
	t.Parallel()
	same := sameLookingTheme(t)
	slowTheme, err := loadTheme(same)
	if err != nil {
		t.Fatal(err)
	}
	fastTheme, err := loadTheme(themes.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range fastDefs {
		call := "{{" + d.call + "}}"
		if slowTheme.pages[d.kind].Lookup(d.name).Tree.Root.String() == call {
			t.Errorf("a theme with its own %s got the default's", d.name)
		}
		if fastTheme.pages[d.kind].Lookup(d.name).Tree.Root.String() != call {
			t.Errorf("the default theme's %s runs through html/template", d.name)
		}
	}

	showcaseModel := func(t *testing.T) (*isms.Model, []check.Finding) {
		repo := t.TempDir()
		if _, err := showcase.Write(repo); err != nil {
			t.Fatal(err)
		}
		m, err := isms.Open(isms.Options{Dir: repo, AsOf: showcase.AsOf})
		if err != nil {
			t.Fatal(err)
		}
		return m, check.Run(m, check.Rules())
	}
	for name, model := range map[string]func(t *testing.T) (*isms.Model, []check.Finding){
		"fixture":  func(t *testing.T) (*isms.Model, []check.Finding) { return fixture(t) },
		"showcase": showcaseModel,
		"stress":   historyStress,
		"many":     manyDocs,
		"findings": findingsStress,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, findings := model(t)
			fast, slow := render(t, m, findings), renderTheme(t, m, findings, same)
			var pages []string
			err := filepath.WalkDir(slow, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".js")) {
					pages = append(pages, p)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) < 8 {
				t.Fatal("too few pages")
			}
			for _, p := range pages {
				want, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(slow, p)
				got := readOut(t, fast, filepath.ToSlash(rel))
				if got != string(want) {
					t.Errorf("%s differs from html/template's:\n%s", rel, lineDiff(string(want), got))
				}
			}
		})
	}
}

// TestThemeHistorySectionsAreUsed: a theme that changes the history
// sections gets its own, not the default's.
func TestThemeHistorySectionsAreUsed(t *testing.T) {
	t.Parallel()
	b, err := fs.ReadFile(themes.FS(), "templates/history.html")
	if err != nil {
		t.Fatal(err)
	}
	mine := strings.Replace(string(b), `<section id="{{$a}}" class="rev">`, `<section id="{{$a}}" class="rev mine">`, 1)
	if mine == string(b) {
		t.Fatal("the default history section changed: update this test's rewrite of it")
	}
	m, fs := fixture(t)
	out := renderTheme(t, m, fs, themes.Open(fstest.MapFS{"templates/history.html": {Data: []byte(mine)}}))
	if s := readOut(t, out, "docs/policies/isp.history.html"); !strings.Contains(s, `class="rev mine"`) {
		t.Error("the theme's history sections were not used")
	}
}

// TestSplicedPagesAreWhatTheTemplatesWrite: the default history sections
// are left out of the page while it runs and spliced in after (see
// worker.run). A theme may show them more than once, or somewhere they
// are escaped (an attribute, a textarea, a script): the page is what
// the template writes with the sections in place, every time.
func TestSplicedPagesAreWhatTheTemplatesWrite(t *testing.T) {
	t.Parallel()
	b, err := fs.ReadFile(themes.FS(), "templates/history.html")
	if err != nil {
		t.Fatal(err)
	}
	call := `{{- template "history-sections" $}}`
	if !strings.Contains(string(b), call) {
		t.Fatal("the default history page no longer calls history-sections so: update this test")
	}
	older := &RevisionRef{Hash: "a1b2c3", Short: "a1b2", Author: `O'Brien & <Co>`, Subject: `"Plan" + x`, Anchor: "r-a1b2", Date: "2026-01-02", DateTime: "2026-01-02 10:00", Path: "content/plan.md"}
	newer := &RevisionRef{Hash: "d4e5f6", Short: "d4e5", Author: "Zed", Subject: "Edit", Anchor: "r-d4e5", Version: "1.1", Latest: true, BodyChanged: true, Date: "2026-02-03", DateTime: "2026-02-03 11:00", Path: "content/plan.md"}
	redline := &RedlineView{Prev: older, Mode: "words", Inserted: 1, InsertedWords: "1 word", DeletedWords: "0 words",
		Hunks: []RedlineHunk{{Spans: []RedlineSpan{{Text: "Keep <this> & "}, {Op: "ins", Ins: true, Text: "\"that\""}}}}}
	page := func() *Page {
		return &Page{Site: &Site{Title: "ISMS", Language: "en"}, Kind: KindHistory, Title: "History of Plan", Root: "../", Path: "docs/plan.history.html",
			History: &HistoryPage{Doc: &DocRef{Title: "Plan <&>", URL: "docs/plan.html", Status: "approved"}, Revisions: []*RevisionSection{
				{Rev: newer, Title: "Plan", Version: "1.1", Status: "approved", FrontMatter: "title: \"Plan <&>\"\n", Body: "<p>Keep &lt;this&gt; &amp; \"that\"</p>", TitleID: "r-d4e5-Title", Older: older, Redline: redline},
				{Rev: older, Title: "Plan", Status: "weird+1", FrontMatter: "title: Plan\n", Body: "<p>Keep</p>", TitleID: "r-a1b2-Title", Newer: newer},
			}}}
	}
	for name, extra := range map[string]string{
		"as shipped":   "",
		"twice":        `<div hidden>{{template "history-sections" $}}</div>`,
		"in attribute": `<p title="{{template "history-sections" $}}"></p>{{template "history-sections" $}}`,
		"in textarea":  `<textarea>{{template "history-sections" $}}</textarea>`,
		"in script":    `<script>var s = {{template "history-sections" $}};</script>`,
	} {
		t.Run(name, func(t *testing.T) {
			th, err := loadTheme(themes.Open(fstest.MapFS{"templates/history.html": {Data: []byte(strings.Replace(string(b), call, call+extra, 1))}}))
			if err != nil {
				t.Fatal(err)
			}
			tmpl := th.pages[KindHistory]
			if tmpl.Lookup("history-sections").Tree.Root.String() != "{{ismspackHistorySections .Root .History}}" {
				t.Fatal("the theme's history sections run through html/template")
			}
			var want strings.Builder
			if err := tmpl.ExecuteTemplate(&want, "layout", page()); err != nil {
				t.Fatal(err)
			}
			var w worker
			for range 2 { // the second page reuses the worker's buffers
				got, err := w.run(tmpl, "layout", page())
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != want.String() {
					t.Fatalf("the page differs from the template's:\n%s", lineDiff(want.String(), string(got)))
				}
			}
		})
	}
}

// TestFastLinksAreHTMLTemplates: a link the fast definitions write, to a
// page or to a fragment, is the one html/template writes, for every
// byte a path or an anchor may hold, escaped or not.
func TestFastLinksAreHTMLTemplates(t *testing.T) {
	t.Parallel()
	tmpl := template.Must(template.New("").Parse(`<a href="{{.Root}}{{.URL}}"><a href="#{{.Frag}}">`))
	var values []string
	for c := range 256 {
		values = append(values, string(rune(c)), "a"+string(byte(c))+"b")
	}
	values = append(values, "", "docs/a b.html#x", "owners.html#owner-ünï", "%41%zz%4", "javascript:alert(1)",
		"HTTPS://x.example/?q=1&r=2", "mailto:a@b", "a:b", "../x/y.html", "#frag ment", "日本語")
	for _, v := range values {
		var want strings.Builder
		if err := tmpl.Execute(&want, map[string]string{"Root": "../", "URL": v, "Frag": v}); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString(`<a href="`)
		escURL(&got, "../")
		escURL(&got, v)
		got.WriteString(`"><a href="#`)
		escFrag(&got, v)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Errorf("%q: got %s, html/template writes %s", v, got.String(), want.String())
		}
	}
}

// TestSplicedFindingsAreWhatTheTemplatesWrite: a document's findings
// and exceptions, and the findings page's rows, are left out of the page
// while it runs and spliced in after, as the history sections are (see
// TestSplicedPagesAreWhatTheTemplatesWrite): the page is what the
// template writes with them in place, wherever a theme shows them.
func TestSplicedFindingsAreWhatTheTemplatesWrite(t *testing.T) {
	t.Parallel()
	doc := &DocRef{Title: "Plan <&>", URL: "docs/plan.html", Status: "approved", Path: "content/plan.md"}
	finding := func(i int, accepted bool) *FindingView {
		f := &FindingView{Finding: check.Finding{Path: doc.Path, Line: i, Col: 1, Rule: "rule-<x>", Severity: check.Severity(i % 3),
			Message: `a "message" & <b>` + strconv.Itoa(i) + `</b>`}, Location: doc.Path + ":" + strconv.Itoa(i) + ":1",
			Doc: doc, Href: "docs/plan.html#Body", Anchor: "Finding-" + strconv.Itoa(i)}
		if accepted {
			f.Suppressed, f.Reason = true, `the <board> & 'later'`
		}
		return f
	}
	open, accepted := []*FindingView{finding(0, false), finding(3, false), finding(4, false)}, []*FindingView{finding(5, true)}
	pages := map[string]func() *Page{
		KindDoc: func() *Page {
			return &Page{Site: &Site{Title: "ISMS", Language: "en"}, Kind: KindDoc, Title: doc.Title, Root: "../", Path: "docs/plan.html",
				Doc: &DocPage{DocRef: doc, Findings: open, Exceptions: accepted}}
		},
		KindFindings: func() *Page {
			return &Page{Site: &Site{Title: "ISMS", Language: "en"}, Kind: KindFindings, Title: "Findings", Path: "findings.html",
				Findings: &FindingsPage{All: append(append([]*FindingView{}, open...), accepted...), Counts: Counts{Error: 1, Warning: 1, Info: 1, Accepted: 1}}}
		},
	}
	calls := map[string][]string{KindDoc: {"doc-findings", "doc-exceptions"}, KindFindings: {"findings-rows"}}
	// Each is a format of what follows a call, %[1]s its definition.
	for name, extra := range map[string]string{
		"as shipped":   "",
		"twice":        `<div hidden>{{template "%[1]s" $}}</div>`,
		"in attribute": `<p title="{{template "%[1]s" $}}"></p>{{template "%[1]s" $}}`,
		"in textarea":  `<textarea>{{template "%[1]s" $}}</textarea>`,
		"in script":    `<script>var s = {{template "%[1]s" $}};</script>`,
	} {
		for kind, defs := range calls {
			t.Run(name+"/"+kind, func(t *testing.T) {
				file := "templates/" + kind + ".html"
				b, err := fs.ReadFile(themes.FS(), file)
				if err != nil {
					t.Fatal(err)
				}
				s := string(b)
				for _, def := range defs {
					call := `{{- template "` + def + `" $}}`
					if !strings.Contains(s, call) {
						t.Fatalf("%s no longer calls %s so: update this test", file, def)
					}
					if extra != "" {
						s = strings.Replace(s, call, call+fmt.Sprintf(extra, def), 1)
					}
				}
				th, err := loadTheme(themes.Open(fstest.MapFS{file: {Data: []byte(s)}}))
				if err != nil {
					t.Fatal(err)
				}
				tmpl := th.pages[kind]
				for _, def := range defs {
					if !strings.HasPrefix(tmpl.Lookup(def).Tree.Root.String(), "{{ismspack") {
						t.Fatalf("the theme's %s runs through html/template", def)
					}
				}
				var want strings.Builder
				if err := tmpl.ExecuteTemplate(&want, "layout", pages[kind]()); err != nil {
					t.Fatal(err)
				}
				var w worker
				for range 2 { // the second page reuses the worker's buffers
					got, err := w.run(tmpl, "layout", pages[kind]())
					if err != nil {
						t.Fatal(err)
					}
					if string(got) != want.String() {
						t.Fatalf("the page differs from the template's:\n%s", lineDiff(want.String(), string(got)))
					}
				}
			})
		}
	}
}

package site

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// sameLookingTheme is the default theme with its "status" partial
// written another way that prints the same: its history pages go through
// html/template, not the Go that stands in for the default's.
func sameLookingTheme(t *testing.T) fs.FS {
	t.Helper()
	b, err := fs.ReadFile(themes.FS(), "templates/_partials.html")
	if err != nil {
		t.Fatal(err)
	}
	partials := strings.Replace(string(b), `{{if eq . "approved"}}`, `{{if eq "approved" .}}`, 1)
	if partials == string(b) {
		t.Fatal("the default status partial changed: update this test's rewrite of it")
	}
	return themes.Open(fstest.MapFS{"templates/_partials.html": {Data: []byte(partials)}})
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

// TestFastHistoryWritesWhatTheTemplatesWrite renders history pages with
// the default theme, whose repeated parts run as Go, and with a theme
// that prints the same through html/template: every page is the same,
// byte for byte.
func TestFastHistoryWritesWhatTheTemplatesWrite(t *testing.T) {
	t.Parallel()
	same := sameLookingTheme(t)
	th, err := loadTheme(same)
	if err != nil {
		t.Fatal(err)
	}
	if th.pages[KindHistory].Lookup("history-sections").Tree.Root.String() == "{{ismspackHistorySections .Root .History}}" {
		t.Fatal("a theme with its own status partial got the default's history sections")
	}
	if th, err = loadTheme(themes.FS()); err != nil {
		t.Fatal(err)
	} else if th.pages[KindHistory].Lookup("history-sections").Tree.Root.String() != "{{ismspackHistorySections .Root .History}}" {
		t.Fatal("the default theme's history sections run through html/template")
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
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m, findings := model(t)
			fast, slow := render(t, m, findings), renderTheme(t, m, findings, same)
			pages, _ := filepath.Glob(filepath.Join(slow, "docs", "*", "*.history.html"))
			top, _ := filepath.Glob(filepath.Join(slow, "docs", "*.history.html"))
			pages = append(pages, top...)
			if len(pages) == 0 {
				t.Fatal("no history pages")
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

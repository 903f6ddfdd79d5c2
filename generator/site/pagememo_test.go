package site

import (
	"testing"
	"testing/fstest"

	"github.com/ismspack/ismspack/themes"
)

// TestPagesAreKeptOnlyWhenTheLayoutRunsMainAsText: a page's "main" is
// kept apart from its layout only when running it alone gives the bytes
// the layout would put in.
func TestPagesAreKeptOnlyWhenTheLayoutRunsMainAsText(t *testing.T) {
	for _, tc := range []struct {
		name, layout string
		kept         bool
	}{
		{"text", `{{define "layout"}}<body>{{template "main" .}}</body>{{end}}`, true},
		{"textarea", `{{define "layout"}}<textarea>{{template "main" .}}</textarea>{{end}}`, false},
		{"script", `{{define "layout"}}<script>var x = {{template "main" .}};</script>{{end}}`, false},
		{"attribute", `{{define "layout"}}<p title="{{template "main" .}}">{{end}}`, false},
		{"twice", `{{define "layout"}}{{template "main" .}}{{template "main" .}}{{end}}`, false},
		{"other data", `{{define "layout"}}{{template "main" .Site}}{{end}}`, false},
		{"other dot", `{{define "layout"}}{{with .Site}}{{template "main" .}}{{end}}{{end}}`, false},
		{"in a partial", `{{define "layout"}}{{template "body" .}}{{end}}{{define "body"}}{{template "main" .}}{{end}}`, false},
		{"dot whole", `{{define "layout"}}<p>{{printf "%T" .}}</p>{{template "main" .}}{{end}}`, false},
		{"conditional", `{{define "layout"}}{{if .Title}}<h1>{{.Title}}</h1>{{end}}{{template "main" .}}{{end}}`, true},
	} {
		// None of these layouts reads a lazy field.
		early := tc.kept
		t.Run(tc.name, func(t *testing.T) {
			fsys := themes.Open(fstest.MapFS{"templates/_layout.html": {Data: []byte(tc.layout)}})
			th, err := loadTheme(fsys)
			if err != nil {
				t.Fatal(err)
			}
			sp := th.splitFor(KindDoc)
			if got := sp != nil; got != tc.kept {
				t.Errorf("kept = %v, want %v", got, tc.kept)
			}
			if sp != nil && sp.early != early {
				t.Errorf("early = %v, want %v", sp.early, early)
			}
		})
	}
}

// TestDefaultThemePagesAreKept: every page kind of the default theme can
// be kept, or warm builds would quietly render it every time.
func TestDefaultThemePagesAreKept(t *testing.T) {
	th, err := loadTheme(themes.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range pageKinds {
		sp := th.splitFor(kind)
		if sp == nil {
			t.Errorf("%s pages are not kept", kind)
			continue
		}
		if sp.all {
			t.Errorf("%s pages are keyed by their whole view", kind)
		}
		if kind != KindIndex && kind != KindRegister && sp.named["Commit"] {
			t.Errorf("%s pages are keyed by the commit built", kind)
		}
		if (kind == KindDoc || kind == KindHistory) && !sp.early {
			t.Errorf("%s pages are not kept under an early key", kind)
		}
	}
}

// TestLayoutReadingALazyFieldIsNotKeptEarly: a page under an early key is
// framed with a view that lacks its bodies and redlines, so a layout that
// reads any of them outside "main" must see them made.
func TestLayoutReadingALazyFieldIsNotKeptEarly(t *testing.T) {
	for _, layout := range []string{
		`{{define "layout"}}{{with .Doc}}<meta name="x" content="{{.Body}}">{{end}}{{template "main" .}}{{end}}`,
		`{{define "layout"}}{{template "main" .}}{{template "tail" .}}{{end}}{{define "tail"}}{{range .History.Revisions}}{{.Redline.Mode}}{{end}}{{end}}`,
		`{{define "layout"}}{{template "main" .}}{{with .History}}{{range .Revisions}}{{.FrontMatter}}{{end}}{{end}}{{end}}`,
	} {
		fsys := themes.Open(fstest.MapFS{"templates/_layout.html": {Data: []byte(layout)}})
		th, err := loadTheme(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if sp := th.splitFor(KindHistory); sp == nil || sp.early {
			t.Errorf("%s: kept early (or not kept at all: %v)", layout, sp == nil)
		}
	}
}

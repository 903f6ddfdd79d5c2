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
		t.Run(tc.name, func(t *testing.T) {
			fsys := themes.Open(fstest.MapFS{"templates/_layout.html": {Data: []byte(tc.layout)}})
			th, err := loadTheme(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if got := th.splitFor(KindDoc) != nil; got != tc.kept {
				t.Errorf("kept = %v, want %v", got, tc.kept)
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
	}
}

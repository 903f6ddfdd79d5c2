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

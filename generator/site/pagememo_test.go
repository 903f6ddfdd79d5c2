package site

import (
	"testing"
	"testing/fstest"

	"github.com/ismspack/ismspack/themes"
)

// TestDefaultThemePagesDoNotReadTheBuild: the default theme's pages,
// other than those that list what the build found (the dashboard, the
// register, the findings), are keyed by nothing that changes with every
// commit, or a warm build would quietly make them all every time.
func TestDefaultThemePagesDoNotReadTheBuild(t *testing.T) {
	th, err := loadTheme(themes.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range pageKinds {
		r := th.reachOf(kind)
		if r.all {
			t.Errorf("%s pages are keyed by their whole view", kind)
		}
		if kind == KindIndex || kind == KindRegister || kind == KindFindings {
			continue
		}
		for _, name := range []string{"Commit", "Counts", "Open"} {
			if r.named[name] || r.whole[name] {
				t.Errorf("%s pages are keyed by the build's %s", kind, name)
			}
		}
	}
}

// TestLayoutFieldsAreInTheKey: what a theme's layout reads, outside
// "main", is in the key of every page, so a layout that shows the commit
// is keyed by it.
func TestLayoutFieldsAreInTheKey(t *testing.T) {
	layout := `{{define "layout"}}<footer>{{with .Site.Commit}}{{.Short}}{{end}}</footer>{{template "main" .}}{{end}}`
	th, err := loadTheme(themes.Open(fstest.MapFS{"templates/_layout.html": {Data: []byte(layout)}}))
	if err != nil {
		t.Fatal(err)
	}
	r := th.reachOf(KindDoc)
	if !r.named["Commit"] || !r.named["Short"] {
		t.Errorf("the layout's fields are not in the key: %v", r.named)
	}
	if !r.named["Body"] {
		t.Errorf("main's fields are not in the key: %v", r.named)
	}
}

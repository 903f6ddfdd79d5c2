package site

import (
	"fmt"
	"io/fs"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ismspack/ismspack/generator/internal/testrepo"

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

// TestKeyChangesWithWhatTemplatesRead: changing any field of a
// realistic document or history page's view that changes the page
// changes its key, and changing it back gives the key back.
func TestKeyChangesWithWhatTemplatesRead(t *testing.T) {
	m, fs := load(t, testrepo.Corpus(t, 6, 40, 1).Dir, testConfig())
	th, err := loadTheme(themes.FS())
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(m, fs, Options{})
	s.jobs(th)
	pages := keyedPages(s)
	w := newWorker(s, th, nil)
	key := func(kind string, p *Page) string {
		return th.earlyKey(freshReach(th, kind), kind, p, nil)
	}
	show := func(kind string, p *Page) string {
		out, err := w.run(th.pages[kind], "layout", p)
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	changed, kept := 0, 0
	for _, k := range pages[:4] { // two documents' pages
		before, page := key(k.kind, k.p), show(k.kind, k.p)
		eachField(reflect.ValueOf(k.p), k.kind, -1, nil, func(fv reflect.Value, fpath string) {
			undo := mutate(fv)
			if undo == nil {
				return
			}
			after := key(k.kind, k.p)
			if show(k.kind, k.p) != page {
				changed++
				if after == before {
					t.Errorf("%s page: changing %s changes the page but not its key", k.kind, fpath)
				}
			} else if after == before {
				kept++
			}
			undo()
			if key(k.kind, k.p) != before {
				t.Errorf("%s page: changing %s back does not give the key back", k.kind, fpath)
			}
		})
	}
	if changed < 100 {
		t.Errorf("only %d fields changed a page: the views are not realistic", changed)
	}
	t.Logf("%d fields changed a page and its key; %d changed neither", changed, kept)
}

// TestNavKeyFollowsWhatTheNavShows: a document page's key changes with
// what its navigation shows of the documents beside it (their URL, ID
// and title), not with what the page shows only of its own document (a
// neighbour's version, owner, dates), so one document changing does not
// make its neighbours' pages again; and a theme whose navigation shows
// the neighbours' owners gets a key that changes with them.
func TestNavKeyFollowsWhatTheNavShows(t *testing.T) {
	b, err := fs.ReadFile(themes.FS(), "templates/doc.html")
	if err != nil {
		t.Fatal(err)
	}
	const shown = `{{$d.Title}}</a></li>`
	if !strings.Contains(string(b), shown) {
		t.Fatal("the default doc-nav no longer shows a neighbour's title so: update this test")
	}
	withOwner := strings.Replace(string(b), shown, `{{$d.Title}} ({{$d.Owner}})</a></li>`, 1)
	viaEmbedded := strings.Replace(string(b), shown, `{{$d.Title}} ({{.Owner}})</a></li>`, 1)
	m, findings := load(t, testrepo.Corpus(t, 6, 40, 1).Dir, testConfig())
	for name, c := range map[string]struct {
		theme fs.FS
		owner bool // the nav shows the neighbours' owners
	}{
		"default":          {themes.FS(), false},
		"nav shows owner":  {themes.Open(fstest.MapFS{"templates/doc.html": {Data: []byte(withOwner)}}), true},
		"nav shows .Owner": {themes.Open(fstest.MapFS{"templates/doc.html": {Data: []byte(viaEmbedded)}}), true},
	} {
		t.Run(name, func(t *testing.T) {
			th, err := loadTheme(c.theme)
			if err != nil {
				t.Fatal(err)
			}
			s := newSite(m, findings, Options{})
			s.jobs(th)
			p := keyedPages(s)[0].p
			var next *DocRef
			for _, g := range p.Doc.Nav {
				for _, d := range g.Docs {
					if !d.Current && next == nil {
						next = d.DocRef
					}
				}
			}
			if next == nil {
				t.Fatal("the page's navigation lists no other document")
			}
			key := func() string { return th.earlyKey(freshReach(th, KindDoc), KindDoc, p, nil) }
			before := key()
			for field, want := range map[string]bool{"Title": true, "URL": true, "ID": true,
				"Owner": c.owner, "Version": false, "Status": false, "ApprovedBy": false, "Interval": false} {
				undo := mutate(reflect.ValueOf(next).Elem().FieldByName(field))
				if got := key() != before; got != want {
					t.Errorf("changing a neighbour's %s changes the page's key: %v, want %v", field, got, want)
				}
				undo()
			}
			if key() != before {
				t.Error("changing the fields back does not give the key back")
			}
		})
	}
}

// freshReach is the reach of kind as a new build makes it: the shared
// views are hashed afresh.
func freshReach(th *theme, kind string) *reach {
	th.wholeDigests = new(sync.Map)
	return th.makeReach(kind)
}

// mutate changes a string, bool, number or time in place and returns
// what changes it back; nil when x is none of these.
func mutate(x reflect.Value) (undo func()) {
	old := reflect.New(x.Type()).Elem()
	old.Set(x)
	switch x.Kind() {
	case reflect.String:
		x.SetString(x.String() + "~")
	case reflect.Bool:
		x.SetBool(!x.Bool())
	case reflect.Int, reflect.Int64:
		x.SetInt(x.Int() + 1)
	default:
		t, ok := reflect.TypeAssert[time.Time](x)
		if !ok {
			return nil
		}
		x.Set(reflect.ValueOf(t.Add(time.Second)))
	}
	return func() { x.Set(old) }
}

// TestListPageKeysChangeWithWhatTheyShow: changing any field of a list
// page's view (the register, owners, findings, changes and requirement
// pages, whose rows the default theme writes in Go, see listhtml.go)
// that changes the page changes its key, with the default theme and with
// a register page of a theme's own around the default's rows, which it
// gives them through dict: what a template reads of a dict's value is
// known by the dict's key.
func TestListPageKeysChangeWithWhatTheyShow(t *testing.T) {
	b, err := fs.ReadFile(themes.FS(), "templates/register.html")
	if err != nil {
		t.Fatal(err)
	}
	_, rows, ok := strings.Cut(string(b), "{{/* register-rows")
	if !ok {
		t.Fatal("the default register.html no longer defines register-rows so: update this test")
	}
	own := `{{define "main"}}<table>{{template "register-rows" (dict "Root" .Root "Rows" .RegisterShown)}}</table>{{end}}` + "{{/* register-rows" + rows
	for name, theme := range map[string]fs.FS{
		"default":           themes.FS(),
		"own register page": themes.Open(fstest.MapFS{"templates/register.html": {Data: []byte(own)}}),
	} {
		t.Run(name, func(t *testing.T) { testListPageKeys(t, theme) })
	}
}

func testListPageKeys(t *testing.T, theme fs.FS) {
	m, findings := load(t, testrepo.Corpus(t, 6, 40, 1).Dir, testConfig())
	th, err := loadTheme(theme)
	if err != nil {
		t.Fatal(err)
	}
	if got := th.pages[KindRegister].Lookup("register-rows").Tree.Root.String(); !strings.HasPrefix(got, "{{ismspack") {
		t.Fatalf("the register's rows run through html/template: %s", got)
	}
	s := newSite(m, findings, Options{})
	s.jobs(th)
	reg := s.page(KindRegister, "register.html", "Document register")
	reg.Register = s.register()
	reg.RegisterShown = reg.Register
	owners := s.page(KindOwners, "owners.html", "Owners")
	owners.Owners = s.owners
	fp := s.page(KindFindings, "findings.html", "Findings")
	fp.Findings = s.findingsPage()
	changes := s.page(KindChanges, "changes.html", "Changes")
	changes.Changes = s.changes()
	req := s.page(KindRequirement, "req/"+s.reqs[0].Slug+".html", "Requirement")
	req.Requirement = s.requirement(m.Coverage[0], s.reqs[0])
	w := newWorker(s, th, nil)
	show := func(kind string, p *Page) (page, key string) {
		out, err := w.run(th.pages[kind], "layout", p)
		if err != nil {
			t.Fatal(err)
		}
		return string(out), th.pageKey(freshReach(th, kind), kind, p)
	}
	shown := 0
	for _, p := range []*Page{reg, owners, fp, changes, req} {
		kind := p.Kind
		page, key := show(kind, p)
		notSite := func(f reflect.StructField) bool { return f.Name != "Site" }
		eachField(reflect.ValueOf(p), kind, 3, notSite, func(fv reflect.Value, fpath string) {
			undo := mutate(fv)
			if undo == nil {
				return
			}
			if after, k := show(kind, p); after != page {
				shown++
				if k == key {
					t.Errorf("%s page: changing %s changes the page but not its key", kind, fpath)
				}
			}
			undo()
		})
	}
	if shown < 50 {
		t.Errorf("only %d fields changed a page: the views are not realistic", shown)
	}
	t.Logf("%d fields changed a page", shown)
}

// TestDictValuesSeenWholeAreKeyedWhole: a value given to a template or a
// function inside a dict, then printed or given to a function whole, is
// in the key whole.
func TestDictValuesSeenWholeAreKeyedWhole(t *testing.T) {
	for name, c := range map[string]struct {
		main, probe string
		want        func(r *reach) bool
	}{
		"dict printed":       {`{{template "probe" (dict "D" .Doc)}}`, `{{.}}`, func(r *reach) bool { return r.all }},
		"value printed":      {`{{template "probe" (dict "D" .Doc)}}`, `{{.D}}`, func(r *reach) bool { return r.all || r.whole["Doc"] }},
		"value to function":  {`{{template "probe" dict "D" .Doc}}`, `{{printf "%v" .D}}`, func(r *reach) bool { return r.all || r.whole["Doc"] }},
		"ranged and printed": {`{{template "probe" dict "Rows" .Register}}`, `{{range .Rows}}{{.}}{{end}}`, func(r *reach) bool { return r.all || r.whole["Register"] }},
		"dict to function":   {`{{printf "%v" (dict "D" .Doc)}}`, ``, func(r *reach) bool { return r.all || r.whole["Doc"] }},
	} {
		t.Run(name, func(t *testing.T) {
			page := `{{define "main"}}` + c.main + `{{end}}{{define "probe"}}` + c.probe + `{{end}}`
			th, err := loadTheme(themes.Open(fstest.MapFS{"templates/doc.html": {Data: []byte(page)}}))
			if err != nil {
				t.Fatal(err)
			}
			if r := th.reachOf(KindDoc); !c.want(r) {
				t.Errorf("the value is not keyed whole: whole %v", r.whole)
			}
		})
	}
}

// eachField calls visit on every exported field reachable from x (named
// from path), each before the fields under it, each pointer followed
// once and at most items elements of a slice (all when negative); a
// field follow rejects is neither visited nor followed.
func eachField(x reflect.Value, path string, items int, follow func(reflect.StructField) bool, visit func(fv reflect.Value, fpath string)) {
	seen := map[uintptr]bool{}
	var walk func(x reflect.Value, path string)
	walk = func(x reflect.Value, path string) {
		switch x.Kind() {
		case reflect.Pointer:
			if !x.IsNil() && !seen[x.Pointer()] {
				seen[x.Pointer()] = true
				walk(x.Elem(), path)
			}
		case reflect.Slice:
			n := x.Len()
			if items >= 0 {
				n = min(n, items)
			}
			for i := range n {
				walk(x.Index(i), fmt.Sprintf("%s[%d]", path, i))
			}
		case reflect.Struct:
			for i := range x.NumField() {
				f := x.Type().Field(i)
				if !f.IsExported() || follow != nil && !follow(f) {
					continue
				}
				fv, fpath := x.Field(i), path+"."+f.Name
				visit(fv, fpath)
				walk(fv, fpath)
			}
		}
	}
	walk(x, path)
}

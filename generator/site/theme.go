package site

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ismspack/ismspack/generator/document"
)

// Page kinds: each has a template templates/<kind>.html defining "main"
// (and optionally "head"), executed inside the "layout" template.
const (
	KindIndex       = "index"
	KindRegister    = "register"
	KindDoc         = "doc"
	KindHistory     = "history"
	KindRequirement = "requirement"
	KindOwners      = "owners"
	KindFindings    = "findings"
	KindChanges     = "changes"
	KindSearch      = "search"
	KindSet         = "set"
	KindSoA         = "soa"
)

var pageKinds = []string{KindIndex, KindRegister, KindDoc, KindHistory, KindRequirement, KindOwners, KindFindings, KindChanges, KindSearch, KindSet, KindSoA}

// theme is a parsed theme: one template set per page kind, each a clone of
// the shared layout and partials, parsed once per render.
type theme struct {
	fsys  fs.FS
	pages map[string]*template.Template
	// sources are the page sets as the theme writes them, before
	// useFastDefs: what pages' keys are worked out on (see makeReach).
	sources map[string]*template.Template
	static  []string

	// shared are the layout and partials' files; digest hashes every
	// template file, for the keys of kept pages (see pagememo.go).
	shared []string
	digest string
	// reaches holds what each kind's templates read (see pagememo.go).
	reachMu sync.Mutex
	reaches map[string]*reach
	// hashers are the hashers page keys are made with (see pagememo.go).
	hashers sync.Pool
	// wholeDigests caches the hashes of the shared views seen whole, for
	// every page kind: hashed whole, a view is hashed the same way
	// whatever the templates name, and a document's revisions, say, are
	// seen whole by both its pages (see reach.digests).
	wholeDigests *sync.Map
}

// loadTheme parses templates/_*.html (layout and partials, shared by every
// page) and templates/<kind>.html for each page kind, and lists static/.
func loadTheme(fsys fs.FS) (*theme, error) {
	th := &theme{fsys: fsys, pages: map[string]*template.Template{}, sources: map[string]*template.Template{}, reaches: map[string]*reach{}, wholeDigests: new(sync.Map)}
	shared, err := fs.Glob(fsys, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	sort.Strings(shared)
	th.shared = shared
	if th.digest, err = templatesDigest(fsys); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	base := template.New("").Funcs(funcs())
	for _, name := range shared {
		if err := parse(fsys, base, name); err != nil {
			return nil, err
		}
	}
	if base.Lookup("layout") == nil {
		return nil, fmt.Errorf("theme: no template defines \"layout\": the default theme has it in templates/_layout.html")
	}
	for _, kind := range pageKinds {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		if err := parse(fsys, t, "templates/"+kind+".html"); err != nil {
			return nil, err
		}
		th.pages[kind] = t
		th.sources[kind] = t
	}
	if err := th.useFastDefs(); err != nil {
		return nil, err
	}
	err = fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			th.static = append(th.static, p)
		}
		return nil
	})
	if err != nil && !isNotExist(err) {
		return nil, fmt.Errorf("theme: listing static files: %w", err)
	}
	sort.Strings(th.static)
	return th, nil
}

func parse(fsys fs.FS, t *template.Template, name string) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("theme: reading %s: %w", name, err)
	}
	if _, err := t.New(name).Parse(string(b)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// copyStatic copies static/ verbatim to the output's static/.
func (th *theme) copyStatic(out *outputDir) error {
	for _, p := range th.static {
		b, err := fs.ReadFile(th.fsys, p)
		if err != nil {
			return fmt.Errorf("theme: reading %s: %w", p, err)
		}
		if err := out.write(p, b); err != nil {
			return err
		}
	}
	return nil
}

// funcs are the template functions documented in docs/theme.md.
func funcs() template.FuncMap {
	return template.FuncMap{
		"date":     formatDate,
		"datetime": formatDateTime,
		"join":     strings.Join,
		"plural":   plural,
		"lower":    strings.ToLower,
		"dict":     dict,
	}
}

// dict builds a map from key, value pairs, to pass several values to a
// partial: {{template "doclink" (dict "Root" $.Root "Doc" .)}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// formatDate renders a time.Time or document.Date as YYYY-MM-DD, and a
// date that could not be read as the text written.
func formatDate(v any) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	case *time.Time:
		if t == nil {
			return ""
		}
		return formatDate(*t)
	case document.Date:
		return t.String()
	case string:
		return t
	}
	return fmt.Sprint(v)
}

func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02 15:04 -0700")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

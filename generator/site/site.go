// Package site renders the intranet site: a dashboard, the document
// register, one page per document and one holding every revision of it,
// one page per requirement, the owners, findings and changes pages and an
// offline search index, all with relative links so the output works from
// file://, from any sub-path of a web server and from inside a zip.
//
// Templates, CSS and JavaScript come from a theme (an fs.FS, normally the
// embedded default overlaid by a user's directory). Pages are built from
// view values (see Page) computed once, then executed in parallel with one
// goldmark renderer and one buffer per worker. Nothing here mutates the
// model: the PDF renderer may read the same ASTs at the same time.
package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"sync"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/internal/progress"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/redline"
)

// Options adjust a render. The zero value is what Render uses.
type Options struct {
	// NoPDF leaves out the links to pdf/<slug>.pdf and pack.pdf, for
	// builds that skip the PDF pack (so no link on the site points nowhere).
	NoPDF bool
	// Workers bounds how many pages render at once; 0 means GOMAXPROCS.
	Workers int
	// Progress counts the pages written; nil shows nothing.
	Progress *progress.Meter
	// ChangesWindow is how far back the changes page looks when there is no
	// base ref to compare with, in days; 0 means 90.
	ChangesWindow int
	// Cache, when set, keeps rendered bodies and redlines between builds
	// (see memo.go); the caller flushes it.
	Cache *cache.Cache
	// Log receives a line saying how many pages came from the cache.
	Log io.Writer
}

// Render writes the site for m into dir, which must exist. It writes only
// under dir.
func Render(dir string, m *isms.Model, findings []check.Finding, theme fs.FS) error {
	return RenderWith(dir, m, findings, theme, Options{})
}

// RenderWith is Render with options.
func RenderWith(dir string, m *isms.Model, findings []check.Finding, theme fs.FS, o Options) error {
	th, err := loadTheme(theme)
	if err != nil {
		return err
	}
	s := newSite(m, findings, o)
	out := &outputDir{dir: dir, made: map[string]bool{}}
	for _, p := range s.dirs() {
		if err := out.mkdir(p); err != nil {
			return err
		}
	}
	if err := th.copyStatic(out); err != nil {
		return err
	}
	if err := s.copyAssets(out); err != nil {
		return err
	}
	// Each job keeps its error, and the first in job order is returned, so
	// a failing build reports the same page every time.
	jobs := s.jobs(th)
	errs := make([]error, len(jobs))
	s.opt.Progress.Stage("writing the site", "pages", len(jobs))
	parallel.EachWith(len(jobs), s.opt.Workers, func() *worker { return newWorker(s, th, out) }, func(w *worker, j int) {
		errs[j] = jobs[j](w)
		s.opt.Progress.Add(1)
	})
	s.opt.Progress.Done()
	if err := parallel.First(errs); err != nil {
		return err
	}
	if n := s.keptAsked.Load(); n > 0 && o.Log != nil {
		fmt.Fprintf(o.Log, "took %d of %d document and history pages from the cache\n", s.keptHits.Load(), n)
	}
	if err := out.write(buildScriptPath, s.buildScript()); err != nil {
		return err
	}
	// The search index needs every document's text, which the document
	// jobs extracted while rendering.
	return out.write(searchIndexPath, s.searchIndex())
}

// job renders one page with a worker's renderer and buffers.
type job func(w *worker) error

// outputDir puts files under dir; paths are slash-separated and relative.
type outputDir struct {
	dir  string
	mu   sync.Mutex
	made map[string]bool
}

func (w *outputDir) mkdir(p string) error {
	if p == "" || p == "." {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.made[p] {
		return nil
	}
	if err := os.MkdirAll(filepath.Join(w.dir, filepath.FromSlash(p)), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", p, err)
	}
	w.made[p] = true
	return nil
}

func (w *outputDir) write(p string, data []byte) error {
	if err := w.mkdir(path.Dir(p)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(w.dir, filepath.FromSlash(p)), data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}

// dirs lists every directory a page goes into, parents first, so workers
// never race to create them.
func (s *site) dirs() []string {
	set := map[string]bool{"docs": true, "req": true, "static": true}
	for _, d := range s.docs {
		set[path.Dir(d.file)] = true
	}
	for _, a := range s.assetList {
		set[path.Dir(a.out)] = true
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// copyAssets copies the files documents link to or show (images, mostly)
// beside the document pages, keeping their layout under the content
// directory so a link written in Markdown points the same way on the site.
func (s *site) copyAssets(out *outputDir) error {
	for _, a := range s.assetList {
		if err := out.write(a.out, a.file.Data); err != nil {
			return err
		}
	}
	return nil
}

// buildScriptPath is the script holding what changes with every build.
const buildScriptPath = "static/build.js"

// buildScript is static/build.js: the facts of this build that every
// page shows and that change with every commit (the commit built, the
// findings open). The default theme's pages load it and show them with
// static/site.js rather than hold them, so that a page whose own data
// did not change is the same file from one build to the next.
// docs/theme.md documents window.ISMSPACK_BUILD.
func (s *site) buildScript() []byte {
	type commit struct {
		Hash  string `json:"hash"`
		Short string `json:"short"`
		Date  string `json:"date"`
	}
	v := struct {
		Commit *commit `json:"commit"`
		Open   int     `json:"open"`
	}{Open: s.info.Counts.Open()}
	if c := s.info.Commit; c != nil {
		v.Commit = &commit{Hash: c.Hash, Short: c.Short(), Date: formatDate(c.When)}
	}
	b, err := json.Marshal(v) // escapes <, > and &: nothing in it closes a script
	if err != nil {
		panic(err) // strings and an int always marshal
	}
	out := []byte("/* ismspack: this build's commit and open findings, which every page shows through site.js. */\nwindow.ISMSPACK_BUILD = ")
	return append(append(out, b...), ";\n"...)
}

// exec runs a page template into the worker's buffer and writes the file.
func (w *worker) exec(name string, p *Page) error {
	if w.site.memos.pages != nil {
		if sp := w.theme.splitFor(name); sp != nil {
			return w.execKept(sp, name, p)
		}
	}
	out, err := w.run(w.theme.pages[name], "layout", p)
	if err != nil {
		return fmt.Errorf("theme: rendering %s with templates/%s.html: %w", p.Path, name, err)
	}
	return w.out.write(p.file, out)
}

// run executes the named template of t for p into the worker's buffer
// and returns the output, which is the worker's until its next page.
// Parts a fast definition leaves out (see historySections) are spliced
// in; if they cannot be, the template runs again with them written in
// place.
func (w *worker) run(t *template.Template, name string, p *Page) ([]byte, error) {
	h := p.History
	if h != nil {
		w.splice.page = &w.buf
		w.splice.parts.Reset()
		w.splice.at = w.splice.at[:0]
		h.splice = &w.splice
	}
	w.buf.Reset()
	err := t.ExecuteTemplate(&w.buf, name, p)
	if h != nil {
		h.splice = nil
	}
	if err != nil {
		return nil, err
	}
	if h == nil || len(w.splice.at) == 0 {
		return w.buf.Bytes(), nil
	}
	if out, ok := w.splice.apply(); ok {
		return out, nil
	}
	w.buf.Reset()
	if err := t.ExecuteTemplate(&w.buf, name, p); err != nil {
		return nil, err
	}
	return w.buf.Bytes(), nil
}

// execKept is exec with the page's "main" output taken from the cache, or
// made and kept (see pagememo.go).
func (w *worker) execKept(sp *split, name string, p *Page) error {
	memo := w.site.memos.pages
	key := w.theme.pageKey(sp, name, p)
	var main []byte
	ok := false
	if key != "" {
		main, ok = memo.Get(key)
	}
	if !ok {
		before := w.site.modelReads.Load()
		out, err := w.run(w.theme.pages[name], "main", p)
		if err != nil {
			return fmt.Errorf("theme: rendering %s with templates/%s.html: %w", p.Path, name, err)
		}
		main = bytes.Clone(out)
		if key != "" && w.site.modelReads.Load() == before {
			memo.Put(key, main)
		}
	}
	return w.frame(sp, name, p, main)
}

// frame runs the layout around main, the output of the theme's "main".
// The layout runs with mainMark for main, which is then put in its place:
// main, often most of the page, is copied once, into the file's buffer.
func (w *worker) frame(sp *split, name string, p *Page, main []byte) error {
	w.buf.Reset()
	if err := sp.framed.ExecuteTemplate(&w.buf, "layout", framedPage{Page: p, Main: mainMark}); err != nil {
		return fmt.Errorf("theme: rendering %s with templates/%s.html: %w", p.Path, name, err)
	}
	out := w.buf.Bytes()
	at := bytes.Index(out, []byte(mainMark))
	if at < 0 || bytes.Contains(out[at+len(mainMark):], []byte(mainMark)) {
		// The page's own text holds the mark: run the layout on main.
		w.buf.Reset()
		// Safe: main is the output of the theme's own "main", escaped by
		// html/template in the context the layout runs it in (see splitFor).
		if err := sp.framed.ExecuteTemplate(&w.buf, "layout", framedPage{Page: p, Main: template.HTML(main)}); err != nil {
			return fmt.Errorf("theme: rendering %s with templates/%s.html: %w", p.Path, name, err)
		}
		return w.out.write(p.file, w.buf.Bytes())
	}
	w.page = append(append(append(w.page[:0], out[:at]...), main...), out[at+len(mainMark):]...)
	return w.out.write(p.file, w.page)
}

// mainMark stands for "main" in a framed layout's output. The bytes 0xfe
// and 0xff are never valid UTF-8, so only a page whose data holds them
// can hold the mark, and frame checks that it is there once.
const mainMark template.HTML = "\xfe\xffismspack main\xff\xfe"

// execLazy is exec for a page whose view leaves out its lazy fields
// (lazyFields) until fill makes them. With a cache, the page's "main" is
// looked up under an early key, from the view without them and lazy,
// which writes what they are made from: a page kept and still right
// costs the key and a read, not its bodies and redlines.
func (w *worker) execLazy(name string, p *Page, lazy func(*wire.Writer), fill func() error) error {
	var sp *split
	if w.site.memos.kept != nil {
		if sp = w.theme.splitFor(name); sp != nil && !sp.early {
			sp = nil
		}
	}
	if sp == nil {
		if err := fill(); err != nil {
			return err
		}
		return w.exec(name, p)
	}
	var in wire.Writer
	in.String(w.site.memos.options)
	lazy(&in)
	key := w.theme.earlyKey(sp, name, p, in.B)
	w.site.keptAsked.Add(1)
	if key != "" {
		if main, ok := w.keptPage(key, p); ok {
			w.site.keptHits.Add(1)
			return w.frame(sp, name, p, main)
		}
	}
	var groups []linkGroup
	w.body.groups = &groups
	err := fill()
	w.body.groups = nil
	if err != nil {
		return err
	}
	before := w.site.modelReads.Load()
	out, err := w.run(w.theme.pages[name], "main", p)
	if err != nil {
		return fmt.Errorf("theme: rendering %s with templates/%s.html: %w", p.Path, name, err)
	}
	main := bytes.Clone(out)
	if key != "" && w.site.modelReads.Load() == before {
		w.site.memos.kept.Put(key, encodePage(pageEntry{Main: main, Groups: groups}))
	}
	return w.frame(sp, name, p, main)
}

// linkTargets writes where each of d's links leads from a page at root,
// as the model resolved them: what the document's current body shows of
// other documents and files.
func (w *worker) linkTargets(in *wire.Writer, d *isms.Doc, root string) {
	w.body.ctx = linkContext{root: root, from: d.Path, doc: d}
	in.Uint(uint64(len(d.Links)))
	for _, l := range d.Links {
		t := w.body.target(l.Target, l.Dest, l.Image)
		in.String(l.Dest)
		in.Bool(l.Image)
		in.String(t.href)
		in.String(t.problem)
		in.Bool(t.local)
	}
}

// worker holds what one goroutine reuses from page to page.
type worker struct {
	site  *site
	theme *theme
	out   *outputDir
	buf   bytes.Buffer
	body  *bodyRenderer
	// page is where frame puts a page together.
	page []byte
	// entry holds the kept page read last (see keptPage).
	entry []byte
	// splice takes what fast definitions leave out of a page (see run).
	splice splicer
	// redline keeps the redlines' scratch space from page to page.
	redline redline.Comparer
}

func newWorker(s *site, th *theme, out *outputDir) *worker {
	return &worker{site: s, theme: th, out: out, body: newBodyRenderer(s)}
}

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
	"github.com/ismspack/ismspack/generator/internal/outfile"
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
		fmt.Fprintf(o.Log, "took %d of %d pages from the cache\n", s.keptHits.Load(), n)
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
// A page put there may be a hard link to the cache's copy (see link), so
// every file is made new, never written in place (see outfile.Write).
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
	if err := outfile.Write(filepath.Join(w.dir, filepath.FromSlash(p)), data); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}

// keep writes data at p and keeps it in pages under key, one file for
// both where it can be (see cache.Store.PutFileAt).
func (w *outputDir) keep(pages *cache.Store, key, p string, data []byte) error {
	if err := w.mkdir(path.Dir(p)); err != nil {
		return err
	}
	if err := pages.PutFileAt(key, data, filepath.Join(w.dir, filepath.FromSlash(p))); err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	return nil
}

// link puts the page kept under key in pages at p, checked against sum,
// and reports whether it did (see cache.Store.LinkFile).
func (w *outputDir) link(pages *cache.Store, key, sum, p string) bool {
	if w.mkdir(path.Dir(p)) != nil {
		return false
	}
	return pages.LinkFile(key, sum, filepath.Join(w.dir, filepath.FromSlash(p)))
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
// did not change is the same file from one build to the next, and the
// cache can link it into the output (see pagememo.go). docs/theme.md
// documents window.ISMSPACK_BUILD.
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

// exec renders a page and writes it. With a cache, the page is looked
// up first, under a key hashing its view, and linked into the output
// when it is found (see pagememo.go).
func (w *worker) exec(name string, p *Page) error {
	key := ""
	if w.site.memos.pages != nil {
		key = w.theme.pageKey(w.theme.reachOf(name), name, p)
		w.site.keptAsked.Add(1)
		if key != "" && w.linkKept(key, p) {
			w.site.keptHits.Add(1)
			return nil
		}
	}
	return w.makePage(name, p, key, nil)
}

// makePage runs the page's layout, writes the page and, when key is not
// empty, keeps it under key with groups, the links its bodies resolved
// against the model (see linkKept).
func (w *worker) makePage(name string, p *Page, key string, groups []linkGroup) error {
	defer w.release()
	before := w.site.modelReads.Load()
	out, err := w.run(w.theme.pages[name], "layout", p)
	if err != nil {
		return fmt.Errorf("theme: rendering %s with templates/%s.html: %w", p.Path, name, err)
	}
	if key == "" || w.site.modelReads.Load() != before {
		return w.out.write(p.file, out)
	}
	pages := w.site.memos.pages
	if err := w.out.keep(pages, key, p.file, out); err != nil {
		return err
	}
	pages.Put(key, encodePage(w.site.newPageEntry(cache.Sum(out), groups)))
	return nil
}

// keptBuffer is the most a worker's buffer keeps from one page to the
// next: a buffer grown past it by one huge page (a document of a hundred
// thousand findings is tens of megabytes) is let go, not held for the
// rest of the build.
const keptBuffer = 8 << 20

// release lets go of the worker's page buffers grown past keptBuffer.
func (w *worker) release() {
	if w.buf.Cap() > keptBuffer {
		w.buf = bytes.Buffer{}
	}
	if w.splice.parts.Cap() > keptBuffer {
		w.splice.parts = bytes.Buffer{}
	}
	if cap(w.splice.out) > keptBuffer {
		w.splice.out = nil
	}
	if w.body.out.Cap() > keptBuffer {
		w.body.out = bytes.Buffer{}
	}
	if w.body.balanced.Cap() > keptBuffer {
		w.body.balanced = bytes.Buffer{}
	}
}

// run executes the named template of t for p into the worker's buffer
// and returns the output, which is the worker's until its next page.
// Parts a fast definition leaves out (see historySections) are spliced
// in; if they cannot be, the template runs again with them written in
// place.
func (w *worker) run(t *template.Template, name string, p *Page) ([]byte, error) {
	var sps []**splicer
	if p.History != nil {
		sps = append(sps, &p.History.splice)
	}
	if p.Doc != nil {
		sps = append(sps, &p.Doc.splice)
	}
	if p.Findings != nil {
		sps = append(sps, &p.Findings.splice)
	}
	w.splice.page = &w.buf
	w.splice.parts.Reset()
	w.splice.at = w.splice.at[:0]
	for _, sp := range sps {
		*sp = &w.splice
	}
	w.buf.Reset()
	err := t.ExecuteTemplate(&w.buf, name, p)
	for _, sp := range sps {
		*sp = nil
	}
	if err != nil {
		return nil, err
	}
	if len(w.splice.at) == 0 {
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

// execLazy is exec for a page whose view leaves out its lazy fields
// (see earlyKey) until fill makes them. With a cache, the page is looked
// up under an early key, from the view without them and lazy, which
// writes what they are made from: a page kept and still right costs the
// key, a read and a link, not its bodies and redlines.
func (w *worker) execLazy(name string, p *Page, lazy func(*wire.Writer), fill func() error) error {
	if w.site.memos.pages == nil {
		if err := fill(); err != nil {
			return err
		}
		return w.makePage(name, p, "", nil)
	}
	var in wire.Writer
	in.String(w.site.memos.options)
	lazy(&in)
	key := w.theme.earlyKey(w.theme.reachOf(name), name, p, in.B)
	w.site.keptAsked.Add(1)
	if key != "" && w.linkKept(key, p) {
		w.site.keptHits.Add(1)
		return nil
	}
	var groups []linkGroup
	w.body.groups = &groups
	err := fill()
	w.body.groups = nil
	if err != nil {
		return err
	}
	return w.makePage(name, p, key, groups)
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
	// entry holds the kept page's entry read last (see linkKept).
	entry []byte
	// splice takes what fast definitions leave out of a page (see run).
	splice splicer
	// redline keeps the redlines' scratch space from page to page.
	redline redline.Comparer
	texts   texts
	// sums hashes the texts the history pages key bodies and redlines by.
	sums sums
}

func newWorker(s *site, th *theme, out *outputDir) *worker {
	return &worker{site: s, theme: th, out: out, body: newBodyRenderer(s)}
}

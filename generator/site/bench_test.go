package site

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// benchModel is built once per test binary: making the repository and
// loading it is not what the benchmark measures.
var benchModel = struct {
	once sync.Once
	m    *isms.Model
	fs   []check.Finding
}{}

func loadBenchModel(b *testing.B) (*isms.Model, []check.Finding) {
	benchModel.once.Do(func() {
		start := time.Now()
		dir := testrepo.Corpus(b, 200, 1000, 1).Dir
		benchModel.m, benchModel.fs = load(b, dir, testConfig())
		b.Logf("corpus of 200 documents and 1000 commits made and loaded in %s", time.Since(start).Round(time.Millisecond))
	})
	return benchModel.m, benchModel.fs
}

// BenchmarkRender renders the whole site for 200 documents with 1,000
// commits of history: 200 document pages and 200 history pages holding
// some 2,000 revisions between them. ns/revision divides by history
// entries, the unit the site's cost grows with.
func BenchmarkRender(b *testing.B) {
	m, fs := loadBenchModel(b)
	theme := themes.FS()
	revs := 0
	for _, d := range m.Docs {
		revs += len(d.History)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if err := Render(out, m, fs, theme); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if i == 0 {
			if _, err := os.Stat(filepath.Join(out, "docs", "doc-00000.history.html")); err != nil {
				b.Fatal(err)
			}
		}
		os.RemoveAll(out)
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(revs), "ns/revision")
}

// BenchmarkPages renders the document and history pages alone, one
// worker: the templates, Markdown, redlines and writing, per page.
func BenchmarkPages(b *testing.B) {
	s, th := benchSite(b)
	out := &outputDir{dir: b.TempDir(), made: map[string]bool{}}
	for _, p := range s.dirs() {
		if err := out.mkdir(p); err != nil {
			b.Fatal(err)
		}
	}
	w := newWorker(s, th, out)
	for _, kind := range []string{KindHistory, KindDoc} {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, di := range s.docs {
					var err error
					if kind == KindHistory {
						err = w.historyPage(di)
					} else {
						err = w.docPage(di)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(s.docs)), "ns/page")
		})
	}
}

// BenchmarkPageKeys keys the document and history pages of the bench
// model as a warm build does before it links them: views as docPage and
// historyPage make them, without their lazy fields, each build (each
// iteration) hashing every shared view afresh.
func BenchmarkPageKeys(b *testing.B) {
	s, th := benchSite(b)
	pages := keyedPages(s)
	lazy := []byte("lazy")
	b.ReportAllocs()
	for b.Loop() {
		th.reaches, th.wholeDigests = map[string]*reach{}, new(sync.Map) // a build's reaches, digests and all
		for _, k := range pages {
			if th.earlyKey(th.reachOf(k.kind), k.kind, k.p, lazy) == "" {
				b.Fatal("a page cannot be keyed")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(pages)), "ns/page")
}

// keyedPage is a page's view and kind, as a warm build keys it.
type keyedPage struct {
	kind string
	p    *Page
}

// keyedPages makes the document and history pages of s as docPage and
// historyPage make them before their lazy fields: a document's page,
// then its history's, for each document.
func keyedPages(s *site) []keyedPage {
	var pages []keyedPage
	for _, di := range s.docs {
		p := s.page(KindDoc, di.file, di.ref.Title)
		p.Print = &PrintLabel{ID: di.d.Meta.ID, Version: di.d.Meta.Version, Status: string(di.d.Meta.Status), Note: uncontrolled}
		p.Doc = &DocPage{DocRef: di.ref, Blob: di.d.Blob, History: di.revs,
			Backlinks: s.refs(di.d.Backlinks), Nav: s.nav(di.ref)}
		for _, id := range di.d.Requirements {
			if r := s.reqBy[id]; r != nil {
				p.Doc.Requirements = append(p.Doc.Requirements, r)
			}
		}
		pages = append(pages, keyedPage{KindDoc, p})
		h := s.page(KindHistory, di.history, "History of "+di.ref.Title)
		h.History = &HistoryPage{Doc: di.ref}
		for i, ref := range di.revs {
			sec := &RevisionSection{Rev: ref, TitleID: ref.Anchor + "-Title", Title: di.ref.Title,
				Print: &PrintLabel{Version: ref.Version, Note: "Copy of commit " + ref.Short}}
			if i > 0 {
				sec.Newer = di.revs[i-1]
			}
			if i+1 < len(di.revs) {
				sec.Older = di.revs[i+1]
				sec.Redline = &RedlineView{Prev: di.revs[i+1]}
			}
			h.History.Revisions = append(h.History.Revisions, sec)
		}
		pages = append(pages, keyedPage{KindHistory, h})
	}
	return pages
}

// benchSite is the site of the bench model with the default theme, its
// jobs laid out, as a build has it before it renders.
func benchSite(b *testing.B) (*site, *theme) {
	m, fs := loadBenchModel(b)
	th, err := loadTheme(themes.FS())
	if err != nil {
		b.Fatal(err)
	}
	s := newSite(m, fs, Options{})
	s.jobs(th)
	return s, th
}

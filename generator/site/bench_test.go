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
	m, fs := loadBenchModel(b)
	th, err := loadTheme(themes.FS())
	if err != nil {
		b.Fatal(err)
	}
	s := newSite(m, fs, Options{})
	s.jobs(th)
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

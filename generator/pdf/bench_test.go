package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// BenchmarkPack times Render — pack.pdf and every per-document PDF — and
// reports pages per second and the CPU time of a render. Point ISMSPACK_BENCH_CORPUS at a repository
// made by
//
//	python3 ../shared/bench/mkcorpus.py /tmp/corpus-m --docs 1000 --commits 5000
//
// for the figure; without it the benchmark draws a synthetic
// repository of 150 documents and 600 commits made with go-git.
func BenchmarkPack(b *testing.B) {
	m, fs := benchModel(b)
	out := b.TempDir()
	packPages, allPages := 0, 0
	cpu := cpuTime()
	for b.Loop() {
		if err := Render(out, m, fs); err != nil {
			b.Fatal(err)
		}
	}
	cpuSecs := (cpuTime() - cpu).Seconds() / float64(b.N)
	packPages, allPages = countPages(b, out)
	secs := b.Elapsed().Seconds() / float64(b.N)
	// On a shared machine the CPU time is the steadier figure: the wall
	// time counts the neighbours too.
	b.ReportMetric(cpuSecs, "cpu-s/op")
	b.ReportMetric(float64(packPages), "pack-pages")
	b.ReportMetric(float64(packPages)/secs, "pack-pages/s")
	b.ReportMetric(float64(allPages)/secs, "pages/s")
	b.ReportMetric(float64(len(m.Docs)), "docs")
}

// countPages counts page objects in pack.pdf and in every PDF under dir.
func countPages(tb testing.TB, dir string) (pack, all int) {
	tb.Helper()
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() || filepath.Ext(p) != ".pdf" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n := bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page>")) + bytes.Count(b, []byte("/Type /Page/"))
		all += n
		if filepath.Base(p) == "pack.pdf" && filepath.Dir(p) == dir {
			pack = n
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pack, all
}

// BenchmarkPackWarm times RenderWith from a cache that holds every
// document's PDF and part: what a warm build's PDF stage does when the
// documents did not change (link the documents' PDFs, put the pack
// together from the parts). ISMSPACK_BENCH_CORPUS as for BenchmarkPack.
func BenchmarkPackWarm(b *testing.B) {
	m, fs := benchModel(b)
	c, err := cache.Open(b.TempDir(), cache.Options{})
	if err != nil {
		b.Fatal(err)
	}
	o := Options{Cache: c}
	if err := RenderWith(b.TempDir(), m, fs, o); err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime()
	for b.Loop() {
		b.StopTimer()
		out := b.TempDir()
		b.StartTimer()
		if err := RenderWith(out, m, fs, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkDocInputs times the cache keys of every document's PDF, made
// on every build that uses the cache. ISMSPACK_BENCH_CORPUS as for
// BenchmarkPack.
func BenchmarkDocInputs(b *testing.B) {
	m, r := benchRun(b)
	cpu := cpuTime()
	for b.Loop() {
		shared := r.shared()
		r.outKeys = outKeys(m)
		for _, d := range m.Docs {
			r.docInputs(shared, d)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkPackSections times drawing the pack's own sections (matrix,
// register, requirements, appendices) each on its own, one after
// another: the drawing left to a warm build whose documents' parts all
// come from the cache. ISMSPACK_BENCH_CORPUS as for BenchmarkPack.
func BenchmarkPackSections(b *testing.B) {
	_, r := benchRun(b)
	cpu := cpuTime()
	for b.Loop() {
		for _, own := range ownSections() {
			if _, _, err := r.ownSection(own, r.frame()); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// benchModel loads the repository ISMSPACK_BENCH_CORPUS names, else a
// synthetic one of 150 documents and 600 commits made with go-git.
func benchModel(b *testing.B) (*isms.Model, []check.Finding) {
	dir := os.Getenv("ISMSPACK_BENCH_CORPUS")
	if dir == "" {
		dir = testrepo.Corpus(b, 150, 600, 1).Dir
	}
	return loadDir(b, dir)
}

// benchRun is a run of benchModel's model, as a build makes one.
func benchRun(b *testing.B) (*isms.Model, *run) {
	m, fs := benchModel(b)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		b.Fatal(err)
	}
	return m, r
}

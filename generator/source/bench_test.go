package source_test

import (
	"os"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/source"
)

// BenchmarkRead reads every document and its whole history: the walk
// that bounds how fast check can be. ISMSPACK_BENCH_CORPUS names a
// repository made by shared/bench/mkcorpus.py; without it a synthetic
// 200-document, 1,000-commit one is made.
func BenchmarkRead(b *testing.B) {
	dir := os.Getenv("ISMSPACK_BENCH_CORPUS")
	if dir == "" {
		dir = testrepo.Corpus(b, 200, 1000, 1).Dir
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := source.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		c, err := r.Resolve("HEAD")
		if err != nil {
			b.Fatal(err)
		}
		s, err := r.Read("HEAD", c, source.Markdown("content"))
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
		b.ReportMetric(float64(s.Commits), "commits")
	}
}

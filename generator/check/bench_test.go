package check_test

import (
	"os"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// BenchmarkCheck times `ismspack check` without the command line, by
// stage (source: the git walk; model: parsing; rules) and whole. Point ISMSPACK_BENCH_CORPUS at a repository made by
//
//	python3 ../shared/bench/mkcorpus.py /tmp/corpus-m --docs 1000 --commits 5000
//
// for the figure; without it the benchmark builds a smaller
// synthetic repository (200 documents, 1,000 commits) with go-git.
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("ISMSPACK_BENCH_CORPUS")
	if dir == "" {
		dir = testrepo.Corpus(b, 200, 1000, 1).Dir
	}
	asOf := mkcorpusAsOf
	m := loadRepo(b, dir, nil, asOf)
	b.Logf("%s: %d documents, %d commits walked", dir, len(m.Docs), m.Snapshot.Commits)
	// source: the git walk and reading every document's revisions.
	b.Run("source", func(b *testing.B) {
		for b.Loop() {
			readSnapshot(b, dir, m.Config.Content)
		}
	})
	// model: parsing the documents (and what isms derives) from a snapshot.
	snap := readSnapshot(b, dir, m.Config.Content)
	sets, err := framework.Default()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("model", func(b *testing.B) {
		for b.Loop() {
			if _, err := isms.Load(snap, m.Config, sets, asOf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rules", func(b *testing.B) {
		for b.Loop() {
			check.Run(m, check.Rules())
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			checkRepo(b, dir, nil, asOf)
		}
	})
}

func readSnapshot(tb testing.TB, dir, content string) *source.Snapshot {
	tb.Helper()
	repo, err := source.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := repo.Resolve("")
	if err != nil {
		tb.Fatal(err)
	}
	snap, err := repo.Read("HEAD", c, source.Markdown(content))
	if err != nil {
		tb.Fatal(err)
	}
	return snap
}

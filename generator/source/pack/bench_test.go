package pack

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// BenchmarkReadAll reads every object of a repository's packs in pack
// order with a cold cache: the inflating and delta resolving a cold walk
// does, without the walk. ISMSPACK_BENCH_CORPUS names a repository made by
// shared/bench/mkcorpus.py; without it a synthetic one is made.
func BenchmarkReadAll(b *testing.B) {
	dir := os.Getenv("ISMSPACK_BENCH_CORPUS")
	if dir == "" {
		r := testrepo.Corpus(b, 100, 400, 1)
		if err := r.Git.RepackObjects(nil); err != nil {
			b.Fatal(err)
		}
		dir = r.Dir
	}
	objects := filepath.Join(dir, "objects")
	if _, err := os.Stat(objects); err != nil {
		objects = filepath.Join(dir, ".git", "objects")
	}
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(objects, 32<<20, 8<<20)
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range s.packs {
			for _, off := range p.x.starts {
				st := s.states.Get().(*state)
				e, err := s.at(st, p, off)
				st.release()
				s.states.Put(st)
				if err != nil {
					b.Fatal(err)
				}
				e.c.release(e)
			}
		}
		s.Close()
	}
}

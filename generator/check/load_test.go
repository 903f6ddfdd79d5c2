package check_test

import (
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// loadRepo reads the repository at dir the way build.Load does (config
// from the commit, then the snapshot, then the model) without pulling in
// the site and PDF renderers, so these tests exercise the rules and
// nothing that only renders.
func loadRepo(tb testing.TB, dir string, cfgOverride []byte, asOf time.Time) *isms.Model {
	tb.Helper()
	repo, err := source.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := repo.Resolve("")
	if err != nil {
		tb.Fatal(err)
	}
	cfg := config.Default()
	if cfgOverride != nil {
		if cfg, err = config.Parse("ismspack.yaml", cfgOverride); err != nil {
			tb.Fatal(err)
		}
	} else {
		for _, n := range config.FileNames {
			b, err := repo.ReadFile(c, n)
			if err != nil {
				tb.Fatal(err)
			}
			if b != nil {
				if cfg, err = config.Parse(n, b); err != nil {
					tb.Fatal(err)
				}
				break
			}
		}
	}
	snap, err := repo.Read("HEAD", c, cfg.Content)
	if err != nil {
		tb.Fatal(err)
	}
	sets, err := framework.Builtin()
	if err != nil {
		tb.Fatal(err)
	}
	return isms.Load(snap, cfg, sets, asOf)
}

// checkRepo loads dir and runs every rule.
func checkRepo(tb testing.TB, dir string, cfg []byte, asOf time.Time) (*isms.Model, []check.Finding) {
	tb.Helper()
	m := loadRepo(tb, dir, cfg, asOf)
	return m, check.Run(m, check.Rules())
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

package check_test

import (
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/isms"
)

// loadRepo loads the repository at dir as a build does, with the
// configuration committed there unless cfgOverride gives one.
func loadRepo(tb testing.TB, dir string, cfgOverride []byte, asOf time.Time) *isms.Model {
	tb.Helper()
	o := isms.Options{Dir: dir, AsOf: asOf}
	if cfgOverride != nil {
		cfg, err := config.Parse("ismspack.yaml", cfgOverride)
		if err != nil {
			tb.Fatal(err)
		}
		o.Config = &cfg
	}
	m, err := isms.Open(o)
	if err != nil {
		tb.Fatal(err)
	}
	return m
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

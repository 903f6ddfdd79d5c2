package isms_test

import (
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// TestModelCarriesConfigDefaults: a model loaded with settings left empty
// has config's defaults, the only ones, so the site and the pack need none
// of their own.
func TestModelCarriesConfigDefaults(t *testing.T) {
	t.Parallel()
	m, err := isms.Load(&source.Snapshot{}, config.Config{}, nil, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	d := config.Default()
	if m.Config.Language != d.Language || m.Config.Title != d.Title || m.Config.IntervalFor("policy") != d.Review.Interval {
		t.Errorf("model config %q, %q, %v; want config's defaults", m.Config.Language, m.Config.Title, m.Config.IntervalFor("policy"))
	}
}

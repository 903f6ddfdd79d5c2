package site

import (
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// FuzzSite renders the site for a model of one document whose file is
// fuzzed (front matter and Markdown), seeded from the example ISMS in
// testdata/fuzz/FuzzSite. It must not panic, fail or hang, and every
// link and fragment on the site must land. Run it with
//
//	go test ./generator/site/ -run '^$' -fuzz '^FuzzSite$' -fuzztime 10m
func FuzzSite(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 256<<10 {
			t.Skip("larger than a document needs to be to find a rendering bug")
		}
		r := testrepo.Make(t, testrepo.Commit{Files: testrepo.FuzzFiles(src), Message: "fuzz"})
		m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: testAsOf})
		if err != nil {
			t.Fatal(err)
		}
		fs := check.Run(m, check.Rules())
		out := t.TempDir()
		done := make(chan error, 1)
		go func() { done <- Render(out, m, fs, themes.FS()) }()
		select {
		case err = <-done:
		case <-time.After(2 * time.Minute):
			t.Fatalf("no site after 2 minutes: rendering hangs on\n%q", src)
		}
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		page, err := os.ReadFile(filepath.Join(out, "docs", "policies", "fuzz.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(page) {
			t.Error("the document's page is not valid UTF-8")
		}
		for _, p := range linkProblems(t, out, pdfOutput) {
			t.Error(p)
		}
	})
}

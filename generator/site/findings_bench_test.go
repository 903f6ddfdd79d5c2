package site

import (
	"fmt"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/themes"
)

// manyFindings are n broken-link findings on one document, the shape a
// hostile or broken pull request gives its page.
func manyFindings(path string, n int) []check.Finding {
	fs := make([]check.Finding, n)
	for i := range fs {
		fs[i] = check.Finding{Path: path, Line: 15 + 2*i, Col: 5, Rule: "link-broken", Severity: check.Error,
			Message: fmt.Sprintf("content/d%d.md has no heading with anchor #x%d (it has #doc-%d)", i%20, i, i%20)}
		if i%2 == 1 {
			fs[i].Message = fmt.Sprintf("no heading with anchor #nope%d in this document (it has #doc)", i)
		}
		if i%100 == 99 {
			fs[i].Suppressed, fs[i].Reason = true, "accepted <for> now & later"
		}
	}
	return fs
}

// BenchmarkDocPageFindings renders the page of one document holding n
// findings at two sizes, one worker: the time and the bytes should
// double, not more.
func BenchmarkDocPageFindings(b *testing.B) {
	m, _ := loadExample(b)
	th, err := loadTheme(themes.FS())
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{40_000, 80_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := m.Docs[0]
			s := newSite(m, manyFindings(d.Path, n), Options{})
			s.jobs(th)
			out := &outputDir{dir: b.TempDir(), made: map[string]bool{}}
			for _, p := range s.dirs() {
				if err := out.mkdir(p); err != nil {
					b.Fatal(err)
				}
			}
			w := newWorker(s, th, out)
			di := s.byPath[d.Path]
			b.ReportAllocs()
			for b.Loop() {
				if err := w.docPage(di); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

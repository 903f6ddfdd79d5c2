package pdf

import (
	"fmt"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
)

// manyFindings are n broken-link findings on one document, the shape a
// hostile or broken pull request gives the findings appendix.
func manyFindings(path string, n int) []check.Finding {
	fs := make([]check.Finding, n)
	for i := range fs {
		fs[i] = check.Finding{Path: path, Line: 15 + 2*i, Col: 5, Rule: "link-broken", Severity: check.Error,
			Message: fmt.Sprintf("content/d%d.md has no heading with anchor #x%d (it has #doc-%d)", i%20, i, i%20)}
		if i%2 == 1 {
			fs[i].Message = fmt.Sprintf("no heading with anchor #nope%d in this document (it has #doc)", i)
		}
	}
	return fs
}

// BenchmarkFindingsAppendix times drawing the pack's findings appendix
// of n findings at two sizes: the time and the bytes should double, not
// more.
func BenchmarkFindingsAppendix(b *testing.B) {
	for _, n := range []int{40_000, 80_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			m, _ := sample(b)
			r, err := newRun(m, manyFindings(m.Docs[0].Path, n), Provenance{})
			if err != nil {
				b.Fatal(err)
			}
			own := viewed("findings", (*run).findingsView, (*renderer).appendixFindings)
			b.ReportAllocs()
			var cpu int64
			for b.Loop() {
				start := cpuTime()
				if _, _, err := r.ownSection(own, r.frame()); err != nil {
					b.Fatal(err)
				}
				cpu += int64(cpuTime() - start)
			}
			b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

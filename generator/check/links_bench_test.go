package check_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// BenchmarkLinksToMissingFiles loads a model whose documents hold ten
// links each to files that are not there, and runs the link rules: the
// shape that cost a scan of every document per link. Time should double
// with the links, not quadruple.
func BenchmarkLinksToMissingFiles(b *testing.B) {
	sets, err := framework.Default()
	if err != nil {
		b.Fatal(err)
	}
	var rules []*check.Rule
	for _, r := range check.Rules() {
		if strings.HasPrefix(r.ID, "link-") || r.ID == "image-missing" {
			rules = append(rules, r)
		}
	}
	for _, links := range []int{50_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", links/1000), func(b *testing.B) {
			snap := &source.Snapshot{Ref: "HEAD", Content: "content", Commit: &source.Commit{Hash: strings.Repeat("ab", 20)}, History: map[string][]source.Change{}}
			for i := 0; i < links/10; i++ {
				var body strings.Builder
				body.WriteString("# Doc\n\n")
				for j := 0; j < 10; j++ {
					fmt.Fprintf(&body, "See [gone](../gone/%d-%d.md).\n", i, j)
				}
				src := testrepo.Doc(map[string]string{"id": fmt.Sprintf("D-%d", i)}, body.String())
				snap.Files = append(snap.Files, source.File{Path: fmt.Sprintf("content/d%05d/doc.md", i), Data: []byte(src)})
			}
			asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
			var n int
			for b.Loop() {
				m, err := isms.Load(snap, config.Default(), sets, asOf)
				if err != nil {
					b.Fatal(err)
				}
				n = len(check.Run(m, rules))
			}
			if n != links {
				b.Fatalf("%d findings, want one per link (%d)", n, links)
			}
		})
	}
}

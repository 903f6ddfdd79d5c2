package isms

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/source"
)

// BenchmarkDeclaredHistory reconciles a revision table of rows rows with a
// history of commits commits, each adding one row and changing a line of
// the text, so every revision's body differs and is read: the work is
// commits × document size, and the figures for half the rows and half
// the commits show it linear in each. The first three are the sizes of
// record; the last three, a fifth of them, run in seconds.
func BenchmarkDeclaredHistory(b *testing.B) {
	for _, c := range []struct{ rows, commits int }{{10000, 2000}, {5000, 2000}, {10000, 1000}, {2000, 400}, {1000, 400}, {2000, 200}} {
		b.Run(fmt.Sprintf("rows=%d/commits=%d", c.rows, c.commits), func(b *testing.B) {
			srcs := make([][]byte, c.commits) // newest first, as History is
			var total int64
			for i := range c.commits {
				n := c.rows - i // the newest has all the rows
				var s strings.Builder
				fmt.Fprintf(&s, "---\nid: P-1\ntitle: Policy\n---\n# Policy\n\nThis is change %d of the text.\n\n## Revision history\n\n| Version | Date | Changed by | Approved by | Changes |\n|---|---|---|---|---|\n", n)
				for r := range n {
					fmt.Fprintf(&s, "| %d.%d | 2020-01-%02d | Jane Doe | CEO | Change number %d to the text |\n", r/10, r%10, r%28+1, r)
				}
				srcs[i] = []byte(s.String())
				total += int64(len(srcs[i]))
			}
			tip := document.Parse("content/p.md", srcs[0], document.Options{})
			b.SetBytes(total)
			b.ResetTimer()
			for range b.N {
				d := &Doc{Document: tip, History: make([]*Revision, c.commits)}
				for i, src := range srcs {
					d.History[i] = &Revision{Commit: &source.Commit{Hash: fmt.Sprint(i), When: time.Unix(int64(1e9-i), 0)},
						Path: "content/p.md", src: src, bodyOff: strings.Index(string(src[4:]), "---\n") + 8}
				}
				reconcile(d, document.Options{}, nil)
				if d.Declared[0].AddedIn == nil {
					b.Fatal("no commit found for the first row")
				}
			}
		})
	}
}

package pdf

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// longRun is n characters with no space: what a pasted key, base64 or a
// minified line looks like to the line breaker.
func longRun(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[(i*7+i/64)%len(alphabet)]
	}
	return string(b)
}

// shapes are the bodies whose layout time must grow linearly with n. Each
// benchmark below runs at n and 2n: the time should double, not quadruple.
var shapes = []struct {
	name string
	body func(n int) string
}{
	{"long-word-paragraph", func(n int) string { return "# Key\n\nThe key: " + longRun(n) + " ends here.\n" }},
	{"long-word-heading", func(n int) string { return "# Key\n\n## " + longRun(n) + "\n\nText.\n" }},
	{"long-word-cell", func(n int) string { return "# Key\n\n| key | note |\n|---|---|\n| " + longRun(n) + " | x |\n" }},
	{"long-word-code", func(n int) string { return "# Key\n\n```\n" + longRun(n) + "\n```\n" }},
	{"long-word-inline-code", func(n int) string { return "# Key\n\nThe key `" + longRun(n) + "` ends.\n" }},
	// Every other character from a different face: one span per character.
	{"long-word-mixed-faces", func(n int) string { return "# Key\n\nMixed " + strings.Repeat("a€", n/2) + " end.\n" }},
	{"long-word-styled", func(n int) string { return "# Key\n\nStyled " + strings.Repeat("a**b**", n/2) + " end.\n" }},
	{"table-rows", func(n int) string {
		var b strings.Builder
		b.WriteString("# Rows\n\n| id | text | more |\n|---|---|---|\n")
		for i := range n / 40 {
			fmt.Fprintf(&b, "| %d | row %d with some words | x |\n", i, i)
		}
		return b.String()
	}},
	{"paragraphs", func(n int) string {
		var b strings.Builder
		b.WriteString("# Long\n\n")
		for i := range n / 60 {
			fmt.Fprintf(&b, "Paragraph %d says a few words about the policy here.\n\n", i)
		}
		return b.String()
	}},
	{"one-long-paragraph", func(n int) string {
		return "# Long\n\n" + strings.Repeat("word and more words ", n/20) + "\n"
	}},
	{"list-items", func(n int) string {
		var b strings.Builder
		b.WriteString("# List\n\n")
		for i := range n / 20 {
			fmt.Fprintf(&b, "- item %d of the list\n", i)
		}
		return b.String()
	}},
	{"deep-list", func(n int) string {
		// Depth d costs about d² bytes, so depth grows as the root of n.
		var b strings.Builder
		b.WriteString("# List\n\n")
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("  ", i) + "- level item\n")
		}
		return b.String()
	}},
	{"headings", func(n int) string {
		var b strings.Builder
		for i := range n / 30 {
			fmt.Fprintf(&b, "## Heading %d\n\nText.\n\n", i)
		}
		return b.String()
	}},
	{"code-lines", func(n int) string {
		return "# Code\n\n```\n" + strings.Repeat("if x { return y } // code\n", n/26) + "```\n"
	}},
	{"links", func(n int) string {
		var b strings.Builder
		b.WriteString("# Links\n\n")
		for i := range n / 40 {
			fmt.Fprintf(&b, "[site %d](https://example.org/%d) ", i, i)
		}
		return b.String() + "\n"
	}},
	{"footnotes", func(n int) string {
		var b strings.Builder
		b.WriteString("# Notes\n\n")
		for i := range n / 40 {
			fmt.Fprintf(&b, "Claim[^n%d].\n\n", i)
		}
		for i := range n / 40 {
			fmt.Fprintf(&b, "[^n%d]: Note %d.\n", i, i)
		}
		return b.String()
	}},
	{"deep-quotes", func(n int) string {
		// Depth d costs d·(d+1) bytes, so depth grows as the root of n.
		var b strings.Builder
		b.WriteString("# Quotes\n\n")
		for i := 0; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("> ", i+1) + "quote\n")
		}
		return b.String()
	}},
}

// BenchmarkLayoutShapes times one document's PDF (both passes) per shape
// at two sizes. cpu-ns/op is the process's CPU time (GC included), which
// a busy machine disturbs less than ns/op.
func BenchmarkLayoutShapes(b *testing.B) {
	for _, s := range shapes {
		for _, n := range sizes(s.name) {
			b.Run(fmt.Sprintf("%s/n=%d", s.name, n), func(b *testing.B) {
				m, fs := loadRepo(b, map[string]string{"content/d.md": doc("D-1", "D", "approved", `["5.1(a)"]`, s.body(n))})
				r, err := newRun(m, fs, Provenance{})
				if err != nil {
					b.Fatal(err)
				}
				var cpu time.Duration
				for b.Loop() {
					start := cpuTime()
					if _, err := r.document(m.Docs[0]); err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime() - start
				}
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// sizes are the two input sizes a shape is timed at. Deep nesting costs
// the square of its depth in bytes, so it needs more bytes to do
// measurable work.
func sizes(shape string) []int {
	if strings.HasPrefix(shape, "deep-") {
		return []int{800_000, 1_600_000}
	}
	return []int{100_000, 200_000}
}

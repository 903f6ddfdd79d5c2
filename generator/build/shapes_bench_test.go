package build_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// buildShapes are inputs a pull request can write, each made at a size n:
// the whole build (check, site and pack) must take time linear in n, so
// each runs at n and 2n and the second should take about twice as long,
// never four times. They are the classes an end-to-end sweep of the
// pipeline tried (the long, the deep and the many); the layout of one
// document alone has its own, BenchmarkLayoutShapes in generator/pdf.
var buildShapes = []struct {
	name  string
	files func(n int) map[string]string
}{
	// Two broken links a paragraph: a finding each, on one document.
	{"many-findings", func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("# Links\n\n")
		for i := range n / 100 {
			fmt.Fprintf(&b, "See [the plan](plan.md#part-%d) and [this](#nowhere-%d).\n\n", i, i)
		}
		return map[string]string{"content/links.md": shapeDoc("L-1", b.String()), "content/plan.md": shapeDoc("P-1", "# Plan\n")}
	}},
	// Raw HTML nested past the HTML parser's cap, in several blocks.
	{"deep-html", func(n int) map[string]string {
		block := strings.Repeat("<div>", 600) + "x" + strings.Repeat("</div>", 600) + "\n\n"
		return map[string]string{"content/deep.md": shapeDoc("D-1", "# Deep\n\n"+strings.Repeat(block, n/7000))}
	}},
	// A raw HTML table of many rows.
	{"html-table", func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("# Table\n\n<table>\n")
		for i := range n / 40 {
			fmt.Fprintf(&b, "<tr><td>%d</td><td>cell %d</td></tr>\n", i, i)
		}
		b.WriteString("</table>\n")
		return map[string]string{"content/table.md": shapeDoc("T-1", b.String())}
	}},
	// The same heading again and again: ids made unique one by one.
	{"same-headings", func(n int) map[string]string {
		return map[string]string{"content/h.md": shapeDoc("H-1", "# Headings\n\n"+strings.Repeat("## Scope\n\ntext\n\n", n/20))}
	}},
	// A revision table of many rows.
	{"revision-rows", func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("# Doc\n\ntext\n\n## Revision history\n\n| Version | Date | Author | Approved by | Description |\n|---|---|---|---|---|\n")
		for i := range n / 50 {
			fmt.Fprintf(&b, "| 1.%d | 2026-01-01 | Alice | Bob | change %d |\n", i, i)
		}
		return map[string]string{"content/r.md": "---\nid: R-1\ntitle: Revised\nowner: CISO\n---\n" + b.String()}
	}},
	// One bare URL as long as the text, broken over many lines of the
	// pack, each line a link area.
	{"long-url", func(n int) map[string]string {
		return map[string]string{"content/url.md": shapeDoc("U-1", "# URL\n\nSee www.example.org/"+strings.Repeat("part/", n/5)+" there.\n")}
	}},
	// An ID as long as a page of text, in the header and footer of every
	// page of a long document.
	{"long-id", func(n int) map[string]string {
		return map[string]string{"content/id.md": testrepo.Doc(map[string]string{"id": "ID-" + strings.Repeat("X", n/8), "title": "Long ID"},
			"# Long\n\n"+strings.Repeat("A paragraph of words about the policy.\n\n", n/40))}
	}},
	// Lists nested by indentation, which the parser would pay for with
	// the cube of their depth: past the bound (document.maxListWork) the
	// text is shown as it is, so 2n, past it, is cheaper than n, under it.
	{"deep-lists", func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("# Lists\n\n")
		for k := 0; b.Len() < n*4; k++ {
			b.WriteString(strings.Repeat("  ", k) + "- item\n")
		}
		return map[string]string{"content/lists.md": shapeDoc("N-1", b.String())}
	}},
	// Many documents, each with links to anchors and documents that are
	// not there: an ISMS whose folder was renamed.
	{"many-broken", func(n int) map[string]string {
		files := map[string]string{}
		k := n / 2000
		for i := range k {
			var b strings.Builder
			fmt.Fprintf(&b, "# Doc %d\n\n", i)
			for j := range 10 {
				fmt.Fprintf(&b, "## Part %d\n\nSee [a](b%d.md#gone-%d) and [b](gone-%d.md).\n\n", j, (i+1)%k, j, j)
			}
			files[fmt.Sprintf("content/b%d.md", i)] = shapeDoc(fmt.Sprintf("B-%d", i), b.String())
		}
		return files
	}},
	// Many footnotes and as many links to footnotes that are not there:
	// each message names the first few footnotes, not all of them.
	{"many-footnotes", func(n int) map[string]string {
		var b strings.Builder
		b.WriteString("# Notes\n\n")
		k := n / 60
		for i := range k {
			fmt.Fprintf(&b, "A claim[^n%d] and [a note](#fn:%d).\n\n", i, k+i+1)
		}
		for i := range k {
			fmt.Fprintf(&b, "[^n%d]: Its source.\n\n", i)
		}
		return map[string]string{"content/notes.md": shapeDoc("F-1", b.String())}
	}},
	// Many documents in many folders, linking to one another.
	{"many-documents", func(n int) map[string]string {
		files := map[string]string{}
		for i := range n / 500 {
			files[fmt.Sprintf("content/f%d/d%d.md", i%10, i)] = shapeDoc(fmt.Sprintf("M-%d", i),
				fmt.Sprintf("# Doc %d\n\nSee [the next](../f%d/d%d.md).\n", i, (i+1)%10, i+1))
		}
		return files
	}},
}

func shapeDoc(id, body string) string {
	return testrepo.Doc(map[string]string{"id": id, "title": "Shape " + id, "requirements": `["5.1(a)"]`}, body)
}

// BenchmarkBuildShapes builds each shape at n and 2n, empty cache.
func BenchmarkBuildShapes(b *testing.B) {
	for _, s := range buildShapes {
		for _, n := range []int{200_000, 400_000} {
			b.Run(fmt.Sprintf("%s/n=%d", s.name, n), func(b *testing.B) {
				r := testrepo.Make(b, testrepo.Commit{Files: s.files(n), Message: "add"})
				out := filepath.Join(b.TempDir(), "public")
				for b.Loop() {
					if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

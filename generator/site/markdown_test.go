package site

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/renderer/html"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestPlainWriterWritesWhatGoldmarkWrites: the short cut for text with
// nothing to escape changes no byte of what goldmark's writer writes.
func TestPlainWriterWritesWhatGoldmarkWrites(t *testing.T) {
	for _, s := range []string{
		"", "plain words", "a < b > c", `say "x"`, "Tom & Jerry", "&amp; &copy; &#40; &#x41; &nope;",
		`\*not emphasis\* \\ back\slash`, "nul\x00byte", "ünïcödé", "trailing \\",
	} {
		for _, raw := range []bool{false, true} {
			var want, got bytes.Buffer
			ww, gw := bufio.NewWriter(&want), bufio.NewWriter(&got)
			if raw {
				html.DefaultWriter.RawWrite(ww, []byte(s))
				plainWriter{html.DefaultWriter}.RawWrite(gw, []byte(s))
			} else {
				html.DefaultWriter.Write(ww, []byte(s))
				plainWriter{html.DefaultWriter}.Write(gw, []byte(s))
			}
			ww.Flush()
			gw.Flush()
			if got.String() != want.String() {
				t.Errorf("%q (raw %v): wrote %q, want %q", s, raw, got.String(), want.String())
			}
		}
	}
}

// TestTableCellsRenderAsGoldmarkRendersThemOnce: a body's tables come
// out as goldmark writes them the first time it renders their AST, on
// every render of one AST: a document's AST renders into its page and
// its history page, and goldmark's own cell renderer adds an aligned
// column's style to the cell each time (style="text-align:left;text-align:left").
func TestTableCellsRenderAsGoldmarkRendersThemOnce(t *testing.T) {
	src := []byte("# T\n\n| a | b | c | d |\n|:--|--:|:-:|---|\n| 1 | *2* | 3 | 4 |\n| x |\n\nplain\n\n| no | align |\n|---|---|\n| 5 | 6 |\n")
	var want bytes.Buffer
	if err := document.Markdown().Convert(src, &want); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(want.String(), `<th style="text-align:left">a</th>`) || !strings.Contains(want.String(), "<td>4</td>") {
		t.Fatalf("goldmark no longer writes cells this way; this test needs a new want:\n%s", want.String())
	}
	b := newBodyRenderer(&site{m: &isms.Model{}})
	node := document.ParseText(src, document.Options{})
	for i := range 3 {
		got, err := b.render(linkContext{}, src, node)
		if err != nil {
			t.Fatal(err)
		}
		// The body renderer adds a link to each heading.
		w := strings.Replace(want.String(), "<h1 id=\"t\">T</h1>", `<h1 id="t">T <a class="anchor" href="#t" aria-label="Link to this section">#</a></h1>`, 1)
		if string(got) != w {
			t.Errorf("render %d:\n%s\nwant:\n%s", i+1, got, w)
		}
	}
}

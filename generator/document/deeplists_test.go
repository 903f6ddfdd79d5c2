package document

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// TestListsNestedTooDeepAreShownAsText: lists nested some thousand levels
// by indentation, each level two columns (or a tab) further in, cost
// goldmark the cube of their depth; such a text is one code block of its
// lines and a document-unreadable problem at the line where the cost ran
// over, while lists nested fifty deep, a code block indented far in, and
// many markers on one line are Markdown as usual.
func TestListsNestedTooDeepAreShownAsText(t *testing.T) {
	nested := func(levels int, step string) string {
		var b strings.Builder
		for k := range levels {
			b.WriteString(strings.Repeat(step, k) + "- item\n")
		}
		return b.String()
	}
	for _, tc := range []struct {
		name, body string
		deep       bool
	}{
		{"spaces", nested(1100, "  "), true},
		{"tabs", nested(1100, "\t"), true},
		{"one line of markers, then indented text", strings.Repeat("- ", 1100) + "x\n" + strings.Repeat(strings.Repeat(" ", 2200)+"more\n", 300), true},
		{"fifty deep", nested(50, "  "), false},
		{"code indented far", "Text.\n\n" + strings.Repeat(strings.Repeat(" ", 400)+"code\n", 3000), false},
		{"markers on one line", strings.Repeat(strings.Repeat("- ", 200)+"x\n", 2000), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "---\ntitle: Deep\n---\n# Deep\n\n" + tc.body
			d := Parse("content/deep.md", []byte(src), Options{})
			var probs []string
			for _, p := range d.Problems {
				probs = append(probs, fmt.Sprintf("%s %d:%d %s", p.Rule, p.Pos.Line, p.Pos.Col, p.Message))
			}
			kinds := map[ast.NodeKind]bool{}
			for c := d.AST().FirstChild(); c != nil; c = c.NextSibling() {
				kinds[c.Kind()] = true
			}
			plain := len(kinds) == 1 && kinds[ast.KindCodeBlock] && d.AST().FirstChild().Lines().Len() > 10
			if !tc.deep {
				if len(probs) > 0 || plain {
					t.Errorf("problems %q, shown as text %v; want Markdown", probs, plain)
				}
				return
			}
			if len(probs) != 1 || !strings.HasPrefix(probs[0], "document-unreadable ") || !strings.Contains(probs[0], "shown as it is") {
				t.Errorf("problems %q, want one document-unreadable", probs)
			}
			if !plain {
				t.Errorf("the text is parsed as Markdown (%v), want one code block of its lines", kinds)
			}
			if got := string(d.AST().FirstChild().Lines().Value(d.Body)); got != string(d.Body) {
				t.Errorf("the code block holds %d bytes of the body's %d", len(got), len(d.Body))
			}
		})
	}
}

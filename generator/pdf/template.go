package pdf

import (
	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/document"
)

// template draws a template expression as the document stage read it:
// its value, or a marker in muted italics naming the expression, since a
// page has no tooltip to hold it. Never the expression's code.
func (r *docRenderer) template(n ast.Node, st *style, out *[]span) {
	t := n.(*document.Template)
	if t.Filled {
		*out = append(*out, r.w.runs(t.Value, st)...)
		return
	}
	ms := r.derive(st, func(s *style) {
		s.face, s.color = r.w.faces.Oblique, colMuted
	})
	*out = append(*out, r.w.runs(t.Shown(), ms)...)
}

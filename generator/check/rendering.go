package check

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// renderingRules find what the site or the pack cannot show as written.
func renderingRules() []*Rule {
	return []*Rule{
		{ID: GlyphMissing, Doc: "A character no PDF font can draw; the pack shows a replacement box in its place.", Severity: Warning, Run: glyphMissing},
		{ID: "raw-html", Doc: "Raw HTML is not rendered on the site or in the pack.", Severity: Warning, Requires: []*Analysis{codeAnalysis}, Run: rawHTML},
	}
}

func rawHTML(p *Pass) {
	d := p.Doc
	code := p.ResultOf(codeAnalysis).([][2]int)
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var off int
		var text string
		switch v := n.(type) {
		case *ast.HTMLBlock:
			if v.HTMLBlockType == ast.HTMLBlockType2 || v.Lines().Len() == 0 {
				return ast.WalkContinue, nil // comments are leftover-comment's
			}
			seg := v.Lines().At(0)
			off = seg.Start
			text = string(seg.Value(d.Body))
		case *ast.RawHTML:
			if v.Segments.Len() == 0 {
				return ast.WalkContinue, nil
			}
			seg := v.Segments.At(0)
			off = seg.Start
			text = string(seg.Value(d.Body))
		default:
			return ast.WalkContinue, nil
		}
		// Comments are leftover-comment's and placeholders leftover-placeholder's;
		// a closing tag belongs to the opening tag's finding.
		if strings.HasPrefix(text, "<!--") || strings.HasPrefix(text, "</") || inRanges(code, off) || placeholderText(text) {
			return ast.WalkContinue, nil
		}
		p.Report(d.Pos(off), "raw HTML %q is not rendered on the site or in the pack: use Markdown instead", excerpt([]byte(text)))
		return ast.WalkContinue, nil
	})
}

// GlyphMissing is the ID of the rule that reports characters no font
// draws; the PDF's appendix lists what it reported.
const GlyphMissing = "glyph-missing"

// glyphMissing reports the characters the model found no font for, DejaVu
// plus any fallbacks, so the gap is reported before an auditor finds a box
// in the pack.
func glyphMissing(p *Pass) {
	for _, g := range p.Doc.MissingGlyphs {
		times := ""
		if g.Count > 1 {
			times = fmt.Sprintf(" (%d times in this document)", g.Count)
		}
		p.Report(g.Pos, "%s cannot be drawn in the PDF%s: commit a TrueType font that has it and name it under fonts: in ismspack.yaml, or pass --font FILE", g, times)
	}
}

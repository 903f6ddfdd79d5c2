package check

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/document"
)

// renderingRules find what the site or the pack cannot show as written.
func renderingRules() []*Rule {
	return []*Rule{
		{ID: GlyphMissing, Doc: "A character no PDF font can draw; the pack shows a replacement box in its place.", Severity: Warning, Run: glyphMissing},
		{ID: "raw-html", Doc: "Raw HTML the site and the pack cannot render: scripts, styles, frames, event handlers, unknown elements, nesting deeper than 512 elements.", Severity: Warning, Requires: []*Analysis{codeAnalysis}, Run: rawHTML},
	}
}

func rawHTML(p *Pass) {
	d := p.Doc
	code := p.ResultOf(codeAnalysis).([][2]int)
	if bytes.IndexByte(d.Body, '<') < 0 {
		return // raw HTML starts with <; the AST need not be walked
	}
	_ = ast.Walk(d.AST(), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.HTMLBlock:
			if v.HTMLBlockType == ast.HTMLBlockType2 { // comments are leftover-comment's
				return ast.WalkContinue, nil
			}
		case *ast.RawHTML:
		default:
			return ast.WalkContinue, nil
		}
		text, at := document.RawHTML(n, d.Body)
		if len(at) > 0 && document.HTMLTooDeep(text) {
			if !inRanges(code, at[0]) {
				p.Report(d.Pos(at[0]), "this HTML nests its elements more than 512 deep, deeper than the site and the pack read it: both show it as text; write it as Markdown or with less nesting")
			}
			return ast.WalkSkipChildren, nil
		}
		for _, drop := range document.HTMLDrops(text, at) {
			if inRanges(code, drop.Off) || placeholderText(tagText(d.Body, drop.Off)) {
				continue // placeholders are leftover-placeholder's
			}
			switch {
			case drop.Attr != "":
				p.Report(d.Pos(drop.Off), "the %s attribute of <%s> is left out on the site and in the pack%s", drop.Attr, drop.Elem, attrWhy(drop.Attr))
			case drop.Content:
				p.Report(d.Pos(drop.Off), "<%s> is left out of the site and the pack with everything in it: write its content as Markdown, or link to it", drop.Elem)
			default:
				p.Report(d.Pos(drop.Off), "<%s> is not rendered on the site or in the pack; its text is shown without it: use Markdown or one of the HTML elements docs/rules.md lists", drop.Elem)
			}
		}
		return ast.WalkContinue, nil
	})
}

// tagText is the tag starting at body offset off, up to its ">".
func tagText(body []byte, off int) string {
	end := off
	for end < len(body) && end-off < 200 && body[end] != '>' {
		end++
	}
	if end < len(body) {
		end++
	}
	return string(body[off:end])
}

// attrWhy says why an attribute is left out.
func attrWhy(attr string) string {
	switch {
	case strings.HasPrefix(attr, "on"):
		return ": the site runs no script from a document"
	case attr == "style":
		return ": the site's own style lays out documents"
	}
	return ": its value is not one the site shows, or it is not an attribute of that element the site keeps"
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

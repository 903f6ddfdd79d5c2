package document

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Markdown returns the goldmark instance every document is parsed with:
// GFM (tables, strikethrough, task lists, autolinks), footnotes and heading
// IDs. Renderers use its parser's settings so site and PDF see one AST.
func Markdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(templateHTML{}, 500))),
	)
}

// Heading is a heading with its generated anchor.
type Heading struct {
	Level int
	Text  string
	ID    string
	Pos   Pos
	// Opening is set when the heading is the body's first block.
	Opening bool
}

// TitleHeading returns the heading the body opens with when it is an H1
// that says title (the site leaves it out and links the title to its id).
// It needs no AST, so a document read from the cache parses none for it.
func (d *Document) TitleHeading(title string) (Heading, bool) {
	if len(d.Headings) == 0 || !d.Headings[0].Opening || !SaysTitle(d.Headings[0], title) {
		return Heading{}, false
	}
	return d.Headings[0], true
}

// SaysTitle reports whether h is an H1 whose text is title, ignoring
// case: the one test of TitleHeading and of a body parsed apart from a
// Document.
func SaysTitle(h Heading, title string) bool {
	return h.Level == 1 && strings.EqualFold(h.Text, strings.TrimSpace(title))
}

// Link is a link, image or autolink in the body as written: where it
// points is worked out once, against the whole ISMS, by the isms package.
type Link struct {
	Node ast.Node // *ast.Link, *ast.Image or *ast.AutoLink
	// Dest is the destination as written (goldmark has resolved entities
	// and backslash escapes; percent escapes are still there).
	Dest  string
	Image bool
	// Auto is set for autolinks (<https://…>, bare www. and e-mail
	// addresses), which always lead outside.
	Auto bool
	Pos  Pos
	// HTML is set for a's href and img's src in raw HTML; Node is then
	// the raw HTML node and Offset the body offset of the tag.
	HTML   bool
	Offset int
}

// Anchor is a place in a body a link's fragment can name: a heading, a
// footnote (goldmark's id fn:N) or a reference to one (fnref:N, and
// fnrefK:N for its K+1th reference).
type Anchor struct {
	// Heading is set for a heading's id.
	Heading bool
	// Footnote is the footnote's number for fn: and fnref: ids.
	Footnote int
	// Ref is set for a reference to a footnote rather than the note.
	Ref bool
}

// walkBody records the headings, anchors and links of the parsed body.
func (d *Document) walkBody() {
	d.Anchors = map[string]Anchor{}
	_ = ast.Walk(d.tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		addAnchor(d.Anchors, n)
		switch v := n.(type) {
		case *ast.Heading:
			h := Heading{Level: v.Level, Text: PlainText(v, d.Body), Pos: d.Pos(BlockStart(v)), ID: headingID(v), Opening: n == d.tree.FirstChild()}
			d.Headings = append(d.Headings, h)
		case *ast.Link:
			d.Links = append(d.Links, &Link{Node: n, Dest: string(v.Destination), Pos: d.Pos(InlineStart(n))})
		case *ast.Image:
			d.Links = append(d.Links, &Link{Node: n, Dest: string(v.Destination), Image: true, Pos: d.Pos(InlineStart(n))})
		case *ast.AutoLink:
			d.Links = append(d.Links, &Link{Node: n, Dest: string(v.URL(d.Body)), Auto: true, Pos: d.Pos(InlineStart(n))})
		case *ast.HTMLBlock, *ast.RawHTML:
			d.Links = append(d.Links, d.htmlLinks(n)...)
		case *Template:
			d.Templates = append(d.Templates, v)
		}
		return ast.WalkContinue, nil
	})
}

func headingID(h *ast.Heading) string {
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

// Anchors returns the anchors of a body parsed apart from a Document (an
// old revision on the history page), the way Parse fills Document.Anchors.
func Anchors(n ast.Node) map[string]Anchor {
	m := map[string]Anchor{}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			addAnchor(m, c)
		}
		return ast.WalkContinue, nil
	})
	return m
}

// addAnchor records the ids goldmark's HTML renderer gives n.
func addAnchor(m map[string]Anchor, n ast.Node) {
	switch v := n.(type) {
	case *ast.Heading:
		if id := headingID(v); id != "" {
			m[id] = Anchor{Heading: true}
		}
	case *east.Footnote:
		if v.Index > 0 {
			m["fn:"+strconv.Itoa(v.Index)] = Anchor{Footnote: v.Index}
		}
	case *east.FootnoteLink:
		if v.Index > 0 {
			k := ""
			if v.RefIndex > 0 {
				k = strconv.Itoa(v.RefIndex)
			}
			m["fnref"+k+":"+strconv.Itoa(v.Index)] = Anchor{Footnote: v.Index, Ref: true}
		}
	}
}

// PlainText returns the text of n's inline content.
func PlainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(v.Value)
		case *Template:
			b.WriteString(v.Shown())
		case *ast.CodeSpan:
			for x := v.FirstChild(); x != nil; x = x.NextSibling() {
				if t, ok := x.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// BlockStart returns the body offset where a block node starts.
func BlockStart(n ast.Node) int {
	if n.Type() == ast.TypeBlock {
		if l := n.Lines(); l != nil && l.Len() > 0 {
			return l.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := BlockStart(c); s >= 0 {
			return s
		}
	}
	if p := n.Pos(); p >= 0 {
		return p
	}
	return InlineStart(n)
}

// InlineStart returns the body offset where an inline node starts.
func InlineStart(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := InlineStart(c); s >= 0 {
			return s
		}
	}
	return -1
}

// codeRanges returns the body byte ranges of code spans and code blocks
// (and of fenced blocks' info strings), in document order.
func codeRanges(tree ast.Node) [][2]int {
	var out [][2]int
	_ = ast.Walk(tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			l := v.Lines()
			if l.Len() > 0 {
				out = append(out, [2]int{l.At(0).Start, l.At(l.Len() - 1).Stop})
			}
			if fc, ok := v.(*ast.FencedCodeBlock); ok && fc.Info != nil {
				out = append(out, [2]int{fc.Info.Segment.Start, fc.Info.Segment.Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			start, stop := -1, -1
			for c := v.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if start < 0 {
						start = t.Segment.Start
					}
					stop = t.Segment.Stop
				}
			}
			if start >= 0 {
				out = append(out, [2]int{start, stop})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

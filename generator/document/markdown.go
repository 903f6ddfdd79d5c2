package document

import (
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Markdown returns the goldmark instance every document is parsed with:
// GFM (tables, strikethrough, task lists, autolinks), footnotes and heading
// IDs. Renderers use its parser's settings so site and PDF see one AST.
func Markdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
}

// Heading is a heading with its generated anchor.
type Heading struct {
	Level int
	Text  string
	ID    string
	Pos   Pos
}

// LinkKind classifies a link's destination.
type LinkKind int

// Kinds of link.
const (
	External LinkKind = iota // has a scheme: https:, mailto:
	Anchor                   // #fragment in the same document
	Internal                 // a relative path inside the repository
	Outside                  // a relative path that climbs out of the repository
)

// Link is a link or image in the body with where it points.
type Link struct {
	Node  ast.Node // *ast.Link, *ast.Image or *ast.AutoLink
	Dest  string
	Kind  LinkKind
	Image bool
	// Target is the repository path for Internal links; Fragment the anchor.
	Target   string
	Fragment string
	Pos      Pos
}

func (d *Document) parseBody() {
	md := Markdown()
	d.AST = md.Parser().Parse(text.NewReader(d.Body))
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Heading:
			h := Heading{Level: v.Level, Text: PlainText(v, d.Body), Pos: d.Pos(BlockStart(v))}
			if id, ok := v.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					h.ID = string(b)
				}
			}
			d.Headings = append(d.Headings, h)
		case *ast.Link:
			d.addLink(n, string(v.Destination), false)
		case *ast.Image:
			d.addLink(n, string(v.Destination), true)
		case *ast.AutoLink:
			l := &Link{Node: n, Dest: string(v.URL(d.Body)), Kind: External, Pos: d.Pos(InlineStart(n))}
			d.Links = append(d.Links, l)
		}
		return ast.WalkContinue, nil
	})
}

func (d *Document) addLink(n ast.Node, dest string, image bool) {
	l := &Link{Node: n, Dest: dest, Image: image, Pos: d.Pos(InlineStart(n))}
	l.Kind, l.Target, l.Fragment = Resolve(d.Path, dest)
	d.Links = append(d.Links, l)
}

// Resolve classifies dest as written in the document at from.
func Resolve(from, dest string) (LinkKind, string, string) {
	if dest == "" {
		return Anchor, "", ""
	}
	if strings.HasPrefix(dest, "#") {
		return Anchor, "", dest[1:]
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
		return External, "", ""
	}
	p := u.Path
	if strings.HasPrefix(p, "/") {
		p = strings.TrimPrefix(path.Clean(p), "/")
	} else {
		p = path.Join(path.Dir(from), p)
	}
	if p == ".." || strings.HasPrefix(p, "../") {
		return Outside, p, u.Fragment
	}
	return Internal, p, u.Fragment
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

package site

import (
	"bufio"
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// bodyRenderer renders a document body from its shared AST with goldmark's
// HTML renderer (raw HTML sanitized, see rawhtml.go) and the extensions the
// document was parsed with. Links and images go through linkRenderer,
// registered above the default, which rewrites them for the page being
// rendered. One bodyRenderer belongs to one worker; ctx is the page it is
// rendering, so the AST itself is never touched.
type bodyRenderer struct {
	site *site
	md   goldmark.Markdown
	ctx  linkContext
	out  bytes.Buffer
	bw   *bufio.Writer
	// heading is goldmark's own heading renderer, which linkRenderer
	// calls for every heading but a skipped title.
	heading renderer.NodeRendererFunc
	// cell is goldmark's table cell renderer, which tableCell calls for
	// a cell with attributes of its own.
	cell renderer.NodeRendererFunc
	// policy sanitizes raw HTML; raw is set once a body wrote some, and
	// balanced is where such a body is written back whole.
	policy *bluemonday.Policy
	raw    bool
	// htmlAsText shows every raw HTML node as its text (see render).
	htmlAsText bool
	balanced   bytes.Buffer
	// trace, when set, records every link resolved against the model
	// (see memo.go); groups does too, a group per body, for a page being
	// kept, and newGroup says the next link starts a body's group.
	trace    *[]tracedLink
	groups   *[]linkGroup
	newGroup bool

	// opt is what a body apart from the model (an old revision) is
	// parsed with (document.ParseText).
	opt document.Options
}

// linkContext is the page a body is being rendered into.
type linkContext struct {
	// root leads from the page to the site root.
	root string
	// from is the repository path of the document the body belongs to.
	from string
	// doc is set when the body is the document's current one, whose
	// links the model has resolved; anchors are the ids of any other
	// body (an old revision), resolved against the model as it is drawn.
	doc     *isms.Doc
	anchors map[string]document.Anchor
	// skip is a heading not to render: the body's opening H1 when it
	// repeats the title the page shows above the control block.
	skip ast.Node
	// prefix starts every id the body writes (headings, footnotes) and
	// every link to one, so that several bodies can share a page: the
	// history page's sections. Empty on a document page.
	prefix string
}

func newBodyRenderer(s *site) *bodyRenderer {
	b := &bodyRenderer{site: s, md: document.Markdown(), opt: s.m.Config.DocumentOptions(), policy: htmlPolicy()}
	b.bw = bufio.NewWriterSize(&b.out, 16<<10)
	funcs := registry{}
	html.NewRenderer().RegisterFuncs(funcs)
	b.heading = funcs[ast.KindHeading]
	extension.NewTableHTMLRenderer().RegisterFuncs(funcs)
	b.cell = funcs[east.KindTableCell]
	b.md.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&linkRenderer{b}, 10)),
		extension.WithFootnoteIDPrefixFunction(func(ast.Node) []byte { return []byte(b.ctx.prefix) }),
		html.WithWriter(plainWriter{html.DefaultWriter}))
	return b
}

// render renders n (an AST over src) for the page in ctx.
func (b *bodyRenderer) render(ctx linkContext, src []byte, n ast.Node) (template.HTML, error) {
	traced, grouped := 0, 0
	if b.trace != nil {
		traced = len(*b.trace)
	}
	if b.groups != nil {
		grouped = len(*b.groups)
	}
	b.ctx = ctx
	b.newGroup = true
	b.raw = false
	b.out.Reset()
	b.bw.Reset(&b.out)
	if err := b.md.Renderer().Render(b.bw, src, n); err != nil {
		return "", fmt.Errorf("rendering %s: %w", ctx.from, err)
	}
	if b.raw {
		b.balanced.Reset()
		if err := balance(b.out.Bytes(), &b.balanced); err == nil {
			return template.HTML(b.balanced.String()), nil
		}
		// The body's own nesting and its HTML's together are deeper
		// than the parser balances: its HTML is shown as text, which
		// needs no balancing. The links traced so far are traced
		// again.
		if b.trace != nil {
			*b.trace = (*b.trace)[:traced]
		}
		if b.groups != nil {
			*b.groups = (*b.groups)[:grouped]
		}
		b.htmlAsText = true
		defer func() { b.htmlAsText = false }()
		return b.render(ctx, src, n)
	}
	// Safe: goldmark escaped the text, raw HTML went through the
	// sanitizer and every URL through resolve.
	return template.HTML(b.out.String()), nil
}

// plainWriter is goldmark's HTML text writer, which looks at every byte
// of the text for escapes, references and characters to escape, with a
// short cut for text that holds none of them: most of a body's text,
// written as it is.
type plainWriter struct{ html.Writer }

func (p plainWriter) Write(w util.BufWriter, src []byte) {
	if bytes.IndexAny(src, "\\&<>\"\x00") < 0 {
		_, _ = w.Write(src)
		return
	}
	p.Writer.Write(w, src)
}

func (p plainWriter) RawWrite(w util.BufWriter, src []byte) {
	if bytes.IndexAny(src, "&<>\"\x00") < 0 {
		_, _ = w.Write(src)
		return
	}
	p.Writer.RawWrite(w, src)
}

// registry captures the functions a NodeRenderer registers.
type registry map[ast.NodeKind]renderer.NodeRendererFunc

func (r registry) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { r[k] = f }

// titleHeading returns the first block of a body parsed apart from a
// Document when it is an H1 that says title (document.SaysTitle), and its
// id; a Document says the same without its AST (TitleHeading).
func titleHeading(n ast.Node, src []byte, title string) (ast.Node, string) {
	h, ok := n.FirstChild().(*ast.Heading)
	if !ok || !document.SaysTitle(document.Heading{Level: h.Level, Text: document.PlainText(h, src)}, title) {
		return nil, ""
	}
	id := ""
	if v, ok := h.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	return h, id
}

// target is where a link or image in a body leads on the site.
type target struct {
	href string
	// problem explains why there is no href.
	problem string
	// local is set for pages and files of this site.
	local bool
}

// resolve maps a link or image node of the body being rendered to a URL
// relative to the current page. Where it leads was judged once, by the
// model (isms.Target); this only turns that judgement into an href, so
// what the link-broken rule reports is exactly what shows broken here.
func (b *bodyRenderer) resolve(n ast.Node, dest string, image bool) target {
	if l := b.ctx.doc.LinkFor(n); l != nil {
		return b.target(l.Target, dest, image)
	}
	return b.traced(dest, image)
}

// target turns where the model says a link leads into an href relative
// to the page being rendered.
func (b *bodyRenderer) target(t isms.Target, dest string, image bool) target {
	if !t.OK() {
		return target{problem: t.Problem}
	}
	switch t.Kind {
	case isms.ToExternal:
		return target{href: string(util.URLEscape([]byte(t.URL), true))}
	case isms.ToTop:
		if t.Doc == nil { // an old revision of a document no longer here
			return target{href: "#", local: true}
		}
		return target{href: b.ctx.root + b.site.byPath[t.Doc.Path].ref.URL, local: true}
	case isms.ToAsset:
		// A picture whose header declares more pixels than anyone should
		// decode is not shown: a browser would try, as the PDF will not.
		if pic := b.site.m.Picture(t.Path); image && pic.TooLarge() {
			return target{problem: pic.Why()}
		}
		a := b.site.assets[t.Path]
		if a == nil {
			return target{problem: "file not linked from the current version: " + dest}
		}
		return target{href: b.ctx.root + a.url + fragment(t.Fragment), local: true}
	}
	if t.Local {
		return target{href: "#" + b.ctx.prefix + escapeFragment(t.Fragment), local: true}
	}
	di := b.site.byPath[t.Doc.Path]
	return target{href: b.ctx.root + di.ref.URL + fragment(t.Fragment), local: true}
}

func fragment(f string) string {
	if f == "" {
		return ""
	}
	return "#" + escapeFragment(f)
}

func escapeFragment(f string) string { return (&url.URL{Fragment: f}).EscapedFragment() }

// linkRenderer renders ast.Link and ast.Image nodes with resolved
// destinations.
type linkRenderer struct{ b *bodyRenderer }

func (r *linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindHeading, r.headingOrSkip)
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.rawHTML)
	reg.Register(east.KindTableCell, r.tableCell)
}

// tableCell writes a table cell the way goldmark's table renderer does
// the first time it renders it: <td> or <th>, with an aligned column's
// alignment as a style. Goldmark adds the style to the cell's attributes
// as it renders, so a cell it renders again (a document's AST renders
// into its page and its history page, two workers at once) says its
// alignment twice, and the two renders race; this writes the style
// without keeping it, and without fmt, which was most of the cost of
// rendering a table. A cell with attributes of its own, which no parser
// option of ismspack's makes, goes to goldmark's renderer.
func (r *linkRenderer) tableCell(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if node.Attributes() != nil {
		return r.b.cell(w, src, node, entering)
	}
	n := node.(*east.TableCell)
	tag := "td"
	if n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</")
		_, _ = w.WriteString(tag)
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_ = w.WriteByte('<')
	_, _ = w.WriteString(tag)
	if n.Alignment != east.AlignNone {
		_, _ = w.WriteString(` style="text-align:`)
		_, _ = w.WriteString(n.Alignment.String())
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// headingOrSkip renders a heading with goldmark's renderer plus a link to
// itself, or nothing for the skipped title. With an id prefix it writes
// the opening tag itself, the way goldmark does, with the prefix.
func (r *linkRenderer) headingOrSkip(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if node == r.b.ctx.skip {
		return ast.WalkSkipChildren, nil
	}
	prefix := r.b.ctx.prefix
	if !entering {
		if id, ok := node.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok && len(b) > 0 {
				_, _ = w.WriteString(` <a class="anchor" href="#`)
				_, _ = w.WriteString(prefix)
				_, _ = w.Write(util.EscapeHTML([]byte(escapeFragment(string(b)))))
				_, _ = w.WriteString(`" aria-label="Link to this section">#</a>`)
			}
		}
	} else if prefix != "" {
		level := node.(*ast.Heading).Level
		_, _ = w.WriteString("<h")
		_ = w.WriteByte("0123456"[level])
		for _, a := range node.Attributes() {
			var v []byte
			switch x := a.Value.(type) {
			case []byte:
				v = x
			case string:
				v = []byte(x)
			default:
				continue
			}
			if !html.HeadingAttributeFilter.Contains(a.Name) && !bytes.HasPrefix(a.Name, []byte("data-")) {
				continue
			}
			_ = w.WriteByte(' ')
			_, _ = w.Write(a.Name)
			_, _ = w.WriteString(`="`)
			if string(a.Name) == "id" {
				_, _ = w.WriteString(prefix)
			}
			_, _ = w.Write(util.EscapeHTML(v))
			_ = w.WriteByte('"')
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	return r.b.heading(w, src, node, entering)
}

func (r *linkRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	t := r.b.resolve(n, string(n.Destination), false)
	if t.href == "" {
		if entering {
			_, _ = w.WriteString(`<span class="link-broken" title="`)
			_, _ = w.Write(util.EscapeHTML([]byte(t.problem)))
			_, _ = w.WriteString(`">`)
		} else {
			_, _ = w.WriteString("</span>")
		}
		return ast.WalkContinue, nil
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML([]byte(t.href)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	if !t.local {
		_, _ = w.WriteString(` class="external" rel="noopener noreferrer"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// image shows images copied into the site. An image from elsewhere is not
// loaded (the site makes no outside request) but linked, with its text.
func (r *linkRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := util.EscapeHTML([]byte(document.PlainText(n, src)))
	t := r.b.resolve(n, string(n.Destination), true)
	switch {
	case t.href == "":
		_, _ = w.WriteString(`<span class="image-missing" title="`)
		_, _ = w.Write(util.EscapeHTML([]byte(t.problem)))
		_, _ = w.WriteString(`">[image: `)
		_, _ = w.Write(alt)
		_, _ = w.WriteString(`]</span>`)
	case !t.local:
		_, _ = w.WriteString(`<a class="external image-external" rel="noopener noreferrer" href="`)
		_, _ = w.Write(util.EscapeHTML([]byte(t.href)))
		_, _ = w.WriteString(`">[external image: `)
		_, _ = w.Write(alt)
		_, _ = w.WriteString(`]</a>`)
	default:
		_, _ = w.WriteString(`<img src="`)
		_, _ = w.Write(util.EscapeHTML([]byte(t.href)))
		_, _ = w.WriteString(`" alt="`)
		_, _ = w.Write(alt)
		_ = w.WriteByte('"')
		if n.Title != nil {
			_, _ = w.WriteString(` title="`)
			_, _ = w.Write(util.EscapeHTML(n.Title))
			_ = w.WriteByte('"')
		}
		_, _ = w.WriteString(` loading="lazy">`)
	}
	return ast.WalkSkipChildren, nil
}

// plainText appends the text of a body to buf for the search index, one
// space between words.
func plainText(buf *bytes.Buffer, src []byte, n ast.Node) {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if c.Type() == ast.TypeBlock {
				buf.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			buf.Write(v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				buf.WriteByte(' ')
			}
		case *ast.String:
			buf.Write(v.Value)
		case *ast.AutoLink:
			buf.Write(v.Label(src))
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := c.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				buf.Write(seg.Value(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock, *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
}

// collapse joins the words of b with single spaces.
func collapse(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	space := false
	for _, f := range bytes.Fields(b) {
		if space {
			sb.WriteByte(' ')
		}
		sb.Write(f)
		space = true
	}
	return sb.String()
}

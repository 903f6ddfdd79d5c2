package document

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The template languages a repository's documents may be written for: the
// site generator's expressions are then read as such rather than as
// leftovers. comply is Go's syntax with strongdm comply's data, where
// {{.Name}} is the organisation, not the document.
const (
	TemplateERB    = "erb"    // Middleman, Rails: <%= current_page.data.title %>
	TemplateGo     = "go"     // Hugo: {{ .Title }}, {{ .Params.owner }}
	TemplateLiquid = "liquid" // Jekyll: {{ page.title }}, {% include x.html %}
	TemplateComply = "comply" // strongdm comply: {{.Name}}
)

// TemplateLanguages lists the languages, for the configuration's message.
var TemplateLanguages = []string{TemplateERB, TemplateGo, TemplateLiquid, TemplateComply}

// KindTemplate is the AST kind of a template expression.
var KindTemplate = ast.NewNodeKind("Template")

// Template is a template expression in the text, read once when the
// document is parsed: an expression naming one of the document's own
// front-matter fields is filled in with its value; any other is shown as
// a marked placeholder. Both renderers draw this one value, never the
// expression's code. Code spans and code blocks are not parsed for
// expressions, so an example stays as written.
type Template struct {
	ast.BaseInline
	// Segment is the expression as written, delimiters included.
	Segment text.Segment
	// Expr is the expression inside its delimiters, trimmed.
	Expr string
	// Value is what the expression gives, when Filled.
	Value  string
	Filled bool
}

// Kind implements ast.Node.
func (n *Template) Kind() ast.NodeKind { return KindTemplate }

// Dump implements ast.Node.
func (n *Template) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Expr": n.Expr, "Value": n.Value}, nil)
}

// Shown is what the expression shows as plain text: its value, or a
// marker naming the expression.
func (n *Template) Shown() string {
	if n.Filled {
		return n.Value
	}
	return "[template: " + n.Expr + "]"
}

// templateDelims are each language's expression delimiters.
var templateDelims = map[string][][2]string{
	TemplateERB:    {{"<%", "%>"}},
	TemplateGo:     {{"{{", "}}"}},
	TemplateComply: {{"{{", "}}"}},
	TemplateLiquid: {{"{{", "}}"}, {"{%", "%}"}},
}

// templateParser reads one expression, on one line, from its opening
// delimiter to its closing one; an unclosed one is text.
type templateParser struct {
	lang    string
	resolve func(open, expr string) (string, bool)
}

func (p *templateParser) Trigger() []byte {
	var t []byte
	for _, d := range templateDelims[p.lang] {
		if bytes.IndexByte(t, d[0][0]) < 0 {
			t = append(t, d[0][0])
		}
	}
	return t
}

func (p *templateParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	for _, d := range templateDelims[p.lang] {
		if !bytes.HasPrefix(line, []byte(d[0])) {
			continue
		}
		end := bytes.Index(line[len(d[0]):], []byte(d[1]))
		if end < 0 {
			return nil
		}
		n := len(d[0]) + end + len(d[1])
		inner := string(line[len(d[0]) : n-len(d[1])])
		expr := strings.TrimSpace(strings.Trim(strings.TrimSpace(inner), "-"))
		open := d[0]
		if p.lang == TemplateERB && strings.HasPrefix(inner, "=") {
			open, expr = "<%=", strings.TrimSpace(strings.Trim(strings.TrimSpace(inner[1:]), "-"))
		}
		t := &Template{Segment: text.NewSegment(seg.Start, seg.Start+n), Expr: expr}
		resolve := p.resolve
		if r, ok := pc.Get(resolverKey).(func(open, expr string) (string, bool)); ok {
			resolve = r
		}
		if resolve != nil {
			t.Value, t.Filled = resolve(open, expr)
		}
		block.Advance(n)
		return t
	}
	return nil
}

// templateExtension adds the expression parser for one language.
type templateExtension struct{ p *templateParser }

func (e templateExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(e.p, 150)))
}

// ParseText parses a body read apart from a Document (an old revision on
// the history page) the way Parse reads a document's body, with the
// expressions of opt.Template filled in only where opt alone answers
// (comply's {{.Name}}): it knows no document's fields.
func ParseText(src []byte, opt Options) ast.Node {
	return parseWith(src, opt, templateResolver(opt, nil), true)
}

// parseBody parses the document's text with expressions filled from the
// document's own front matter, which is read before the text.
func (d *Document) parseBody(opt Options) ast.Node {
	return parseWith(d.Body, opt, templateResolver(opt, d.Fields), false)
}

// parseWith parses src with the parser for opt.Template, resolve filling
// its expressions. plain allows the parser without bare links for a text
// that has none (see plainAsLinkified): its AST splits the text into
// fewer text nodes, which the HTML renderer writes out the same, so it is
// only for a body rendered to HTML alone.
func parseWith(src []byte, opt Options, resolve func(open, expr string) (string, bool), plain bool) ast.Node {
	if _, at := listWork(src); at >= 0 {
		return plainText(src)
	}
	ps, ok := bodyParsers()[opt.Template]
	if !ok {
		ps = bodyParsers()[""]
	}
	p := ps.full
	if plain && plainAsLinkified(src) {
		p = ps.plain
	}
	pc := parser.NewContext()
	if _, ok := templateDelims[opt.Template]; ok {
		pc.Set(resolverKey, resolve)
	}
	return p.Parse(text.NewReader(src), parser.WithContext(pc))
}

// resolverKey holds, in a parse's context, what fills the expressions of
// the document being parsed.
var resolverKey = parser.NewContextKey()

// parsers are the parsers of one template language: full is Markdown's,
// plain the same without GFM's bare links (linkify).
type parsers struct{ full, plain parser.Parser }

// bodyParsers are the parsers documents' texts are read with, by
// template language ("" for none): built once, since building one costs
// about as much as parsing a short document, and shared, since a goldmark
// parser keeps what one parse learns in its context. The expressions'
// values come from the context too (resolverKey).
var bodyParsers = sync.OnceValue(func() map[string]parsers {
	m := map[string]parsers{}
	for _, lang := range append([]string{""}, TemplateLanguages...) {
		full, plain := Markdown(), goldmark.New(
			goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		)
		if _, ok := templateDelims[lang]; ok {
			templateExtension{&templateParser{lang: lang}}.Extend(full)
			templateExtension{&templateParser{lang: lang}}.Extend(plain)
		}
		m[lang] = parsers{full: full.Parser(), plain: plain.Parser()}
	}
	return m
})

// plainAsLinkified reports whether the HTML of src parsed without GFM's
// bare links is the HTML of src parsed with them. The linkify parser is
// asked at every space of every line, which makes it most of the cost of
// parsing plain prose; where it cannot match, what remains of it is how
// it splits the text nodes at each space it was asked at. Those nodes
// write the same bytes as the fewer ones a parse without it makes, except
// where goldmark trims a line's trailing spaces: it trims only the last
// node, so a split inside them keeps the ones before the split.
//
// So: none of the prefixes linkify starts a link with (http:, https:,
// ftp:, www.) nor an @ of an e-mail address, and no line whose trailing
// white space, less what makes a hard line break, holds a space after
// its first character.
func plainAsLinkified(src []byte) bool {
	if bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("www.")) ||
		bytes.Contains(src, []byte("tp:")) || bytes.Contains(src, []byte("tps:")) {
		return false
	}
	for start := 0; start < len(src); {
		end := len(src)
		next := end
		if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
			end, next = start+i, start+i+1
			// A hard line break's spaces are not part of the line's text
			// (goldmark's parseBlock).
			if line := src[start:end]; bytes.HasSuffix(line, []byte("  ")) {
				end -= 2
			} else if bytes.HasSuffix(line, []byte("  \r")) {
				end -= 3
			}
		}
		ws := end
		for ws > start && util.IsSpace(src[ws-1]) {
			ws--
		}
		// Goldmark splits at every white space but \r; the first of the
		// run is harmless: the node before it ends where the text does.
		for i := ws + 1; i < end; i++ {
			if src[i] != '\r' {
				return false
			}
		}
		start = next
	}
	return true
}

// Expression shapes that name the document's own field, by language.
var (
	erbField    = regexp.MustCompile(`^current_page\.data(?:\.([A-Za-z_]\w*)|\[\s*(?::|["'])([A-Za-z_]\w*)["']?\s*\])$`)
	hugoField   = regexp.MustCompile(`^\$?(?:\.Page)?(?:\.Params)?\.([A-Za-z_]\w*)$`)
	liquidField = regexp.MustCompile(`^page\.([A-Za-z_]\w*)$`)
)

// templateResolver returns what fills an expression of opt.Template in a
// document with the given front-matter fields: only an output expression
// that names a field the front matter gives as one value. Anything with
// a filter, a call or a condition is left marked.
func templateResolver(opt Options, fields []Field) func(open, expr string) (string, bool) {
	field := func(key string) (string, bool) {
		for _, f := range fields {
			if strings.EqualFold(f.Key, key) && f.Kind == Scalar && strings.TrimSpace(f.Value) != "" {
				return strings.TrimSpace(f.Value), true
			}
		}
		// A schema field may be written under an alias: .Title is the
		// title whichever key gives it.
		if spec, ok := SpecFor(strings.ToLower(key)); ok {
			d := &Document{Fields: fields}
			if f, ok := d.frontMatterField(spec, opt.Aliases); ok && f.Kind == Scalar {
				return strings.TrimSpace(f.Value), true
			}
		}
		return "", false
	}
	return func(open, expr string) (string, bool) {
		switch opt.Template {
		case TemplateERB:
			if m := erbField.FindStringSubmatch(expr); open == "<%=" && m != nil {
				return field(m[1] + m[2])
			}
		case TemplateGo:
			if m := hugoField.FindStringSubmatch(expr); m != nil {
				return field(m[1])
			}
		case TemplateLiquid:
			if m := liquidField.FindStringSubmatch(expr); open == "{{" && m != nil {
				return field(m[1])
			}
		case TemplateComply:
			if expr == ".Name" && opt.Organisation != "" {
				return opt.Organisation, true
			}
		}
		return "", false
	}
}

// templateHTML renders a Template for the site: its value as text, or a
// marker that names the expression in its title, never the code itself.
type templateHTML struct{}

func (templateHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTemplate, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		t := n.(*Template)
		if t.Filled {
			_, _ = w.WriteString(html.EscapeString(t.Value))
			return ast.WalkContinue, nil
		}
		_, _ = w.WriteString(`<span class="template-expr" title="` + html.EscapeString("Template expression, not filled in: "+t.Expr) + `">template</span>`)
		return ast.WalkContinue, nil
	})
}

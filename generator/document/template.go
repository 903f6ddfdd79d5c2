package document

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
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

// MarkdownFor returns the parser and renderer documents are read with
// under opt: Markdown, plus the expressions of opt.Template. Expressions
// it parses are not filled in (it knows no document's fields), except
// those opt alone answers: comply's {{.Name}}.
func MarkdownFor(opt Options) goldmark.Markdown {
	md := Markdown()
	if _, ok := templateDelims[opt.Template]; ok {
		templateExtension{&templateParser{lang: opt.Template, resolve: templateResolver(opt, nil)}}.Extend(md)
	}
	return md
}

// parseBody parses the document's text as MarkdownFor(opt) does, with
// expressions filled from the document's own front matter, which is read
// before the text.
func (d *Document) parseBody(opt Options) ast.Node {
	p := bodyParsers()[opt.Template]
	if p == nil {
		p = bodyParsers()[""]
	}
	pc := parser.NewContext()
	if _, ok := templateDelims[opt.Template]; ok {
		pc.Set(resolverKey, templateResolver(opt, d.Fields))
	}
	return p.Parse(text.NewReader(d.Body), parser.WithContext(pc))
}

// resolverKey holds, in a parse's context, what fills the expressions of
// the document being parsed.
var resolverKey = parser.NewContextKey()

// bodyParsers are the parsers documents' texts are read with, by
// template language ("" for none): built once, since building one costs
// about as much as parsing a short document, and shared, since a goldmark
// parser keeps what one parse learns in its context. The expressions'
// values come from the context too (resolverKey).
var bodyParsers = sync.OnceValue(func() map[string]parser.Parser {
	m := map[string]parser.Parser{"": Markdown().Parser()}
	for lang := range templateDelims {
		md := Markdown()
		templateExtension{&templateParser{lang: lang}}.Extend(md)
		m[lang] = md.Parser()
	}
	return m
})

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

package document

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLRule says what becomes of one element of raw HTML written in a
// body. It is the one table the site's sanitizer, the PDF and the
// raw-html rule read, so what the rule reports is exactly what the site
// and the pack leave out.
type HTMLRule struct {
	// Attrs are the attributes kept, each with the pattern its value
	// must match (nil: any value; URLs are judged by the link resolver).
	Attrs map[string]*regexp.Regexp
}

var (
	htmlSpan   = regexp.MustCompile(`^[1-9][0-9]?$`)
	htmlAlign  = regexp.MustCompile(`(?i)^(left|center|right|justify)$`)
	htmlColour = regexp.MustCompile(`(?i)^(#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]{3,20})$`)
	htmlPixels = regexp.MustCompile(`^[0-9]{1,4}%?$`)
	htmlCell   = map[string]*regexp.Regexp{"colspan": htmlSpan, "rowspan": htmlSpan, "align": htmlAlign, "bgcolor": htmlColour}
)

// htmlRules are the elements rendered on the site; any other element is
// left out (its text kept, unless htmlDropsContent lists it).
var htmlRules = map[string]HTMLRule{
	"table": {}, "thead": {}, "tbody": {}, "tfoot": {}, "caption": {},
	"tr": {Attrs: map[string]*regexp.Regexp{"align": htmlAlign, "bgcolor": htmlColour}},
	"th": {Attrs: htmlCell}, "td": {Attrs: htmlCell},
	"colgroup": {}, "col": {Attrs: map[string]*regexp.Regexp{"span": htmlSpan}},
	"br": {}, "hr": {}, "p": {}, "div": {}, "span": {}, "center": {},
	"sup": {}, "sub": {}, "kbd": {}, "code": {}, "pre": {}, "samp": {}, "var": {},
	"b": {}, "strong": {}, "i": {}, "em": {}, "u": {}, "s": {}, "del": {}, "ins": {},
	"mark": {}, "small": {}, "abbr": {Attrs: map[string]*regexp.Regexp{"title": nil}},
	"cite": {}, "q": {}, "blockquote": {}, "dfn": {},
	"details": {Attrs: map[string]*regexp.Regexp{"open": nil}}, "summary": {},
	"ul": {}, "ol": {Attrs: map[string]*regexp.Regexp{"start": htmlSpan}}, "li": {},
	"dl": {}, "dt": {}, "dd": {},
	"h1": {}, "h2": {}, "h3": {}, "h4": {}, "h5": {}, "h6": {},
	"a":   {Attrs: map[string]*regexp.Regexp{"href": nil, "title": nil}},
	"img": {Attrs: map[string]*regexp.Regexp{"src": nil, "alt": nil, "title": nil, "width": htmlPixels, "height": htmlPixels}},
}

// htmlDropsContent are the elements whose content goes with them: code
// to run, styles, embedded documents and forms.
var htmlDropsContent = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "noscript": true, "noembed": true,
	"noframes": true, "template": true, "textarea": true, "select": true, "option": true,
	"svg": true, "math": true, "canvas": true, "audio": true, "video": true,
	"title": true, "head": true, "xmp": true, "plaintext": true, "form": true, "button": true, "input": true,
}

// htmlLayout are attributes that only lay out what the site's own style
// lays out (table borders, spacing, sizes, classes and ids of the site
// the document was written for): left out without a finding.
var htmlLayout = map[string]bool{
	"border": true, "cellpadding": true, "cellspacing": true, "width": true, "height": true,
	"valign": true, "class": true, "id": true, "lang": true, "dir": true, "frame": true,
	"rules": true, "nowrap": true, "scope": true, "headers": true, "summary": true,
	"name": true, "target": true, "rel": true, "role": true, "start": true, "type": true,
}

// HTMLRules returns the elements the site renders, by lower-case name.
func HTMLRules() map[string]HTMLRule { return htmlRules }

// HTMLDropsContent reports whether an element is left out with its
// content, not only its tags.
func HTMLDropsContent(name string) bool { return htmlDropsContent[name] }

// HTMLURLAttr reports whether an element's attribute holds a URL the link
// resolver judges: a's href and img's src.
func HTMLURLAttr(elem, attr string) bool {
	return elem == "a" && attr == "href" || elem == "img" && attr == "src"
}

// HTMLAttrKept reports whether attribute a of an allowed element is kept
// as written (URL attributes go through the link resolver first).
func HTMLAttrKept(elem string, a html.Attribute) bool {
	r, ok := htmlRules[elem]
	if !ok || a.Namespace != "" {
		return false
	}
	re, ok := r.Attrs[a.Key]
	return ok && (re == nil || re.MatchString(strings.TrimSpace(a.Val)))
}

// HTMLTooDeep reports whether raw HTML text nests its elements deeper
// than an HTML parser builds them: golang.org/x/net/html, which the site
// balances bodies with and the pack reads HTML with, stops at 512 open
// elements, as browsers cap theirs. The site and the pack show such HTML
// as its text, in a code block, and the raw-html rule reports it.
func HTMLTooDeep(text []byte) bool {
	// A tag opens at most a few elements (a cell its row and table
	// body too): text with few tags cannot reach the cap.
	if bytes.Count(text, []byte("<")) < 100 {
		return false
	}
	// Reading bytes, the parser fails only at the cap.
	_, err := html.ParseFragment(bytes.NewReader(text), HTMLContext())
	return err != nil
}

// HTMLContext is the element raw HTML is parsed inside: the body's div.
func HTMLContext() *html.Node {
	return &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
}

// HTMLTag is a start or end tag in the raw HTML of a body.
type HTMLTag struct {
	// Off is the body offset of its "<".
	Off   int
	Name  string
	Attrs []html.Attribute
	End   bool
}

// RawHTML returns the text of a raw HTML node (*ast.HTMLBlock or
// *ast.RawHTML) as written, and for each byte of it the body offset it
// came from: a block inside a list or quote has its indent taken away.
func RawHTML(n ast.Node, body []byte) ([]byte, []int) {
	var text []byte
	var at []int
	add := func(start, stop int) {
		if start < 0 || stop > len(body) || start > stop {
			return
		}
		text = append(text, body[start:stop]...)
		for i := start; i < stop; i++ {
			at = append(at, i)
		}
	}
	switch v := n.(type) {
	case *ast.HTMLBlock:
		for i := 0; i < v.Lines().Len(); i++ {
			s := v.Lines().At(i)
			add(s.Start, s.Stop)
		}
		if v.HasClosure() {
			add(v.ClosureLine.Start, v.ClosureLine.Stop)
		}
	case *ast.RawHTML:
		for i := 0; i < v.Segments.Len(); i++ {
			s := v.Segments.At(i)
			add(s.Start, s.Stop)
		}
	}
	return text, at
}

// HTMLTags calls fn with every start and end tag of raw HTML text, whose
// byte i came from body offset at[i]. Comments, doctypes and text are
// skipped; the text of raw-text elements (script, style) is one token.
func HTMLTags(text []byte, at []int, fn func(HTMLTag)) {
	z := html.NewTokenizer(bytes.NewReader(text))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		raw := len(z.Raw())
		if tt == html.StartTagToken || tt == html.EndTagToken || tt == html.SelfClosingTagToken {
			tok := z.Token()
			off := 0
			if pos < len(at) {
				off = at[pos]
			}
			fn(HTMLTag{Off: off, Name: strings.ToLower(tok.Data), Attrs: tok.Attr, End: tt == html.EndTagToken})
		}
		pos += raw
	}
}

// HTMLDrop is something of a body's raw HTML the site and the pack leave
// out.
type HTMLDrop struct {
	// Off is the body offset of the tag it is in.
	Off int
	// Elem is the element; Attr the attribute, empty when the whole
	// element is left out.
	Elem, Attr string
	// Content is set when the element's content goes with it.
	Content bool
}

// HTMLDrops lists what raw HTML text (RawHTML's, byte i from body
// offset at[i]) leaves out: elements outside HTMLRules, and attributes
// that are neither kept nor layout (event handlers, style, values that
// do not fit). URLs are the link rules'.
func HTMLDrops(text []byte, at []int) []HTMLDrop {
	var out []HTMLDrop
	HTMLTags(text, at, func(t HTMLTag) {
		if t.End {
			return
		}
		if _, ok := htmlRules[t.Name]; !ok {
			out = append(out, HTMLDrop{Off: t.Off, Elem: t.Name, Content: htmlDropsContent[t.Name]})
			return
		}
		for _, a := range t.Attrs {
			if HTMLURLAttr(t.Name, a.Key) || HTMLAttrKept(t.Name, a) || htmlLayout[a.Key] && !strings.HasPrefix(a.Key, "on") {
				continue
			}
			out = append(out, HTMLDrop{Off: t.Off, Elem: t.Name, Attr: a.Key})
		}
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].Off < out[j].Off })
	return out
}

// htmlLinks returns the links and images of raw HTML: a href and img src.
func (d *Document) htmlLinks(n ast.Node) []*Link {
	text, at := RawHTML(n, d.Body)
	if bytes.IndexByte(text, '=') < 0 {
		return nil
	}
	var out []*Link
	HTMLTags(text, at, func(t HTMLTag) {
		if t.End {
			return
		}
		for _, a := range t.Attrs {
			if HTMLURLAttr(t.Name, a.Key) {
				out = append(out, &Link{Node: n, Dest: strings.TrimSpace(a.Val), Image: t.Name == "img", Pos: d.Pos(t.Off), HTML: true, Offset: t.Off})
			}
		}
	})
	return out
}

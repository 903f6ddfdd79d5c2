package site

import (
	"bytes"
	"io"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"

	"github.com/ismspack/ismspack/generator/document"
)

// htmlPolicy is the sanitizer for raw HTML written in a body, built from
// the one table document.HTMLRules that the raw-html rule reports
// against: the elements and attributes there, URLs that are relative or
// http, https or mailto, and nothing else.
func htmlPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoReferrerOnLinks(true)
	for name, r := range document.HTMLRules() {
		p.AllowElements(name)
		for attr, re := range r.Attrs {
			if re == nil {
				p.AllowAttrs(attr).OnElements(name)
			} else {
				p.AllowAttrs(attr).Matching(re).OnElements(name)
			}
		}
	}
	return p
}

// rawHTML renders a raw HTML node: each a href and img src is replaced by
// where the model resolved it to on this site (a picture from elsewhere
// is not loaded, but linked), then the whole is sanitized. The body is
// balanced afterwards (see balance), so a tag left open cannot reach the
// page around it.
func (r *linkRenderer) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	if b, ok := node.(*ast.HTMLBlock); ok && b.HTMLBlockType == ast.HTMLBlockType2 {
		return ast.WalkSkipChildren, nil // a comment: leftover-comment's
	}
	b := r.b
	text, at := document.RawHTML(node, src)
	if b.htmlAsText || document.HTMLTooDeep(text) {
		// HTML nested too deep to balance is shown as what it is: text.
		open, end := "<code>", "</code>"
		if _, block := node.(*ast.HTMLBlock); block {
			open, end = `<pre class="raw-html"><code>`, "</code></pre>\n"
		}
		_, _ = w.WriteString(open)
		_, _ = w.WriteString(html.EscapeString(string(text)))
		_, _ = w.WriteString(end)
		return ast.WalkSkipChildren, nil
	}
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(text))
	pos := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		off := -1
		if pos < len(at) {
			off = at[pos]
		}
		pos += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		name := strings.ToLower(tok.Data)
		if name != "a" && name != "img" {
			out.WriteString(tok.String())
			continue
		}
		attrs := tok.Attr[:0:0]
		var alt string
		var t target
		found := false
		for _, a := range tok.Attr {
			if a.Key == "alt" {
				alt = a.Val
			}
			if !document.HTMLURLAttr(name, a.Key) {
				attrs = append(attrs, a)
				continue
			}
			found = true
			t = b.resolveHTML(off, strings.TrimSpace(a.Val), name == "img")
			if t.href != "" && (name == "a" || t.local) {
				attrs = append(attrs, html.Attribute{Key: a.Key, Val: t.href})
			}
		}
		if name == "img" && (!found || t.href == "" || !t.local) {
			// Not a picture of this site: say what it was, as the
			// Markdown image renderer does.
			out.WriteString(html.EscapeString("[image: " + alt + "]"))
			continue
		}
		if name == "a" && found && !t.local && t.href != "" {
			attrs = append(attrs, html.Attribute{Key: "class", Val: "external"})
		}
		tok.Attr = attrs
		out.WriteString(tok.String())
	}
	_, _ = w.Write(b.policy.SanitizeBytes(out.Bytes()))
	b.raw = true
	return ast.WalkSkipChildren, nil
}

// resolveHTML is resolve for the URL of a raw HTML tag at body offset off.
func (b *bodyRenderer) resolveHTML(off int, dest string, image bool) target {
	if l := b.ctx.doc.HTMLLinkAt(off); l != nil {
		return b.target(l.Target, dest, image)
	}
	return b.traced(dest, image)
}

// balance parses a rendered body holding raw HTML the way a browser
// does and writes it back, so every element it opens is closed inside
// it: a <details> or <table> left open in a document cannot swallow the
// page's footer.
func balance(body []byte, w io.Writer) error {
	nodes, err := html.ParseFragment(bytes.NewReader(body), document.HTMLContext())
	if err != nil {
		return err
	}
	for _, n := range nodes {
		if err := html.Render(w, n); err != nil {
			return err
		}
	}
	return nil
}

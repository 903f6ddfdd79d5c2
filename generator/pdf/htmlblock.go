package pdf

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/fonts"
)

// maxHTMLCells bounds the cells one HTML table may make, spans included,
// so a colspan of 99 on every cell of a long table cannot make the pack
// lay out millions of cells.
const maxHTMLCells = 20000

// htmlBlock draws a block of raw HTML as the site shows it: a table as a
// table, anything else the site renders as its text; what the site leaves
// out (document.HTMLRules) the pack leaves out too, and the raw-html rule
// reports it.
func (r *docRenderer) htmlBlock(n ast.Node) {
	if b, ok := n.(*ast.HTMLBlock); ok && b.HTMLBlockType == ast.HTMLBlockType2 {
		return // a comment: leftover-comment's
	}
	text, _ := document.RawHTML(n, r.src)
	nodes, err := html.ParseFragment(bytes.NewReader(text), document.HTMLContext())
	if err != nil {
		// Nested deeper than the parser reads (document.HTMLTooDeep):
		// its text, as the site shows it.
		r.codeText(strings.SplitAfter(string(text), "\n"))
		return
	}
	var spans []span
	flush := func() {
		if len(strings.TrimSpace(spansText(spans))) == 0 {
			spans = nil
			return
		}
		r.f.gap(paraGap)
		r.f.lines(breakLines(words(spans), r.f.width, r.base.leading, r.base.size), alignLeft)
		r.f.gap(paraGap)
		spans = nil
	}
	for _, c := range nodes {
		if c.Type == html.ElementNode && strings.EqualFold(c.Data, "table") {
			flush()
			r.htmlTable(c)
			continue
		}
		r.htmlInline(c, r.base, &spans)
		if c.Type == html.ElementNode && isHTMLBlockElem(c.Data) {
			flush()
		}
	}
	flush()
}

func spansText(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	return b.String()
}

func isHTMLBlockElem(name string) bool {
	switch strings.ToLower(name) {
	case "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "pre", "details", "summary", "hr", "center":
		return true
	}
	return false
}

// htmlInline appends the text of an HTML node in style st, bold for b,
// strong and th, oblique for i and em, a line break for br and between
// blocks; elements the site leaves out are left out with their content
// when the site drops it.
func (r *docRenderer) htmlInline(n *html.Node, st *style, out *[]span) {
	switch n.Type {
	case html.TextNode:
		// Runs of white space are one space, as a browser shows them.
		t := strings.Join(strings.Fields(n.Data), " ")
		if n.Data != "" && isHTMLSpace(n.Data[0]) {
			t = " " + t
		}
		if n.Data != "" && isHTMLSpace(n.Data[len(n.Data)-1]) && t != " " {
			t += " "
		}
		*out = append(*out, r.w.runs(t, st)...)
		return
	case html.ElementNode:
	default:
		return
	}
	name := strings.ToLower(n.Data)
	if document.HTMLDropsContent(name) {
		return
	}
	switch name {
	case "br":
		*out = append(*out, span{brk: true, st: st})
		return
	case "b", "strong", "th":
		st = r.derive(st, func(s *style) { s.face = r.boldOf(s.face) })
	case "i", "em", "cite", "dfn", "var":
		st = r.derive(st, func(s *style) { s.face = r.obliqueOf(s.face) })
	case "code", "kbd", "samp", "pre":
		st = r.derive(st, func(s *style) { s.face = r.w.faces.Mono })
	case "s", "del":
		st = r.derive(st, func(s *style) { s.strike = true })
	case "u", "ins":
		st = r.derive(st, func(s *style) { s.under = true })
	case "li":
		*out = append(*out, r.w.runs("• ", st)...)
	case "img":
		for _, a := range n.Attr {
			if a.Key == "alt" && a.Val != "" {
				*out = append(*out, r.w.runs("[image: "+a.Val+"]", st)...)
			}
		}
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.htmlInline(c, st, out)
	}
	if isHTMLBlockElem(name) && len(*out) > 0 && !(*out)[len(*out)-1].brk {
		*out = append(*out, span{brk: true, st: st})
	}
}

func (r *docRenderer) boldOf(f *fonts.Face) *fonts.Face {
	fs := r.w.faces
	if f == fs.Oblique || f == fs.BoldOblique {
		return fs.BoldOblique
	}
	return fs.Bold
}

func (r *docRenderer) obliqueOf(f *fonts.Face) *fonts.Face {
	fs := r.w.faces
	if f == fs.Bold || f == fs.BoldOblique {
		return fs.BoldOblique
	}
	return fs.Oblique
}

// htmlTable draws an HTML table with the Markdown tables' layout: a first
// row of th cells is the header, a cell spanning columns or rows takes
// its first place and leaves the others empty, and bgcolor fills a cell.
func (r *docRenderer) htmlTable(tbl *html.Node) {
	t := &table{lead: tableLead, size: tableSize, zebra: false}
	st := r.derive(r.base, func(s *style) { s.size = tableSize; s.leading = tableLead; s.color = colText })
	var rows []*html.Node
	var collect func(n *html.Node)
	collect = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch strings.ToLower(c.Data) {
			case "tr":
				rows = append(rows, c)
			case "thead", "tbody", "tfoot":
				collect(c)
			}
		}
	}
	collect(tbl)
	// pending[col] is how many more rows a rowspan above fills col for.
	var pending []int
	cells := 0
	for ri, tr := range rows {
		var out []tcell
		allTH := true
		col := 0
		skip := func() {
			for col < len(pending) && pending[col] > 0 {
				pending[col]--
				out = append(out, tcell{})
				col++
			}
		}
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (!strings.EqualFold(c.Data, "td") && !strings.EqualFold(c.Data, "th")) {
				continue
			}
			skip()
			if !strings.EqualFold(c.Data, "th") {
				allTH = false
			}
			cell := tcell{}
			var sp []span
			r.htmlInline(c, st, &sp)
			for len(sp) > 0 && sp[len(sp)-1].brk {
				sp = sp[:len(sp)-1]
			}
			cell.spans = sp
			colspan, rowspan := 1, 1
			for _, a := range c.Attr {
				if !document.HTMLAttrKept(strings.ToLower(c.Data), a) {
					continue
				}
				switch a.Key {
				case "align":
					switch strings.ToLower(strings.TrimSpace(a.Val)) {
					case "center":
						cell.align = alignCenter
					case "right":
						cell.align = alignRight
					}
				case "bgcolor":
					if c, ok := parseColour(a.Val); ok {
						cell.fill, cell.hasFill = c, true
					}
				case "colspan":
					colspan, _ = strconv.Atoi(strings.TrimSpace(a.Val))
				case "rowspan":
					rowspan, _ = strconv.Atoi(strings.TrimSpace(a.Val))
				}
			}
			cells += max(colspan, 1) * max(rowspan, 1)
			if cells > maxHTMLCells {
				break
			}
			for k := 0; k < max(colspan, 1); k++ {
				for len(pending) <= col {
					pending = append(pending, 0)
				}
				if rowspan > 1 {
					pending[col] = rowspan - 1
				}
				if k == 0 {
					out = append(out, cell)
				} else {
					out = append(out, tcell{fill: cell.fill, hasFill: cell.hasFill})
				}
				col++
			}
		}
		skip()
		if ri == 0 && allTH && len(out) > 0 {
			t.header = out
		} else {
			t.rows = append(t.rows, out)
		}
		if cells > maxHTMLCells {
			break
		}
	}
	if len(t.header) == 0 && len(t.rows) == 0 {
		return
	}
	r.f.gap(paraGap)
	t.draw(r.f)
	r.f.gap(paraGap)
}

// parseColour reads #rgb, #rrggbb and a few colour names.
func parseColour(s string) (rgb, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	names := map[string]string{"red": "#ff0000", "green": "#008000", "yellow": "#ffff00", "orange": "#ffa500",
		"lightgreen": "#90ee90", "lightgray": "#d3d3d3", "lightgrey": "#d3d3d3", "gray": "#808080", "grey": "#808080", "white": "#ffffff"}
	if v, ok := names[s]; ok {
		s = v
	}
	if !strings.HasPrefix(s, "#") {
		return rgb{}, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return rgb{}, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return rgb{}, false
	}
	return rgb{uint8(v >> 16), uint8(v >> 8), uint8(v)}, true
}

func isHTMLSpace(b byte) bool { return b == ' ' || b == '\n' || b == '\t' || b == '\r' || b == '\f' }

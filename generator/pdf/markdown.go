package pdf

import (
	"bytes"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// Body typography, in points and ems.
const (
	bodySize    = 9.5
	bodyLead    = 1.45
	tableSize   = 8.3
	tableLead   = 1.3
	codeSize    = 8.2
	codeLead    = 1.32
	noteSize    = 8.0
	paraGap     = 2.3
	tightGap    = 0.7
	codePad     = 2.0
	quoteIndent = 5.0
)

var headingSizes = [...]float64{0, 16, 13, 11.2, 10.2, 9.5, 9.5}

// docRenderer draws one document's goldmark AST. It dispatches on node
// kind to one function per kind, as goldmark's HTML renderer does, and
// draws through the flow and the writer only. All of its state is here.
type docRenderer struct {
	w   *writer
	f   *flow
	m   *isms.Model
	d   *isms.Doc
	src []byte
	// hstack holds the levels of the open headings, for the outline.
	hstack  []int
	outline int // outline level of the document itself
	base    *style
	depth   int // list nesting
	skipBox ast.Node
	inTable bool
	headers int // headings seen
}

type blockFunc func(r *docRenderer, n ast.Node)
type inlineFunc func(r *docRenderer, n ast.Node, st *style, out *[]span)

// The dispatch tables are filled once in init and only read afterwards.
var (
	blockFuncs  map[ast.NodeKind]blockFunc
	inlineFuncs map[ast.NodeKind]inlineFunc
)

func init() {
	blockFuncs = map[ast.NodeKind]blockFunc{
		ast.KindDocument:                (*docRenderer).container,
		ast.KindParagraph:               (*docRenderer).paragraph,
		ast.KindTextBlock:               (*docRenderer).paragraph,
		ast.KindHeading:                 (*docRenderer).heading,
		ast.KindThematicBreak:           (*docRenderer).thematicBreak,
		ast.KindCodeBlock:               (*docRenderer).codeBlock,
		ast.KindFencedCodeBlock:         (*docRenderer).codeBlock,
		ast.KindBlockquote:              (*docRenderer).blockquote,
		ast.KindList:                    (*docRenderer).list,
		ast.KindListItem:                (*docRenderer).container,
		ast.KindHTMLBlock:               (*docRenderer).htmlBlock,
		east.KindTable:                  (*docRenderer).table,
		east.KindFootnoteList:           (*docRenderer).footnoteList,
		east.KindFootnote:               (*docRenderer).container,
		ast.KindLinkReferenceDefinition: func(*docRenderer, ast.Node) {},
	}
	inlineFuncs = map[ast.NodeKind]inlineFunc{
		ast.KindText:              (*docRenderer).text,
		ast.KindString:            (*docRenderer).stringNode,
		ast.KindCodeSpan:          (*docRenderer).codeSpan,
		ast.KindEmphasis:          (*docRenderer).emphasis,
		ast.KindLink:              (*docRenderer).link,
		ast.KindAutoLink:          (*docRenderer).autoLink,
		ast.KindImage:             (*docRenderer).inlineImage,
		ast.KindRawHTML:           (*docRenderer).rawHTML,
		east.KindStrikethrough:    (*docRenderer).strikethrough,
		east.KindTaskCheckBox:     (*docRenderer).taskCheckBox,
		east.KindFootnoteLink:     (*docRenderer).footnoteLink,
		east.KindFootnoteBacklink: (*docRenderer).footnoteBacklink,
		document.KindTemplate:     (*docRenderer).template,
	}
}

func newDocRenderer(w *writer, f *flow, m *isms.Model, d *isms.Doc, outline int) *docRenderer {
	r := &docRenderer{w: w, f: f, m: m, d: d, src: d.Body, outline: outline}
	r.base = &style{face: w.faces.Sans, size: bodySize, color: colText, leading: bodyLead}
	return r
}

// render draws the body.
func (r *docRenderer) render() {
	if r.d.AST() == nil {
		return
	}
	r.block(r.d.AST())
}

func (r *docRenderer) block(n ast.Node) {
	if fn, ok := blockFuncs[n.Kind()]; ok {
		fn(r, n)
		return
	}
	// A kind nobody registered: draw what it contains.
	if n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
		r.paragraph(n)
		return
	}
	r.container(n)
}

func (r *docRenderer) container(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c)
	}
}

// inlines turns n's inline children into spans in style st.
func (r *docRenderer) inlines(n ast.Node, st *style) []span {
	var out []span
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(c, st, &out)
	}
	return out
}

func (r *docRenderer) inline(n ast.Node, st *style, out *[]span) {
	if fn, ok := inlineFuncs[n.Kind()]; ok {
		fn(r, n, st, out)
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(c, st, out)
	}
}

func (r *docRenderer) derive(st *style, change func(*style)) *style {
	return derive(st, change)
}

// --- blocks

func (r *docRenderer) paragraph(n ast.Node) {
	gap := paraGap
	if _, tight := n.(*ast.TextBlock); tight {
		gap = tightGap
	}
	r.f.gap(gap)
	var spans []span
	flush := func() {
		if len(spans) == 0 {
			return
		}
		ls := breakLines(words(spans), r.f.width, r.base.leading, r.base.size)
		r.f.lines(ls, alignLeft)
		spans = nil
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		img, link := blockImage(c)
		if img != nil && !r.inTable {
			flush()
			r.image(img, link)
			continue
		}
		r.inline(c, r.base, &spans)
	}
	flush()
	r.f.gap(gap)
}

// blockImage returns an image that stands in a paragraph by itself or
// wrapped in a link, which the PDF draws as a figure.
func blockImage(n ast.Node) (*ast.Image, *ast.Link) {
	switch v := n.(type) {
	case *ast.Image:
		return v, nil
	case *ast.Link:
		if img, ok := v.FirstChild().(*ast.Image); ok && v.ChildCount() == 1 {
			return img, v
		}
	}
	return nil, nil
}

func (r *docRenderer) heading(n ast.Node) {
	h := n.(*ast.Heading)
	lvl := min(max(h.Level, 1), 6)
	if r.headers == 0 && n.PreviousSibling() == nil && document.SaysTitle(document.Heading{Level: h.Level, Text: strings.TrimSpace(document.PlainText(n, r.src))}, r.d.Title) {
		// A first heading that repeats the title the section already shows
		// is not drawn twice, as on the site (document.SaysTitle); links to
		// it land on the title.
		r.headers++
		if id, ok := h.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				r.w.anchor(docKey(r.d.Path, string(b)), r.f.y)
			}
		}
		return
	}
	st := &style{face: r.w.faces.Bold, size: headingSizes[lvl], color: colText, leading: 1.25}
	if lvl >= 5 {
		st.color = colMuted
	}
	spans := r.inlines(n, st)
	ls := breakLines(words(spans), r.f.width, st.leading, st.size)
	before := []float64{0, 6, 5, 4, 3.5, 3, 3}[lvl]
	r.f.gap(before)
	need := linesHeight(ls) + r.keepNext(n.NextSibling())
	if !r.f.atTop() && r.f.y+r.f.pending+need > contentBot {
		r.f.newPage()
	}
	r.f.settle()
	top := r.f.y
	if id, ok := h.AttributeString("id"); ok {
		if b, ok := id.([]byte); ok {
			r.w.anchor(docKey(r.d.Path, string(b)), top)
		}
	}
	for len(r.hstack) > 0 && r.hstack[len(r.hstack)-1] >= lvl {
		r.hstack = r.hstack[:len(r.hstack)-1]
	}
	title := strings.TrimSpace(document.PlainText(n, r.src))
	if title != "" {
		r.w.bookmark(title, r.outline+1+len(r.hstack), top)
		r.hstack = append(r.hstack, lvl)
	}
	r.headers++
	r.f.lines(ls, alignLeft)
	r.f.gap([]float64{0, 3, 2.5, 2, 1.6, 1.4, 1.4}[lvl])
}

// keepNext estimates how much of the block after a heading must fit on
// the same page as the heading: the first two lines of text, the head of
// a table or code block, or a whole image.
func (r *docRenderer) keepNext(n ast.Node) float64 {
	lineH := r.base.size * ptMM * r.base.leading
	if n == nil {
		return 0
	}
	switch v := n.(type) {
	case *ast.Paragraph:
		if img, _ := blockImage(v.FirstChild()); img != nil && v.ChildCount() == 1 {
			return math.Min(r.imageSize(img), 120) + paraGap
		}
		return 2*lineH + paraGap
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return 2*codeSize*ptMM*codeLead + 2*codePad + paraGap
	case *east.Table:
		return 2*(tableSize*ptMM*tableLead+2*cellPadY) + paraGap
	case *ast.Heading:
		return lineH
	}
	return 2*lineH + paraGap
}

func (r *docRenderer) thematicBreak(ast.Node) {
	r.f.gap(4)
	r.f.room(1)
	r.f.y += 0.5
	r.w.line(r.f.x, r.f.y, r.f.x+r.f.width, r.f.y, colRule, 0.3)
	r.f.y += 0.5
	r.f.gap(4)
}

func (r *docRenderer) codeBlock(n ast.Node) {
	lines := n.Lines()
	text := make([]string, lines.Len())
	for i := range text {
		seg := lines.At(i)
		text[i] = string(seg.Value(r.src))
	}
	r.codeText(text)
}

// codeText draws lines of text as a code block does.
func (r *docRenderer) codeText(text []string) {
	st := &style{face: r.w.faces.Mono, size: codeSize, color: colText, leading: codeLead}
	cont := &style{face: r.w.faces.Mono, size: codeSize, color: colMuted, leading: codeLead}
	avail := r.f.width - 2*codePad
	var ls []line
	for _, t := range text {
		t = strings.TrimRight(t, "\r\n")
		t = expandTabs(t, 4)
		ls = append(ls, r.codeLines(t, st, cont, avail)...)
	}
	if len(ls) == 0 {
		ls = append(ls, line{h: codeSize * ptMM * codeLead, size: codeSize})
	}
	r.f.gap(paraGap)
	r.box(ls, colCodeBg)
	r.f.gap(paraGap)
}

// codeLines wraps one line of code at the character that reaches the
// edge, marking continuation lines with an arrow.
func (r *docRenderer) codeLines(text string, st, cont *style, avail float64) []line {
	h := st.size * ptMM * st.leading
	spans := r.w.runs(text, st)
	var out []line
	cur := line{h: h, size: st.size}
	x := 0.0
	for _, s := range spans {
		start := 0
		for off, ru := range s.text {
			rw := float64(s.face.RuneWidth(ru)) * st.size / 1000 * ptMM
			if x+rw > avail && x > 0 {
				if off > start {
					part := s.text[start:off]
					cur.parts = append(cur.parts, placed{span{text: part, st: st, face: s.face, w: width(s.face, st.size, part)}, x - width(s.face, st.size, part)})
				}
				cur.w = x
				out = append(out, cur)
				arrow := r.w.runs("↪ ", cont)
				cur = line{h: h, size: st.size}
				x = 0
				for _, a := range arrow {
					cur.parts = append(cur.parts, placed{a, x})
					x += a.w
				}
				start = off
			}
			x += rw
		}
		if start < len(s.text) {
			part := s.text[start:]
			pw := width(s.face, st.size, part)
			cur.parts = append(cur.parts, placed{span{text: part, st: st, face: s.face, w: pw}, x - pw})
		}
	}
	cur.w = x
	return append(out, cur)
}

func expandTabs(s string, tab int) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := tab - col%tab
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// box draws lines on a shaded background, a page at a time.
func (r *docRenderer) box(ls []line, bg rgb) {
	f := r.f
	f.room(math.Min(linesHeight(ls[:min(2, len(ls))])+2*codePad, contentBot-contentTop))
	for i := 0; i < len(ls); {
		k, h := 0, 0.0
		for i+k < len(ls) && f.y+2*codePad+h+ls[i+k].h <= contentBot+1e-6 {
			h += ls[i+k].h
			k++
		}
		if k == 0 {
			if f.atTop() {
				k, h = 1, ls[i].h
			} else {
				f.newPage()
				continue
			}
		}
		r.w.fill(f.x, f.y, f.width, h+2*codePad, bg)
		y := f.y + codePad
		for j := i; j < i+k; j++ {
			if f.marker != nil {
				f.drawMarker(y + ls[j].baseline(r.w.faces.Sans))
			}
			r.w.drawLine(&ls[j], f.x+codePad, y, alignLeft, f.width-2*codePad)
			y += ls[j].h
		}
		f.y = y + codePad
		i += k
		if i < len(ls) {
			f.newPage()
		}
	}
}

func (r *docRenderer) blockquote(n ast.Node) {
	r.f.gap(paraGap)
	r.f.settle()
	b := &bar{x: r.f.x + 1.2, start: r.f.y}
	r.f.bars = append(r.f.bars, b)
	undo := r.f.indent(quoteIndent)
	base := r.base
	r.base = r.derive(base, func(s *style) { s.color = rgb{70, 70, 70} })
	r.container(n)
	r.base = base
	undo()
	r.f.bars = r.f.bars[:len(r.f.bars)-1]
	r.f.drawBar(b, r.f.y)
	r.f.gap(paraGap)
}

var bullets = []string{"•", "◦", "▪"}

func (r *docRenderer) list(n ast.Node) {
	l := n.(*ast.List)
	r.depth++
	defer func() { r.depth-- }()
	mst := r.base
	num := l.Start
	if num == 0 {
		num = 1
	}
	indent := 5.5
	if l.IsOrdered() {
		last := num + n.ChildCount() - 1
		indent = math.Max(indent, width(mst.face, mst.size, strconv.Itoa(last)+".")+2.2)
	}
	r.f.gap(paraGap)
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		var label string
		if l.IsOrdered() {
			label = strconv.Itoa(num) + string(rune(l.Marker))
			num++
		} else {
			label = bullets[(r.depth-1)%len(bullets)]
		}
		spans := r.w.runs(label, mst)
		if cb := taskBox(item); cb != nil {
			r.skipBox = cb
			spans = []span{{st: mst, w: mst.size * ptMM * 0.72, box: &box{checked: cb.(*east.TaskCheckBox).IsChecked}}}
		}
		if !l.IsTight && item != n.FirstChild() {
			r.f.gap(paraGap)
		} else if item != n.FirstChild() {
			r.f.gap(tightGap)
		}
		undo := r.f.indent(indent)
		r.f.marker = &marker{spans: spans, right: r.f.x - 1.6}
		r.container(item)
		if r.f.marker != nil {
			// An empty item: the marker stands alone.
			lh := mst.size * ptMM * mst.leading
			r.f.room(lh)
			ln := line{h: lh, size: mst.size}
			r.f.drawMarker(r.f.y + ln.baseline(r.w.faces.Sans))
			r.f.y += lh
		}
		undo()
	}
	r.f.gap(paraGap)
}

// taskBox returns the checkbox that starts a list item, if any.
func taskBox(item ast.Node) ast.Node {
	first := item.FirstChild()
	if first == nil {
		return nil
	}
	if cb, ok := first.FirstChild().(*east.TaskCheckBox); ok {
		return cb
	}
	return nil
}

func (r *docRenderer) table(n ast.Node) {
	t := &table{lead: tableLead, size: tableSize, zebra: true}
	st := r.derive(r.base, func(s *style) { s.size = tableSize; s.leading = tableLead; s.color = colText })
	hst := r.derive(st, func(s *style) { s.face = r.w.faces.Bold })
	align := func(a east.Alignment) int {
		switch a {
		case east.AlignRight:
			return alignRight
		case east.AlignCenter:
			return alignCenter
		}
		return alignLeft
	}
	r.inTable = true
	base := r.base
	r.base = st
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		_, head := row.(*east.TableHeader)
		var cells []tcell
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			tc, _ := c.(*east.TableCell)
			cst := st
			if head {
				cst = hst
			}
			cell := tcell{spans: r.inlines(c, cst)}
			if tc != nil {
				cell.align = align(tc.Alignment)
			}
			cells = append(cells, cell)
		}
		if head {
			t.header = cells
		} else {
			t.rows = append(t.rows, cells)
		}
	}
	r.base = base
	r.inTable = false
	r.f.gap(paraGap)
	t.draw(r.f)
	r.f.gap(paraGap)
}

func (r *docRenderer) footnoteList(n ast.Node) {
	r.f.gap(6)
	r.f.room(12)
	r.w.line(r.f.x, r.f.y, r.f.x+40, r.f.y, colRule, 0.3)
	r.f.y += 1.5
	base := r.base
	r.base = r.derive(base, func(s *style) { s.size = noteSize })
	for fn := n.FirstChild(); fn != nil; fn = fn.NextSibling() {
		idx := 0
		if v, ok := fn.(*east.Footnote); ok {
			idx = v.Index
		}
		label := strconv.Itoa(idx) + "."
		r.f.gap(1)
		r.f.room(noteSize * ptMM * bodyLead)
		r.w.anchor(noteKey("fn", r.d.Path, idx), r.f.y)
		undo := r.f.indent(6)
		r.f.marker = &marker{spans: r.w.runs(label, r.base), right: r.f.x - 1.4}
		for c := fn.FirstChild(); c != nil; c = c.NextSibling() {
			r.block(c)
		}
		r.f.marker = nil
		undo()
	}
	r.base = base
}

// image draws a figure: the picture scaled to fit, with its alt text as a
// caption; a placeholder box when it cannot be drawn.
func (r *docRenderer) image(img *ast.Image, link *ast.Link) {
	alt := strings.TrimSpace(document.PlainText(img, r.src))
	l := r.d.LinkFor(img)
	var pic *picture
	why := "image not found"
	if l != nil {
		switch l.Kind {
		case isms.ToAsset:
			pic = r.w.images.byPath[l.Path]
			if pic != nil && pic.err != "" {
				why = pic.err
			} else if pic == nil {
				why = "image not in the repository: " + l.Path
			}
		case isms.ToExternal:
			why = "remote image not embedded: " + l.Dest
		default:
			why = l.Problem
		}
	}
	wd, h := r.fitPicture(pic)
	r.f.gap(paraGap)
	cap := &style{face: r.w.faces.Oblique, size: noteSize, color: colMuted, leading: 1.3}
	var capLines []line
	if alt != "" {
		capLines = breakLines(words(r.w.runs(alt, cap)), r.f.width, cap.leading, cap.size)
	}
	if pic == nil || pic.err != "" {
		wd, h = math.Min(r.f.width, 120), 14
	}
	keep := h
	if len(capLines) > 0 {
		keep += 1.5 + capLines[0].h
	}
	r.f.room(math.Min(keep, contentBot-contentTop))
	if r.f.marker != nil {
		r.f.drawMarker(r.f.y + 3)
	}
	x, y := r.f.x, r.f.y
	if !r.w.drawPicture(pic, x, y, wd, h) {
		r.w.fill(x, y, wd, h, colMissing)
		r.w.stroke(x, y, wd, h, colRed, 0.3)
		msg := &style{face: r.w.faces.Sans, size: noteSize, color: colRed, leading: 1.3}
		ls := breakLines(words(r.w.runs(placeholderTitle(pic)+why, msg)), wd-6, msg.leading, msg.size)
		ty := y + 3
		for i := range ls {
			if ty+ls[i].h > y+h {
				break
			}
			r.w.drawLine(&ls[i], x+3, ty, alignLeft, wd-6)
			ty += ls[i].h
		}
	}
	if link != nil {
		if d := r.destFor(link); d.ok() {
			r.w.link(x, y, wd, h, d)
		}
	}
	r.f.y += h
	if len(capLines) > 0 {
		r.f.y += 1.5
		r.f.lines(capLines, alignLeft)
	}
	r.f.gap(paraGap)
}

// fitPicture sizes a picture at 96 dpi, shrunk to the flow's width and to
// half a page.
func (r *docRenderer) fitPicture(p *picture) (float64, float64) {
	if p == nil || p.err != "" {
		return 0, 0
	}
	wd := float64(p.w) * 25.4 / 96
	h := float64(p.h) * 25.4 / 96
	maxH := (contentBot - contentTop) * 0.5
	if wd > r.f.width {
		h *= r.f.width / wd
		wd = r.f.width
	}
	if h > maxH {
		wd *= maxH / h
		h = maxH
	}
	return wd, h
}

func (r *docRenderer) imageSize(img *ast.Image) float64 {
	if l := r.d.LinkFor(img); l != nil && l.Kind == isms.ToAsset {
		_, h := r.fitPicture(r.w.images.byPath[l.Path])
		if h > 0 {
			return h
		}
	}
	return 14
}

// --- inlines

func (r *docRenderer) text(n ast.Node, st *style, out *[]span) {
	t := n.(*ast.Text)
	v := t.Segment.Value(r.src)
	if !t.IsRaw() {
		v = unescape(v)
	}
	*out = append(*out, r.w.runs(string(v), st)...)
	switch {
	case t.HardLineBreak():
		*out = append(*out, span{brk: true, st: st})
	case t.SoftLineBreak():
		*out = append(*out, r.w.runs(" ", st)...)
	}
}

// unescape does what goldmark's HTML writer does to text: backslash
// escapes and entity references become the characters they stand for.
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return b
	}
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	return util.ResolveEntityNames(b)
}

func (r *docRenderer) stringNode(n ast.Node, st *style, out *[]span) {
	*out = append(*out, r.w.runs(string(n.(*ast.String).Value), st)...)
}

func (r *docRenderer) codeSpan(n ast.Node, st *style, out *[]span) {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(r.src))
		case *ast.String:
			b.Write(v.Value)
		}
	}
	cs := r.derive(st, func(s *style) {
		s.face = r.w.faces.Mono
		s.size = st.size * 0.92
		if !s.link.ok() {
			s.bg, s.hasBg = colCodeBg, true
		}
	})
	*out = append(*out, r.w.runs(b.String(), cs)...)
}

func (r *docRenderer) emphasis(n ast.Node, st *style, out *[]span) {
	e := n.(*ast.Emphasis)
	fs := r.w.faces
	es := r.derive(st, func(s *style) {
		bold := s.face == fs.Bold || s.face == fs.BoldOblique
		italic := s.face == fs.Oblique || s.face == fs.BoldOblique
		if e.Level >= 2 {
			bold = true
		} else {
			italic = true
		}
		if s.face == fs.Mono {
			return
		}
		switch {
		case bold && italic:
			s.face = fs.BoldOblique
		case bold:
			s.face = fs.Bold
		default:
			s.face = fs.Oblique
		}
	})
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(c, es, out)
	}
}

func (r *docRenderer) strikethrough(n ast.Node, st *style, out *[]span) {
	ss := r.derive(st, func(s *style) { s.strike = true })
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(c, ss, out)
	}
}

func (r *docRenderer) link(n ast.Node, st *style, out *[]span) {
	d := r.destFor(n)
	ls := st
	if d.ok() {
		ls = r.derive(st, func(s *style) { s.link = d; s.color = colLink; s.under = true; s.hasBg = false })
		if d.away {
			ls.alt = st
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(c, ls, out)
	}
	// A link to another document that the document's own PDF cannot lead
	// to: name the document, so the reader can ask for it. The pack, drawn
	// from the same lines, names it too, which a printed pack needs as
	// much.
	if l := r.d.LinkFor(n); (!d.ok() || d.away && d.url == "") && l != nil && l.Kind != isms.ToExternal && l.Kind != isms.ToAsset && l.Doc != nil && l.Doc.Meta.ID != "" && l.Doc.Path != r.d.Path &&
		!strings.Contains(document.PlainText(n, r.src), l.Doc.Meta.ID) {
		*out = append(*out, r.w.runs(" ("+l.Doc.Meta.ID+")", st)...)
	}
}

func (r *docRenderer) autoLink(n ast.Node, st *style, out *[]span) {
	a := n.(*ast.AutoLink)
	u := string(a.URL(r.src))
	target := u
	if a.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
		target = "mailto:" + u
	}
	ls := st
	if d := externalDest(target); d.ok() {
		ls = r.derive(st, func(s *style) { s.link = d; s.color = colLink; s.under = true })
	}
	*out = append(*out, r.w.runs(string(a.Label(r.src)), ls)...)
}

func (r *docRenderer) inlineImage(n ast.Node, st *style, out *[]span) {
	alt := strings.TrimSpace(document.PlainText(n, r.src))
	if alt == "" {
		alt = string(n.(*ast.Image).Destination)
	}
	is := r.derive(st, func(s *style) { s.color = colMuted; s.face = r.w.faces.Oblique })
	*out = append(*out, r.w.runs("[image: "+alt+"]", is)...)
}

func (r *docRenderer) rawHTML(n ast.Node, st *style, out *[]span) {
	raw := n.(*ast.RawHTML)
	var b strings.Builder
	for i := 0; i < raw.Segments.Len(); i++ {
		s := raw.Segments.At(i)
		b.Write(s.Value(r.src))
	}
	switch strings.ToLower(strings.ReplaceAll(b.String(), " ", "")) {
	case "<br>", "<br/>":
		*out = append(*out, span{brk: true, st: st})
	}
}

func (r *docRenderer) taskCheckBox(n ast.Node, st *style, out *[]span) {
	if n == r.skipBox {
		return
	}
	*out = append(*out, span{st: st, w: st.size * ptMM * 0.72, box: &box{checked: n.(*east.TaskCheckBox).IsChecked}})
	*out = append(*out, r.w.runs(" ", st)...)
}

func (r *docRenderer) footnoteLink(n ast.Node, st *style, out *[]span) {
	fl := n.(*east.FootnoteLink)
	ss := r.derive(st, func(s *style) {
		s.size = st.size * 0.68
		s.rise = st.size * ptMM * 0.36
		s.color = colLink
		s.link = dest{key: noteKey("fn", r.d.Path, fl.Index)}
		s.hasBg, s.under, s.strike = false, false, false
	})
	*out = append(*out, span{anchor: noteKey("fnref", r.d.Path, fl.Index), st: st})
	*out = append(*out, r.w.runs(strconv.Itoa(fl.Index), ss)...)
}

func (r *docRenderer) footnoteBacklink(n ast.Node, st *style, out *[]span) {
	bl := n.(*east.FootnoteBacklink)
	ss := r.derive(st, func(s *style) {
		s.color = colLink
		s.link = dest{key: noteKey("fnref", r.d.Path, bl.Index)}
	})
	*out = append(*out, r.w.runs(" ↩", ss)...)
}

// destFor turns where the model resolved a link node to (isms.Target)
// into a destination: into this PDF when the target is drawn here, away
// (see dest) when it is another document, and nowhere when the link
// leads nowhere (the link rules report those) or to a file the pack does
// not carry.
func (r *docRenderer) destFor(n ast.Node) dest {
	l := r.d.LinkFor(n)
	if l == nil {
		return dest{}
	}
	switch l.Kind {
	case isms.ToExternal:
		return externalDest(l.URL)
	case isms.ToDocument, isms.ToHeading, isms.ToTop:
		key := docKey(l.Doc.Path, l.Fragment)
		if r.w.drawn(l.Doc.Path) {
			return dest{key: key}
		}
		return r.w.away(l.Doc, l.Fragment, key)
	case isms.ToFootnote:
		kind := "fn"
		if l.Anchor.Ref {
			kind = "fnref"
		}
		key := noteKey(kind, l.Doc.Path, l.Anchor.Footnote)
		if r.w.drawn(l.Doc.Path) {
			return dest{key: key}
		}
		return r.w.away(l.Doc, l.Fragment, key)
	}
	return dest{}
}

// externalDest percent-encodes anything outside ASCII in a URL. The model
// has already refused the schemes that are unsafe (isms.Unsafe), the ones
// the site removes too; any other a reader may follow.
func externalDest(raw string) dest {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme == "" && u.Host == "" {
		return dest{}
	}
	s := u.String()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c >= 0x7f || c == '(' || c == ')' || c == '\\' {
			b.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(c)|0x100, 16)[1:]))
		} else {
			b.WriteByte(c)
		}
	}
	return dest{url: b.String()}
}

// docKey names a place in a document: its top, or a heading.
func docKey(path, frag string) string {
	if frag == "" {
		return "doc:" + path
	}
	return "doc:" + path + "#" + frag
}

func noteKey(kind, path string, idx int) string {
	return kind + ":" + path + "#" + strconv.Itoa(idx)
}

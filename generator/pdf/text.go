package pdf

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/ismspack/ismspack/generator/fonts"
)

// style is how a run of text looks. Styles are values: a run's style is
// never changed after the run is made.
type style struct {
	face    *fonts.Face
	size    float64 // points
	color   rgb
	strike  bool
	under   bool
	rise    float64 // millimetres above the baseline (superscript)
	bg      rgb
	hasBg   bool
	link    dest
	leading float64
	// alt is how the text looks where its link, one away (see dest),
	// leads nowhere.
	alt *style
}

// derive is st changed by change; its alt is changed the same way.
func derive(st *style, change func(*style)) *style {
	s := *st
	change(&s)
	if st.alt != nil {
		a := *st.alt
		change(&a)
		s.alt = &a
	}
	return &s
}

// span is text in one style and one resolved face, with its width.
type span struct {
	text   string
	st     *style
	face   *fonts.Face // the face that draws every rune of text
	w      float64
	brk    bool   // a hard line break; text is empty
	anchor string // a link key that lands here; text is empty
	box    *box   // an inline box (a checkbox) drawn in place
}

// box is a small drawn shape that sits in a line like a character; its
// width is its span's.
type box struct {
	checked bool
}

// runs resolves faces for text in style st: each rune is drawn by the
// styled face if it has it, else by the first face that has it, else it is
// replaced visibly. Characters that draw nothing anyway are dropped.
func (w *writer) runs(text string, st *style) []span {
	if text == "" {
		return nil
	}
	f := st.face
	simple := true
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < 0x20 || c >= 0x7f {
			simple = false
			break
		}
	}
	if simple {
		return []span{{text: text, st: st, face: f, w: width(f, st.size, text)}}
	}
	var out []span
	var b strings.Builder
	cur := f
	flush := func() {
		if b.Len() > 0 {
			s := b.String()
			out = append(out, span{text: s, st: st, face: cur, w: width(cur, st.size, s)})
			b.Reset()
		}
	}
	for _, r := range text {
		if r == '\t' || r == '\n' || r == '\r' {
			r = ' '
		}
		face := w.faceFor(r, f)
		if face == nil {
			if fonts.Invisible(r) {
				continue
			}
			face, r = f, replacementFor(f)
		}
		if face != cur {
			flush()
			cur = face
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// faceFor picks the face that draws r, preferring the styled face, then
// the faces of the same kind, then any fallback.
func (w *writer) faceFor(r rune, f *fonts.Face) *fonts.Face {
	if f.Has(r) {
		return f
	}
	fs := w.faces
	order := [...]*fonts.Face{fs.Sans, fs.Bold, fs.Oblique, fs.BoldOblique, fs.Mono}
	if f == fs.Mono {
		order = [...]*fonts.Face{fs.Sans, fs.Bold, fs.Oblique, fs.BoldOblique, fs.Mono}
	}
	for _, g := range order {
		if g != f && g.Has(r) {
			return g
		}
	}
	for _, g := range fs.Fallbacks {
		if g.Has(r) {
			return g
		}
	}
	return nil
}

// word is an unbreakable sequence of spans, and the space that follows it.
type word struct {
	parts []span
	w     float64
	space float64 // width of the space after the word; 0 if none
	brk   bool    // a hard break follows
}

// words splits spans at spaces. Runs of spaces collapse to one, the way a
// browser shows Markdown text.
//
// Every word's parts are slices of one array, sized by counting spaces
// first: a slice per word was the layout's largest allocation.
func words(spans []span) []word {
	n := 1
	for _, s := range spans {
		n += strings.Count(s.text, " ") + 1
	}
	out, _ := splitWords(spans, make([]word, 0, n), make([]span, 0, n))
	return out
}

// wordScratch is where a table measures its cells' words, the arrays
// words makes reused from one cell to the next: words kept for every
// row until it was laid out were most of a long table's memory, some
// 2 KB a row of the pack's findings appendix.
type wordScratch struct {
	ws    []word
	parts []span
}

// words is words(spans), good until the next use of sc.
func (sc *wordScratch) words(spans []span) []word {
	sc.ws, sc.parts = splitWords(spans, sc.ws[:0], sc.parts[:0])
	return sc.ws
}

// minMax is minMaxWidth of spans' words.
func (sc *wordScratch) minMax(spans []span) (min, max float64) {
	return minMaxWidth(sc.words(spans))
}

// splitWords is words, appending to out and parts.
func splitWords(spans []span, out []word, parts []span) ([]word, []span) {
	start := 0
	var cur word
	has := false
	push := func() {
		if has {
			cur.parts = parts[start:len(parts):len(parts)]
			out = append(out, cur)
		}
		start = len(parts)
		cur, has = word{}, false
	}
	for _, s := range spans {
		switch {
		case s.brk:
			if !has && len(out) > 0 {
				out[len(out)-1].brk = true
				continue
			}
			cur.brk = true
			has = true
			push()
			continue
		case s.anchor != "" || s.box != nil:
			parts = append(parts, s)
			cur.w += s.w
			has = true
			continue
		}
		text := s.text
		for len(text) > 0 {
			i := strings.IndexByte(text, ' ')
			if i < 0 {
				i = len(text)
			}
			if i > 0 {
				part := text[:i]
				pw := s.w
				if i != len(s.text) || len(text) != len(s.text) {
					pw = width(s.face, s.st.size, part)
				}
				parts = append(parts, span{text: part, st: s.st, face: s.face, w: pw})
				cur.w += pw
				has = true
			}
			if i < len(text) {
				sp := width(s.face, s.st.size, " ")
				if has {
					cur.space = sp
					push()
				} else if len(out) > 0 && out[len(out)-1].space == 0 && !out[len(out)-1].brk {
					out[len(out)-1].space = sp
				}
				for i < len(text) && text[i] == ' ' {
					i++
				}
			}
			text = text[i:]
		}
	}
	push()
	return out, parts
}

// placed is a span at an offset along its line.
type placed struct {
	span
	x float64
}

// line is one laid-out line.
type line struct {
	parts []placed
	w     float64
	h     float64
	size  float64 // the largest size on the line, points
}

// breakLines fills lines greedily, first fit. A word wider than the line
// is broken inside, preferably after a slash, hyphen or dot.
//
// Every line's parts are slices of one array, as words' are.
func breakLines(ws []word, max, leading, minSize float64) []line {
	n := 1
	for _, wd := range ws {
		n += len(wd.parts)
	}
	var out []line
	all := make([]placed, 0, n)
	start := 0
	var cur line
	x := 0.0
	lastSpace := 0.0
	finish := func() {
		cur.parts = all[start:len(all):len(all)]
		start = len(all)
		cur.w = x
		if cur.size == 0 {
			cur.size = minSize
		}
		cur.h = cur.size * ptMM * leading
		out = append(out, cur)
		cur, x, lastSpace = line{}, 0, 0
	}
	place := func(wd word) {
		for _, p := range wd.parts {
			all = append(all, placed{p, x})
			x += p.w
			if p.st != nil && p.st.size > cur.size && p.text != "" {
				cur.size = p.st.size
			}
		}
	}
	if max < 1 {
		max = 1
	}
	for i := 0; i < len(ws); i++ {
		wd := ws[i]
		if len(all) > start && x+lastSpace+wd.w > max+1e-9 {
			finish()
		}
		if len(all) > start {
			x += lastSpace
		}
		if wd.w > max+1e-9 && len(all) == start {
			head, tail := splitWord(wd, max)
			place(head)
			if len(tail.parts) > 0 {
				finish()
				ws[i] = tail
				i--
				continue
			}
		} else {
			place(wd)
		}
		lastSpace = wd.space
		if wd.brk {
			finish()
		}
	}
	if len(all) > start || len(out) == 0 {
		finish()
	}
	return out
}

// splitWord cuts a word so its head fits max; the head always keeps at
// least one character so breaking makes progress.
func splitWord(wd word, max float64) (word, word) {
	type cut struct {
		part, byteOff int
		w             float64
		good          bool
	}
	var cuts []cut
	acc := 0.0
	for pi, p := range wd.parts {
		if p.text == "" {
			acc += p.w
			continue
		}
		for off, r := range p.text {
			rw := float64(p.face.RuneWidth(r)) * p.st.size / 1000 * ptMM
			if acc+rw > max && len(cuts) > 0 {
				goto done
			}
			acc += rw
			n := off + utf8.RuneLen(r)
			cuts = append(cuts, cut{pi, n, acc, r == '/' || r == '-' || r == '.' || r == '_' || r == ',' || r == ';'})
		}
	}
done:
	if len(cuts) == 0 {
		return wd, word{}
	}
	c := cuts[len(cuts)-1]
	for i := len(cuts) - 1; i >= len(cuts)*2/3; i-- {
		if cuts[i].good {
			c = cuts[i]
			break
		}
	}
	// The head is a fresh slice, the tail the rest of wd's own: a word cut
	// k times costs the length of the word, not k times it.
	head := word{parts: make([]span, 0, c.part+1)}
	head.parts = append(head.parts, wd.parts[:c.part]...)
	p := wd.parts[c.part]
	h, t := p, p
	h.text, t.text = p.text[:c.byteOff], p.text[c.byteOff:]
	h.w = width(p.face, p.st.size, h.text) // cuts fall only in text
	t.w = p.w - h.w
	head.parts = append(head.parts, h)
	for _, q := range head.parts {
		head.w += q.w
	}
	tail := word{space: wd.space, brk: wd.brk, w: wd.w - head.w}
	if t.text != "" {
		wd.parts[c.part] = t
		tail.parts = wd.parts[c.part:]
	} else {
		tail.parts = wd.parts[c.part+1:]
	}
	if len(tail.parts) == 0 {
		tail.w = 0
	}
	return head, tail
}

// minMaxWidth returns the widest word and the widest unbroken line of
// spans: the two numbers automatic table layout needs.
func minMaxWidth(ws []word) (min, max float64) {
	line := 0.0
	for i, wd := range ws {
		if wd.w > min {
			min = wd.w
		}
		line += wd.w
		if wd.brk || i == len(ws)-1 {
			max = math.Max(max, line)
			line = 0
		} else {
			line += wd.space
		}
	}
	return min, max
}

// linesHeight sums line heights.
func linesHeight(ls []line) float64 {
	h := 0.0
	for _, l := range ls {
		h += l.h
	}
	return h
}

// baseline returns the distance from a line's top to its baseline: the
// text is centred in the line box on DejaVu's ascent and descent.
func (l *line) baseline(f *fonts.Face) float64 {
	s := l.size * ptMM
	return (l.h-(f.Ascent+f.Descent)*s)/2 + f.Ascent*s
}

// drawLine draws a line with its top at y, offset by x. Neighbouring
// words in the same style go out as one string, so a line costs a few
// text operators, not one per word.
func (w *writer) drawLine(l *line, x, y float64, align int, avail float64) {
	if align == alignRight {
		x += avail - l.w
	} else if align == alignCenter {
		x += (avail - l.w) / 2
	}
	base := y + l.baseline(w.faces.Sans)
	parts := l.parts
	for i := 0; i < len(parts); {
		p := parts[i]
		if p.anchor != "" {
			w.anchor(p.anchor, y)
			i++
			continue
		}
		if p.box != nil {
			w.drawBox(p.box, x+p.x, base, p.st)
			i++
			continue
		}
		text := p.text
		end := p.x + p.w
		j := i + 1
		for ; j < len(parts); j++ {
			q := parts[j]
			if q.st != p.st || q.face != p.face || q.anchor != "" || q.box != nil {
				break
			}
			gap := q.x - end
			switch {
			case math.Abs(gap) < 1e-6:
				text += q.text
			case math.Abs(gap-width(p.face, p.st.size, " ")) < 1e-6:
				text += " " + q.text
			default:
				goto out
			}
			end = q.x + q.w
		}
	out:
		w.textRun(placedText{x: x + p.x, base: base, w: end - p.x, top: y, h: l.h, face: p.face, text: text}, p.st)
		i = j
	}
}

// placedText is text in one face placed on a line: where its link's rectangle
// (top, h) and its decorations go.
type placedText struct {
	x, base, w, top, h float64
	face               *fonts.Face
	text               string
}

// look is what a style decides of a run beyond its face and size.
type look struct {
	color, bg            rgb
	hasBg, under, strike bool
}

func lookOf(st *style) look {
	return look{color: st.color, bg: st.bg, hasBg: st.hasBg, under: st.under, strike: st.strike}
}

// textRun draws a run in style st. A run linked away is drawn where the
// part it is drawn in is placed (see dest).
func (w *writer) textRun(r placedText, st *style) {
	d := st.link
	if d.away && w.rec != nil {
		off := st
		if st.alt != nil {
			off = st.alt
		}
		w.rec.spans = append(w.rec.spans, partSpan{page: len(w.pages), run: r, face: faceIndex(w.faces, r.face),
			size: st.size, rise: st.rise, dest: d, on: lookOf(st), off: lookOf(off)})
		return
	}
	lk := lookOf(st)
	if d.away && !w.placed(d).ok() {
		if st.alt != nil {
			lk = lookOf(st.alt)
		}
		d = dest{}
	}
	w.drawRun(r, st.size, st.rise, lk, d)
}

func (w *writer) drawRun(r placedText, size, rise float64, lk look, d dest) {
	if lk.hasBg {
		pad := 0.5
		w.fill(r.x-pad, r.base-size*ptMM*0.82, r.w+2*pad, size*ptMM*1.08, lk.bg)
	}
	w.text(r.x, r.base-rise, r.face, size, lk.color, r.text)
	if lk.under {
		w.line(r.x, r.base+0.55, r.x+r.w, r.base+0.55, lk.color, 0.15)
	}
	if lk.strike {
		w.line(r.x, r.base-size*ptMM*0.3, r.x+r.w, r.base-size*ptMM*0.3, lk.color, 0.25)
	}
	if d.ok() {
		w.link(r.x, r.top, r.w, r.h, d)
	}
}

func (w *writer) drawBox(b *box, x, base float64, st *style) {
	s := st.size * ptMM * 0.72
	top := base - s
	w.stroke(x, top, s, s, colText, 0.25)
	if b.checked {
		w.line(x+s*0.2, top+s*0.55, x+s*0.42, top+s*0.8, colText, 0.35)
		w.line(x+s*0.42, top+s*0.8, x+s*0.82, top+s*0.2, colText, 0.35)
	}
}

const (
	alignLeft = iota
	alignCenter
	alignRight
)

package pdf

import "math"

// flow places blocks down the page: it owns the cursor, the indentation
// of the container being drawn, the space pending between blocks, and the
// decorations (quote bars) that must be cut and restarted at a page break.
type flow struct {
	w       *writer
	x       float64
	width   float64
	y       float64
	pending float64
	bars    []*bar
	marker  *marker
}

// bar is a vertical rule beside a block quote, drawn a page at a time.
type bar struct {
	x     float64
	start float64
}

// marker is a list item's bullet or number, drawn beside the item's first
// line wherever that line lands.
type marker struct {
	spans []span
	right float64 // the marker ends here
}

func newFlow(w *writer) *flow {
	return &flow{w: w, x: marginL, width: contentW, y: contentTop}
}

// atTop reports whether nothing has been drawn on this page yet.
func (f *flow) atTop() bool { return f.y <= contentTop+1e-6 }

// gap asks for vertical space before the next block; gaps collapse to the
// largest, and vanish at the top of a page.
func (f *flow) gap(h float64) {
	if h > f.pending {
		f.pending = h
	}
}

// settle applies the pending gap.
func (f *flow) settle() {
	if !f.atTop() {
		f.y += f.pending
	}
	f.pending = 0
}

// room makes sure h fits below the pending gap, starting a page if not.
// It returns with the gap applied and the cursor where the block goes.
func (f *flow) room(h float64) {
	if !f.atTop() && f.y+f.pending+h > contentBot {
		f.newPage()
	}
	f.settle()
}

// newPage cuts the open quote bars, turns the page and restarts them.
func (f *flow) newPage() {
	for _, b := range f.bars {
		f.drawBar(b, f.y)
	}
	f.w.newPage()
	f.y = contentTop
	f.pending = 0
	for _, b := range f.bars {
		b.start = contentTop
	}
}

func (f *flow) drawBar(b *bar, end float64) {
	// A bar shorter than a line is the start of a quote whose text moved
	// to the next page: drawing it would leave a stray tick.
	if end > b.start+2 {
		f.w.line(b.x, b.start, b.x, end, colQuote, 0.8)
	}
}

// indent narrows the flow by dx on the left; the returned function undoes it.
func (f *flow) indent(dx float64) func() {
	x, wd := f.x, f.width
	if f.width-dx < 30 {
		dx = math.Max(0, f.width-30)
	}
	f.x += dx
	f.width -= dx
	return func() { f.x, f.width = x, wd }
}

// drawMarker draws a pending list marker beside a block whose first
// baseline is at base.
func (f *flow) drawMarker(base float64) {
	m := f.marker
	if m == nil {
		return
	}
	f.marker = nil
	wd := 0.0
	for _, s := range m.spans {
		wd += s.w
	}
	x := m.right - wd
	for _, s := range m.spans {
		if s.box != nil {
			f.w.drawBox(s.box, x, base, s.st)
		} else {
			f.w.text(x, base, s.face, s.st.size, s.st.color, s.text)
		}
		x += s.w
	}
}

// lines draws lines down the page, breaking pages between them. It keeps
// at least two lines of a paragraph together at the foot of a page and
// never leaves its last line alone at the top of the next.
func (f *flow) lines(ls []line, align int) {
	if len(ls) == 0 {
		return
	}
	f.settle()
	for i := 0; i < len(ls); {
		k, h := 0, 0.0
		for i+k < len(ls) && f.y+h+ls[i+k].h <= contentBot+1e-6 {
			h += ls[i+k].h
			k++
		}
		n := len(ls) - i
		if k < n {
			if k == 1 && n > 1 && !f.atTop() {
				k = 0
			} else if n-k == 1 && k >= 3 {
				k--
			}
		}
		if k == 0 {
			if f.atTop() {
				k = 1
			} else {
				f.newPage()
				continue
			}
		}
		for _, l := range ls[i : i+k] {
			if f.marker != nil {
				f.drawMarker(f.y + l.baseline(f.w.faces.Sans))
			}
			f.w.drawLine(&l, f.x, f.y, align, f.width)
			f.y += l.h
		}
		i += k
		if i < len(ls) {
			f.newPage()
		}
	}
}

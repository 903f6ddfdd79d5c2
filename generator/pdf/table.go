package pdf

import (
	"fmt"
	"math"
	"sort"
)

// tcell is one table cell: inline text, how it aligns, an optional
// background and, optionally, a destination for the whole cell.
type tcell struct {
	spans   []span
	align   int
	fill    rgb
	hasFill bool
	link    dest
}

// table is laid out the way browsers lay out automatic tables: each column
// gets at least its longest word and, space permitting, its longest line.
type table struct {
	header []tcell
	rows   [][]tcell
	// fixed, when set, gives a column's width in millimetres; 0 is automatic.
	fixed []float64
	// full stretches the table to the width of the flow.
	full  bool
	zebra bool
	lead  float64
	size  float64
}

const (
	cellPadX = 1.6
	cellPadY = 1.1
)

type laidCell struct {
	lines []line
	h     float64
}

// columns computes column widths for the flow's width.
func (t *table) columns(avail float64) []float64 {
	n := len(t.header)
	for _, r := range t.rows {
		if len(r) > n {
			n = len(r)
		}
	}
	if n == 0 {
		return nil
	}
	measure := func(rows [][]tcell) (mins, maxs []float64) {
		mins, maxs = make([]float64, n), make([]float64, n)
		var sc wordScratch
		for _, cells := range rows {
			for i, c := range cells {
				lo, hi := sc.minMax(c.spans)
				mins[i] = math.Max(mins[i], lo+2*cellPadX)
				maxs[i] = math.Max(maxs[i], hi+2*cellPadX)
			}
		}
		return mins, maxs
	}
	mins, maxs := measure([][]tcell{t.header})
	// A long table's second half is measured on another core meanwhile:
	// the widest of each column is the same whichever half finds it.
	half := len(t.rows)
	var wait func() ([]float64, []float64)
	if len(t.rows) >= pipelineRows {
		half = len(t.rows) / 2
		wait = background(func() ([]float64, []float64) { return measure(t.rows[half:]) })
	}
	rmins, rmaxs := measure(t.rows[:half])
	for i := range n {
		mins[i], maxs[i] = math.Max(mins[i], rmins[i]), math.Max(maxs[i], rmaxs[i])
	}
	if wait != nil {
		rmins, rmaxs := wait()
		for i := range n {
			mins[i], maxs[i] = math.Max(mins[i], rmins[i]), math.Max(maxs[i], rmaxs[i])
		}
	}
	floor := 2*cellPadX + 3
	fixedSum, flexMin, flexMax := 0.0, 0.0, 0.0
	for i := range n {
		mins[i] = math.Max(mins[i], floor)
		maxs[i] = math.Max(maxs[i], mins[i])
		if i < len(t.fixed) && t.fixed[i] > 0 {
			fixedSum += t.fixed[i]
			continue
		}
		flexMin += mins[i]
		flexMax += maxs[i]
	}
	out := make([]float64, n)
	room := avail - fixedSum
	var share map[int]float64
	if flexMin > room {
		share = fairShares(mins, t.fixed, room)
	}
	for i := range n {
		if i < len(t.fixed) && t.fixed[i] > 0 {
			out[i] = t.fixed[i]
			continue
		}
		switch {
		case flexMax <= room:
			out[i] = maxs[i]
			if t.full && flexMax > 0 {
				out[i] += (room - flexMax) * maxs[i] / flexMax
			}
		case flexMin <= room && flexMax > flexMin:
			out[i] = mins[i] + (maxs[i]-mins[i])*(room-flexMin)/(flexMax-flexMin)
		default:
			out[i] = math.Max(floor, share[i])
		}
	}
	// Columns squeezed below their floor can overflow: scale them back.
	total := 0.0
	for _, v := range out {
		total += v
	}
	if total > avail+1e-6 {
		for i := range out {
			out[i] *= avail / total
		}
	}
	return out
}

// fairShares divides room among the automatic columns when their longest
// words do not fit: a column whose longest word is narrower than an equal
// share of what is left gets it whole, the others split the rest equally.
// So one cell holding a pasted key is broken to fit, and the columns
// beside it keep their short words whole instead of one letter a line.
func fairShares(mins, fixed []float64, room float64) map[int]float64 {
	var cols []int
	for i := range mins {
		if i >= len(fixed) || fixed[i] <= 0 {
			cols = append(cols, i)
		}
	}
	sort.Slice(cols, func(a, b int) bool { return mins[cols[a]] < mins[cols[b]] })
	out := make(map[int]float64, len(cols))
	left := room
	for k, i := range cols {
		fair := left / float64(len(cols)-k)
		if mins[i] > fair {
			for _, j := range cols[k:] {
				out[j] = fair
			}
			break
		}
		out[i] = mins[i]
		left -= mins[i]
	}
	return out
}

// layRow lays a row's cells out in columns of widths, breaking them into
// words in sc: the lines copy what they keep of the words.
func (t *table) layRow(cells []tcell, widths []float64, sc *wordScratch) ([]laidCell, float64) {
	out := make([]laidCell, len(widths))
	h := 0.0
	for i := range widths {
		if i >= len(cells) {
			continue
		}
		ls := breakLines(sc.words(cells[i].spans), widths[i]-2*cellPadX, t.lead, t.size)
		out[i] = laidCell{lines: ls, h: linesHeight(ls)}
		h = math.Max(h, out[i].h)
	}
	return out, h + 2*cellPadY
}

// draw lays the table out in the flow, repeating the header row at the
// top of every page it continues on and splitting only rows taller than a
// page.
func (t *table) draw(f *flow) {
	widths := t.columns(f.width)
	if len(widths) == 0 {
		return
	}
	var head []laidCell
	headH := 0.0
	if len(t.header) > 0 {
		head, headH = t.layRow(t.header, widths, new(wordScratch))
	}
	drawHead := func() {
		if head != nil {
			t.drawRow(f, t.header, head, widths, f.y, headH, true, false)
			f.y += headH
		}
	}
	lay := t.layRows(widths)
	defer lay.stop()
	var first []laidCell
	firstH := 0.0
	if len(t.rows) > 0 {
		first, firstH = lay.next()
	}
	f.room(headH + math.Min(firstH, 30))
	if f.marker != nil {
		f.drawMarker(f.y + cellPadY + t.size*ptMM*t.lead*0.75)
	}
	drawHead()
	for ri, r := range t.rows {
		laid, h := first, firstH
		if ri > 0 {
			laid, h = lay.next()
		}
		zebra := t.zebra && ri%2 == 1
		if f.y+h <= contentBot+1e-6 {
			t.drawRow(f, r, laid, widths, f.y, h, false, zebra)
			f.y += h
			continue
		}
		if h <= contentBot-contentTop-headH {
			f.newPage()
			drawHead()
			t.drawRow(f, r, laid, widths, f.y, h, false, zebra)
			f.y += h
			continue
		}
		// A row taller than a page: draw it a page at a time.
		for {
			room := contentBot - f.y - 2*cellPadY
			part := make([]laidCell, len(laid))
			rest := make([]laidCell, len(laid))
			more := false
			ph := 0.0
			for i, c := range laid {
				k, hh := 0, 0.0
				for k < len(c.lines) && hh+c.lines[k].h <= room {
					hh += c.lines[k].h
					k++
				}
				if k == 0 && len(c.lines) > 0 && f.y <= contentTop+headH+1e-6 {
					k, hh = 1, c.lines[0].h
				}
				part[i] = laidCell{lines: c.lines[:k], h: hh}
				rest[i] = laidCell{lines: c.lines[k:], h: c.h - hh}
				if k < len(c.lines) {
					more = true
				}
				ph = math.Max(ph, hh)
			}
			if ph > 0 || !more {
				t.drawRow(f, r, part, widths, f.y, ph+2*cellPadY, false, zebra)
				f.y += ph + 2*cellPadY
			}
			if !more {
				break
			}
			laid = rest
			f.newPage()
			drawHead()
		}
	}
}

func (t *table) drawRow(f *flow, cells []tcell, laid []laidCell, widths []float64, y, h float64, head, zebra bool) {
	w := f.w
	x := f.x
	for i, cw := range widths {
		var c tcell
		if i < len(cells) {
			c = cells[i]
		}
		switch {
		case c.hasFill:
			w.fill(x, y, cw, h, c.fill)
		case head:
			w.fill(x, y, cw, h, colHeadBg)
		case zebra:
			w.fill(x, y, cw, h, colZebra)
		}
		cy := y + cellPadY
		for li := range laid[i].lines {
			l := &laid[i].lines[li]
			w.drawLine(l, x+cellPadX, cy, c.align, cw-2*cellPadX)
			cy += l.h
		}
		if c.link.ok() {
			w.link(x, y, cw, h, c.link)
		}
		x += cw
	}
	total := x - f.x
	w.line(f.x, y, f.x+total, y, colRule, 0.15)
	lw := 0.15
	if head {
		lw = 0.35
	}
	w.line(f.x, y+h, f.x+total, y+h, colRule, lw)
	x = f.x
	w.line(x, y, x, y+h, colRule, 0.15)
	for _, cw := range widths {
		x += cw
		w.line(x, y, x, y+h, colRule, 0.15)
	}
}

// pipelineRows is how many rows a table has before its rows are measured
// and laid out on another core while it is drawn.
const pipelineRows = 128

// laidRow is a row laid out, and its height.
type laidRow struct {
	cells []laidCell
	h     float64
}

// rowLayout gives a table's rows laid out, in order.
type rowLayout struct {
	next func() ([]laidCell, float64)
	stop func()
}

// layRows lays t's rows out for next to give in order. A long table's
// rows (the pack's register, manifest and findings run to thousands) are
// laid out on another core, a chunk ahead of the one being drawn: laying
// a row out is a function of its cells and the widths alone, and took as
// long as drawing it. stop ends the work ahead when the table is done
// with, or its drawing gave up.
func (t *table) layRows(widths []float64) rowLayout {
	if len(t.rows) < pipelineRows {
		ri := 0
		var sc wordScratch
		return rowLayout{
			next: func() ([]laidCell, float64) {
				ri++
				return t.layRow(t.rows[ri-1], widths, &sc)
			},
			stop: func() {},
		}
	}
	const chunk = 32
	chunks := make(chan []laidRow, 2)
	quit := make(chan struct{})
	failed := make(chan any, 1)
	go func() {
		defer close(chunks)
		defer func() {
			if p := recover(); p != nil {
				failed <- p
			}
		}()
		var sc wordScratch
		for lo := 0; lo < len(t.rows); lo += chunk {
			rows := make([]laidRow, 0, chunk)
			for _, r := range t.rows[lo:min(lo+chunk, len(t.rows))] {
				cells, h := t.layRow(r, widths, &sc)
				rows = append(rows, laidRow{cells, h})
			}
			select {
			case chunks <- rows:
			case <-quit:
				return
			}
		}
	}()
	var cur []laidRow
	return rowLayout{
		next: func() ([]laidCell, float64) {
			if len(cur) == 0 {
				var ok bool
				if cur, ok = <-chunks; !ok {
					select {
					case p := <-failed:
						panic(p)
					default:
						panic(fmt.Sprintf("table: laid out fewer rows than its %d", len(t.rows)))
					}
				}
			}
			r := cur[0]
			cur = cur[1:]
			return r.cells, r.h
		},
		stop: func() { close(quit) },
	}
}

// background runs f on another goroutine; the function returned waits
// for its results, and panics with its panic, in the caller's goroutine,
// where the renderer's guard names the document.
func background[A, B any](f func() (A, B)) func() (A, B) {
	var a A
	var b B
	var failed any
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() { failed = recover() }()
		a, b = f()
	}()
	return func() (A, B) {
		<-done
		if failed != nil {
			panic(failed)
		}
		return a, b
	}
}

package pdf

import (
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// documentSection draws a document: its title and control block, the body
// and its version history. outline is the bookmark level of the document.
func (rr *renderer) documentSection(d *isms.Doc, outline int) {
	rr.cur = d
	w, f := rr.w, rr.f
	w.section = d
	w.docs[d.Path] = true
	f.newPage()
	w.anchor(docKey(d.Path, ""), f.y)
	w.bookmark(docLabel(d), outline, f.y)

	fs := w.faces
	if d.Meta.ID != "" {
		rr.para(d.Meta.ID, &style{face: fs.Bold, size: 10, color: colMuted, leading: 1.3}, 0)
	}
	rr.para(d.Title, &style{face: fs.Bold, size: 18, color: colText, leading: 1.2}, 0)
	f.gap(3.5)
	rr.controlBlock(d)
	f.gap(6)

	body := newDocRenderer(w, f, rr.m, d, outline)
	body.render()

	rr.declaredHistory(d, outline)
	rr.history(d, outline)
	rr.backlinks(d)
	f.marker = nil
	rr.cur = nil
}

// controlBlock shows the document-control fields the way a controlled
// document's front sheet does.
func (rr *renderer) controlBlock(d *isms.Doc) {
	w := rr.w
	fs := w.faces
	lab := &style{face: fs.Bold, size: 7.8, color: colMuted, leading: 1.3}
	val := &style{face: fs.Sans, size: 8.3, color: colText, leading: 1.3}
	meta := d.Meta
	status := w.runs(orDash(string(meta.Status)), rr.derive(val, func(s *style) { s.face = fs.Bold; s.color = statusColour(meta.Status) }))
	next := "—"
	if !d.NextReview.IsZero() {
		next = d.NextReview.Format("2006-01-02")
	}
	rs := rr.m.ReviewState(d)
	nextSpans := w.runs(next+"  ("+reviewLabel(rs)+")", rr.derive(val, func(s *style) { s.color = reviewColour(rs) }))
	var reqs []span
	for i, id := range d.Requirements {
		if i > 0 {
			reqs = append(reqs, w.runs(", ", val)...)
		}
		st := val
		// A link to the requirement's section of the pack; plain text in
		// the document's own PDF, which has none.
		if _, ok := rr.m.Framework.Item(id); ok {
			st = rr.derive(val, func(s *style) { s.link = dest{key: "req:" + id, away: true}; s.color = colLink; s.under = true })
			st.alt = val
		}
		reqs = append(reqs, w.runs(id, st)...)
		if mr := d.MappedBy(id); mr != nil { // say the document itself does not list it
			reqs = append(reqs, w.runs(" (mapped in "+mr.Where(rr.m.Config.Path)+")", val)...)
		}
	}
	if len(reqs) == 0 {
		reqs = w.runs("—", val)
	}
	approvedOn := meta.ApprovedOn.String()
	lastReviewed := meta.LastReviewed.String()
	interval := meta.ReviewInterval
	if interval == "" {
		interval = d.Interval.String() + " (default)"
	}
	commit := "—"
	if r := d.LastBodyChange(); r != nil && r.Commit != nil {
		commit = r.Commit.Short() + "  " + r.Commit.When.UTC().Format("2006-01-02")
	} else if n := len(d.History); n > 0 && d.History[n-1].Commit != nil {
		c := d.History[n-1].Commit
		commit = "none since added in " + c.Short() + "  " + c.When.UTC().Format("2006-01-02")
	}
	// Ids stay in the sans face: every face a PDF uses costs fpdf about
	// 10 ms to load and embed, and most documents need only two.
	ids := rr.derive(val, func(s *style) { s.size = 7.8 })
	pairs := [][2][]span{
		{w.runs("Document ID", lab), w.runs(orDash(meta.ID), val)},
		{w.runs("Version", lab), w.runs(orDash(meta.Version), rr.derive(val, func(s *style) { s.face = fs.Bold }))},
		{w.runs("Owner", lab), w.runs(orDash(meta.Owner), val)},
		{w.runs("Status", lab), status},
		{w.runs("Classification", lab), w.runs(titleCase(orDash(meta.Classification)), val)},
		{w.runs("Type", lab), w.runs(titleCase(orDash(meta.Type)), val)},
		{w.runs("Approved by", lab), w.runs(orDash(meta.ApprovedBy), val)},
		{w.runs("Approved on", lab), w.runs(orDash(approvedOn), val)},
		{w.runs("Last reviewed", lab), w.runs(orDash(lastReviewed), val)},
		{w.runs("Next review", lab), nextSpans},
		{w.runs("Review interval", lab), w.runs(interval, val)},
		{w.runs("Requirements", lab), reqs},
	}
	const labW = 32.0
	half := (rr.f.width - 2*labW) / 2
	t := &table{lead: 1.3, size: 8.3, fixed: []float64{labW, half, labW, half}}
	for i := 0; i < len(pairs); i += 2 {
		row := []tcell{
			{spans: pairs[i][0], fill: colBoxBg, hasFill: true},
			{spans: pairs[i][1]},
		}
		if i+1 < len(pairs) {
			row = append(row, tcell{spans: pairs[i+1][0], fill: colBoxBg, hasFill: true}, tcell{spans: pairs[i+1][1]})
		} else {
			row = append(row, tcell{fill: colBoxBg, hasFill: true}, tcell{})
		}
		t.rows = append(t.rows, row)
	}
	t.draw(rr.f)
	// Long values get the full width: paths, ids and fields outside the
	// schema, which are shown rather than lost.
	wide := [][2][]span{
		{w.runs("Source", lab), w.runs(d.Path, ids)},
		{w.runs("Git blob", lab), w.runs(orDash(d.Blob), ids)},
		{w.runs("Last body edit", lab), w.runs(commit, ids)},
	}
	if refs := d.OtherReferences(); len(refs) > 0 {
		var fw []string
		for _, r := range refs {
			ids := make([]string, len(r.IDs))
			for i, id := range r.IDs {
				ids[i] = id.ID
			}
			fw = append(fw, r.Framework+": "+strings.Join(ids, ", "))
		}
		wide = append(wide, [2][]span{w.runs("Other frameworks", lab), w.runs(strings.Join(fw, "; "), val)})
	}
	if a := d.Approval(); a != nil {
		wide = append(wide, [2][]span{w.runs("Approval commit", lab), rr.approvalSpans(a, val, true)})
	}
	for _, f := range meta.Extra {
		if d.IsReferenceKey(f.Key) || declaredField(d, f.Key) {
			continue // shown above as other frameworks, or drawn as the declared revision history
		}
		v := f.Value
		if len(f.List) > 0 {
			v = strings.Join(f.List, ", ")
		}
		if len(f.Map) > 0 {
			var kv []string
			for _, e := range f.Map {
				ev := e.Value
				if len(e.List) > 0 {
					ev = strings.Join(e.List, ", ")
				}
				kv = append(kv, e.Key+": "+ev)
			}
			v = strings.Join(kv, "; ")
		}
		wide = append(wide, [2][]span{w.runs(f.Key, lab), w.runs(orDash(v), val)})
	}
	t2 := &table{lead: 1.3, size: 8.3, fixed: []float64{labW, rr.f.width - labW}}
	for _, p := range wide {
		t2.rows = append(t2.rows, []tcell{{spans: p[0], fill: colBoxBg, hasFill: true}, {spans: p[1]}})
	}
	t2.draw(rr.f)
}

// history is the version history from git, newest first.
func (rr *renderer) history(d *isms.Doc, outline int) {
	w, f := rr.w, rr.f
	rr.sectionHeading("Version history", 12, outline+1, "")
	small := &style{face: w.faces.Sans, size: 7.8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = w.faces.Bold })

	muted := rr.derive(small, func(s *style) { s.color = colMuted })
	if d.Truncated {
		rr.para("The repository is a shallow clone: the history below stops before the commit that added this document.", rr.derive(small, func(s *style) { s.color = colAmber }), 1.5)
	}
	if len(d.History) == 0 {
		rr.para("No commits recorded for this document.", muted, 0)
		return
	}
	t := &table{lead: 1.3, size: 7.8, full: true, zebra: true}
	t.header = []tcell{{spans: w.runs("Date", head)}, {spans: w.runs("Version", head)}, {spans: w.runs("Commit", head)},
		{spans: w.runs("Author", head)}, {spans: w.runs("Change", head)}, {spans: w.runs("Approval", head)}}
	for _, rev := range d.History {
		c := rev.Commit
		if c == nil {
			c = &source.Commit{}
		}
		change := w.runs(c.Subject, small)
		switch rev.Action {
		case source.Added:
			change = append(change, w.runs("  (added)", muted)...)
		case source.Renamed:
			change = append(change, w.runs("  (renamed from "+rev.From+")", muted)...)
		}
		if !rev.BodyChanged {
			change = append(change, w.runs("  (text unchanged)", muted)...)
		}
		approval := w.runs("—", muted)
		if a := rev.Approval; a != nil {
			approval = append(w.runs("v"+a.Version+" by ", small), rr.approvalSpans(a, small, false)...)
		}
		t.rows = append(t.rows, []tcell{
			{spans: w.runs(c.When.UTC().Format("2006-01-02"), small)},
			{spans: w.runs(orDash(rev.Version), small)},
			{spans: w.runs(c.Short(), small)},
			{spans: w.runs(c.Author, small)},
			{spans: change},
			{spans: approval},
		})
	}
	t.draw(f)
	f.gap(paraGap)
}

func (rr *renderer) backlinks(d *isms.Doc) {
	if len(d.Backlinks) == 0 {
		return
	}
	w := rr.w
	rr.f.gap(4)
	small := &style{face: w.faces.Sans, size: 8.3, color: colText, leading: 1.4}
	spans := w.runs("Referenced by: ", rr.derive(small, func(s *style) { s.face = w.faces.Bold }))
	for i, b := range d.Backlinks {
		if i > 0 {
			spans = append(spans, w.runs("; ", small)...)
		}
		st := small
		if w.drawn(b.Path) {
			st = rr.derive(small, func(s *style) { s.link = dest{key: docKey(b.Path, "")}; s.color = colLink })
		} else {
			st = rr.derive(small, func(s *style) { s.link = w.away(b, "", docKey(b.Path, "")); s.color = colLink })
			st.alt = small
		}
		spans = append(spans, w.runs(docLabel(b), st)...)
	}
	rr.f.lines(breakLines(words(spans), rr.f.width, small.leading, small.size), alignLeft)
}

// sectionHeading draws a heading the renderer adds (not from a document),
// kept with what follows, with a bookmark at level (none when negative)
// and an anchor when key is set.
func (rr *renderer) sectionHeading(title string, size float64, level int, key string) {
	f, w := rr.f, rr.w
	st := &style{face: w.faces.Bold, size: size, color: colText, leading: 1.25}
	ls := breakLines(words(w.runs(title, st)), f.width, st.leading, st.size)
	f.gap(size * 0.55)
	need := linesHeight(ls) + 16
	if !f.atTop() && f.y+f.pending+need > contentBot {
		f.newPage()
	}
	f.settle()
	if key != "" {
		w.anchor(key, f.y)
	}
	if level >= 0 {
		w.bookmark(title, level, f.y)
	}
	f.lines(ls, alignLeft)
	f.gap(size * 0.3)
}

// para draws text in one style as a paragraph followed by gap.
func (rr *renderer) para(text string, st *style, gap float64) {
	rr.spans(rr.w.runs(text, st), st, gap)
}

func (rr *renderer) spans(spans []span, st *style, gap float64) {
	ls := breakLines(words(spans), rr.f.width, st.leading, st.size)
	rr.f.lines(ls, alignLeft)
	rr.f.gap(gap)
}

func (rr *renderer) derive(st *style, change func(*style)) *style {
	return derive(st, change)
}

func statusColour(status document.Status) rgb {
	switch status {
	case document.Approved:
		return colGreen
	case document.Draft, document.InReview:
		return colAmber
	case document.Retired:
		return colMuted
	}
	return colRed
}

func reviewColour(rs isms.ReviewState) rgb {
	switch rs {
	case isms.Overdue, isms.Unknown:
		return colRed
	case isms.DueSoon:
		return colAmber
	case isms.NotApplicable:
		return colMuted
	}
	return colGreen
}

func reviewLabel(rs isms.ReviewState) string {
	switch rs {
	case isms.InDate:
		return "in date"
	case isms.DueSoon:
		return "due soon"
	case isms.Overdue:
		return "overdue"
	case isms.NotApplicable:
		return "retired"
	}
	return "no review date"
}

package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ismspack/ismspack/generator/isms"
)

// MaxPackRows bounds the rows of a table the pack prints; the rest are
// counted, and the manifest pins the whole file.
const MaxPackRows = 200

// expected draws an item's evidence entries with where each stands:
// present, stale or missing in words, not colour alone.
func (rr *renderer) expected(c *isms.Coverage, label, small, head *style) {
	if len(c.Expected) == 0 {
		return
	}
	w := rr.w
	rr.keepLabel("Evidence an auditor expects", label)
	t := &table{lead: 1.3, size: 7.8, full: true, zebra: true, fixed: []float64{0, 17, 0}}
	for _, h := range []string{"Expected", "State", "Matched by"} {
		t.header = append(t.header, tcell{spans: w.runs(h, head)})
	}
	for _, e := range c.Expected {
		var by []string
		for _, d := range e.Docs {
			by = append(by, orDash(d.Meta.ID))
		}
		for _, tb := range e.Tables {
			by = append(by, tb.Title())
		}
		matched := strings.Join(by, ", ")
		switch e.State {
		case isms.Stale:
			matched += ": " + strings.Join(e.Why, "; ")
		case isms.Missing:
			matched = "nothing: evidence: [" + e.Key + "] names it"
		case isms.NotJudged:
			matched = "shown by interview or observation"
		}
		col := colMuted
		switch e.State {
		case isms.Present:
			col = colGreen
		case isms.Stale:
			col = colAmber
		case isms.Missing:
			col = colRed
		}
		t.rows = append(t.rows, []tcell{
			{spans: w.runs(e.Text, small)},
			{spans: w.runs(string(e.State), rr.derive(head, func(s *style) { s.color = col }))},
			{spans: w.runs(matched, small)},
		})
	}
	t.draw(rr.f)
	rr.f.gap(3)
}

// recordTable draws a tabular record: its count, what is overdue, and
// its first MaxPackRows rows.
func (rr *renderer) recordTable(tb *isms.Table, label, small, head *style) {
	w, f := rr.w, rr.f
	rr.keepLabel("Record: "+tb.Title()+" ("+tb.Path+")", label)
	var facts []string
	if c := tb.CountText(); c != "" {
		facts = append(facts, c)
	}
	facts = append(facts, fmt.Sprintf("%d rows", len(tb.Rows)))
	if n := len(tb.Overdue); n > 0 {
		facts = append(facts, fmt.Sprintf("%d open past due", n))
	}
	rr.para(strings.Join(facts, "; ")+".", small, 1.5)
	for _, pr := range tb.Problems {
		where := pr.Path
		if pr.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", pr.Path, pr.Line, pr.Col)
		}
		rr.para(strings.TrimPrefix(where+": ", ": ")+pr.Message, rr.derive(small, func(s *style) { s.color = colRed }), 1.5)
	}
	if len(tb.Header) == 0 {
		return
	}
	overdue := map[int]bool{}
	for _, i := range tb.Overdue {
		overdue[i] = true
	}
	t := &table{lead: 1.3, size: 7.2, full: true, zebra: true}
	for _, h := range tb.Header {
		t.header = append(t.header, tcell{spans: w.runs(h, head)})
	}
	hasDue := tb.Spec.Due != ""
	if hasDue {
		t.header = append(t.header, tcell{spans: w.runs("Due state", head)})
	}
	for i, r := range tb.Rows {
		if i == MaxPackRows {
			break
		}
		row := make([]tcell, 0, len(r.Cells)+1)
		for _, c := range r.Cells {
			row = append(row, tcell{spans: w.runs(c, small)})
		}
		state := ""
		if overdue[i] {
			state = "overdue"
		}
		if hasDue {
			row = append(row, tcell{spans: w.runs(state, rr.derive(head, func(s *style) { s.color = colRed }))})
		}
		t.rows = append(t.rows, row)
	}
	t.draw(f)
	if n := len(tb.Rows) - MaxPackRows; n > 0 {
		rr.para(strconv.Itoa(n)+" more rows are in "+tb.Path+" (blob "+shortBlob(tb.Blob)+"; see the manifest).", rr.derive(small, func(s *style) { s.color = colMuted }), 1.5)
	}
	f.gap(3)
}

func shortBlob(b string) string {
	if len(b) > 12 {
		return b[:12]
	}
	return b
}

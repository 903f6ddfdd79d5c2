package site

import "github.com/ismspack/ismspack/generator/redline"

// RedlineView is what a revision changed in the text since the one
// before, as the history page shows it: the changed passages with a
// little context, insertions and deletions marked.
type RedlineView struct {
	// Prev is the revision compared with.
	Prev *RevisionRef
	// Mode is words, lines (too far apart for words) or rewritten (too
	// far apart for either: no passages).
	Mode string
	// Inserted and Deleted count words.
	Inserted, Deleted int
	// Unchanged: the commit changed only the front matter.
	Unchanged bool
	Hunks     []RedlineHunk
	// After counts the unchanged lines left out at the end.
	After int
}

// RedlineHunk is a changed passage after Skipped unchanged lines.
type RedlineHunk struct {
	Skipped int
	Spans   []RedlineSpan
}

// RedlineSpan is a run of text; Op is "ins", "del" or empty for kept text.
type RedlineSpan struct {
	Op, Text string
}

func newRedlineView(r redline.Redline, prev *RevisionRef) *RedlineView {
	v := &RedlineView{Prev: prev, Inserted: r.Inserted, Deleted: r.Deleted, Unchanged: !r.Changed()}
	switch r.Mode {
	case redline.Lines:
		v.Mode = "lines"
	case redline.Rewritten:
		v.Mode = "rewritten"
		return v
	default:
		v.Mode = "words"
	}
	hunks, after := r.Hunks(redline.Context)
	v.After = after
	for _, h := range hunks {
		vh := RedlineHunk{Skipped: h.Skipped}
		for _, l := range h.Lines {
			for _, s := range l {
				op := ""
				switch s.Op {
				case redline.Insert:
					op = "ins"
				case redline.Delete:
					op = "del"
				}
				if n := len(vh.Spans); n > 0 && vh.Spans[n-1].Op == op {
					vh.Spans[n-1].Text += s.Text
				} else {
					vh.Spans = append(vh.Spans, RedlineSpan{op, s.Text})
				}
			}
		}
		v.Hunks = append(v.Hunks, vh)
	}
	return v
}

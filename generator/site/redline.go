package site

import (
	"github.com/ismspack/ismspack/generator/redline"
)

// RedlineView is what a revision changed in the text since the one
// before, as the history page shows it: the changed passages with a
// little context, insertions and deletions marked.
type RedlineView struct {
	// Prev is the revision compared with.
	Prev *RevisionRef
	// Mode is words, lines (too far apart for words) or rewritten (too
	// far apart for either: no passages).
	Mode string
	// Inserted and Deleted count words; InsertedWords and DeletedWords
	// say them ("1 word", "3 words").
	Inserted, Deleted           int
	InsertedWords, DeletedWords string
	// Unchanged: the commit changed only the front matter.
	Unchanged bool
	Hunks     []RedlineHunk
	// After counts the unchanged lines left out at the end; AfterLines
	// says it ("3 unchanged lines").
	After      int
	AfterLines string
}

// RedlineHunk is a changed passage after Skipped unchanged lines.
type RedlineHunk struct {
	// Skipped counts the unchanged lines before the hunk; SkippedLines
	// says it ("3 unchanged lines").
	Skipped      int
	SkippedLines string
	Spans        []RedlineSpan
}

// RedlineSpan is a run of text; Op is "ins", "del" or empty for kept
// text, and Ins and Del say the same as flags, which a template tests
// without calling a function for every span.
type RedlineSpan struct {
	Op, Text string
	Ins, Del bool
}

func newRedlineView(r redline.Redline, prev *RevisionRef) *RedlineView {
	v := &RedlineView{Prev: prev, Inserted: r.Inserted, Deleted: r.Deleted, Unchanged: !r.Changed()}
	defer v.say()
	switch r.Mode {
	case redline.Lines:
		v.Mode = "lines"
	case redline.Rewritten:
		v.Mode = "rewritten"
		return v
	default:
		v.Mode = "words"
	}
	ps, after := r.Passages(redline.Context)
	v.After = after
	v.Hunks = make([]RedlineHunk, len(ps))
	for i, p := range ps {
		v.Hunks[i] = RedlineHunk{Skipped: p.Skipped, Spans: viewSpans(p.Spans)}
	}
	return v
}

// say fills the fields that follow from the others: the counts in words
// and each span's flags. A view read back from the cache has them filled
// here too, so they are never stored.
func (v *RedlineView) say() {
	v.InsertedWords, v.DeletedWords = plural(v.Inserted, "word", "words"), plural(v.Deleted, "word", "words")
	v.AfterLines = plural(v.After, "unchanged line", "unchanged lines")
	for i := range v.Hunks {
		h := &v.Hunks[i]
		h.SkippedLines = plural(h.Skipped, "unchanged line", "unchanged lines")
		for j := range h.Spans {
			sp := &h.Spans[j]
			sp.Ins, sp.Del = sp.Op == "ins", sp.Op == "del"
		}
	}
}

// viewSpans names the ops of a passage's spans. Their texts are the
// redline's own, and neighbours differ in op, so nothing is joined.
func viewSpans(spans []redline.Span) []RedlineSpan {
	out := make([]RedlineSpan, 0, len(spans))
	for _, s := range spans {
		op := ""
		switch s.Op {
		case redline.Insert:
			op = "ins"
		case redline.Delete:
			op = "del"
		}
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += s.Text // not from Compare, whose neighbours differ
			continue
		}
		out = append(out, RedlineSpan{Op: op, Text: s.Text})
	}
	return out
}

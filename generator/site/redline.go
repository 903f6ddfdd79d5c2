package site

import (
	"strings"

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
	v := &RedlineView{Prev: prev, Inserted: r.Inserted, Deleted: r.Deleted, Unchanged: !r.Changed(),
		InsertedWords: plural(r.Inserted, "word", "words"), DeletedWords: plural(r.Deleted, "word", "words")}
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
	v.After, v.AfterLines = after, plural(after, "unchanged line", "unchanged lines")
	v.Hunks = make([]RedlineHunk, len(hunks))
	for i, h := range hunks {
		v.Hunks[i] = RedlineHunk{Skipped: h.Skipped, SkippedLines: plural(h.Skipped, "unchanged line", "unchanged lines"),
			Spans: viewSpans(h.Lines)}
	}
	return v
}

// viewSpans joins a hunk's lines into spans, neighbours with the same op
// made one, each text joined once.
func viewSpans(lines [][]redline.Span) []RedlineSpan {
	var out []RedlineSpan
	var pieces []string // the last span's pieces, when more than one
	join := func() {
		if len(pieces) > 0 {
			out[len(out)-1].Text = strings.Join(pieces, "")
			pieces = pieces[:0]
		}
	}
	for _, l := range lines {
		for _, s := range l {
			op := ""
			switch s.Op {
			case redline.Insert:
				op = "ins"
			case redline.Delete:
				op = "del"
			}
			if n := len(out); n > 0 && out[n-1].Op == op {
				if len(pieces) == 0 {
					pieces = append(pieces, out[n-1].Text)
				}
				pieces = append(pieces, s.Text)
				continue
			}
			join()
			out = append(out, RedlineSpan{Op: op, Text: s.Text, Ins: s.Op == redline.Insert, Del: s.Op == redline.Delete})
		}
	}
	join()
	return out
}

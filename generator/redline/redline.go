// Package redline computes what changed between two versions of a text,
// word by word, as values the site and the PDF both draw: a list of
// spans, each kept, inserted or deleted.
//
// The diff is github.com/sergi/go-diff (diff-match-patch), already in the
// module graph through go-git: a well-kept Myers diff with semantic
// clean-up whose rune-level entry point lets each word stand for one rune
// (the way its own line mode maps lines), so the diff runs over words,
// not characters. Texts are compared line by line first and word by word
// only within the runs of lines that changed, which keeps the work near
// the size of the change. The work is bounded without a clock, so the
// same pair always gives the same redline and the pack stays
// byte-identical: a run too large to compare word by word within MaxWork
// stays whole lines, and texts whose lines are too many or too different
// are said to be rewritten.
package redline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Op says what became of a span.
type Op int8

// The ops of a span.
const (
	Equal Op = iota
	Insert
	Delete
)

// Span is a run of text kept, inserted or deleted.
type Span struct {
	Op   Op
	Text string
}

// Mode says how finely the texts were compared.
type Mode int8

// The modes of a redline.
const (
	// Words: word by word.
	Words Mode = iota
	// Lines: line by line, the texts being too far apart for words.
	Lines
	// Rewritten: too far apart for either; Spans is empty.
	Rewritten
)

// MaxWork bounds a comparison: the product of the two texts' lengths in
// tokens once their common start and end are set aside, which bounds the
// diff's time and memory whatever the texts.
const MaxWork = 25_000_000

// MaxRunWork bounds the word-by-word comparison of one run of changed
// lines, as MaxWork bounds a whole comparison. A sentence or two edited
// in a paragraph is far below it; a run of paragraphs rewritten is above
// it, and is shown as lines deleted and inserted, which reads better
// than a word diff of two unrelated texts and costs nothing.
const MaxRunWork = 40_000

// MaxTokens bounds the tokens of either text.
const MaxTokens = 400_000

// Redline is the difference between two texts.
type Redline struct {
	Spans []Span
	Mode  Mode
	// Inserted and Deleted count the words inserted and deleted.
	Inserted, Deleted int
}

// Changed reports whether the texts differ.
func (r Redline) Changed() bool {
	if r.Mode == Rewritten {
		return true
	}
	for _, s := range r.Spans {
		if s.Op != Equal {
			return true
		}
	}
	return false
}

// Compare computes the redline from old to new. The texts are compared
// line by line first, then word by word within each run of changed
// lines: a Myers diff costs the product of its inputs' length and their
// difference, so diffing whole documents word by word made a
// history of 5,000 revisions take half a minute, while lines are few
// and the changed runs short. Where a run is too large to compare word
// by word within MaxWork, it stays as whole lines deleted and inserted
// (Mode Lines); where the lines themselves are, the redline says the
// text was rewritten.
func Compare(old, new string) Redline {
	if old == new {
		if old == "" {
			return Redline{}
		}
		return Redline{Spans: []Span{{Equal, old}}}
	}
	byLine, ok := compare(lines(old), lines(new))
	if !ok {
		return Redline{Mode: Rewritten, Inserted: countWords(new), Deleted: countWords(old)}
	}
	var r Redline
	add := func(op Op, text string) {
		if text == "" {
			return
		}
		if l := len(r.Spans); l > 0 && r.Spans[l-1].Op == op {
			r.Spans[l-1].Text += text
		} else {
			r.Spans = append(r.Spans, Span{op, text})
		}
		switch op {
		case Insert:
			r.Inserted += countWords(text)
		case Delete:
			r.Deleted += countWords(text)
		}
	}
	sp := byLine.Spans
	for i := 0; i < len(sp); {
		if sp[i].Op == Equal {
			add(Equal, sp[i].Text)
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(sp) && sp[i].Op != Equal; i++ {
			if sp[i].Op == Delete {
				del.WriteString(sp[i].Text)
			} else {
				ins.WriteString(sp[i].Text)
			}
		}
		if del.Len() > 0 && ins.Len() > 0 {
			if w, ok := compareWithin(words(del.String()), words(ins.String()), MaxRunWork); ok {
				for _, s := range w.Spans {
					add(s.Op, s.Text)
				}
				continue
			}
			r.Mode = Lines
		}
		add(Delete, del.String())
		add(Insert, ins.String())
	}
	return r
}

// compare diffs two token lists, or reports that it would cost too much.
func compare(a, b []string) (Redline, bool) { return compareWithin(a, b, MaxWork) }

// compareWithin diffs two token lists when the product of their lengths,
// once their common start and end are set aside, is at most work.
func compareWithin(a, b []string, work int) (Redline, bool) {
	if len(a) > MaxTokens || len(b) > MaxTokens {
		return Redline{}, false
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	if n, m := len(a)-pre-suf, len(b)-pre-suf; n*m > work {
		return Redline{}, false
	}
	// Each distinct token becomes one rune, skipping the surrogates so
	// every rune stays valid through the library's string conversions.
	index := map[string]rune{}
	var toks []string
	enc := func(ts []string) []rune {
		out := make([]rune, len(ts))
		for i, t := range ts {
			r, ok := index[t]
			if !ok {
				r = rune(len(toks) + 1)
				if r >= 0xD800 {
					r += 0x800
				}
				index[t] = r
				toks = append(toks, t)
			}
			out[i] = r
		}
		return out
	}
	ra, rb := enc(a), enc(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // no clock: bounded by MaxWork instead, and deterministic
	diffs := dmp.DiffMainRunes(ra, rb, false)
	diffs = dmp.DiffCleanupSemantic(diffs)
	var r Redline
	for _, d := range diffs {
		var sb strings.Builder
		for _, c := range d.Text {
			i := int(c) - 1
			if c >= 0xD800+0x800 {
				i -= 0x800
			}
			sb.WriteString(toks[i])
		}
		op := Equal // words are counted by Compare, once, as it adds the spans
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = Insert
		case diffmatchpatch.DiffDelete:
			op = Delete
		}
		if l := len(r.Spans); l > 0 && r.Spans[l-1].Op == op {
			r.Spans[l-1].Text += sb.String()
		} else {
			r.Spans = append(r.Spans, Span{op, sb.String()})
		}
	}
	return r, true
}

// words splits a text into words (letters, digits and joiners), runs of
// white space, and single other characters.
func words(s string) []string {
	var out []string
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		end := n
		switch {
		case isWordRune(r):
			for end < len(s) {
				r, n := utf8.DecodeRuneInString(s[end:])
				if !isWordRune(r) {
					break
				}
				end += n
			}
		case unicode.IsSpace(r) && r != '\n':
			for end < len(s) {
				r, n := utf8.DecodeRuneInString(s[end:])
				if !unicode.IsSpace(r) || r == '\n' {
					break
				}
				end += n
			}
		}
		out = append(out, s[:end])
		s = s[end:]
	}
	return out
}

// lines splits a text after each newline.
func lines(s string) []string {
	out := strings.SplitAfter(s, "\n")
	if len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '\'' || r == '’' || unicode.Is(unicode.Mn, r)
}

// countWords counts the runs of word runes in s, without allocating:
// it runs over every inserted and deleted span of every revision.
func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// Hunk is a passage of the redline around changes: its lines, each a run
// of spans, after Skipped unchanged lines left out.
type Hunk struct {
	Skipped int
	Lines   [][]Span
}

// Hunks groups the redline into the passages that changed, each with up
// to context unchanged lines either side; after counts the unchanged
// lines left out at the end. A long document with a one-word change
// shows a few lines, not the whole text.
func (r Redline) Hunks(context int) (hunks []Hunk, after int) {
	var ls [][]Span
	var changed []bool
	cur, curChanged := []Span(nil), false
	for _, s := range r.Spans {
		parts := strings.SplitAfter(s.Text, "\n")
		for i, p := range parts {
			if p != "" {
				cur = append(cur, Span{s.Op, p})
				curChanged = curChanged || s.Op != Equal
			}
			if i < len(parts)-1 || strings.HasSuffix(p, "\n") && i == len(parts)-1 && p != "" {
				if i < len(parts)-1 {
					ls, changed = append(ls, cur), append(changed, curChanged)
					cur, curChanged = nil, false
				}
			}
		}
	}
	if len(cur) > 0 {
		ls, changed = append(ls, cur), append(changed, curChanged)
	}
	show := make([]bool, len(ls))
	for i, c := range changed {
		if c {
			for j := max(0, i-context); j <= min(len(ls)-1, i+context); j++ {
				show[j] = true
			}
		}
	}
	skipped := 0
	for i, l := range ls {
		if !show[i] {
			skipped++
			continue
		}
		if len(hunks) == 0 || skipped > 0 || i > 0 && !show[i-1] {
			hunks = append(hunks, Hunk{Skipped: skipped})
			skipped = 0
		}
		h := &hunks[len(hunks)-1]
		h.Lines = append(h.Lines, l)
	}
	return hunks, skipped
}

// Context is how many unchanged lines the site and the pack show either
// side of a change.
const Context = 2

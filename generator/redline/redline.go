// Package redline computes what changed between two versions of a text,
// word by word, as values the site and the PDF both draw: a list of
// spans, each kept, inserted or deleted.
//
// The diff is diff-match-patch's (github.com/sergi/go-diff): a Myers
// diff with semantic clean-up, run with each word standing for one rune
// (the way its own line mode maps lines), so it runs over words, not
// characters. Its steps are redone over the token runes in myers.go,
// edit for edit, without the library's string conversions. Texts are compared line by line first and word by word
// only within the runs of lines that changed, which keeps the work near
// the size of the change. The work is bounded without a clock, so the
// same pair always gives the same redline and the pack stays
// byte-identical: a run too large to compare word by word within
// MaxRunWork, or whose two sides share too few phrases to be an edit of
// one text (see relatedShare), stays whole lines, and texts whose lines
// are too many or too different are said to be rewritten.
package redline

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
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
// than a word diff of two unrelated texts and costs nothing. A single
// paragraph rewritten is below it, and is told by the phrases it shares
// (see relatedShare).
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
// by word within MaxRunWork, or its two sides are unrelated texts, it
// stays as whole lines deleted and inserted (Mode Lines); where the
// lines themselves are too many, the redline says the text was
// rewritten.
//
// Every span's text is a piece of old or new, or pieces of them joined,
// so comparing copies little: the site and the pack compare every
// revision of every document.
func Compare(old, new string) Redline {
	var c Comparer
	return c.Compare(old, new)
}

// Comparer is Compare with scratch space (token numbering, token texts,
// the diff's arrays and edits, the spans, and the word counts of the
// last comparison's long runs of lines) kept from one comparison to the
// next, for a caller that compares many pairs one after another: a
// history page compares every revision with the one before. It holds on
// to pieces of the last texts it compared. The zero value is ready; a
// Comparer is not safe for concurrent use.
type Comparer struct {
	c comparer
}

// Compare is Compare, reusing c's scratch space.
func (cm *Comparer) Compare(old, new string) Redline {
	if old == new {
		if old == "" {
			return Redline{}
		}
		return Redline{Spans: []Span{{Equal, old}}}
	}
	c := &cm.c
	byLine, ok := c.compareWithin(c.lineParts[:0], old, new, lines, MaxWork)
	c.lineParts = byLine
	if !ok {
		return Redline{Mode: Rewritten, Inserted: countWords(new), Deleted: countWords(old)}
	}
	var r Redline
	b := &c.spans
	b.out, b.pieces = b.out[:0], b.pieces[:0]
	clear(c.counted)
	c.counted, c.counting = c.counting, c.counted[:0]
	add := func(op Op, text string) {
		if text == "" {
			return
		}
		b.add(op, text)
		switch op {
		case Insert:
			r.Inserted += countWords(text)
		case Delete:
			r.Deleted += countWords(text)
		}
	}
	for i := 0; i < len(byLine); {
		if byLine[i].op == Equal {
			add(Equal, old[byLine[i].lo:byLine[i].hi])
			i++
			continue
		}
		// The lines a run deletes are one piece of old, those it inserts
		// one piece of new: between two kept spans there is nothing else.
		dlo, dhi, ilo, ihi := -1, -1, -1, -1
		for ; i < len(byLine) && byLine[i].op != Equal; i++ {
			p := byLine[i]
			if p.op == Delete {
				if dlo < 0 {
					dlo = p.lo
				}
				dhi = p.hi
			} else {
				if ilo < 0 {
					ilo = p.lo
				}
				ihi = p.hi
			}
		}
		var del, ins string
		if dlo >= 0 {
			del = old[dlo:dhi]
		}
		if ilo >= 0 {
			ins = new[ilo:ihi]
		}
		if del != "" && ins != "" {
			w, ok := c.compareWithin(c.wordParts[:0], del, ins, words, MaxRunWork)
			c.wordParts = w
			if ok {
				for _, p := range w {
					if p.op == Insert {
						add(p.op, ins[p.lo:p.hi])
					} else {
						add(p.op, del[p.lo:p.hi])
					}
				}
				continue
			}
			r.Mode = Lines
		}
		// Whole lines: their words are counted once in a history (see
		// runWords).
		if del != "" {
			b.add(Delete, del)
			r.Deleted += c.runWords(del)
		}
		if ins != "" {
			b.add(Insert, ins)
			r.Inserted += c.runWords(ins)
		}
	}
	// The spans are built in c's scratch space and copied out once, at
	// their size; the scratch lets go of the texts.
	if spans := b.spans(); len(spans) > 0 {
		r.Spans = slices.Clone(spans)
		clear(spans)
	}
	return r
}

// spanBuilder collects spans, joining neighbours with the same op: a
// span's pieces are kept until the end and joined once, so a long run
// of pieces costs its length, not its length squared.
type spanBuilder struct {
	out    []Span
	pieces []string // the pieces of the last span, when more than one
}

func (b *spanBuilder) add(op Op, text string) {
	if l := len(b.out); l > 0 && b.out[l-1].Op == op {
		if len(b.pieces) == 0 {
			b.pieces = append(b.pieces, b.out[l-1].Text)
		}
		b.pieces = append(b.pieces, text)
		return
	}
	b.join()
	b.out = append(b.out, Span{op, text})
}

// join makes the last span's text of its pieces.
func (b *spanBuilder) join() {
	if len(b.pieces) > 0 {
		b.out[len(b.out)-1].Text = strings.Join(b.pieces, "")
		b.pieces = b.pieces[:0]
	}
}

func (b *spanBuilder) spans() []Span {
	b.join()
	return b.out
}

// part is a span of a comparison as offsets: into the old text for kept
// and deleted text, into the new for inserted.
type part struct {
	op     Op
	lo, hi int
}

// overWork reports whether comparing a and b token by token is sure to
// exceed work, the product of their lengths in tokens once the tokens
// they share at the start and end are set aside, without splitting
// either whole. A run of changed lines that is too large to compare word
// by word is usually a rewrite of thousands of words, and counting a few
// hundred of them tells.
//
// The bound: tokens shared at the start lie within the bytes a and b
// share at the start, and those at the end within the bytes they share
// at the end, so every token of a that starts between the two is left
// to compare. Counted on its own, that middle part (cut at rune starts)
// has at most one token more: its first may be the tail of a token
// starting before it, and from the next token start on, splitting goes
// as it does in the whole text.
func overWork(a, b string, t tokenizer, work int) bool {
	pre := commonPrefix8(a, b)
	for pre > 0 && pre < len(a) && !utf8.RuneStart(a[pre]) {
		pre--
	}
	suf := commonSuffix8(a, b)
	middle := func(s string) string {
		end := len(s) - suf
		for end > pre && end < len(s) && !utf8.RuneStart(s[end]) {
			end--
		}
		if end <= pre {
			return ""
		}
		return s[pre:end]
	}
	ma, mb := middle(a), middle(b)
	// n and m are at least the counts less one; count no further than
	// needed to show n*m > work. side is the least whose square exceeds
	// work (MaxWork's is 5,001: found by stepping, it cost more than the
	// counting).
	side := int(math.Sqrt(float64(work)))
	for side > 0 && side*side > work {
		side--
	}
	for side*side <= work {
		side++
	}
	ca, cb := count(ma, t, side+1), count(mb, t, side+1)
	switch {
	case ca > side+1 && cb > side+1:
		return true
	case ca > side+1:
		ca, cb = cb, ca
		ma, mb = mb, ma
	}
	// ca is exact now: the other side needs more than work/(ca-1) tokens.
	if ca <= 1 {
		return false
	}
	need := work/(ca-1) + 1
	return count(mb, t, need+1)-1 >= need
}

// commonPrefix8 is how many bytes a and b share at the start, found
// sixty-four at a time (as strings compare) and then eight: overWork runs
// on every pair of long texts, and at a byte a step its search of their
// common start and end was half the cost of comparing a long document
// with a one-word edit of it.
func commonPrefix8(a, b string) int {
	n, i := min(len(a), len(b)), 0
	for n-i >= 64 && a[i:i+64] == b[i:i+64] {
		i += 64
	}
	for ; n-i >= 8; i += 8 {
		if x := load8(a, i) ^ load8(b, i); x != 0 {
			return i + bits.TrailingZeros64(x)>>3
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

// commonSuffix8 is how many bytes a and b share at the end.
func commonSuffix8(a, b string) int {
	n, i := min(len(a), len(b)), 0
	for n-i >= 64 && a[len(a)-i-64:len(a)-i] == b[len(b)-i-64:len(b)-i] {
		i += 64
	}
	for ; n-i >= 8; i += 8 {
		// The last byte of each eight is the highest.
		if x := load8(a, len(a)-i-8) ^ load8(b, len(b)-i-8); x != 0 {
			return i + bits.LeadingZeros64(x)>>3
		}
	}
	for i < n && a[len(a)-1-i] == b[len(b)-1-i] {
		i++
	}
	return i
}

// comparer holds what one Compare reuses from the comparison of lines to
// those of the runs of changed lines: the token numbering, the token
// texts and the diff's scratch space.
type comparer struct {
	index  numbering
	ea, eb []int32
	ra, rb []rune
	pa, pb []uint64 // word pairs, for fewPairsShared
	d      differ
	// The parts of the comparison of lines and of a run's words, and
	// the spans being built.
	lineParts, wordParts []part
	spans                spanBuilder
	// The long runs of whole lines the last comparison showed, and those
	// this one has shown so far, with their words (see runWords).
	counted, counting []countedRun
}

type countedRun struct {
	text  string
	words int
}

// minCounted is the least length of a run whose words runWords keeps.
const minCounted = 512

// runWords counts the words of a run of lines shown whole. A history
// compares each revision with the one before, one after another, so the
// lines a comparison shows deleted are often, byte for byte, lines the
// one before showed inserted (or the other way round): a history of
// rewrites is all such runs, and counting their words twice was a tenth
// of Compare. A long run's count is kept for the next comparison, which
// takes it when the same text comes again; comparing the texts costs
// little beside counting.
func (c *comparer) runWords(s string) int {
	if len(s) < minCounted {
		return countWords(s)
	}
	n := -1
	for _, r := range c.counted {
		if len(r.text) == len(s) && r.text == s {
			n = r.words
			break
		}
	}
	if n < 0 {
		n = countWords(s)
	}
	c.counting = append(c.counting, countedRun{s, n})
	return n
}

// compareWithin diffs two texts token by token when the product of their
// lengths in tokens, once their common start and end are set aside, is
// at most work, appending the parts to out.
func (c *comparer) compareWithin(out []part, a, b string, split tokenizer, work int) ([]part, bool) {
	// A token is at least a byte: texts whose lengths multiply to at most
	// work need no counting.
	if len(a)*len(b) > work && overWork(a, b, split, work) {
		return out, false
	}
	var ok bool
	c.ea, ok = appendEnds(c.ea, a, split)
	if !ok {
		return out, false
	}
	c.eb, ok = appendEnds(c.eb, b, split)
	if !ok {
		return out, false
	}
	ea, eb := c.ea, c.eb
	tok := func(s string, ends []int32, i int) string {
		lo := int32(0)
		if i > 0 {
			lo = ends[i-1]
		}
		return s[lo:ends[i]]
	}
	pre := 0
	for pre < len(ea) && pre < len(eb) && tok(a, ea, pre) == tok(b, eb, pre) {
		pre++
	}
	suf := 0
	for suf < len(ea)-pre && suf < len(eb)-pre && tok(a, ea, len(ea)-1-suf) == tok(b, eb, len(eb)-1-suf) {
		suf++
	}
	if n, m := len(ea)-pre-suf, len(eb)-pre-suf; n*m > work {
		return out, false
	}
	// Each distinct token becomes one rune, numbered in order of first
	// appearance.
	c.index.reset(len(ea) + len(eb))
	ra := slices.Grow(c.ra[:0], len(ea))[:len(ea)]
	for i := range ea {
		ra[i] = c.index.number(tok(a, ea, i))
	}
	// b's first pre tokens and last suf are a's, and have a's numbers:
	// only the middle is looked up, which for a small edit of a long text
	// is a few lines, not all.
	rb := slices.Grow(c.rb[:0], len(eb))[:len(eb)]
	copy(rb[:pre], ra[:pre])
	copy(rb[len(eb)-suf:], ra[len(ea)-suf:])
	for i := pre; i < len(eb)-suf; i++ {
		rb[i] = c.index.number(tok(b, eb, i))
	}
	c.ra, c.rb = ra, rb
	// Where one text is the other with tokens added or taken away in one
	// place, the diff is at hand whatever the texts share.
	if split == words && len(ea) > pre+suf && len(eb) > pre+suf && c.fewPairsShared(a, b) {
		return out, false
	}
	diffs := c.d.tokenDiff(c.ra, c.rb)
	// The kept and deleted tokens, in order, are a's; the kept and
	// inserted, b's: each diff is a run of consecutive tokens of one.
	off := func(ends []int32, i int) int {
		if i == 0 {
			return 0
		}
		return int(ends[i-1])
	}
	ia, ib := 0, 0
	for _, d := range diffs {
		n := len(d.t)
		var p part
		switch d.op {
		case Insert:
			p = part{Insert, off(eb, ib), off(eb, ib+n)}
			ib += n
		case Delete:
			p = part{Delete, off(ea, ia), off(ea, ia+n)}
			ia += n
		default:
			p = part{Equal, off(ea, ia), off(ea, ia+n)}
			ia, ib = ia+n, ib+n
		}
		if p.lo == p.hi {
			continue
		}
		if l := len(out); l > 0 && out[l-1].op == p.op && out[l-1].hi == p.lo {
			out[l-1].hi = p.hi
		} else {
			out = append(out, p)
		}
	}
	return out, true
}

// A run of changed lines is compared word by word only if the shorter
// side finds at least 1/relatedShare of its word pairs (a word and the
// next, whatever lies between them) in the other side, counted with
// repeats; else it is shown as lines. The check is skipped for a run
// whose sides hold fewer than minPairs pairs between them, which costs
// little to compare and whose pairs say little, and for one side being
// the other with words added or taken away in one place.
//
// Pairs rather than words, since two texts on one subject share most of
// their words and every space between them, which makes a word diff of
// unrelated paragraphs keep a scatter of words by chance and cost the
// product of their lengths (Myers's diff costs its inputs' length times
// their difference); an edited paragraph keeps its phrases. The check
// costs a sort of each side's pairs, and no clock: a run always gets the
// same answer. In the histories of three real policy sets and this
// repository's own, the runs sharing fewer than a quarter of their pairs
// were a paragraph or section replaced, or a "Coming soon" stub replaced
// by a policy, whose word diff kept a heading's #, a full stop or a word
// or two.
const (
	relatedShare = 4
	minPairs     = 32
)

// fewPairsShared reports whether a and b, tokenized and numbered in c,
// share too few word pairs to be compared word by word.
func (c *comparer) fewPairsShared(a, b string) bool {
	c.pa = wordPairs(c.pa[:0], a, c.ea, c.ra)
	c.pb = wordPairs(c.pb[:0], b, c.eb, c.rb)
	pa, pb := c.pa, c.pb
	if len(pa)+len(pb) < minPairs || len(pa) == 0 || len(pb) == 0 {
		return false
	}
	slices.Sort(pa)
	slices.Sort(pb)
	shared := 0
	for i, j := 0, 0; i < len(pa) && j < len(pb); {
		switch {
		case pa[i] < pb[j]:
			i++
		case pa[i] > pb[j]:
			j++
		default:
			shared++
			i++
			j++
		}
	}
	return shared*relatedShare < min(len(pa), len(pb))
}

// wordPairs appends each pair of neighbouring words of s, as their two
// token numbers, to pairs.
func wordPairs(pairs []uint64, s string, ends []int32, runes []rune) []uint64 {
	prev, lo := rune(-1), int32(0)
	for i, end := range ends {
		if isWordToken(s[lo:end]) {
			if prev >= 0 {
				pairs = append(pairs, uint64(prev)<<32|uint64(runes[i]))
			}
			prev = runes[i]
		}
		lo = end
	}
	return pairs
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
	ls, show := r.lines(context)
	// spans cuts lines i to j-1 out of the redline.
	spans := func(i, j int) []Span {
		end := line{span: len(r.Spans)}
		if j < len(ls) {
			end = ls[j]
		}
		return r.cut(ls[i], end)
	}
	skipped := 0
	for i := range ls {
		if !show[i] {
			skipped++
			continue
		}
		if len(hunks) == 0 || skipped > 0 || i > 0 && !show[i-1] {
			hunks = append(hunks, Hunk{Skipped: skipped})
			skipped = 0
		}
		h := &hunks[len(hunks)-1]
		h.Lines = append(h.Lines, spans(i, i+1))
	}
	return hunks, skipped
}

// Passage is a hunk with its lines run together: Spans are the
// redline's own spans, the first and last cut at the passage's ends, so
// neighbours never share an op.
type Passage struct {
	Skipped int
	Spans   []Span
}

// Passages is Hunks with each hunk's lines run together, which the site
// shows as one block: cut from the redline's spans rather than joined
// from its lines, a passage copies no text. It reads the redline once,
// holding the starts of the last few lines rather than a table of every
// line: the site asks it for every revision of every document, most of
// whose lines are not shown.
func (r Redline) Passages(context int) (ps []Passage, after int) {
	context = max(context, 0)
	// A passage is a run of lines within context of a changed line; it
	// ends once 2*context+1 lines after its last changed line have none
	// (a change further on starts a run of its own), at the start of the
	// line context+1 after that changed line. recent holds the starts of
	// the last 2*context+2 lines, line k at k%len(recent): the start of
	// the passage and its end are among them when they are needed.
	var buf [8]line
	recent := buf[:]
	if n := 2*context + 2; n <= len(buf) {
		recent = buf[:n]
	} else {
		recent = make([]line, n)
	}
	at := func(k int) line { return recent[k%len(recent)] }
	n := 0          // lines started
	open := false   // a line is started and not yet ended
	inside := false // a passage is started and not yet cut
	var from line   // where the passage started
	last := -1      // the last changed line
	done := 0       // the first line after the last passage cut
	skipped := 0    // unchanged lines before the passage started
	for si, s := range r.Spans {
		for off := 0; off < len(s.Text); {
			if !open {
				if inside && n == last+2*context+2 {
					end := last + context + 1
					ps = append(ps, Passage{Skipped: skipped, Spans: r.cut(from, at(end))})
					inside, done = false, end
				}
				recent[n%len(recent)] = line{span: si, off: off}
				n++
				open = true
			}
			if s.Op != Equal && last != n-1 {
				last = n - 1
				if !inside {
					first := max(done, last-context)
					from, skipped, inside = at(first), first-done, true
				}
			}
			i := strings.IndexByte(s.Text[off:], '\n')
			if i < 0 {
				break
			}
			off += i + 1
			open = false
		}
	}
	if !inside {
		return ps, n - done
	}
	if end := last + context + 1; end < n {
		return append(ps, Passage{Skipped: skipped, Spans: r.cut(from, at(end))}), n - end
	}
	return append(ps, Passage{Skipped: skipped, Spans: r.cut(from, line{span: len(r.Spans)})}), 0
}

// line is where a line of the redline starts (a span and an offset in
// its text) and whether it changed.
type line struct {
	span, off int
	changed   bool
}

// lines splits the redline into lines and says which are shown with
// context unchanged lines around each changed one.
func (r Redline) lines(context int) ([]line, []bool) {
	n := 1
	for _, s := range r.Spans {
		n += strings.Count(s.Text, "\n")
	}
	ls := make([]line, 0, n)
	open := false // a line is started and not yet ended
	for si, s := range r.Spans {
		for off := 0; off < len(s.Text); {
			if !open {
				ls = append(ls, line{span: si, off: off})
				open = true
			}
			ls[len(ls)-1].changed = ls[len(ls)-1].changed || s.Op != Equal
			n := strings.IndexByte(s.Text[off:], '\n')
			if n < 0 {
				break
			}
			off += n + 1
			open = false
		}
	}
	show := make([]bool, len(ls))
	for i, l := range ls {
		if l.changed {
			for j := max(0, i-context); j <= min(len(ls)-1, i+context); j++ {
				show[j] = true
			}
		}
	}
	return ls, show
}

// cut returns the spans from the start of one line to the start of
// another, or to the end when to.span is len(r.Spans).
func (r Redline) cut(from, to line) []Span {
	out := make([]Span, 0, min(to.span, len(r.Spans)-1)-from.span+1)
	for si, off := from.span, from.off; si < to.span || si == to.span && off < to.off; si, off = si+1, 0 {
		t := r.Spans[si].Text
		if si == to.span {
			t = t[:to.off]
		}
		if off < len(t) {
			out = append(out, Span{r.Spans[si].Op, t[off:]})
		}
	}
	return out
}

// Context is how many unchanged lines the site and the pack show either
// side of a change.
const Context = 2

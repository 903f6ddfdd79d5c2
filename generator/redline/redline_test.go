package redline

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// show writes a redline as text, [-deleted-] and {+inserted+}.
func show(r Redline) string {
	var b strings.Builder
	for _, s := range r.Spans {
		switch s.Op {
		case Insert:
			b.WriteString("{+" + s.Text + "+}")
		case Delete:
			b.WriteString("[-" + s.Text + "-]")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestWordsAreMarkedNotCharacters(t *testing.T) {
	r := Compare("Staff review the policy every year.\n", "Staff review the access policy every two years.\n")
	if got, want := show(r), "Staff review the {+access +}policy every [-year-]{+two years+}.\n"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if r.Mode != Words || r.Inserted != 3 || r.Deleted != 1 {
		t.Errorf("mode %d, %d words inserted, %d deleted; want words, 3, 1", r.Mode, r.Inserted, r.Deleted)
	}
}

func TestSameTextIsUnchanged(t *testing.T) {
	if r := Compare("a b\n", "a b\n"); r.Changed() || show(r) != "a b\n" {
		t.Errorf("%q changed: %v", show(r), r.Changed())
	}
}

func TestHunksKeepContextAroundAChange(t *testing.T) {
	var old, new strings.Builder
	for i := range 40 {
		line := "Line " + string(rune('a'+i%26)) + " stays.\n"
		old.WriteString(line)
		if i == 20 {
			line = "Line changed here.\n"
		}
		new.WriteString(line)
	}
	hunks, after := Compare(old.String(), new.String()).Hunks(2)
	if len(hunks) != 1 || hunks[0].Skipped != 18 || len(hunks[0].Lines) != 5 || after != 17 {
		t.Fatalf("hunks %+v, %d after; want one of 5 lines after 18 skipped, 17 after", hunks, after)
	}
}

func TestAHugeRewriteEndsQuickly(t *testing.T) {
	var old, new strings.Builder
	for i := range 60000 {
		old.WriteString("alpha" + strings.Repeat("x", i%7) + " ")
		new.WriteString("beta" + strings.Repeat("y", i%5) + " ")
		if i%10 == 0 {
			old.WriteString("\n")
			new.WriteString("\n")
		}
	}
	done := make(chan Redline, 1)
	go func() { done <- Compare(old.String(), new.String()) }()
	select {
	case r := <-done:
		if r.Mode == Words {
			t.Errorf("a rewrite of 60,000 words was compared word by word")
		}
		if !r.Changed() {
			t.Errorf("a rewrite is unchanged")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("comparing a huge rewrite did not end")
	}
}

func TestRewrittenWhenEvenLinesAreTooMany(t *testing.T) {
	old := strings.Repeat("one line\n", 10) + strings.Repeat("o\n", 6000)
	new := strings.Repeat("n\n", 6000) + strings.Repeat("one line\n", 10)
	r := Compare(strings.ReplaceAll(old, "o\n", "o o o o o o\n"), strings.ReplaceAll(new, "n\n", "n n n n n n\n"))
	if r.Mode != Rewritten || len(r.Spans) != 0 || !r.Changed() {
		t.Errorf("mode %d with %d spans; want rewritten", r.Mode, len(r.Spans))
	}
}

func TestTokensBeyondTheSurrogatesMapBack(t *testing.T) {
	var old, new strings.Builder
	for i := range 70000 {
		old.WriteString("w" + itoa(i) + " ")
		new.WriteString("w" + itoa(i) + " ")
	}
	new.WriteString("end")
	r := Compare(old.String(), new.String())
	if got := show(r); !strings.HasSuffix(got, "{+end+}") || !strings.HasPrefix(got, "w0 w1 ") || !strings.Contains(got, "w69999 ") {
		t.Errorf("redline of 70,000 distinct words ends %q", got[max(0, len(got)-40):])
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// paragraphs writes n paragraphs of 60 words, each word from seed.
func paragraphs(n int, seed string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		for j := 0; j < 60; j++ {
			fmt.Fprintf(&b, "%s%d-%d ", seed, i, j)
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

func TestCompareKeepsWordsForAnEditAndLinesForARewrite(t *testing.T) {
	old := paragraphs(200, "w")
	edited := strings.Replace(old, "w100-30 ", "changed ", 1)
	r := Compare(old, edited)
	if r.Mode != Words || r.Inserted != 1 || r.Deleted != 2 {
		t.Errorf("one word edited in a long text: mode %v, +%d -%d; want words, +1 -2 (w100-30 is two words)", r.Mode, r.Inserted, r.Deleted)
	}
	// Ten paragraphs rewritten with other words: a word diff of unrelated
	// texts is noise and costs the product of their lengths; whole lines
	// deleted and inserted is what a reader wants.
	rewritten := paragraphs(10, "x") + paragraphs(200, "w")[len(paragraphs(10, "w")):]
	r = Compare(old, rewritten)
	if r.Mode != Lines || r.Inserted != 1200 || r.Deleted != 1200 {
		t.Errorf("ten paragraphs rewritten: mode %v, +%d -%d; want lines, +1200 -1200", r.Mode, r.Inserted, r.Deleted)
	}
}

// vocabulary is a policy's words, few enough that two paragraphs written
// from it share most of their words, as two paragraphs on one subject do.
var vocabulary = strings.Fields("security information management policy risk asset control review " +
	"leadership commitment objective resource awareness training supplier incident continual " +
	"improvement audit evidence owner approval process communication competence responsibility " +
	"authority integrity availability confidentiality register plan record meeting minutes change business")

// sentences writes n sentences of 6 to 12 words of the vocabulary.
func sentences(rng *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		for j := range 6 + rng.IntN(7) {
			w := vocabulary[rng.IntN(len(vocabulary))]
			if j == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
		}
		b.WriteByte('.')
	}
	return b.String()
}

// A paragraph with a sentence rewritten, a few words changed or a
// paragraph added beside it is still marked word by word, however
// different the new words are.
func TestEditsOfAParagraphStayWordByWord(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 50 {
		first, second, third := sentences(rng, 2), sentences(rng, 3), sentences(rng, 2)
		old := "## Scope\n\n" + first + " " + second + " " + third + "\n\n## Roles\n"
		edits := map[string]string{
			"a sentence rewritten": "## Scope\n\n" + first + " " + sentences(rng, 1) + " " + third + "\n\n## Roles\n",
			"words changed":        "## Scope\n\n" + first + " " + strings.Replace(second, " ", " new words ", 2) + " " + third + "\n\n## Roles\n",
			"a paragraph added":    "## Scope\n\n" + first + " " + second + "\n\n" + sentences(rng, 5) + "\n\n" + third + "\n\n## Roles\n",
		}
		for what, new := range edits {
			r := Compare(old, new)
			if r.Mode != Words {
				t.Fatalf("%d, %s: mode %v, want words:\n%s", i, what, r.Mode, show(r))
			}
			// The sentences before and after the edit are kept.
			var kept strings.Builder
			for _, s := range r.Spans {
				if s.Op == Equal {
					kept.WriteString(s.Text)
				}
			}
			if !strings.Contains(kept.String(), first) || !strings.Contains(kept.String(), third) {
				t.Fatalf("%d, %s: the sentences around the edit are not kept:\n%s", i, what, show(r))
			}
		}
	}
}

// A paragraph replaced by another on the same subject shares most of its
// words with it and few of its phrases: it is shown as the old lines
// deleted and the new inserted, not as a word diff that keeps a scatter
// of words the two happen to share.
func TestAnUnrelatedParagraphBecomesLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 50 {
		before, after := sentences(rng, 4), sentences(rng, 4)
		old := "# Policy\n\n" + before + "\n\n## Roles\n"
		new := "# Policy\n\n" + after + "\n\n## Roles\n"
		r := Compare(old, new)
		want := []Span{{Equal, "# Policy\n\n"}, {Delete, before + "\n"}, {Insert, after + "\n"}, {Equal, "\n## Roles\n"}}
		if r.Mode != Lines || !reflect.DeepEqual(r.Spans, want) {
			t.Fatalf("%d: mode %v, want lines:\n%s", i, r.Mode, show(r))
		}
		if r.Deleted != countWords(before) || r.Inserted != countWords(after) {
			t.Errorf("%d: +%d -%d words, want +%d -%d", i, r.Inserted, r.Deleted, countWords(after), countWords(before))
		}
	}
	// A short line rewritten costs little to compare and reads better
	// with what it keeps marked.
	if r := Compare("Owner: Head of IT\n", "Owner: Chief Executive Officer\n"); r.Mode != Words {
		t.Errorf("a short line rewritten: mode %v, want words: %s", r.Mode, show(r))
	}
}

// BenchmarkCompareUnrelatedParagraph compares paragraphs of n words with
// unrelated ones of the same vocabulary, reporting the time per word: a
// word diff of the two costs the product of their lengths, the check
// that refuses it their length. (Past about 100 words MaxRunWork
// refuses them before either.)
func BenchmarkCompareUnrelatedParagraph(b *testing.B) {
	for _, n := range []int{20, 40, 80} {
		rng := rand.New(rand.NewPCG(uint64(n), 1))
		para := func() string {
			var p strings.Builder
			for p.Len() == 0 || countWords(p.String()) < n {
				if p.Len() > 0 {
					p.WriteByte(' ')
				}
				p.WriteString(sentences(rng, 1))
			}
			return "## Section\n\n" + p.String() + "\n\n## Next\n"
		}
		old, new := para(), para()
		b.Run(fmt.Sprintf("words=%d", n), func(b *testing.B) {
			var c Comparer
			for b.Loop() {
				c.Compare(old, new)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*countWords(old+new)), "ns/word")
		})
	}
}

func BenchmarkCompareRewrite(b *testing.B) {
	old, rewritten := paragraphs(40, "w"), paragraphs(40, "x")
	for b.Loop() {
		Compare(old, rewritten)
	}
}

// revisionPair is a document of sections and lists and the next
// revision of it: some sentences edited, a paragraph rewritten, lines
// added, as a history of ordinary edits has.
func revisionPair() (old, new string) {
	var a, b strings.Builder
	for s := range 12 {
		fmt.Fprintf(&a, "## Section %d\n\n", s)
		fmt.Fprintf(&b, "## Section %d\n\n", s)
		for p := range 3 {
			var para strings.Builder
			for w := range 40 {
				fmt.Fprintf(&para, "word%d ", (s*7+p*13+w*w)%97)
			}
			text := para.String() + "\n\n"
			a.WriteString(text)
			switch {
			case (s+p)%5 == 0: // a sentence edited
				text = strings.Replace(text, "word1", "changed words here", 1)
			case (s+p)%7 == 0: // the paragraph rewritten
				text = strings.Repeat("other text ", 30) + "\n\n"
			}
			b.WriteString(text)
		}
		if s%4 == 0 {
			b.WriteString("- a new item\n- another\n\n")
		}
	}
	return a.String(), b.String()
}

func BenchmarkCompareEdits(b *testing.B) {
	old, new := revisionPair()
	b.ReportAllocs()
	for b.Loop() {
		Compare(old, new)
	}
}

// BenchmarkCompareSmallEdit compares a document with the next revision
// of it that changed a few words of one sentence, as most commits to a
// real policy do: the history page of a real repository is mostly such
// pairs.
func BenchmarkCompareSmallEdit(b *testing.B) {
	old, _ := revisionPair()
	new := strings.Replace(old, "word36 word49 word64", "word36 and a new clause word64", 1)
	if new == old {
		b.Fatal("no edit")
	}
	var c Comparer
	b.ReportAllocs()
	for b.Loop() {
		c.Compare(old, new)
	}
}

// BenchmarkPassages is what the site asks of every redline it shows.
func BenchmarkPassages(b *testing.B) {
	r := Compare(revisionPair())
	b.ReportAllocs()
	for b.Loop() {
		r.Passages(Context)
	}
}

func BenchmarkHunks(b *testing.B) {
	r := Compare(revisionPair())
	b.ReportAllocs()
	for b.Loop() {
		r.Hunks(Context)
	}
}

// TestOverWorkNeverRefusesWhatFits: the quick refusal refuses only pairs
// whose exact comparison would be refused too, on random texts of words,
// spaces, punctuation, multi-byte runes and newlines, often near copies
// of each other, at every small bound.
func TestOverWorkNeverRefusesWhatFits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "b", "word", " ", "  ", "\n", ".", "é", "ü", "日本", "’", "-", "\t", "x1"}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	exact := func(a, b string, tk tokenizer) int {
		ea, _ := appendEnds(nil, a, tk)
		eb, _ := appendEnds(nil, b, tk)
		tok := func(s string, e []int32, i int) string {
			lo := int32(0)
			if i > 0 {
				lo = e[i-1]
			}
			return s[lo:e[i]]
		}
		pre, suf := 0, 0
		for pre < len(ea) && pre < len(eb) && tok(a, ea, pre) == tok(b, eb, pre) {
			pre++
		}
		for suf < len(ea)-pre && suf < len(eb)-pre && tok(a, ea, len(ea)-1-suf) == tok(b, eb, len(eb)-1-suf) {
			suf++
		}
		return (len(ea) - pre - suf) * (len(eb) - pre - suf)
	}
	refused := 0
	for i := range 20000 {
		a := text(rng.IntN(60))
		b := text(rng.IntN(60))
		if i%2 == 0 { // a near copy: a piece of a replaced
			lo := rng.IntN(len(a) + 1)
			hi := lo + rng.IntN(len(a)-lo+1)
			b = a[:lo] + text(rng.IntN(6)) + a[hi:]
		}
		for _, tk := range []tokenizer{words, lines} {
			for _, work := range []int{0, 1, 2, 3, 5, 8, 20, 100} {
				if overWork(a, b, tk, work) {
					refused++
					if n := exact(a, b, tk); n <= work {
						t.Fatalf("refused %q -> %q at %d, but the exact comparison is %d", a, b, work, n)
					}
				}
			}
		}
	}
	if refused == 0 {
		t.Fatal("nothing was refused early")
	}
}

// TestPassagesAreHunksRunTogether: a passage holds what its hunk's lines
// hold, in order, with neighbouring spans of one op made one, on random
// edits of a text of lines.
func TestPassagesAreHunksRunTogether(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"alpha", "beta", "gamma", "delta", "\n", "\n", " ", " ", "."}
	text := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	for range 3000 {
		a := text(rng.IntN(200))
		b := a
		for range rng.IntN(4) {
			lo := rng.IntN(len(b) + 1)
			hi := lo + rng.IntN(min(20, len(b)-lo)+1)
			b = b[:lo] + text(rng.IntN(8)) + b[hi:]
		}
		r := Compare(a, b)
		for _, ctx := range []int{0, 1, 2} {
			hunks, after := r.Hunks(ctx)
			ps, pafter := r.Passages(ctx)
			if after != pafter || len(hunks) != len(ps) {
				t.Fatalf("%q -> %q: %d hunks, %d after; %d passages, %d after", a, b, len(hunks), after, len(ps), pafter)
			}
			for i, h := range hunks {
				var want []Span
				for _, l := range h.Lines {
					for _, s := range l {
						if n := len(want); n > 0 && want[n-1].Op == s.Op {
							want[n-1].Text += s.Text
						} else {
							want = append(want, s)
						}
					}
				}
				if got := ps[i]; got.Skipped != h.Skipped || fmt.Sprint(got.Spans) != fmt.Sprint(want) {
					t.Fatalf("%q -> %q, hunk %d: passage %+v, want %d skipped and %+v", a, b, i, got, h.Skipped, want)
				}
			}
		}
	}
}

// TestAComparerForgetsWhatItCompared: a Comparer kept from pair to pair
// gives every pair the redline Compare gives it alone, whatever it
// compared before: a long text, a rewrite, edits of other words.
func TestAComparerForgetsWhatItCompared(t *testing.T) {
	old, new := revisionPair()
	var long strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&long, "line %d of a long text\n", i)
	}
	pairs := [][2]string{
		{old, new},
		{long.String(), strings.Replace(long.String(), "line 7 ", "row 7 ", 1)},
		{paragraphs(3, "a"), paragraphs(3, "b")},
		// A history of rewrites, one revision after another: the lines
		// one comparison deletes are those the one before inserted.
		{paragraphs(3, "b"), paragraphs(3, "c")},
		{paragraphs(3, "c"), paragraphs(4, "c")},
		{paragraphs(4, "d"), paragraphs(3, "c")},
		{"a b c\n", "a c d\n"},
		{"Staff review the policy every year.\n", "Staff review the access policy every two years.\n"},
		{new, old},
	}
	// Texts of a hundred-odd words, edited: how their edits are shifted
	// depends on the numbers their tokens get, which count from 1 in
	// every comparison.
	rng := rand.New(rand.NewPCG(3, 4))
	text := func(n int) []string {
		w := make([]string, n)
		for i := range w {
			w[i] = fmt.Sprintf("w%d", rng.IntN(120))
		}
		return w
	}
	for range 200 {
		a := text(60)
		b := append([]string(nil), a...)
		at := rng.IntN(len(b))
		b = append(b[:at], append(text(1+rng.IntN(3)), b[at:]...)...)
		pairs = append(pairs, [2]string{strings.Join(a, " ") + "\n", strings.Join(b, " ") + "\n"})
	}
	var c Comparer
	for round := range 2 {
		for i, p := range pairs {
			if got, want := c.Compare(p[0], p[1]), Compare(p[0], p[1]); !reflect.DeepEqual(got, want) {
				t.Errorf("round %d, pair %d: the kept Comparer gave %+v, Compare %+v", round, i, got, want)
			}
		}
	}
}

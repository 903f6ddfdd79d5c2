package pdf

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestLongWordBreaksKeepEveryCharacterAndWidth: a word far wider than
// the line, in several styles and faces, comes out as lines that hold
// every character once, in order, each no wider than the line, with each
// piece's width the width of its own text.
func TestLongWordBreaksKeepEveryCharacterAndWidth(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{"content/d.md": doc("D-1", "D", "approved", `["5.1(a)"]`, "# D\n")})
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	w := r.newRenderer("t", false).w
	sans := &style{face: w.faces.Sans, size: 10}
	bold := &style{face: w.faces.Bold, size: 12}
	mono := &style{face: w.faces.Mono, size: 9}
	var spans []span
	var want strings.Builder
	for i := range 400 {
		st := []*style{sans, bold, mono}[i%3]
		text := []string{"key/", "ABCDEFGH€", "0123-xyz", "ω"}[i%4]
		spans = append(spans, w.runs(text, st)...)
		want.WriteString(text)
	}
	const max = 40.0
	ls := breakLines(words(spans), max, 1.3, 10)
	if len(ls) < 50 {
		t.Fatalf("%d lines for a word of %d characters", len(ls), want.Len())
	}
	var got strings.Builder
	for i, l := range ls {
		if l.w > max+1e-6 {
			t.Errorf("line %d is %.3f mm wide, more than %.0f", i, l.w, max)
		}
		x := 0.0
		for _, p := range l.parts {
			got.WriteString(p.text)
			if ww := width(p.face, p.st.size, p.text); math.Abs(ww-p.w) > 1e-6 {
				t.Fatalf("line %d: %q measured %.6f, carries %.6f", i, p.text, ww, p.w)
			}
			if math.Abs(p.x-x) > 1e-6 {
				t.Fatalf("line %d: %q placed at %.6f, want %.6f", i, p.text, p.x, x)
			}
			x += p.w
		}
		if math.Abs(l.w-x) > 1e-6 {
			t.Errorf("line %d: width %.6f, parts add up to %.6f", i, l.w, x)
		}
	}
	if got.String() != want.String() {
		t.Errorf("the word changed in breaking:\n got %q\nwant %q", got.String()[:200], want.String()[:200])
	}
}

// TestLongWordInACellLeavesOtherColumnsWhole: when one cell holds a word
// wider than the page, that column is broken to fit and the short column
// beside it keeps its words whole.
func TestLongWordInACellLeavesOtherColumnsWhole(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{"content/d.md": doc("D-1", "D", "approved", `["5.1(a)"]`, "# D\n")})
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	w := r.newRenderer("t", false).w
	st := &style{face: w.faces.Sans, size: 9}
	cell := func(s string) tcell { return tcell{spans: w.runs(s, st)} }
	tb := &table{header: []tcell{cell("name"), cell("value"), cell("owner")},
		rows: [][]tcell{{cell("key"), cell(longRun(700)), cell("Chief Executive Officer")}}}
	const avail = 170.0
	ws := tb.columns(avail)
	total := 0.0
	for _, v := range ws {
		total += v
	}
	if total > avail+1e-6 {
		t.Errorf("columns %v add up to %.1f, more than %.0f", ws, total, avail)
	}
	for i, word := range []string{"name", "Executive"} {
		col := []int{0, 2}[i]
		if need := width(st.face, st.size, word) + 2*cellPadX; ws[col] < need-1e-6 {
			t.Errorf("column %d is %.1f mm, too narrow for %q (%.1f mm): %v", col, ws[col], word, need, ws)
		}
	}
}

// TestLongTableLaidOutAheadAsRowByRow: a table long enough to be
// measured in halves and laid out on another core gets the columns its
// widest row alone would give it, whichever half that row is in, and each
// row laid out as on its own, in order.
func TestLongTableLaidOutAheadAsRowByRow(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{"content/d.md": doc("D-1", "D", "approved", `["5.1(a)"]`, "# D\n")})
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	w := r.newRenderer("t", false).w
	st := &style{face: w.faces.Sans, size: 9, leading: 1.3}
	cell := func(s string) tcell { return tcell{spans: w.runs(s, st)} }
	wide := []tcell{cell("Information security policy owner"), cell("a b"), cell("Chief Executive Officer, board sponsor")}
	for _, at := range []int{0, 3 * pipelineRows / 2, 2*pipelineRows - 1} {
		tb := &table{header: []tcell{cell("a"), cell("b"), cell("c")}, lead: 1.3, size: 9}
		for i := range 2 * pipelineRows {
			row := []tcell{cell(strconv.Itoa(i)), cell("laid out on its own"), cell("y")}
			if i == at {
				row = wide
			}
			tb.rows = append(tb.rows, row)
		}
		// Column 1's widest cell is in every other row; columns 0 and
		// 2's only in the wide row.
		alone := &table{header: tb.header, rows: [][]tcell{wide, tb.rows[(at+1)%len(tb.rows)]}}
		got, want := tb.columns(170), alone.columns(170)
		if !slices.Equal(got, want) {
			t.Errorf("wide row %d: columns %v, want %v as the widest rows alone give", at, got, want)
		}
		lay := tb.layRows(got)
		for i, row := range tb.rows {
			cells, h := lay.next()
			wantCells, wantH := tb.layRow(row, got, new(wordScratch))
			if h != wantH || !reflect.DeepEqual(cells, wantCells) {
				t.Fatalf("row %d laid out ahead is not the row laid out alone", i)
			}
		}
		lay.stop()
	}
}

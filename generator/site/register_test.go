package site

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// TestLargeRegisterShowsFirstRowsAndLoadsTheRest: a register longer than
// registerFirst rows holds its first rows in the page, loads the others
// from a script, and still sorts and filters over every document; without
// JavaScript, register-all.html lists them all.
func TestLargeRegisterShowsFirstRowsAndLoadsTheRest(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are slow")
	}
	const n = 300
	repo := testrepo.Corpus(t, n, n, 1)
	// Two documents the script brings: one whose title is markup, which
	// must stay text, and one never reviewed, whose next review is empty
	// and so sorts first by its data-sort key (by its text, "Not
	// reviewed" or the like, it would sort after every date).
	const evil = `</script><img src=x onerror="window.pwned=1">`
	repo.Commit(testrepo.Commit{Files: map[string]string{
		"content/doc-00250.md": testrepo.Doc(map[string]string{"id": "ISMS-00250", "title": fmt.Sprintf("%q", evil)}, "Body.\n"),
		"content/doc-00260.md": testrepo.Doc(map[string]string{"id": "ISMS-00260", "title": "Never Reviewed", "last_reviewed": ""}, "Body.\n"),
	}})
	m, fs := load(t, repo.Dir, testConfig())
	out := render(t, m, fs)
	reg := m.Register()
	last := reg[len(reg)-1]
	if got := strings.Count(readOut(t, out, "register.html"), "<tr class="); got != registerFirst {
		t.Errorf("register.html holds %d rows, want the first %d", got, registerFirst)
	}
	all := readOut(t, out, registerAllPath)
	if got := strings.Count(all, "<tr class="); got != n {
		t.Errorf("%s holds %d rows, want all %d", registerAllPath, got, n)
	}
	if strings.Contains(all, "data-rows") {
		t.Errorf("%s loads rows from a script; it is the page for readers without JavaScript", registerAllPath)
	}
	body := all[strings.Index(all, "<tbody>"):strings.Index(all, "</tbody>")]
	rowsOf := func(word string) []string {
		var ids []string
		for _, r := range registerCells([]byte(body)) {
			var texts []string
			for _, c := range r.cells {
				texts = append(texts, c.text)
			}
			if strings.Contains(strings.ToLower(strings.Join(texts, "\n")), word) {
				ids = append(ids, r.cells[0].text)
			}
		}
		return ids
	}

	ctx := newBrowser(t)
	rows := `Array.from(document.querySelectorAll('#register-table tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())`
	showAll := `(() => { for (let b; (b = document.querySelector('button.show-more')) && !b.hidden;) b.click(); return true; })()`
	filter := func(s string) {
		t.Helper()
		bval(t, ctx, chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const i = document.getElementById('register-filter'); i.value = %q; i.dispatchEvent(new Event('input')); return true; })()`, s)))
	}
	do(t, ctx, chromedp.Navigate(fileURL(out, "register.html")),
		chromedp.WaitVisible(chromedp.CSS(`#register-table[data-loaded="true"]`)))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != registerFirst || got[0] != reg[0].Meta.ID {
		t.Fatalf("after loading, %d rows shown starting %q; want the first %d from %s", len(got), got[0], registerFirst, reg[0].Meta.ID)
	}
	bval(t, ctx, chromedp.Evaluate[bool](showAll))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != n || got[n-1] != last.Meta.ID {
		t.Errorf("after Show more, %d rows shown; want all %d ending with %s", len(got), n, last.Meta.ID)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("register-filter"), strings.ToLower(last.Meta.ID)))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != 1 || got[0] != last.Meta.ID {
		t.Errorf("filtering on %s shows %q, want that document only (it is not among the first rows)", last.Meta.ID, got)
	}
	// A filter matching rows of the page and of the script shows them all,
	// in the register's order, and counts them.
	want := rowsOf("0029")
	filter("0029")
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); !reflect.DeepEqual(got, want) {
		t.Errorf("filtering on 0029 shows %q, want %q", got, want)
	}
	if got, want := bval(t, ctx, chromedp.Evaluate[string](`document.querySelector('[data-filter-count]').textContent`)), fmt.Sprintf("%d of %d shown", len(want), n); got != want {
		t.Errorf("filter count says %q, want %q", got, want)
	}
	// Markup in a title is text: typing it finds the document, the cell
	// shows it, and nothing of it runs.
	want = rowsOf("onerror")
	filter("onerror")
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(want) != 1 || !reflect.DeepEqual(got, want) {
		t.Errorf("filtering on onerror shows %q, want %q, the document titled %s", got, want, evil)
	}
	if got := bval(t, ctx, chromedp.Evaluate[string](`document.querySelector('#register-table tbody tr').cells[1].textContent`)); got != evil {
		t.Errorf("the title cell shows %q, want %q as text", got, evil)
	}
	if got := bval(t, ctx, chromedp.Evaluate[bool](`window.pwned === undefined && !document.querySelector('#register-table img')`)); !got {
		t.Errorf("the title %s became markup in the register", evil)
	}
	filter("")
	header := chromedp.CSS(`#register-table thead th:nth-child(1) button`)
	do(t, ctx, chromedp.Click(header), chromedp.Click(header))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != registerFirst || got[0] != last.Meta.ID {
		t.Errorf("sorted by ID descending, the first of %d rows is %q, want %s from the loaded rows", len(got), got[0], last.Meta.ID)
	}
	// Sorted by next review, by its data-sort key, every row is there once,
	// the never reviewed document (empty key) first.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#register-table thead th:nth-child(12) button`)))
	bval(t, ctx, chromedp.Evaluate[bool](showAll))
	got := bval(t, ctx, chromedp.Evaluate[[]string](rows))
	if len(got) == 0 || got[0] != "ISMS-00260" {
		t.Errorf("sorted by next review, the first row is %q, want ISMS-00260, which has no next review", got[:min(1, len(got))])
	}
	seen := map[string]bool{}
	for _, id := range got {
		seen[id] = true
	}
	if len(got) != n || len(seen) != n {
		t.Errorf("sorted by next review and all shown, %d rows (%d documents), want each of %d once", len(got), len(seen), n)
	}
	keys := bval(t, ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#register-table tbody tr')).map(r => r.cells[11].getAttribute('data-sort'))`))
	for i := 1; i < len(keys); i++ {
		if keys[i-1] > keys[i] {
			t.Errorf("sorted by next review, row %d's key %q comes before row %d's %q", i, keys[i-1], i+1, keys[i])
			break
		}
	}
}

// TestRegisterCellsReadAsTheBrowserReads: the texts and keys that
// register-rows.js carries for sorting and filtering are those Chromium
// finds in the rows' cells, for every row of a register.
func TestRegisterCellsReadAsTheBrowserReads(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are slow")
	}
	m, fs := fixture(t)
	out := render(t, m, fs)
	page := readOut(t, out, "register.html")
	body := page[strings.Index(page, "<tbody>"):strings.Index(page, "</tbody>")]
	var want [][]string
	for _, r := range registerCells([]byte(body)) {
		var cells []string
		for _, c := range r.cells {
			cells = append(cells, c.text, fmt.Sprint(c.sorted), c.key)
		}
		want = append(want, cells)
	}
	ctx := newBrowser(t)
	do(t, ctx, chromedp.Navigate(fileURL(out, "register.html")))
	got := bval(t, ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll('#register-table tbody tr')).map(r =>
		Array.from(r.cells).flatMap(c => [c.textContent.trim(), String(c.hasAttribute('data-sort')), c.getAttribute('data-sort') || '']))`))
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("the browser reads the register's cells as\n%q\nregisterCells as\n%q", got, want)
	}
}

// TestRegisterCellsOfHandWrittenRows: a theme's rows may hold entities,
// markup inside cells, th cells, spaces JavaScript's trim removes, tables
// inside cells, comments and rows and cells left open; each row's HTML is
// kept as written.
func TestRegisterCellsOfHandWrittenRows(t *testing.T) {
	row1 := "<tr class=\"a\">\n<th scope=\"row\"> A&amp;B </th><td data-sort=\"k&lt;1\"><span>x</span> <b>y</b>\u00a0</td><td>" +
		"<table><tr><td>in</td></tr></table>out</td>\n</tr>"
	row2 := "<TR><td>&#60;script&#62;</td><td data-sort=\"\">\u2003z\u3000</td></TR>"
	row3, row4 := "<tr><td>open<td>cells<!-- no -->\n", "<tr><td>last</td></tr>"
	src := "\n" + row1 + "\n" + row2 + "\n" + row3 + row4 + "\n"
	got := registerCells([]byte(src))
	want := []registerRow{
		{html: row1, cells: []registerCell{{text: "A&B"}, {text: "x y", key: "k<1", sorted: true}, {text: "inout"}}},
		{html: row2, cells: []registerCell{{text: "<script>"}, {text: "z", sorted: true}}},
		{html: row3, cells: []registerCell{{text: "open"}, {text: "cells"}}},
		{html: row4, cells: []registerCell{{text: "last"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("registerCells(%q) =\n%+v\nwant\n%+v", src, got, want)
	}
}

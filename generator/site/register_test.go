package site

import (
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
	m, fs := load(t, testrepo.Corpus(t, n, n, 1).Dir, testConfig())
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

	ctx := newBrowser(t)
	rows := `Array.from(document.querySelectorAll('#register-table tbody tr')).filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())`
	do(t, ctx, chromedp.Navigate(fileURL(out, "register.html")),
		chromedp.WaitVisible(chromedp.CSS(`#register-table[data-loaded="true"]`)))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != registerFirst || got[0] != reg[0].Meta.ID {
		t.Fatalf("after loading, %d rows shown starting %q; want the first %d from %s", len(got), got[0], registerFirst, reg[0].Meta.ID)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`button.show-more`)))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != n || got[n-1] != last.Meta.ID {
		t.Errorf("after Show more, %d rows shown; want all %d ending with %s", len(got), n, last.Meta.ID)
	}
	do(t, ctx, chromedp.SendKeys(chromedp.ID("register-filter"), strings.ToLower(last.Meta.ID)))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != 1 || got[0] != last.Meta.ID {
		t.Errorf("filtering on %s shows %q, want that document only (it is not among the first rows)", last.Meta.ID, got)
	}
	bval(t, ctx, chromedp.Evaluate[bool](`(() => { const i = document.getElementById('register-filter'); i.value = ''; i.dispatchEvent(new Event('input')); return true; })()`))
	header := chromedp.CSS(`#register-table thead th:nth-child(1) button`)
	do(t, ctx, chromedp.Click(header), chromedp.Click(header))
	if got := bval(t, ctx, chromedp.Evaluate[[]string](rows)); len(got) != registerFirst || got[0] != last.Meta.ID {
		t.Errorf("sorted by ID descending, the first of %d rows is %q, want %s from the loaded rows", len(got), got[0], last.Meta.ID)
	}
}

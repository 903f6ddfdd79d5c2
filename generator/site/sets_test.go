package site

import (
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// soaRepo has clause 5.1 and Annex A in use and a Statement of
// Applicability deciding four controls: one applied and evidenced, one
// applied with no evidence, one excluded, one excluded without a reason.
func soaRepo(t *testing.T) string {
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "Add", When: testStart, Files: map[string]string{
		"content/policies/access.md": approved("POL-001", "Access Control Policy", "1.0", `["5.1(a)", "8.5"]`, "# Access Control Policy\n\nText.\n"),
		"content/registers/soa.md": approved("REG-001", "Statement of Applicability", "1.0", `[]`,
			"# Statement of Applicability\n\n| Control | Applicable | Justification | Status |\n|---|---|---|---|\n"+
				"| A.8.5 | Yes | Accounts are a risk | Implemented |\n| A.8.13 | Yes | Data loss | Planned |\n"+
				"| 7.1 | No | We have no premises | |\n| A.7.2 | No | | |\n"),
	}})
	return r.Dir
}

func TestSoAPageShowsEachControlsDecision(t *testing.T) {
	t.Parallel()
	cfg := mapConfig(t, "frameworks: [iso27001-2022-5.1, iso27001-2022-annex-a]\ntables:\n  soa: {file: registers/soa.md, columns: [Control, Applicable]}\nsoa: {table: soa}\n")
	m, fs := load(t, soaRepo(t), cfg)
	out := render(t, m, fs)
	page := readOut(t, out, "soa.html")
	row := func(id string) string {
		_, rest, ok := strings.Cut(page, ">"+id+"</a></th>")
		if !ok {
			t.Fatalf("soa.html has no row for %s", id)
		}
		r, _, _ := strings.Cut(rest, "</tr>")
		return r
	}
	for id, want := range map[string][]string{
		"A.8.5":  {"Yes", "Accounts are a risk", "Implemented", "POL-001"},
		"A.8.13": {"Yes", "No evidence in good standing"},
		"A.7.1":  {"No (excluded)", "We have no premises"},
		"A.7.2":  {"No (excluded)", "No justification"},
		"A.5.1":  {"Undecided: no row"},
	} {
		r := row(id)
		for _, w := range want {
			if !strings.Contains(r, w) {
				t.Errorf("soa.html row %s lacks %q:\n%s", id, w, r)
			}
		}
	}
	if !strings.Contains(page, `<span class="tally-n">2</span> applicable`) || !strings.Contains(page, `<span class="tally-n">89</span> undecided`) {
		t.Errorf("soa.html tallies are not 2 applicable and 89 undecided")
	}
	idx := readOut(t, out, "index.html")
	for _, w := range []string{`href="sets/iso27001-2022-annex-a.html"`, `href="soa.html"`, "93</td>"} {
		if !strings.Contains(idx, w) {
			t.Errorf("the dashboard lacks %s", w)
		}
	}
	matrix, _, _ := strings.Cut(idx[strings.Index(idx, `id="coverage-h"`):], "</table>")
	if strings.Contains(matrix, "A.5.1") || !strings.Contains(matrix, "5.1(h)") {
		t.Error("the dashboard's matrix shows Annex A's controls; it is clause 5.1's")
	}
	set := readOut(t, out, "sets/iso27001-2022-annex-a.html")
	for _, w := range []string{"A.5 Organisational controls", "A.8 Technological controls", "Statement of Applicability", `href="../req/A.8.5.html"`} {
		if !strings.Contains(set, w) {
			t.Errorf("the Annex A page lacks %q", w)
		}
	}
}

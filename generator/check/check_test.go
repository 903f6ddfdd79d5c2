package check_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

func TestRuleIDsAreStableKebabCaseAndDocumented(t *testing.T) {
	t.Parallel()
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z]+)*$`)
	seen := map[string]bool{}
	for _, r := range check.Rules() {
		if !kebab.MatchString(r.ID) || seen[r.ID] {
			t.Errorf("rule ID %q is not unique kebab-case", r.ID)
		}
		seen[r.ID] = true
		if r.Doc == "" || !strings.HasSuffix(r.Doc, ".") || r.Run == nil {
			t.Errorf("%s: needs a one-sentence doc and a run func", r.ID)
		}
	}
}

// TestRulesDocHasASectionPerRule keeps docs/rules.md and the registry in
// step: every finding's URL points at docs/rules.md#<rule-id>, so each
// rule needs a "## <rule-id>" heading (GitHub's anchor for it is the ID),
// and a heading for a rule that no longer exists is a dead end.
func TestRulesDocHasASectionPerRule(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^## ([a-z-]+)\s*$`).FindAllStringSubmatch(string(data), -1) {
		headings[m[1]] = true
	}
	for _, r := range check.Rules() {
		if !headings[r.ID] {
			t.Errorf("docs/rules.md has no section \"## %s\"", r.ID)
		}
		delete(headings, r.ID)
	}
	for h := range headings {
		t.Errorf("docs/rules.md documents %s, which is not a rule", h)
	}
	if !strings.HasSuffix(check.DocsURL, "docs/rules.md#") {
		t.Errorf("DocsURL %s does not point at docs/rules.md", check.DocsURL)
	}
}

// TestRunAppliesSeverityAndSuppression runs the real rules over a small
// repository: config turns one rule's severity up and another off, and a
// document accepts one finding with a reason. The accepted finding is
// still returned, marked, and neither counts nor fails the build.
func TestRunAppliesSeverityAndSuppression(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"ismspack.yaml": "severity:\n  raw-html: error\n  coverage-gap: off\n  evidence-missing: off\n",
		"content/a.md": testrepo.Doc(map[string]string{"last_reviewed": "2025-01-05",
			"ismspack-ignore": `{review-overdue: "moved to the July board"}`}, "Press <blink>Ctrl</blink>.\n"),
	}})
	_, fs := checkRepo(t, r.Dir, nil, date("2026-06-01"))
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule+"/"+f.Severity.String())
		switch f.Rule {
		case "review-overdue":
			if !f.Suppressed || f.Reason != "moved to the July board" {
				t.Errorf("review-overdue not accepted: %+v", f)
			}
		case "raw-html":
			if f.Suppressed || f.URL != check.DocsURL+"raw-html" || f.DocID != "ISMS-POL-001" {
				t.Errorf("raw-html: %+v", f)
			}
		}
	}
	if strings.Join(got, " ") != "review-overdue/error raw-html/error" {
		t.Errorf("findings %v: want review-overdue (accepted) and raw-html raised to error, coverage-gap off", got)
	}
	n := check.Count(fs)
	if n[check.Error] != 1 {
		t.Errorf("counted %d errors, want 1: accepted findings do not count", n[check.Error])
	}
}

// TestFailsIsTheFailOnThreshold is what --fail-on error|warning|never
// decides with: never is a threshold above every severity.
func TestFailsIsTheFailOnThreshold(t *testing.T) {
	t.Parallel()
	warn := check.Finding{Rule: "review-due-soon", Severity: check.Warning}
	errAccepted := check.Finding{Rule: "review-overdue", Severity: check.Error, Suppressed: true, Reason: "agreed"}
	note := check.Finding{Rule: "x", Severity: check.Info}
	never := check.Error + 1
	for _, c := range []struct {
		fs        []check.Finding
		threshold check.Severity
		want      bool
	}{
		{[]check.Finding{warn}, check.Error, false},
		{[]check.Finding{warn}, check.Warning, true},
		{[]check.Finding{warn, note}, never, false},
		{[]check.Finding{errAccepted}, check.Warning, false},
		{[]check.Finding{errAccepted, {Severity: check.Error}}, check.Error, true},
		{[]check.Finding{note}, check.Warning, false},
		{nil, check.Info, false},
	} {
		if got := check.Fails(c.fs, c.threshold); got != c.want {
			t.Errorf("Fails(%v, %s) = %v, want %v", c.fs, c.threshold, got, c.want)
		}
	}
	for in, want := range map[string]check.Severity{"error": check.Error, "WARN": check.Warning, "note": check.Info} {
		if got, ok := check.ParseSeverity(in); !ok || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := check.ParseSeverity("fatal"); ok {
		t.Error("ParseSeverity accepted fatal")
	}
}

// TestSortIsStable orders findings by place, rule and message, and keeps
// findings that tie on all of those in the order the rules reported them
// (two documents' findings can tie when both are reported at the config
// file). Enough ties are given that an unstable sort would mix them.
func TestSortIsStable(t *testing.T) {
	t.Parallel()
	fs := []check.Finding{
		{Path: "b.md", Line: 1, Col: 1, Rule: "a"},
		{Path: "a.md", Line: 2, Col: 1, Rule: "b"},
		{Path: "a.md", Line: 2, Col: 1, Rule: "a", Message: "y"},
		{Path: "a.md", Line: 2, Col: 1, Rule: "a", Message: "x"},
		{Path: "a.md", Line: 1, Col: 9, Rule: "z"},
	}
	const ties = 40
	for i := range ties {
		// Interleave the ties with findings that sort before and after them.
		fs = append(fs, check.Finding{Path: "t.md", Rule: "r", Message: "m", DocID: fmt.Sprint(i)},
			check.Finding{Path: fmt.Sprintf("s%02d.md", i)}, check.Finding{Path: fmt.Sprintf("u%02d.md", i)})
	}
	check.Sort(fs)
	var got []string
	for _, f := range fs[:5] {
		got = append(got, f.Location()+" "+f.Rule+" "+f.Message)
	}
	want := "a.md:1:9 z |a.md:2:1 a x|a.md:2:1 a y|a.md:2:1 b |b.md:1:1 a "
	if strings.Join(got, "|") != want {
		t.Errorf("order %q, want %q", strings.Join(got, "|"), want)
	}
	var tied []string
	for _, f := range fs {
		if f.Path == "t.md" {
			tied = append(tied, f.DocID)
		}
	}
	for i, id := range tied {
		if id != fmt.Sprint(i) {
			t.Fatalf("tied findings reordered: %v", tied)
		}
	}
	if len(tied) != ties {
		t.Errorf("%d tied findings, want %d", len(tied), ties)
	}
}

// TestCoverageFindingsNameTheirRequirement lets renderers link a gap to the
// requirement's page without reading the message.
func TestCoverageFindingsNameTheirRequirement(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"requirements": `["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)"]`}, "# A\n"),
	}})
	_, fs := checkRepo(t, r.Dir, nil, date("2026-06-01"))
	var gaps []string
	for _, f := range fs {
		if f.Rule == "coverage-gap" {
			gaps = append(gaps, f.Requirement)
		}
	}
	if strings.Join(gaps, ",") != "5.1(h)" {
		t.Errorf("coverage gaps name %v, want [5.1(h)]", gaps)
	}
}

// TestCoverageFindingsHaveAHomeToOpen files a gap that documents list at
// the first one's requirements field, and a gap none lists at the
// repository root; a document cannot accept a gap about the whole ISMS.
func TestCoverageFindingsHaveAHomeToOpen(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"ismspack.yaml": "roles: [Chief Executive Officer]\n",
		"content/a.md":  testrepo.Doc(map[string]string{"requirements": `["5.1(a)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)"]`}, "# A\n"),
		"content/b.md": testrepo.Doc(map[string]string{"id": "B", "status": "draft", "requirements": `["5.1(b)"]`,
			"ismspack-ignore": `{coverage-gap: "we know"}`}, "# B\n"),
	}})
	_, fs := checkRepo(t, r.Dir, nil, date("2026-06-01"))
	got := map[string]check.Finding{}
	for _, f := range fs {
		if f.Rule == "coverage-gap" {
			got[f.Requirement] = f
		}
	}
	if f := got["5.1(b)"]; f.Location() != "content/b.md:12:15" || f.Suppressed || f.DocID != "" {
		t.Errorf("gap listed by b.md: %s suppressed=%v doc=%q, want content/b.md:12:15 (its requirements), not accepted, about no document",
			f.Location(), f.Suppressed, f.DocID)
	}
	if f := got["5.1(h)"]; f.Location() != check.RootPath {
		t.Errorf("gap no document lists: at %q, want the repository root", f.Location())
	}
	if len(got) != 2 {
		t.Errorf("gaps %v, want 5.1(b) and 5.1(h)", got)
	}
}

// TestLocationLeavesOutWhatIsUnknown: path:line:col, path:line without a
// column, the path alone without a line, whatever the path's length.
func TestLocationLeavesOutWhatIsUnknown(t *testing.T) {
	t.Parallel()
	long := "content/" + strings.Repeat("deep/", 30) + "a.md"
	for _, c := range []struct {
		f    check.Finding
		want string
	}{
		{check.Finding{Path: "content/a.md", Line: 12, Col: 15}, "content/a.md:12:15"},
		{check.Finding{Path: "content/a.md", Line: 12}, "content/a.md:12"},
		{check.Finding{Path: "content/a.md", Line: 1, Col: 1}, "content/a.md:1:1"},
		{check.Finding{Path: "content/a.md", Col: 15}, "content/a.md"},
		{check.Finding{Path: "."}, "."},
		{check.Finding{Path: long, Line: 1234567, Col: 89}, long + ":1234567:89"},
	} {
		if got := c.f.Location(); got != c.want {
			t.Errorf("Location of %+v = %q, want %q", c.f, got, c.want)
		}
	}
}

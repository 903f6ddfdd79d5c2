package site

import (
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

func TestHistoryShowsARedlineOfEachRevision(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	var filler strings.Builder
	for i := range 30 {
		filler.WriteString("Paragraph " + string(rune('A'+i%26)) + " stays as it was.\n\n")
	}
	v1 := "# Plan\n\n" + filler.String() + "Staff review the policy every year.\n"
	v2 := "# Plan\n\n" + filler.String() + "Staff review the access policy every two years.\n"
	for i, c := range []struct{ v, body string }{{"1.0", v1}, {"1.1", v2}, {"1.2", v2}} {
		r.Commit(testrepo.Commit{Message: "Version " + c.v, When: testStart.AddDate(0, 0, i), Files: map[string]string{
			"content/plan.md": approved("PLN-1", "Plan", c.v, `["5.1(c)"]`, c.body),
		}})
	}
	m, fs := load(t, r.Dir, testConfig())
	out := render(t, m, fs)
	d := m.Doc("content/plan.md")
	hist := readOut(t, out, "docs/plan.history.html")

	changed := section(t, hist, "r-"+d.History[1].Commit.Short())
	for _, want := range []string{
		"Changes from version 1.0",
		"3 words inserted, 1 word deleted",
		`<ins><span class="visually-hidden">[inserted: </span>access <span class="visually-hidden">]</span></ins>`,
		`<del><span class="visually-hidden">[deleted: </span>year<span class="visually-hidden">]</span></del>`,
		`<ins><span class="visually-hidden">[inserted: </span>two years<span class="visually-hidden">]</span></ins>`,
		"… 60 unchanged lines …", // the title, 30 paragraphs and their blank lines, less 2 of context
	} {
		if !strings.Contains(changed, want) {
			t.Errorf("the revision that changed the text lacks %q:\n%s", want, redlineOf(changed))
		}
	}
	if strings.Contains(redlineOf(changed), "Paragraph B") {
		t.Errorf("the redline shows the whole text, not the passage that changed:\n%s", redlineOf(changed))
	}
	if meta := section(t, hist, "r-"+d.History[0].Commit.Short()); !strings.Contains(meta, "The text did not change: this commit changed only the front matter.") {
		t.Errorf("a front-matter-only commit does not say so:\n%s", redlineOf(meta))
	}
	if first := section(t, hist, "r-"+d.History[2].Commit.Short()); strings.Contains(first, `class="redline"`) {
		t.Errorf("the first revision has a redline:\n%s", redlineOf(first))
	}
}

// redlineOf is the redline part of a history section.
func redlineOf(sec string) string {
	i := strings.Index(sec, `<div class="redline"`)
	if i < 0 {
		return "(no redline)"
	}
	if j := strings.Index(sec[i:], "<article"); j >= 0 {
		return sec[i : i+j]
	}
	return sec[i:]
}

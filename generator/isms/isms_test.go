package isms_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

func load(t *testing.T, r *testrepo.Repo, asOf time.Time) *isms.Model {
	t.Helper()
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, err := repo.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := repo.Read("HEAD", c, source.Markdown("content"))
	if err != nil {
		t.Fatal(err)
	}
	sets, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	m, err := isms.Load(snap, config.Default(), sets, asOf)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCoverageStates(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/good.md":  testrepo.Doc(map[string]string{"id": "A", "requirements": `["5.1a"]`, "evidence": "[security-policy, security-objectives]"}, "# A\n"),
		"content/draft.md": testrepo.Doc(map[string]string{"id": "B", "status": "draft", "requirements": `["5.1(b)"]`}, "# B\n"),
		"content/stale.md": testrepo.Doc(map[string]string{"id": "C", "last_reviewed": "2024-01-01", "requirements": `["5.1(b)", "5.1(c)"]`}, "# C\n"),
		"content/half.md": testrepo.Doc(map[string]string{"id": "E", "requirements": `["5.1(e)"]`,
			"evidence": "[management-review-minutes, internal-audit-reports, corrective-action-log]"}, "# E\n"),
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	// 5.1(e) has a document in good standing, but one of the four
	// pieces of evidence it expects is missing: amber, not green.
	want := map[string]string{"5.1(a)": "green", "5.1(b)": "amber", "5.1(c)": "amber", "5.1(d)": "red", "5.1(e)": "amber"}
	got := map[string]string{}
	for _, c := range m.Coverage {
		got[c.Item.ID] = c.State()
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s is %q, want %s", id, got[id], w)
		}
	}
	for _, c := range m.Coverage {
		if c.Item.ID != "5.1(e)" {
			continue
		}
		var lacking []string
		for _, e := range c.Lacking() {
			lacking = append(lacking, e.Key+":"+string(e.State))
		}
		if fmt.Sprint(lacking) != "[objective-results:missing]" {
			t.Errorf("5.1(e) lacks %v, want only objective-results missing", lacking)
		}
	}
}

// TestShortfallsSayWhyADocumentIsNotEvidence pins the reasons the
// coverage-gap finding and the requirement pages both give, and that a
// document without any is exactly one in good standing.
func TestShortfallsSayWhyADocumentIsNotEvidence(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/good.md":    testrepo.Doc(map[string]string{"id": "A"}, "# A\n"),
		"content/draft.md":   testrepo.Doc(map[string]string{"id": "B", "status": "draft", "owner": ""}, "# B\n"),
		"content/nostat.md":  testrepo.Doc(map[string]string{"id": "C", "status": ""}, "# C\n"),
		"content/overdue.md": testrepo.Doc(map[string]string{"id": "D", "last_reviewed": "2024-01-01"}, "# D\n"),
		"content/undated.md": testrepo.Doc(map[string]string{"id": "E", "last_reviewed": ""}, "# E\n"),
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	for p, want := range map[string]string{
		"content/good.md":    "",
		"content/draft.md":   "status draft, not approved; no owner",
		"content/nostat.md":  "no status, so not approved",
		"content/overdue.md": "review overdue since 2025-01-01",
		"content/undated.md": "no readable last_reviewed date",
	} {
		d := m.Doc(p)
		if d == nil {
			t.Fatalf("%s not loaded", p)
		}
		got := strings.Join(m.Shortfalls(d), "; ")
		if got != want {
			t.Errorf("%s: shortfalls %q, want %q", p, got, want)
		}
		if m.InGoodStanding(d) != (want == "") {
			t.Errorf("%s: in good standing %v with shortfalls %q", p, m.InGoodStanding(d), got)
		}
	}
}

func TestReviewStatesFollowIntervalAndWindow(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"last_reviewed": "2025-06-01", "review_interval": "6 months"}, "# A\n"),
	}})
	for asOf, want := range map[string]isms.ReviewState{
		"2025-10-01": isms.InDate, "2025-11-15": isms.DueSoon, "2025-12-01": isms.DueSoon, "2025-12-02": isms.Overdue,
	} {
		d, _ := time.Parse("2006-01-02", asOf)
		m := load(t, r, d)
		if got := m.ReviewState(m.Docs[0]); got != want {
			t.Errorf("as of %s: %s, want %s (next review %s)", asOf, got, want, m.Docs[0].NextReview.Format("2006-01-02"))
		}
	}
}

func TestBacklinksAndBodyChanges(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{
			"content/a.md":     testrepo.Doc(map[string]string{"id": "A"}, "# A\n\nSee [b](sub/b.md).\n"),
			"content/sub/b.md": testrepo.Doc(map[string]string{"id": "B"}, "# B\n"),
		}, Message: "add"},
		testrepo.Commit{Files: map[string]string{"content/sub/b.md": testrepo.Doc(map[string]string{"id": "B", "owner": "Head of IT"}, "# B\n")}, Message: "new owner"},
		testrepo.Commit{Files: map[string]string{"content/sub/b.md": testrepo.Doc(map[string]string{"id": "B", "owner": "Head of IT", "version": "1.1"}, "# B\n\nMore.\n")}, Message: "more text"},
	)
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	b := m.Doc("content/sub/b.md")
	if len(b.Backlinks) != 1 || b.Backlinks[0].Meta.ID != "A" {
		t.Errorf("backlinks of b = %v, want a", b.Backlinks)
	}
	if len(b.History) != 3 || !b.History[0].BodyChanged || b.History[1].BodyChanged {
		t.Fatalf("history = %+v, want the owner change marked metadata-only", b.History)
	}
	if got := b.LastBodyChange(); got == nil || got.Commit.Subject != "more text" {
		t.Errorf("last body change = %v", got)
	}
	if b.History[0].Version != "1.1" || b.History[1].Meta().Owner != "Head of IT" {
		t.Errorf("revision versions/meta wrong: %q %q", b.History[0].Version, b.History[1].Meta().Owner)
	}
	if a := m.Doc("content/a.md"); a.LastBodyChange() != nil {
		t.Error("the commit that added a document counted as an edit")
	}
}

package showcase_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/isms"
)

func TestShowcaseIsTheSameEveryTime(t *testing.T) {
	a, err := showcase.Write(filepath.Join(t.TempDir(), "a"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := showcase.Write(filepath.Join(t.TempDir(), "b"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Fatalf("two writes made different commits:\n%v\n%v", a, b)
	}
}

func TestShowcaseShowsWhoApproved(t *testing.T) {
	dir := t.TempDir()
	if _, err := showcase.Write(dir); err != nil {
		t.Fatal(err)
	}
	m, err := isms.Open(isms.Options{Dir: dir, AsOf: showcase.AsOf})
	if err != nil {
		t.Fatal(err)
	}
	pol := m.Doc("content/policies/information-security-policy.md")
	var got []string
	for _, a := range pol.Approvals {
		got = append(got, a.Version+" "+a.Person()+" "+a.Signature.Kind+" "+string(a.Signature.State))
	}
	want := []string{"2.0 Alice Hart  unsigned", "1.1 Alice Hart OpenPGP verified", "1.0 Alice Hart SSH verified"}
	if !slices.Equal(got, want) {
		t.Errorf("policy approvals:\n got %q\nwant %q", got, want)
	}
	comm := m.Doc("content/plans/communication-plan.md").Approval()
	if comm == nil || comm.Author != showcase.Ben.Name || comm.Signature.Signer != showcase.Alice.Name || comm.Person() != showcase.Alice.Name {
		t.Errorf("the communication plan, committed by Ben and signed by Alice, is approved by %+v", comm)
	}
	// Ben wrote the March minutes and Alice committed them: the approver
	// shown is Alice, who holds the role approved_by names.
	mrm := m.Doc("content/records/minutes/2026-03-management-review.md").Approval()
	if mrm == nil || mrm.Author != showcase.Ben.Name || mrm.Person() != showcase.Alice.Name {
		t.Errorf("the March minutes, written by Ben and committed by Alice, are approved by %+v", mrm)
	}

	rules := map[string][]string{}
	for _, f := range check.Run(m, check.Rules()) {
		rules[f.Rule] = append(rules[f.Rule], f.Path)
	}
	ac := "content/policies/access-control-policy.md"
	for rule, paths := range map[string][]string{
		"approval-unverified":     {ac},
		"approver-not-leadership": {ac},
		"review-overdue":          {"content/plans/resource-plan.md"},
		"action-overdue":          {"content/records/corrective-actions.csv"},
		// amber items: the resource plan's overdue review makes 5.1(c)'s
		// evidence stale, and the showcase has no competency matrix,
		// delegation decision or improvement policy
		"evidence-missing": {"content/plans/resource-plan.md", "content/policies/roles-and-responsibilities.md",
			"content/policies/roles-and-responsibilities.md", "content/records/audits/2026-internal-audit.md"},
	} {
		if !slices.Equal(rules[rule], paths) {
			t.Errorf("%s reported at %v, want %v", rule, rules[rule], paths)
		}
	}
	for rule := range rules {
		switch rule {
		case "approval-unverified", "approver-not-leadership", "review-overdue", "coverage-gap", "action-overdue", "evidence-missing":
		default:
			t.Errorf("unexpected %s findings at %v: the showcase should show only its planted problems", rule, rules[rule])
		}
	}
}

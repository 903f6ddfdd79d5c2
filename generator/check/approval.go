package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// approvalRules judge the approval commit of a document's current version
// against the people register: who made it, and what its signature
// proves. Without a people register they say nothing, so adopting
// ismspack needs no register on the first day.
func approvalRules() []*Rule {
	return []*Rule{
		{ID: "approval-unverified", Doc: "The commit that approved the current version was not made or signed by a holder of the role approved_by names (needs a people register).", Severity: Error, Run: approvalUnverified},
		{ID: "signature-invalid", Doc: "The approval commit's signature does not verify against the people register's keys.", Severity: Error, Run: signatureInvalid},
	}
}

// who describes the people behind an approval commit for a message:
// "Bob Example <bob@example.com>", with the committer when it differs.
func who(a *isms.Approval) string {
	name := func(reg, raw, email string) string {
		if reg != "" {
			return reg + " <" + email + ">"
		}
		return raw + " <" + email + "> (not in the people register)"
	}
	s := "authored by " + name(a.Author, a.Commit.Author, a.Commit.Email)
	if !strings.EqualFold(a.Commit.Email, a.Commit.CommitterEmail) {
		s += ", committed by " + name(a.Committer, a.Commit.Committer, a.Commit.CommitterEmail)
	}
	return s + ", " + a.Signature.Label()
}

func commitRef(a *isms.Approval) string {
	return fmt.Sprintf("%s (%s, %q)", a.Commit.Short(), a.Commit.When.Format("2006-01-02"), a.Commit.Subject)
}

func approvalUnverified(p *Pass) {
	m, d := p.Model, p.Doc
	a := d.Approval()
	if !m.PeopleRegister() || a == nil || d.Meta.ApprovedBy == "" {
		return
	}
	claimed := d.Meta.ApprovedBy
	holders := m.Config.Holders(claimed)
	if len(holders) == 0 {
		p.Report(fieldPos(d, "approved_by"), "approved_by names %q, whom no one in the people register holds, so the approval commit %s cannot be checked: add the holder to people in %s, or correct approved_by",
			claimed, commitRef(a), configName(p))
		return
	}
	for _, h := range holders {
		if slices.Contains(a.People(), h) {
			return
		}
	}
	p.Report(fieldPos(d, "approved_by"), "approved_by names %q (held by %s), but the approval commit %s was %s: have %s make or sign the approval commit, or correct approved_by",
		claimed, strings.Join(holders, ", "), commitRef(a), who(a), strings.Join(holders, " or "))
}

func signatureInvalid(p *Pass) {
	m, d := p.Model, p.Doc
	a := d.Approval()
	if !m.PeopleRegister() || !m.HasKeys() || a == nil {
		return
	}
	switch a.Signature.State {
	case isms.Invalid:
		p.Report(approvalPos(d), "the approval commit %s carries an %s signature that does not verify: %s; approve the version again in a new signed commit",
			commitRef(a), a.Signature.Kind, a.Signature.Reason)
	case isms.UnknownKey:
		p.Report(approvalPos(d), "the approval commit %s is signed, but %s: add the key to its holder's keys in %s, or approve again in a commit signed with a registered key",
			commitRef(a), a.Signature.Reason, configName(p))
	}
}

// approvalPos is where a finding about the approval commit points: the
// approved_on line, which that commit set.
func approvalPos(d *isms.Doc) document.Pos {
	return fieldPos(d, "approved_on")
}

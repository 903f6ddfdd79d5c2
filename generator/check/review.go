package check

import (
	"strings"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// reviewRules judge a document's approval and review: who, when, and
// whether the text changed since.
func reviewRules() []*Rule {
	return []*Rule{
		{ID: "review-overdue", Doc: "The last review plus the review interval is before the as-of date.", Severity: Error, Run: reviewOverdue},
		{ID: "review-due-soon", Doc: "The next review falls within the due-soon window.", Severity: Warning, Run: reviewDueSoon},
		{ID: "approval-missing", Doc: "An approved document lacks approved_by or approved_on.", Severity: Error, Run: approvalMissing},
		{ID: "approval-stale", Doc: "The approval predates the last commit that changed the body.", Severity: Error, Run: approvalStale},
		{ID: "review-stale", Doc: "last_reviewed predates the last commit that changed the body.", Severity: Warning, Run: reviewStale},
		{ID: "approver-not-leadership", Doc: "A document evidencing clause 5.1 is approved by someone outside the leadership roles.", Severity: Error, Run: approverNotLeadership},
		{ID: "owner-unknown", Doc: "The owner is not in the roles register.", Severity: Warning, Run: ownerUnknown},
	}
}

func reviewOverdue(p *Pass) {
	d := p.Doc
	if p.Model.ReviewState(d) == isms.Overdue {
		p.Report(fieldPos(d, "last_reviewed"), "review overdue: last reviewed %s, due every %s, so due %s; review it and update last_reviewed",
			d.Meta.LastReviewed, d.Interval, d.NextReview.Format("2006-01-02"))
	}
}

func reviewDueSoon(p *Pass) {
	d := p.Doc
	if p.Model.ReviewState(d) == isms.DueSoon {
		p.Report(fieldPos(d, "last_reviewed"), "review due %s (within %s)", d.NextReview.Format("2006-01-02"), p.Model.Config.Review.DueSoon)
	}
}

func approvalMissing(p *Pass) {
	d := p.Doc
	if d.Meta.Status != document.Approved {
		return
	}
	for _, name := range []string{"approved_by", "approved_on"} {
		if !d.Meta.Has(name) {
			p.Report(fieldPos(d, "status"), "status is approved but %s is missing: record who approved it and when", name)
		}
	}
}

func approvalStale(p *Pass) {
	d := p.Doc
	if d.Meta.Status != document.Approved || d.Meta.ApprovedOn.IsZero() {
		return
	}
	if row, ok := declaredChange(d, "approved_on"); ok {
		if r := row.changed; r != nil {
			p.Report(fieldPos(d, "approved_on"), "approved on %s by revision history %s, added in %s, but the body changed after that in %s (%s, %s): have the change approved and add a row for it",
				d.Meta.ApprovedOn, row.Label(), row.added, r.Commit.Short(), r.Commit.When.Format("2006-01-02"), r.Commit.Subject)
		}
		return
	}
	if r := d.LastBodyChange(); r != nil && before(d.Meta.ApprovedOn, r) {
		p.Report(fieldPos(d, "approved_on"), "approved on %s, but the body changed after that in %s (%s, %s): have the change approved and update approved_on",
			d.Meta.ApprovedOn, r.Commit.Short(), r.Commit.When.Format("2006-01-02"), r.Commit.Subject)
	}
}

func reviewStale(p *Pass) {
	d := p.Doc
	if d.Meta.LastReviewed.IsZero() || d.Record {
		return
	}
	if row, ok := declaredChange(d, "last_reviewed"); ok {
		if r := row.changed; r != nil {
			p.Report(fieldPos(d, "last_reviewed"), "last reviewed %s by revision history %s, added in %s, but the body changed after that in %s (%s, %s): review the text as it is now and add a row for it",
				d.Meta.LastReviewed, row.Label(), row.added, r.Commit.Short(), r.Commit.When.Format("2006-01-02"), r.Commit.Subject)
		}
		return
	}
	if r := d.LastBodyChange(); r != nil && before(d.Meta.LastReviewed, r) {
		p.Report(fieldPos(d, "last_reviewed"), "last reviewed %s, but the body changed after that in %s (%s, %s): review the text as it is now and update last_reviewed",
			d.Meta.LastReviewed, r.Commit.Short(), r.Commit.When.Format("2006-01-02"), r.Commit.Subject)
	}
}

// declaredEvent is the row of the declared history that gave a field,
// the commit that added it (short hash and day) and the last change to
// the text after that commit.
type declaredEvent struct {
	document.RevisionRow
	added   string
	changed *isms.Revision
}

// declaredChange reports, for a field the declared history gave, whether
// the text changed after the commit that added its row and after the day
// the row gives: the commit is the approval (or review) event, so a row
// dated the day before the commit that adds it with the change it
// approves is not stale. A row whose commit the history does not show is
// judged by its date alone, as front matter is.
func declaredChange(d *isms.Doc, field string) (declaredEvent, bool) {
	row, ok := d.Meta.Declared(field)
	if !ok {
		return declaredEvent{}, false
	}
	e := declaredEvent{RevisionRow: row, added: "a commit before the history starts"}
	dt := row.Date
	if field == "approved_on" {
		_, dt, _ = row.Approval()
	}
	r := d.LastBodyChange()
	if dr, ok := d.DeclaredRow(row); ok && dr.AddedIn != nil {
		e.added = dr.AddedIn.Short() + " (" + dr.AddedIn.When.Format("2006-01-02") + ")"
		r = d.BodyChangeAfter(dr.AddedIn)
	}
	// A row dated after a change covers it too; a date later than its own
	// commit is revision-date-after-commit's finding, not a stale one.
	if r != nil && before(dt, r) {
		e.changed = r
	}
	return e, true
}

// before compares a date with a commit's day, in the commit's own time zone
// so a commit at 00:30 local time is not judged a day early.
func before(dt document.Date, r *isms.Revision) bool {
	return dt.Time.Format("2006-01-02") < r.Commit.When.Format("2006-01-02")
}

func evidencesClause51(d *isms.Doc) bool {
	for _, r := range d.Requirements {
		if strings.HasPrefix(r, "5.1(") {
			return true
		}
	}
	return false
}

func approverNotLeadership(p *Pass) {
	d := p.Doc
	roles := p.Model.Config.LeadershipRoles
	if len(roles) == 0 || !evidencesClause51(d) {
		return
	}
	// With a people register, the person who made or signed the approval
	// commit is judged, not the role typed into approved_by.
	if a := d.Approval(); p.Model.PeopleRegister() && a != nil && len(a.People()) > 0 {
		for _, who := range a.People() {
			if p.Model.Config.IsLeader(who) {
				return
			}
		}
		p.Report(fieldPos(d, "approved_by"), "approved in commit %s by %s, who holds none of leadership_roles (%s): clause 5.1 evidence must be approved by top management; have a leader make or sign the approval commit",
			commitRef(a), strings.Join(a.People(), " and "), strings.Join(roles, ", "))
		return
	}
	if d.Meta.ApprovedBy == "" || containsRole(roles, d.Meta.ApprovedBy) {
		return
	}
	p.Report(fieldPos(d, "approved_by"), "approved by %q, who is not in leadership_roles (%s): clause 5.1 evidence must be approved by top management",
		d.Meta.ApprovedBy, strings.Join(roles, ", "))
}

func ownerUnknown(p *Pass) {
	d := p.Doc
	roles := p.Model.Config.Roles
	if len(roles) == 0 {
		return
	}
	if d.Meta.Owner != "" && !containsRole(roles, d.Meta.Owner) {
		p.Report(fieldPos(d, "owner"), "owner %q is not in the roles register: add the role to roles in %s or fix the spelling",
			d.Meta.Owner, configName(p))
	}
}

func configName(p *Pass) string {
	if p.Model.Config.Path != "" {
		return p.Model.Config.Path
	}
	return "ismspack.yaml"
}

// containsRole reports whether list names role, as config matches roles.
func containsRole(list []string, role string) bool {
	_, ok := config.FindRole(list, role)
	return ok
}

package pdf

import (
	"fmt"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// declaredHistory draws the revision history the document declares (its
// revision tables, comply's majorRevisions) beside the one from git, each
// row with the commit that added it, so an auditor sees both and where
// they meet. The row that gives the version and approval is marked.
func (rr *renderer) declaredHistory(d *isms.Doc, outline int) {
	if len(d.Declared) == 0 {
		return
	}
	w, f := rr.w, rr.f
	rr.sectionHeading("Revision history as declared", 12, outline+1, "")
	small := &style{face: w.faces.Sans, size: 7.8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = w.faces.Bold })
	muted := rr.derive(small, func(s *style) { s.color = colMuted })
	latest, _ := document.LatestRevision(d.RevisionRows)
	t := &table{lead: 1.3, size: 7.8, full: true, zebra: true}
	t.header = []tcell{{spans: w.runs("Version", head)}, {spans: w.runs("Date", head)}, {spans: w.runs("Author", head)},
		{spans: w.runs("Approved by", head)}, {spans: w.runs("Comment", head)}, {spans: w.runs("Added in", head)}}
	for _, r := range d.Declared {
		version := w.runs(orDash(r.Version), small)
		if r.Key == latest.Key {
			version = append(version, w.runs("  (newest)", muted)...)
		}
		approver := r.Approver
		if r.ApprovedOn.Text != "" {
			approver += " (" + r.ApprovedOn.Text + ")"
		}
		added := w.runs("before the history", muted)
		if c := r.AddedIn; c != nil {
			added = w.runs(fmt.Sprintf("%s %s", c.Short(), c.When.Format("2006-01-02")), small)
		}
		t.rows = append(t.rows, []tcell{
			{spans: version},
			{spans: w.runs(orDash(r.Date.Text), small)},
			{spans: w.runs(orDash(r.Author), small)},
			{spans: w.runs(orDash(approver), small)},
			{spans: w.runs(orDash(r.Comment), small)},
			{spans: added},
		})
	}
	t.draw(f)
	f.gap(paraGap)
}

// declaredField reports whether a front-matter field is a declared
// revision history the pack draws as a table, so the control block need
// not print it again as a field.
func declaredField(d *isms.Doc, key string) bool {
	for _, t := range d.RevisionTables {
		if t.Source == key && len(d.Declared) > 0 {
			return true
		}
	}
	return false
}

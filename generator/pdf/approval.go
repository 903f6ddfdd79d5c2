package pdf

import (
	"github.com/ismspack/ismspack/generator/isms"
)

// approvalSpans draws an approval as every table of the pack shows it:
// who approved, the commit (short hash and date) and what its signature
// proves, the signature coloured as well as worded.
func (rr *renderer) approvalSpans(a *isms.Approval, st *style, withCommit bool) []span {
	w := rr.w
	who := a.Person()
	if who == "" {
		who = a.Commit.Author + " (not in the people register)"
	}
	out := w.runs(who, st)
	if withCommit {
		out = append(out, w.runs(", "+a.Commit.Short()+" "+a.Commit.When.UTC().Format("2006-01-02"), st)...)
	}
	col := colMuted
	switch a.Signature.State {
	case isms.Verified:
		col = colGreen
	case isms.Invalid, isms.UnknownKey:
		col = colRed
	}
	out = append(out, w.runs(", ", st)...)
	return append(out, w.runs(a.Signature.Label(), rr.derive(st, func(s *style) { s.color = col; s.face = w.faces.Bold }))...)
}

// approvedBy is a register row's approver: approved_by as written and,
// when the approval commit is known, who made it and whether it was
// signed. The register and the attestation draw it alike.
func (rr *renderer) approvedBy(d *isms.Doc, st *style) []span {
	out := rr.w.runs(orDash(d.Meta.ApprovedBy), st)
	if a := d.Approval(); a != nil {
		out = append(append(out, rr.w.runs(": ", st)...), rr.approvalSpans(a, st, true)...)
	}
	return out
}

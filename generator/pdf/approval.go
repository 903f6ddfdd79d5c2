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

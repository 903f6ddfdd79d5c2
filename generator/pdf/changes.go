package pdf

import (
	"fmt"
	"strings"

	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/redline"
)

// changesKey is the changes appendix's anchor.
const changesKey = "pack:changes"

// changesTitle is the changes appendix's heading.
func changesTitle(m *isms.Model) string {
	return "Appendix C — Changes since " + m.Base.Ref
}

// appendixChanges draws what changed since the earlier ref the pack was
// built with (--since): for each document changed or added, its versions
// since then with who approved them, and what each revision changed in
// the text, read from the same redlines the site's history pages show.
func (rr *renderer) appendixChanges() {
	ch := rr.m.Changes
	if ch == nil {
		return
	}
	w, f := rr.w, rr.f
	fs := w.faces
	b := rr.m.Base
	f.newPage()
	rr.sectionHeading(changesTitle(rr.m), 16, 0, changesKey)
	body := &style{face: fs.Sans, size: 8.8, color: colText, leading: 1.4}
	muted := rr.derive(body, func(s *style) { s.color = colMuted })
	small := &style{face: fs.Sans, size: 7.8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	at := ""
	if b.Commit != nil {
		at = fmt.Sprintf(" (commit %s, %s)", b.Commit.Hash, b.Commit.When.UTC().Format("2006-01-02"))
	}
	rr.para(fmt.Sprintf("What changed in the documents between %s%s and this pack's commit: %d changed, %d added, %d removed, %d unchanged. "+
		"Each revision since %s is shown with what it changed in the text: inserted text is underlined, deleted text struck through.",
		b.Ref, at, len(ch.Changed), len(ch.Added), len(ch.Removed), ch.Unchanged, b.Ref), muted, 4)
	if len(ch.Changed)+len(ch.Added)+len(ch.Removed) == 0 {
		rr.para("No document changed since "+b.Ref+".", body, 3)
		return
	}
	for _, ds := range append(append([]*isms.DocSince{}, ch.Changed...), ch.Added...) {
		d := ds.Doc
		rr.cur = d
		f.gap(4)
		rr.sectionHeading(docLabel(d), 12.5, 1, "")
		state := "Added since " + b.Ref + "; now version " + orDash(d.Meta.Version) + "."
		if ds.Was != nil {
			state = "Version " + orDash(ds.Was.Version) + " at " + b.Ref + ", now version " + orDash(d.Meta.Version) + "."
			if ds.Was.Path != d.Path {
				state += " Moved from " + ds.Was.Path + "."
			}
		}
		rr.spans(append(w.runs(state+" ", body), w.runs("The document in this pack", rr.derive(body, func(s *style) { s.color = colLink; s.link = dest{key: docKey(d.Path, "")} }))...), body, 2)
		if len(ds.Revisions) == 0 {
			rr.para("No commit since "+b.Ref+" is in the history read (a shallow clone?).", muted, 2)
			continue
		}
		t := &table{lead: 1.3, size: 7.8, full: true, zebra: true}
		for _, h := range []string{"Date", "Version", "Commit", "Author", "Approved by"} {
			t.header = append(t.header, tcell{spans: w.runs(h, head)})
		}
		for _, rev := range ds.Revisions {
			c := rev.Commit
			t.rows = append(t.rows, []tcell{
				{spans: w.runs(c.When.UTC().Format("2006-01-02"), small)},
				{spans: w.runs(orDash(rev.Version), small)},
				{spans: w.runs(c.Short(), small)},
				{spans: w.runs(c.Author, small)},
				{spans: rr.approverOf(d, rev, small)},
			})
		}
		t.draw(f)
		f.gap(2)
		// Oldest first: the changes read in the order they were made.
		for i := len(ds.Revisions) - 1; i >= 0; i-- {
			rev := ds.Revisions[i]
			c := rev.Commit
			rr.keepLabel(fmt.Sprintf("Version %s — commit %s, %s, %s: %s", orDash(rev.Version), c.Short(), c.When.UTC().Format("2006-01-02"), c.Author, c.Subject),
				rr.derive(small, func(s *style) { s.face = fs.Bold }))
			red, ok := rev.Redline()
			if !ok {
				rr.para("The first version: all of its text is new.", muted, 2)
				continue
			}
			rr.drawRedline(red)
		}
	}
	rr.cur = nil
	if len(ch.Removed) > 0 {
		f.gap(4)
		rr.sectionHeading("Removed since "+b.Ref, 12.5, 1, "")
		t := &table{lead: 1.3, size: 7.8, full: true, zebra: true}
		for _, h := range []string{"Path", "ID", "Title", "Version at " + b.Ref} {
			t.header = append(t.header, tcell{spans: w.runs(h, head)})
		}
		for _, bd := range ch.Removed {
			t.rows = append(t.rows, []tcell{{spans: w.runs(bd.Path, small)}, {spans: w.runs(orDash(bd.ID), small)},
				{spans: w.runs(orDash(bd.Title), small)}, {spans: w.runs(orDash(bd.Version), small)}})
		}
		t.draw(f)
	}
}

// approverOf says who approved a revision: approved_by as that commit
// left it and, when the commit was the approval, who made it and what its
// signature proves, as every table of the pack shows an approval.
func (rr *renderer) approverOf(d *isms.Doc, rev *isms.Revision, st *style) []span {
	w := rr.w
	if !strings.EqualFold(rev.Status, "approved") {
		return w.runs("not approved ("+orDash(rev.Status)+")", st)
	}
	out := w.runs(orDash(rev.ApprovedBy), st)
	for _, a := range d.Approvals {
		if a.Rev == rev {
			out = append(append(out, w.runs(": ", st)...), rr.approvalSpans(a, st, false)...)
		}
	}
	return out
}

// drawRedline draws a redline's changed passages: inserted text
// underlined, deleted text struck through, each also tinted.
func (rr *renderer) drawRedline(red redline.Redline) {
	w, f := rr.w, rr.f
	fs := w.faces
	text := &style{face: fs.Sans, size: 8.6, color: colText, leading: 1.4}
	muted := rr.derive(text, func(s *style) { s.color = colMuted; s.face = fs.Oblique })
	ins := rr.derive(text, func(s *style) { s.under = true; s.color = colGreen; s.bg = rgb{226, 242, 230}; s.hasBg = true })
	del := rr.derive(text, func(s *style) { s.strike = true; s.color = colRed; s.bg = colMark; s.hasBg = true })
	switch {
	case !red.Changed():
		rr.para("The text did not change: this commit changed only the front matter.", muted, 2)
		return
	case red.Mode == redline.Rewritten:
		rr.para(fmt.Sprintf("Rewritten: the text changed too much to mark word by word or line by line (%s before, %s after).", wordCount(red.Deleted), wordCount(red.Inserted)), muted, 2)
		return
	}
	summary := fmt.Sprintf("%s inserted, %s deleted", wordCount(red.Inserted), wordCount(red.Deleted))
	if red.Mode == redline.Lines {
		summary += ", marked line by line: the versions are too far apart to mark word by word"
	}
	rr.para(summary+".", muted, 1)
	done := f.indent(4)
	defer done()
	hunks, after := red.Hunks(redline.Context)
	for _, h := range hunks {
		if h.Skipped > 0 {
			rr.para(fmt.Sprintf("… %s …", lineCount(h.Skipped)), muted, 0.5)
		}
		var sp []span
		for li, l := range h.Lines {
			if li > 0 {
				sp = append(sp, span{brk: true, st: text})
			}
			for _, s := range l {
				st := text
				switch s.Op {
				case redline.Insert:
					st = ins
				case redline.Delete:
					st = del
				}
				parts := strings.Split(strings.TrimSuffix(s.Text, "\n"), "\n")
				for pi, p := range parts {
					if pi > 0 {
						sp = append(sp, span{brk: true, st: text})
					}
					if p != "" {
						sp = append(sp, w.runs(p, st)...)
					}
				}
			}
		}
		rr.spans(sp, text, 1)
	}
	if after > 0 {
		rr.para(fmt.Sprintf("… %s …", lineCount(after)), muted, 0.5)
	}
	f.gap(2)
}

func wordCount(n int) string {
	if n == 1 {
		return "1 word"
	}
	return fmt.Sprintf("%d words", n)
}

func lineCount(n int) string {
	if n == 1 {
		return "1 unchanged line"
	}
	return fmt.Sprintf("%d unchanged lines", n)
}

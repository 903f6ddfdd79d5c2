package pdf

import (
	"strings"

	"github.com/ismspack/ismspack/generator/isms"
)

// attestKey is the attestation page's anchor.
const attestKey = "pack:attestation"

// attestTitle is the attestation page's heading and contents entry.
const attestTitle = "Attestation"

// attestation draws the last page an auditor fills in: what the pack is
// (identifier, commit, as-of date), how to verify it, who approved each
// document evidencing clause 5.1, and space for the auditor's notes and
// sampling record.
func (rr *renderer) attestation() {
	w, f := rr.w, rr.f
	fs := w.faces
	f.newPage()
	rr.sectionHeading(attestTitle, 16, 0, attestKey)
	body := &style{face: fs.Sans, size: 8.8, color: colText, leading: 1.4}
	lab := &style{face: fs.Bold, size: 8.8, color: colMuted, leading: 1.4}
	mono := &style{face: fs.Mono, size: 8.2, color: colText, leading: 1.4}
	small := &style{face: fs.Sans, size: 7.8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	p := rr.prov
	field := func(k, v string, st *style) {
		rr.spans(append(w.runs(k+": ", lab), w.runs(orDash(v), st)...), body, 0.6)
	}
	field("Pack identifier", p.PackID, mono)
	field("Commit", p.Commit, mono)
	ref := p.Ref
	if p.AsOf != "" {
		ref += ", as of " + p.AsOf
	}
	field("Ref", ref, body)
	if p.Since != "" {
		field("Changes since", p.Since+" ("+p.SinceCommit+")", body)
	}
	field("Built by", "ismspack "+orDash(p.Tool), body)
	f.gap(2)
	rr.para("To check that this file is the pack the commit builds, unchanged, and whether the ISMS has changed since: "+
		"ismspack verify pack.pdf --repo CLONE (exit 0: genuine and current).", rr.derive(body, func(s *style) { s.color = colMuted }), 4)

	rr.keepLabel("Approvers of the clause 5.1 evidence", &style{face: fs.Bold, size: 10, color: colText, leading: 1.35})
	docs := rr.clauseDocs()
	if len(docs) == 0 {
		rr.para("No document lists a clause 5.1 item.", rr.derive(body, func(s *style) { s.color = colRed; s.face = fs.Bold }), 3)
	} else {
		t := &table{lead: 1.3, size: 7.8, full: true, zebra: true}
		for _, h := range []string{"ID", "Title", "Version", "Status", "Approved by", "Approved on"} {
			t.header = append(t.header, tcell{spans: w.runs(h, head)})
		}
		for _, d := range docs {
			key := dest{key: docKey(d.Path, "")}
			approvedBy := rr.approvedBy(d, small)
			t.rows = append(t.rows, []tcell{
				{spans: w.runs(orDash(d.Meta.ID), rr.derive(head, func(s *style) { s.color = colLink })), link: key},
				{spans: w.runs(d.Title, rr.derive(small, func(s *style) { s.color = colLink })), link: key},
				{spans: w.runs(orDash(d.Meta.Version), small)},
				{spans: w.runs(orDash(string(d.Meta.Status)), rr.derive(head, func(s *style) { s.color = statusColour(d.Meta.Status) }))},
				{spans: approvedBy},
				{spans: w.runs(orDash(d.Meta.ApprovedOn.Text), small)},
			})
		}
		t.draw(f)
	}

	// The auditor's record gets a page of its own, to print and fill in.
	f.newPage()
	rr.sectionHeading("Auditor's record", 13, 1, "")
	rr.para("Pack "+shortHash(p.PackID)+", commit "+shortHash(p.Commit)+".", rr.derive(body, func(s *style) { s.color = colMuted }), 3)
	rr.keepLabel("Sampling record", &style{face: fs.Bold, size: 10, color: colText, leading: 1.35})
	s := &table{lead: 1.3, size: 7.8, full: true, fixed: []float64{0, 30, 0, 18, 16}}
	for _, h := range []string{"Document or record sampled", "Version / commit", "Evidence seen", "Result", "Initials"} {
		s.header = append(s.header, tcell{spans: w.runs(h, head)})
	}
	for range 8 {
		row := make([]tcell, 5)
		for i := range row {
			// Two blank lines: room to write by hand.
			cell := append(w.runs("\u00a0", small), span{brk: true, st: small}, span{brk: true, st: small})
			row[i] = tcell{spans: append(cell, w.runs("\u00a0", small)...)}
		}
		s.rows = append(s.rows, row)
	}
	s.draw(f)

	f.gap(5)
	rr.keepLabel("Auditor's notes", &style{face: fs.Bold, size: 10, color: colText, leading: 1.35})
	lines := max(4, int((contentBot-f.y-30)/8))
	f.room(float64(lines)*8 + 2)
	for range lines {
		f.y += 8
		w.line(marginL, f.y, pageW-marginR, f.y, colRule, 0.25)
	}
	f.gap(8)
	f.room(16)
	y := f.y + 10
	third := contentW / 3
	for i, label := range []string{"Auditor", "Signature", "Date"} {
		x := marginL + float64(i)*third
		w.line(x, y, x+third-6, y, colMuted, 0.3)
		w.text(x, y+4, fs.Sans, 7.8, colMuted, label)
	}
	f.y = y + 6
}

// clauseDocs are the documents that list an item of clause 5.1, in the
// model's order.
func (rr *renderer) clauseDocs() []*isms.Doc {
	var out []*isms.Doc
	for _, d := range rr.m.Docs {
		for _, r := range d.Requirements {
			if strings.HasPrefix(r, "5.1") {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return orDash(h)
}

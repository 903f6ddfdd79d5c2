package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/isms"
)

// tocEntry is a line of the contents.
type tocEntry struct {
	level int
	label string // an ID column, may be empty
	title string
	key   string
}

const (
	tocGroupH = 7.5
	tocRowH   = 5.2
	tocTitleH = 16
)

// pack draws pack.pdf, its documents' parts too.
func (r *run) pack() ([]byte, error) {
	var buf bytes.Buffer
	if err := r.packTo(&buf, func(i int) (*part, error) { return r.drawPart(r.m.Docs[i]) }); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// packTo draws pack.pdf into out, with the i-th document's section from
// parts(i). A build writes it straight to its file: the pack of a large
// ISMS runs to tens of megabytes, which a buffer would hold a second
// copy of.
func (r *run) packTo(out io.Writer, parts func(i int) (*part, error)) (err error) {
	org := r.m.Config.Organisation
	title := PackTitle
	if org != "" {
		title = org + " " + title
	}
	rr := r.newRenderer(title, true)
	defer rr.guard("pack.pdf", &err)
	// The pack's own sections are drawn meanwhile, each on its own (see
	// section), or taken from the cache (see sectioncache.go), and
	// placed in turn.
	secs := ownSections()
	before := secs[:sectionsBeforeDocs]
	after := secs[sectionsBeforeDocs:]
	drawn := func(i int) (*section, any, error) {
		var v any
		if secs[i].view != nil {
			v = secs[i].view(r)
		}
		return nil, v, nil
	}
	if !r.inPlace {
		drawn = r.drawSections(secs)
	}
	place := func(i int) error {
		s, v, err := drawn(i)
		if err != nil {
			return err
		}
		if s != nil {
			if ok, err := rr.w.addSection(s); err != nil || ok {
				return err
			}
		}
		r.drawnInPlace++
		secs[i].draw(rr, v)
		return nil
	}
	for _, d := range r.m.Docs {
		rr.w.docs[d.Path] = true
	}
	rr.w.allDocs = true
	rr.cover()

	toc := rr.contents()
	tocFirst := len(rr.w.pages) + 1
	pages := tocLayout(toc).pages
	for i := 0; i < pages; i++ {
		rr.f.newPage()
	}
	rr.w.anchor("pack:toc", contentTop)
	rr.w.setPage(tocFirst)
	rr.w.bookmark("Contents", 0, contentTop)
	rr.w.setPage(len(rr.w.pages))

	for i := range before {
		if err := place(i); err != nil {
			return err
		}
	}
	// The group entry lands on the first document's page.
	group := "Documents"
	for i, d := range r.m.Docs {
		p, err := parts(i)
		if err != nil {
			return err
		}
		if err := rr.w.addPart(d, p, group, 1); err != nil {
			return fmt.Errorf("pack.pdf: %w", err)
		}
		group = ""
	}
	rr.w.section = nil
	for i := range after {
		if err := place(len(before) + i); err != nil {
			return err
		}
	}

	rr.drawContents(toc, tocFirst)
	if err := rr.outputTo(out); err != nil {
		return fmt.Errorf("pack.pdf: %w", err)
	}
	return nil
}

// ownSections are the pack's own sections, in order, the first
// sectionsBeforeDocs of them before the documents.
func ownSections() []ownSection {
	return []ownSection{
		viewed("matrix", (*run).matrixView, (*renderer).matrix),
		plain("sets", (*renderer).otherSets),
		plain("soa", (*renderer).soa),
		plain("register", (*renderer).register),
		plain("requirements", (*renderer).requirements),
		viewed("findings", (*run).findingsView, (*renderer).appendixFindings),
		plain("manifest", (*renderer).appendixManifest),
		plain("changes", (*renderer).appendixChanges),
		plain("attestation", (*renderer).attestation),
	}
}

const sectionsBeforeDocs = 5

func (rr *renderer) cover() {
	w, f := rr.w, rr.f
	fs := w.faces
	w.bare = true
	f.newPage()
	w.bare = false
	w.bookmark("Cover", 0, 0)
	w.anchor("pack:cover", 0)
	f.y = 48
	org := rr.m.Config.Organisation
	if org == "" {
		org = "Organisation not named in ismspack.yaml"
	}
	w.fill(marginL, 40, 3, 36, colLink)
	f.x += 8
	f.width -= 8
	rr.para(org, &style{face: fs.Bold, size: 24, color: colText, leading: 1.2}, 3)
	rr.para("ISMS evidence pack — ISO/IEC 27001:2022 clause 5.1", &style{face: fs.Sans, size: 15, color: colText, leading: 1.3}, 1)
	rr.para("Leadership and commitment, items (a) to (h)", &style{face: fs.Oblique, size: 10.5, color: colMuted, leading: 1.3}, 0)
	f.x -= 8
	f.width += 8
	f.y = 96

	lab := &style{face: fs.Bold, size: 9, color: colMuted, leading: 1.35}
	val := &style{face: fs.Sans, size: 9.5, color: colText, leading: 1.35}
	mono := &style{face: fs.Mono, size: 9, color: colText, leading: 1.35}
	snap := rr.m.Snapshot
	ref, commit, commitDate := "—", "—", ""
	if snap != nil {
		ref = orDash(snap.Ref)
		if snap.Commit != nil {
			commit = snap.Commit.Hash
			commitDate = snap.Commit.When.UTC().Format("2006-01-02 15:04 UTC")
		}
	}
	counts := check.Count(rr.findings)
	suppressed := 0
	for _, fd := range rr.findings {
		if fd.Suppressed {
			suppressed++
		}
	}
	green := 0
	for _, c := range rr.m.Coverage {
		if c.State() == "green" {
			green++
		}
	}
	rows := [][2][]span{
		{w.runs("Organisation", lab), w.runs(orDash(rr.m.Config.Organisation), val)},
		{w.runs("Repository ref", lab), w.runs(ref, mono)},
		{w.runs("Commit", lab), w.runs(commit, mono)},
		{w.runs("Committed", lab), w.runs(orDash(commitDate), val)},
		{w.runs("As of", lab), w.runs(rr.date.Format("2006-01-02"), val)},
		{w.runs("Documents", lab), w.runs(strconv.Itoa(len(rr.m.Docs)), val)},
		{w.runs("Clause 5.1 coverage", lab), w.runs(fmt.Sprintf("%d of %d items evidenced by a document that is approved, in date and owned", green, len(rr.m.Coverage)), val)},
		{w.runs("Findings", lab), w.runs(fmt.Sprintf("%d errors, %d warnings, %d notes; %d accepted exceptions", counts[check.Error], counts[check.Warning], counts[check.Info], suppressed), val)},
		{w.runs("Pack identifier", lab), w.runs(rr.packID[:32]+" "+rr.packID[32:], mono)},
		{w.runs("Generated by", lab), w.runs("ismspack, from the repository as committed", val)},
	}
	t := &table{lead: 1.35, size: 9.5, full: true, fixed: []float64{42, 0}}
	for _, row := range rows {
		t.rows = append(t.rows, []tcell{{spans: row[0], fill: colBoxBg, hasFill: true}, {spans: row[1]}})
	}
	t.draw(f)

	f.y = 226
	note := &style{face: fs.Sans, size: 8.5, color: colMuted, leading: 1.45}
	rr.para("The pack identifier is a SHA-256 over the commit, the as-of date, the organisation and the git blob id of every file the pack shows. "+
		"Appendix B lists each source document's blob id and SHA-256, so any page can be verified against the repository with "+
		"git rev-parse COMMIT:PATH.", note, 2)
	rr.para("Uncontrolled when printed: the controlled copy of every document is the one in the repository.", rr.derive(note, func(s *style) { s.face = fs.Oblique }), 0)
}

// contents lists the entries of the table of contents.
func (rr *renderer) contents() []tocEntry {
	toc := []tocEntry{{0, "", "Clause 5.1 matrix", "pack:matrix"}}
	for i, set := range rr.m.Framework.Sets {
		if i > 0 {
			toc = append(toc, tocEntry{0, "", set.Title, "pack:set:" + set.ID})
		}
	}
	if s := rr.m.SoA; s != nil && s.Set != nil && s.Table != nil {
		toc = append(toc, tocEntry{0, "", soaTitle, soaKey})
	}
	toc = append(toc, []tocEntry{
		{0, "", "Document register", "pack:register"},
		{0, "", "Requirements", "pack:requirements"},
	}...)
	for _, it := range rr.m.Framework.Items() {
		toc = append(toc, tocEntry{1, it.ID, it.Title, "req:" + it.ID})
	}
	if len(rr.m.Docs) > 0 {
		toc = append(toc, tocEntry{0, "", "Documents", "pack:documents"})
	}
	for _, d := range rr.m.Docs {
		toc = append(toc, tocEntry{1, d.Meta.ID, d.Title, docKey(d.Path, "")})
	}
	toc = append(toc,
		tocEntry{0, "", "Appendix A — Findings and accepted exceptions", "pack:findings"},
		tocEntry{0, "", "Appendix B — Manifest of source documents", "pack:manifest"})
	if rr.m.Changes != nil {
		toc = append(toc, tocEntry{0, "", changesTitle(rr.m), changesKey})
	}
	return append(toc, tocEntry{0, "", attestTitle, attestKey})
}

type tocPlace struct {
	page int // 0-based among the contents pages
	y    float64
}

type tocLaid struct {
	at    []tocPlace
	pages int
}

// tocLayout places contents lines. Every line has a fixed height, so the
// number of pages is known before the pages it lists are drawn.
func tocLayout(toc []tocEntry) tocLaid {
	var out tocLaid
	page, y := 0, contentTop+tocTitleH
	for _, e := range toc {
		h := tocRowH
		if e.level == 0 {
			h = tocGroupH
		}
		if y+h > contentBot {
			page++
			y = contentTop
		}
		out.at = append(out.at, tocPlace{page, y})
		y += h
	}
	out.pages = page + 1
	return out
}

// drawContents fills the reserved contents pages now that every entry's
// page is known.
func (rr *renderer) drawContents(toc []tocEntry, first int) {
	w := rr.w
	fs := w.faces
	laid := tocLayout(toc)
	w.setPage(first)
	w.text(marginL, contentTop+8, fs.Bold, 18, colText, "Contents")
	group := &style{face: fs.Bold, size: 10, color: colText}
	row := &style{face: fs.Sans, size: 9, color: colText}
	idSt := &style{face: fs.Bold, size: 8.5, color: colMuted}
	idW := 0.0
	for _, e := range toc {
		if e.level > 0 && e.label != "" {
			idW = max(idW, width(idSt.face, idSt.size, w.glyphs(e.label, idSt.face)))
		}
	}
	idW = min(idW+3, 48)
	cur := first
	for i, e := range toc {
		at := laid.at[i]
		if first+at.page != cur {
			cur = first + at.page
			w.setPage(cur)
		}
		a, ok := w.resolve(e.key)
		num := ""
		if ok {
			num = strconv.Itoa(a.page)
		}
		st := row
		h := tocRowH
		x := marginL
		if e.level == 0 {
			st, h = group, tocGroupH
		} else {
			x += 5
		}
		base := at.y + h - 1.6
		numW := width(st.face, st.size, num)
		right := pageW - marginR
		w.text(right-numW, base, st.face, st.size, st.color, num)
		if e.level > 0 && e.label != "" {
			label := truncate(w.glyphs(e.label, idSt.face), idSt.face, idSt.size, idW-2)
			w.text(x, base, idSt.face, idSt.size, idSt.color, label)
			x += idW
		}
		title := truncate(w.glyphs(e.title, st.face), st.face, st.size, right-numW-x-12)
		w.text(x, base, st.face, st.size, st.color, title)
		// Dot leaders from the title to the page number.
		tx := x + width(st.face, st.size, title) + 2
		dotW := width(fs.Sans, 9, " .")
		if n := int((right - numW - 2 - tx) / dotW); n > 0 {
			dots := strings.Repeat(" .", n)
			w.text(right-numW-2-width(fs.Sans, 9, dots), base, fs.Sans, 9, colRule, dots)
		}
		w.link(marginL, at.y, contentW, h, dest{key: e.key})
	}
	w.setPage(len(w.pages))
}

// shortID shows a clause item compactly in a matrix column: 5.1(a) -> (a).
var itemLetter = regexp.MustCompile(`\(([a-z0-9]+)\)$`)

func shortID(id string) string {
	if m := itemLetter.FindStringSubmatch(id); m != nil {
		return "(" + m[1] + ")"
	}
	return id
}

func stateLabel(state string) string {
	switch state {
	case "green":
		return "Evidenced"
	case "amber":
		return "Weak evidence"
	}
	return "Not evidenced"
}

func stateColour(state string) rgb {
	switch state {
	case "green":
		return colGreen
	case "amber":
		return colAmber
	}
	return colRed
}

// matrixView is what the clause 5.1 matrix shows.
type matrixView struct {
	// cov is the coverage of the first set's items, the matrix's columns.
	cov  []coverageRow
	docs []matrixDoc
}

// coverageRow is an item's line of a coverage table.
type coverageRow struct {
	id, title, state string
	docs, good       int
}

// matrixDoc is a row of the matrix: a document that lists an item of
// the first set.
type matrixDoc struct {
	id, title, key string
	good           bool
	// lists says, for each item of the view's cov, whether the document
	// lists it.
	lists []bool
}

func coverageRows(cov []*isms.Coverage) []coverageRow {
	out := make([]coverageRow, len(cov))
	for i, c := range cov {
		out[i] = coverageRow{id: c.Item.ID, title: c.Item.Title, state: c.State(), docs: len(c.Docs), good: len(c.Good)}
	}
	return out
}

func (r *run) matrixView() matrixView {
	cov := r.setCoverage(0)
	v := matrixView{cov: coverageRows(cov)}
	inFirst := map[string]bool{}
	for _, c := range cov {
		inFirst[c.Item.ID] = true
	}
	for _, d := range r.m.Docs {
		set := map[string]bool{}
		for _, id := range d.Requirements {
			if inFirst[id] {
				set[id] = true
			}
		}
		if len(set) == 0 {
			continue
		}
		row := matrixDoc{id: d.Meta.ID, title: d.Title, key: docKey(d.Path, ""), good: r.m.InGoodStanding(d), lists: make([]bool, len(cov))}
		for j, c := range cov {
			row.lists[j] = set[c.Item.ID]
		}
		v.docs = append(v.docs, row)
	}
	return v
}

// matrix draws coverage per item, then documents × items.
func (rr *renderer) matrix(v *matrixView) {
	w, f := rr.w, rr.f
	fs := w.faces
	f.newPage()
	rr.sectionHeading("Clause 5.1 matrix", 16, 0, "pack:matrix")
	small := &style{face: fs.Sans, size: 8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	rr.para("Each requirement of clause 5.1 and whether a document that is approved, in date and owned evidences it. "+
		"Evidenced: at least one such document, and every expected piece of evidence present; weak evidence: only documents that are not all three, or an expected piece missing or stale; not evidenced: nothing lists the item.",
		&style{face: fs.Sans, size: 8.8, color: colMuted, leading: 1.4}, 3)
	rr.coverageTable(v.cov, small, head)
	f.gap(7)

	items, docs := v.cov, v.docs
	rr.sectionHeading("Documents by requirement", 12, -1, "")
	rr.para("● a document in good standing evidences the item; ○ a document lists the item but is not approved, in date and owned. "+
		"Every mark links to the document; every column head to the requirement. Documents that list no clause 5.1 item appear only in the register.",
		&style{face: fs.Sans, size: 8.8, color: colMuted, leading: 1.4}, 3)
	if len(docs) == 0 {
		rr.para("No document lists a clause 5.1 item.", rr.derive(small, func(s *style) { s.color = colRed }), 0)
		return
	}
	colW := 10.0
	if n := float64(len(items)); n*colW > f.width*0.6 {
		colW = f.width * 0.6 / n
	}
	m := &table{lead: 1.3, size: 8, full: true, zebra: true, fixed: []float64{28, 0}}
	m.header = []tcell{{spans: w.runs("ID", head)}, {spans: w.runs("Document", head)}}
	for _, it := range items {
		m.fixed = append(m.fixed, colW)
		m.header = append(m.header, tcell{spans: w.runs(shortID(it.id), rr.derive(head, func(s *style) { s.color = colLink })),
			align: alignCenter, link: dest{key: "req:" + it.id}})
	}
	mark := &style{face: fs.Sans, size: 9, color: colGreen, leading: 1.15}
	weak := rr.derive(mark, func(s *style) { s.color = colAmber })
	for _, d := range docs {
		key := dest{key: d.key}
		row := []tcell{
			{spans: w.runs(orDash(d.id), rr.derive(small, func(s *style) { s.color = colLink })), link: key},
			{spans: w.runs(d.title, small), link: key},
		}
		for j := range items {
			c := tcell{align: alignCenter}
			if d.lists[j] {
				if d.good {
					c.spans = w.runs("●", mark)
				} else {
					c.spans = w.runs("○", weak)
				}
				c.link = key
			}
			row = append(row, c)
		}
		m.rows = append(m.rows, row)
	}
	m.draw(f)
}

// setCoverage is the coverage of the i-th set in use's items, in the
// set's order (an item an earlier set has too is that set's).
func (r *run) setCoverage(i int) []*isms.Coverage {
	sets := r.m.Framework.Sets
	if i >= len(sets) {
		return nil
	}
	var out []*isms.Coverage
	for _, c := range r.m.Coverage {
		if r.m.Framework.SetOf(c.Item.ID) == sets[i] {
			out = append(out, c)
		}
	}
	return out
}

// coverageTable draws items' coverage: a row each, linked to its section.
func (rr *renderer) coverageTable(cov []coverageRow, small, head *style) {
	w := rr.w
	t := &table{lead: 1.3, size: 8, full: true, zebra: true}
	t.header = []tcell{{spans: w.runs("Item", head)}, {spans: w.runs("Requirement", head)}, {spans: w.runs("Coverage", head)},
		{spans: w.runs("Documents", head), align: alignRight}, {spans: w.runs("In good standing", head), align: alignRight}}
	for _, c := range cov {
		key := dest{key: "req:" + c.id}
		state := c.state
		t.rows = append(t.rows, []tcell{
			{spans: w.runs(c.id, rr.derive(head, func(s *style) { s.color = colLink })), link: key},
			{spans: w.runs(c.title, small), link: key},
			{spans: w.runs(stateLabel(state), rr.derive(head, func(s *style) { s.color = stateColour(state) }))},
			{spans: w.runs(strconv.Itoa(c.docs), small), align: alignRight},
			{spans: w.runs(strconv.Itoa(c.good), small), align: alignRight},
		})
	}
	t.draw(rr.f)
}

// otherSets draws a section per requirement set in use after the first:
// its items' coverage under the set's groups.
func (rr *renderer) otherSets() {
	fs := rr.w.faces
	small := &style{face: fs.Sans, size: 8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	for i, set := range rr.m.Framework.Sets {
		if i == 0 {
			continue
		}
		rr.f.newPage()
		rr.sectionHeading(set.Title, 16, 0, "pack:set:"+set.ID)
		if set.Note != "" {
			rr.para(set.Note, &style{face: fs.Sans, size: 8.8, color: colMuted, leading: 1.4}, 3)
		}
		cov := rr.setCoverage(i)
		byGroup := map[string][]*isms.Coverage{}
		for _, c := range cov {
			byGroup[c.Item.Group] = append(byGroup[c.Item.Group], c)
		}
		for _, g := range set.Groups {
			if len(byGroup[g.ID]) == 0 {
				continue
			}
			title := g.Title
			if g.ID != g.Title {
				title = g.ID + "  " + g.Title
			}
			rr.sectionHeading(title, 12, -1, "")
			rr.coverageTable(coverageRows(byGroup[g.ID]), small, head)
			rr.f.gap(5)
			delete(byGroup, g.ID)
		}
		var loose []*isms.Coverage
		for _, c := range cov {
			if _, ok := byGroup[c.Item.Group]; ok {
				loose = append(loose, c)
			}
		}
		if len(loose) > 0 {
			rr.coverageTable(coverageRows(loose), small, head)
		}
	}
}

// The Statement of Applicability's section title and destination.
const (
	soaTitle = "Statement of Applicability"
	soaKey   = "pack:soa"
)

// soa draws the Statement of Applicability: per control, whether it
// applies, why, how far it is implemented and what evidences it.
func (rr *renderer) soa() {
	s := rr.m.SoA
	if s == nil || s.Set == nil || s.Table == nil {
		return
	}
	w, f := rr.w, rr.f
	fs := w.faces
	small := &style{face: fs.Sans, size: 7.6, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	f.newPage()
	rr.sectionHeading(soaTitle, 16, 0, soaKey)
	from := s.Table.Path
	if s.Table.Doc != nil && s.Table.Doc.Meta.ID != "" {
		from = s.Table.Doc.Meta.ID + " " + s.Table.Doc.Title + " (" + s.Table.Path + ")"
	}
	rr.para("For each control of "+s.Set.Title+": whether it applies, why, how far it is implemented, and the documents and records that evidence it, as decided in "+from+".",
		&style{face: fs.Sans, size: 8.8, color: colMuted, leading: 1.4}, 3)
	t := &table{lead: 1.3, size: 7.6, full: true, zebra: true}
	for _, h := range []string{"Control", "Name", "Applies", "Justification", "Implementation", "Evidence"} {
		t.header = append(t.header, tcell{spans: w.runs(h, head)})
	}
	red := rr.derive(small, func(s *style) { s.color = colRed })
	for i := range s.Controls {
		c := &s.Controls[i]
		applies, ac := "Yes", small
		switch {
		case !c.Decided:
			applies, ac = "Undecided", red
		case !c.Applicable:
			applies = "No (excluded)"
		}
		just := w.runs(c.Justification, small)
		if c.Decided && !c.Applicable && c.Justification == "" {
			just = w.runs("No justification", red)
		}
		var ev []string
		if c.Coverage != nil {
			for _, d := range c.Coverage.Docs {
				ev = append(ev, orDash(d.Meta.ID))
			}
			for _, tb := range c.Coverage.Tables {
				ev = append(ev, tb.Title()+" (record)")
			}
		}
		evSpans := w.runs(strings.Join(ev, ", "), small)
		if c.Decided && c.Applicable && !c.Evidenced() {
			evSpans = append(evSpans, w.runs(" No evidence in good standing", red)...)
		}
		t.rows = append(t.rows, []tcell{
			{spans: w.runs(c.Item.ID, rr.derive(head, func(s *style) { s.color = colLink })), link: dest{key: "req:" + c.Item.ID}},
			{spans: w.runs(c.Item.Title, small)},
			{spans: w.runs(applies, ac)},
			{spans: just},
			{spans: w.runs(c.Status, small)},
			{spans: evSpans},
		})
	}
	t.draw(f)
}

// register is the master list of documents.
func (rr *renderer) register() {
	w, f := rr.w, rr.f
	fs := w.faces
	f.newPage()
	rr.sectionHeading("Document register", 16, 0, "pack:register")
	// Ten columns: a size at which the longest word of each fits.
	small := &style{face: fs.Sans, size: 5.9, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	t := &table{lead: 1.3, size: 5.9, full: true, zebra: true}
	// The site register's columns in its order, less the type (each
	// document's control block gives it): eleven do not fit a page.
	for _, h := range []string{"ID", "Title", "Owner", "Version", "Status", "Classification", "Approved by", "Approved on", "Last reviewed", "Next review"} {
		t.header = append(t.header, tcell{spans: w.runs(h, head)})
	}
	for _, d := range rr.m.Register() {
		key := dest{key: docKey(d.Path, "")}
		rs := rr.m.ReviewState(d)
		next := "—"
		if !d.NextReview.IsZero() {
			next = d.NextReview.Format("2006-01-02")
		}
		approvedBy := rr.approvedBy(d, small)
		t.rows = append(t.rows, []tcell{
			{spans: w.runs(orDash(d.Meta.ID), rr.derive(head, func(s *style) { s.color = colLink })), link: key},
			{spans: w.runs(d.Title, rr.derive(small, func(s *style) { s.color = colLink })), link: key},
			{spans: w.runs(orDash(d.Meta.Owner), small)},
			{spans: w.runs(orDash(d.Meta.Version), small)},
			{spans: w.runs(orDash(string(d.Meta.Status)), rr.derive(head, func(s *style) { s.color = statusColour(d.Meta.Status) }))},
			{spans: w.runs(titleCase(orDash(d.Meta.Classification)), small)},
			{spans: approvedBy},
			{spans: w.runs(orDash(d.Meta.ApprovedOn.String()), small)},
			{spans: w.runs(orDash(d.Meta.LastReviewed.String()), small)},
			{spans: w.runs(next, rr.derive(small, func(s *style) { s.color = reviewColour(rs) }))},
		})
	}
	if len(t.rows) == 0 {
		rr.para("The content directory holds no documents.", small, 0)
		return
	}
	t.draw(f)
}

// requirements draws one section per requirement item.
func (rr *renderer) requirements() {
	w, f := rr.w, rr.f
	fs := w.faces
	f.newPage()
	rr.sectionHeading("Requirements", 16, 0, "pack:requirements")
	body := &style{face: fs.Sans, size: bodySize, color: colText, leading: bodyLead}
	label := &style{face: fs.Bold, size: 9, color: colText, leading: 1.35}
	small := &style{face: fs.Sans, size: 7.8, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	for _, c := range rr.m.Coverage {
		it := c.Item
		f.gap(5)
		rr.sectionHeading(it.ID+"  "+it.Title, 12.5, 1, "req:"+it.ID)
		state := c.State()
		rr.spans(append(w.runs("Coverage: ", label), w.runs(stateLabel(state), rr.derive(label, func(s *style) { s.color = stateColour(state) }))...), label, 2)
		if set := rr.m.Framework.SetOf(it.ID); set != nil && set.Title != "" {
			rr.para(set.Title, rr.derive(small, func(s *style) { s.color = colMuted; s.face = fs.Oblique }), 2)
		}
		rr.para(strings.TrimSpace(it.Statement), body, 3)
		rr.expected(c, label, small, head)
		rr.bulletList("How it is audited", it.Audit, label, body)
		for _, t := range c.Tables {
			rr.recordTable(t, label, small, head)
		}
		rr.keepLabel("Evidencing documents", label)
		if len(c.Docs) == 0 {
			rr.para("No document lists this item.", rr.derive(body, func(s *style) { s.color = colRed; s.face = fs.Bold }), 3)
			continue
		}
		t := &table{lead: 1.3, size: 7.8, full: true, zebra: true}
		for _, h := range []string{"ID", "Title", "Version", "Status", "Approval", "Review", "Good standing"} {
			t.header = append(t.header, tcell{spans: w.runs(h, head)})
		}
		for _, d := range c.Docs {
			key := dest{key: docKey(d.Path, "")}
			rs := rr.m.ReviewState(d)
			good := rr.m.InGoodStanding(d)
			gs := "yes"
			gc := colGreen
			if !good {
				gs, gc = "no", colAmber
			}
			approval := w.runs("—", small)
			if a := d.Approval(); a != nil {
				approval = rr.approvalSpans(a, small, true)
			}
			t.rows = append(t.rows, []tcell{
				{spans: w.runs(orDash(d.Meta.ID), rr.derive(head, func(s *style) { s.color = colLink })), link: key},
				{spans: w.runs(d.Title, rr.derive(small, func(s *style) { s.color = colLink })), link: key},
				{spans: w.runs(orDash(d.Meta.Version), small)},
				{spans: w.runs(orDash(string(d.Meta.Status)), rr.derive(head, func(s *style) { s.color = statusColour(d.Meta.Status) }))},
				{spans: approval},
				{spans: w.runs(reviewLabel(rs), rr.derive(small, func(s *style) { s.color = reviewColour(rs) }))},
				{spans: w.runs(gs, rr.derive(head, func(s *style) { s.color = gc }))},
			})
		}
		t.draw(f)
		f.gap(3)
	}
}

// keepLabel draws a run-in label kept with the block after it.
func (rr *renderer) keepLabel(text string, st *style) {
	f := rr.f
	f.gap(1.5)
	ls := breakLines(words(rr.w.runs(text, st)), f.width, st.leading, st.size)
	if !f.atTop() && f.y+f.pending+linesHeight(ls)+12 > contentBot {
		f.newPage()
	}
	f.lines(ls, alignLeft)
	f.gap(1.2)
}

func (rr *renderer) bulletList(title string, items []string, label, body *style) {
	if len(items) == 0 {
		return
	}
	rr.keepLabel(title, label)
	f := rr.f
	for _, it := range items {
		undo := f.indent(5.5)
		f.marker = &marker{spans: rr.w.runs("•", body), right: f.x - 1.6}
		rr.para(strings.TrimSpace(it), body, tightGap)
		undo()
	}
	f.gap(3)
}

// findingsView is what Appendix A shows.
type findingsView struct {
	open, accepted []findingRow
	glyphs         []glyphRow
}

// findingRow is a finding as the appendix shows it.
type findingRow struct {
	// loc is where it is, link the key of the document there ("" when
	// the place is no document).
	loc, link             string
	severity              check.Severity
	rule, message, reason string
}

// glyphRow is a character no font draws, where it is.
type glyphRow struct {
	path      string
	line, col int
	r         rune
	count     int
}

func (r *run) findingsView() findingsView {
	var v findingsView
	// Findings come a document at a time: its key is made once for a run
	// of them, not once a finding.
	path, link := "", ""
	for _, fd := range r.findings {
		row := findingRow{loc: fd.Location(), severity: fd.Severity, rule: fd.Rule, message: fd.Message, reason: fd.Reason}
		if fd.Path != path || link == "" {
			path, link = fd.Path, ""
			if d := r.m.Doc(fd.Path); d != nil {
				link = docKey(d.Path, "")
			}
		}
		row.link = link
		if fd.Suppressed {
			v.accepted = append(v.accepted, row)
		} else {
			v.open = append(v.open, row)
		}
	}
	paths := make([]string, 0, len(r.missing))
	for p := range r.missing {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		for _, g := range r.missing[p] {
			v.glyphs = append(v.glyphs, glyphRow{path: p, line: g.Pos.Line, col: g.Pos.Col, r: g.Rune, count: g.Count})
		}
	}
	return v
}

// appendixFindings lists findings, accepted exceptions and characters no
// font could draw.
func (rr *renderer) appendixFindings(v *findingsView) {
	w, f := rr.w, rr.f
	fs := w.faces
	f.newPage()
	rr.sectionHeading("Appendix A — Findings and accepted exceptions", 16, 0, "pack:findings")
	small := &style{face: fs.Sans, size: 7.6, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	mono := rr.derive(small, func(s *style) { s.face = fs.Mono; s.size = 7 })
	body := &style{face: fs.Sans, size: 8.8, color: colMuted, leading: 1.4}
	open, accepted := v.open, v.accepted
	loc := func(fd findingRow) tcell {
		c := tcell{spans: w.runs(fd.loc, mono)}
		if fd.link != "" {
			c.link = dest{key: fd.link}
		}
		return c
	}
	// A style per severity, not per row: a style is a value, never
	// changed once made.
	sevStyle := map[check.Severity]*style{}
	sev := func(s check.Severity) []span {
		st := sevStyle[s]
		if st == nil {
			col := colMuted
			switch s {
			case check.Error:
				col = colRed
			case check.Warning:
				col = colAmber
			}
			st = rr.derive(head, func(st *style) { st.color = col })
			sevStyle[s] = st
		}
		return w.runs(s.String(), st)
	}
	rr.sectionHeading("Findings", 12, 1, "")
	if len(open) == 0 {
		rr.para("No findings: every check passed.", body, 3)
	} else {
		rr.para(fmt.Sprintf("%d findings from the document-control checks at this commit.", len(open)), body, 2)
		t := &table{lead: 1.3, size: 7.6, full: true, zebra: true}
		for _, h := range []string{"Location", "Severity", "Rule", "Message"} {
			t.header = append(t.header, tcell{spans: w.runs(h, head)})
		}
		for _, fd := range open {
			t.rows = append(t.rows, []tcell{loc(fd), {spans: sev(fd.severity)}, {spans: w.runs(fd.rule, mono)}, {spans: w.runs(fd.message, small)}})
		}
		t.draw(f)
	}
	f.gap(6)
	rr.sectionHeading("Accepted exceptions", 12, 1, "pack:exceptions")
	if len(accepted) == 0 {
		rr.para("No findings were accepted as exceptions.", body, 3)
	} else {
		rr.para("Findings a document accepts in its front matter (ismspack-ignore), with the reason it gives.", body, 2)
		t := &table{lead: 1.3, size: 7.6, full: true, zebra: true}
		for _, h := range []string{"Location", "Rule", "Finding", "Reason accepted"} {
			t.header = append(t.header, tcell{spans: w.runs(h, head)})
		}
		for _, fd := range accepted {
			t.rows = append(t.rows, []tcell{loc(fd), {spans: w.runs(fd.rule, mono)}, {spans: w.runs(fd.message, small)}, {spans: w.runs(fd.reason, small)}})
		}
		t.draw(f)
	}
	if len(v.glyphs) == 0 {
		return
	}
	f.gap(6)
	rr.sectionHeading("Characters no font could draw", 12, 1, "pack:glyphs")
	rr.para("These characters are shown as "+string(replacementFor(fs.Sans))+" in this pack. Name a TrueType font that has them under fonts: in ismspack.yaml.", body, 2)
	t := &table{lead: 1.3, size: 7.6, full: true, zebra: true}
	for _, h := range []string{"Location", "Character", "Occurrences"} {
		t.header = append(t.header, tcell{spans: w.runs(h, head)})
	}
	for _, g := range v.glyphs {
		t.rows = append(t.rows, []tcell{
			{spans: w.runs(fmt.Sprintf("%s:%d:%d", g.path, g.line, g.col), mono), link: dest{key: docKey(g.path, "")}},
			{spans: w.runs(fmt.Sprintf("U+%04X", g.r), mono)},
			{spans: w.runs(strconv.Itoa(g.count), small), align: alignRight},
		})
	}
	t.draw(f)
}

// appendixManifest lists every source file with what verifies it.
func (rr *renderer) appendixManifest() {
	w, f := rr.w, rr.f
	fs := w.faces
	f.newPage()
	rr.sectionHeading("Appendix B — Manifest of source documents", 16, 0, "pack:manifest")
	body := &style{face: fs.Sans, size: 8.8, color: colMuted, leading: 1.4}
	small := &style{face: fs.Sans, size: 7.6, color: colText, leading: 1.3}
	head := rr.derive(small, func(s *style) { s.face = fs.Bold })
	mono := rr.derive(small, func(s *style) { s.face = fs.Mono; s.size = 6.6 })
	commit := "COMMIT"
	if s := rr.m.Snapshot; s != nil && s.Commit != nil {
		commit = s.Commit.Hash
	}
	rr.para("Every file this pack was drawn from, as committed at "+commit+". "+
		"The git blob id is what git rev-parse "+commit[:min(12, len(commit))]+":PATH prints; the SHA-256 is that of the file's bytes at the commit "+
		"(git show COMMIT:PATH | sha256sum).", body, 3)
	hashW := width(fs.Mono, mono.size, strings.Repeat("0", 64)) + 2*cellPadX + 1
	t := &table{lead: 1.35, size: 7.6, full: true, zebra: true, fixed: []float64{0, hashW}}
	t.header = []tcell{{spans: w.runs("Path", head)}, {spans: w.runs("Git blob id / SHA-256", head)}}
	for _, d := range rr.m.Docs {
		sum := sha256.Sum256(d.Src)
		ids := w.runs(orDash(d.Blob), mono)
		ids = append(ids, span{brk: true, st: mono})
		ids = append(ids, w.runs(hex.EncodeToString(sum[:]), mono)...)
		t.rows = append(t.rows, []tcell{{spans: w.runs(d.Path, small), link: dest{key: docKey(d.Path, "")}}, {spans: ids}})
	}
	t.draw(f)
	if len(rr.m.Assets) == 0 {
		return
	}
	f.gap(6)
	rr.sectionHeading("Other files under the content directory", 12, 1, "")
	paths := make([]string, 0, len(rr.m.Assets))
	for p := range rr.m.Assets {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	a := &table{lead: 1.35, size: 7.6, full: true, zebra: true, fixed: []float64{0, hashW}}
	a.header = []tcell{{spans: w.runs("Path", head)}, {spans: w.runs("Git blob id / SHA-256", head)}}
	for _, p := range paths {
		file := rr.m.Assets[p]
		ids := w.runs(orDash(file.Blob), mono)
		ids = append(ids, span{brk: true, st: mono})
		if file.Data != nil {
			sum := sha256.Sum256(file.Data)
			ids = append(ids, w.runs(hex.EncodeToString(sum[:]), mono)...)
		} else {
			ids = append(ids, w.runs(fmt.Sprintf("not read (%d bytes)", file.Size), mono)...)
		}
		a.rows = append(a.rows, []tcell{{spans: w.runs(p, small)}, {spans: ids}})
	}
	a.draw(f)
}

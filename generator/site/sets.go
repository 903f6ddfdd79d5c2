package site

import (
	"fmt"
	"strings"
)

// SetSummary is one requirement set in use, as the dashboard lists it.
type SetSummary struct {
	ID, Title, URL    string
	Items             int
	Green, Amber, Red int
	// First is set for the set whose matrix the dashboard shows in full.
	First bool
}

// SetPage is a requirement set's page: every item's coverage, under the
// set's groups (clauses, themes, families) in the set's order.
type SetPage struct {
	*SetSummary
	Version, Source, Note string
	Groups                []*SetGroup
	// SoA is the Statement of Applicability's URL when it decides this
	// set's controls.
	SoA string
}

// SetGroup is one group of a set's items; an empty Title for items in no
// group.
type SetGroup struct {
	ID, Title string
	Rows      []*CoverageRow
}

// SoAPage is the Statement of Applicability: per control of its set,
// the decision, its reason, how far it is implemented and what evidences
// it.
type SoAPage struct {
	Set, SetTitle, SetURL string
	// Doc is the controlled document holding the statement's table; File
	// the CSV's path when it is not a document.
	Doc  *DocRef
	File string
	Rows []*SoARow
	// Counts of the controls by decision, and the applicable ones with no
	// evidence.
	Applicable, Excluded, Undecided, NoEvidence int
}

// SoARow is one control of the statement.
type SoARow struct {
	*ReqRef
	Group string
	// Line is the row's line in the statement's file; 0 when no row names
	// the control.
	Line int
	// Decision is applicable, excluded or undecided.
	Decision              string
	Justification, Status string
	// Evidence are the documents listing the control; Records the titles
	// of the tabular records that evidence it.
	Evidence []*DocRef
	Records  []string
	// Evidenced is set when a document in good standing or a record
	// evidences the control.
	Evidenced bool
}

// setSlug is a file name for a set's page from its ID, which may come
// from a committed file and so be anything.
func setSlug(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := strings.Trim(b.String(), "-.")
	if s == "" {
		s = "set"
	}
	return s
}

// sets builds the summaries and pages of the sets in use, from the
// coverage rows already built for the dashboard's matrix (one reading).
func (s *site) sets(rows map[string]*CoverageRow) ([]*SetSummary, []*SetPage) {
	var sums []*SetSummary
	var pages []*SetPage
	used := map[string]bool{}
	for i, set := range s.m.Framework.Sets {
		slug := setSlug(set.ID)
		for n := 2; used[slug]; n++ {
			slug = fmt.Sprintf("%s-%d", setSlug(set.ID), n)
		}
		used[slug] = true
		sum := &SetSummary{ID: set.ID, Title: set.Title, URL: "sets/" + slug + ".html", Items: len(set.Items), First: i == 0}
		p := &SetPage{SetSummary: sum, Version: set.Version, Source: set.Source, Note: set.Note}
		groups := map[string]*SetGroup{}
		for _, g := range set.Groups {
			sg := &SetGroup{ID: g.ID, Title: g.Title}
			groups[g.ID] = sg
			p.Groups = append(p.Groups, sg)
		}
		var loose *SetGroup
		for j := range set.Items {
			it := &set.Items[j]
			r := rows[it.ID]
			if r == nil || s.m.Framework.SetOf(it.ID) != set {
				continue // an ID an earlier set has too: shown there
			}
			switch r.State {
			case "green":
				sum.Green++
			case "amber":
				sum.Amber++
			default:
				sum.Red++
			}
			g := groups[it.Group]
			if g == nil {
				if loose == nil {
					loose = &SetGroup{}
					p.Groups = append(p.Groups, loose)
				}
				g = loose
			}
			g.Rows = append(g.Rows, r)
		}
		if soa := s.m.SoA; soa != nil && soa.Set == set && soa.Table != nil {
			p.SoA = "soa.html"
		}
		sums = append(sums, sum)
		pages = append(pages, p)
	}
	return sums, pages
}

// soaPage builds the Statement of Applicability's page; nil without one.
func (s *site) soaPage(sets []*SetSummary) *SoAPage {
	soa := s.m.SoA
	if soa == nil || soa.Set == nil || soa.Table == nil {
		return nil
	}
	p := &SoAPage{Set: soa.Set.ID, SetTitle: soa.Set.Title}
	for _, sum := range sets {
		if sum.ID == soa.Set.ID {
			p.SetURL = sum.URL
		}
	}
	if d := soa.Table.Doc; d != nil {
		if di := s.byPath[d.Path]; di != nil {
			p.Doc = di.ref
		}
	} else {
		p.File = soa.Table.Path
	}
	groups := map[string]string{}
	for _, g := range soa.Set.Groups {
		groups[g.ID] = g.Title
	}
	for i := range soa.Controls {
		c := &soa.Controls[i]
		row := &SoARow{ReqRef: s.reqBy[c.Item.ID], Group: groups[c.Item.Group], Line: c.Line,
			Justification: c.Justification, Status: c.Status, Evidenced: c.Evidenced()}
		if row.ReqRef == nil {
			row.ReqRef = &ReqRef{ID: c.Item.ID, Title: c.Item.Title}
		}
		switch {
		case !c.Decided:
			row.Decision = "undecided"
			p.Undecided++
		case c.Applicable:
			row.Decision = "applicable"
			p.Applicable++
			if !row.Evidenced {
				p.NoEvidence++
			}
		default:
			row.Decision = "excluded"
			p.Excluded++
		}
		if cov := c.Coverage; cov != nil {
			row.Evidence = s.refs(cov.Docs)
			for _, t := range cov.Tables {
				row.Records = append(row.Records, t.Title())
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

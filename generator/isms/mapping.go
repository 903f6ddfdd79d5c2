package isms

import (
	"slices"
	"strings"

	"github.com/ismspack/ismspack/generator/config"
)

// Mapped is a requirement the configuration's map: gives a document,
// rather than the document itself.
type Mapped struct {
	// ID is the normalised requirement id.
	ID string
	// Rule is the map: entry that gave it.
	Rule *config.MapRule
}

// mapRequirements adds to each document the requirements config's map:
// gives it, after those it declares, and counts the documents each
// pattern matched. It is the one place the two are merged: coverage,
// the rules, the site and the pack all read Doc.Requirements.
func (m *Model) mapRequirements() {
	rules := m.Config.Map
	m.MapMatches = make([]int, len(rules))
	for _, d := range m.Docs {
		rel := d.Path
		if c := m.Snapshot.Content; c != "" && c != "." {
			rel = strings.TrimPrefix(rel, c+"/")
		}
		for i := range rules {
			r := &rules[i]
			if !r.Matches(rel) {
				continue
			}
			m.MapMatches[i]++
			for _, it := range r.Requirements {
				id := m.RequirementID(it.ID)
				if !slices.Contains(d.Requirements, id) {
					d.Requirements = append(d.Requirements, id)
					d.Mapped = append(d.Mapped, Mapped{ID: id, Rule: r})
				}
			}
		}
	}
}

// MappedBy returns the map: entry that gave d the requirement id, or nil
// when d declares it itself.
func (d *Doc) MappedBy(id string) *config.MapRule {
	for _, mp := range d.Mapped {
		if mp.ID == id {
			return mp.Rule
		}
	}
	return nil
}

package check

import (
	"fmt"
	"path"
	"strings"
)

// coverageRules judge the ISMS as a whole against its requirement sets.
func coverageRules() []*Rule {
	return []*Rule{
		{ID: "coverage-gap", Doc: "A requirement has no document that is approved, in date and owned.", Severity: Error, Scope: ScopeModel, Run: coverageGap},
	}
}

// coverageGap reports each item no document in good standing evidences.
// An item some documents list is reported at the first one's requirements
// field, naming them all and why none counts; an item none lists, at the
// repository root.
func coverageGap(p *Pass) {
	for _, c := range p.Model.Coverage {
		if len(c.Good) > 0 {
			continue
		}
		if len(c.Docs) == 0 {
			p.ReportRequirement(c.Item.ID, nil, "%s %s: no document evidences it; add the requirement to an approved document's requirements", c.Item.ID, c.Item.Title)
			continue
		}
		var why []string
		for _, d := range c.Docs {
			why = append(why, fmt.Sprintf("%s (%s)", path.Base(d.Path), strings.Join(p.Model.Shortfalls(d), "; ")))
		}
		p.ReportRequirement(c.Item.ID, c.Docs[0], "%s %s: no document that evidences it is approved, in date and owned: %s", c.Item.ID, c.Item.Title, strings.Join(why, ", "))
	}
}

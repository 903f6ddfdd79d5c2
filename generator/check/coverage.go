package check

import (
	"fmt"
	"path"
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// coverageRules judge the ISMS as a whole against its requirement sets.
func coverageRules() []*Rule {
	return []*Rule{
		{ID: "coverage-gap", Doc: "A requirement has no document that is approved, in date and owned.", Severity: Error, Scope: ScopeModel, Run: coverageGap},
		{ID: "evidence-missing", Doc: "Evidence a requirement expects is missing, or only stale documents or records match it.", Severity: Warning, Scope: ScopeModel, Run: evidenceMissing},
		{ID: "evidence-unknown", Doc: "A document or table names an evidence key no requirement set in use defines.", Severity: Error, Scope: ScopeModel, Run: evidenceUnknown},
	}
}

// coverageGap reports each item no document in good standing evidences.
// Controls of the Statement of Applicability's set are the soa rules'
// to judge: an excluded one needs no evidence.
// An item some documents list is reported at the first one's requirements
// field, naming them all and why none counts; an item none lists, at the
// repository root.
func coverageGap(p *Pass) {
	for _, c := range p.Model.Coverage {
		if len(c.Good) > 0 || p.Model.DecidedBySoA(c.Item.ID) {
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

// evidenceMissing reports each item with judged evidence entries that are
// missing or stale, once, naming them all: the reason its coverage is
// amber although documents evidence it.
func evidenceMissing(p *Pass) {
	for _, c := range p.Model.Coverage {
		lacking := c.Lacking()
		if len(lacking) == 0 || len(c.Docs)+len(c.Tables) == 0 {
			continue // nothing at all is coverage-gap's finding
		}
		var parts []string
		for _, e := range lacking {
			if e.State == isms.Missing {
				parts = append(parts, fmt.Sprintf("missing %q (%s)", e.Text, e.Key))
			} else {
				parts = append(parts, fmt.Sprintf("stale %q (%s: %s)", e.Text, e.Key, strings.Join(e.Why, "; ")))
			}
		}
		var at *isms.Doc
		if len(c.Docs) > 0 {
			at = c.Docs[0]
		}
		p.ReportRequirement(c.Item.ID, at, "%s %s: expected evidence %s; add evidence: [KEY] to the document or record that is it, or bring it into good standing",
			c.Item.ID, c.Item.Title, strings.Join(parts, ", "))
	}
}

// evidenceUnknown reports keys in documents' evidence fields and tables'
// evidence lists that no set in use defines.
func evidenceUnknown(p *Pass) {
	m := p.Model
	for _, d := range m.Docs {
		for _, k := range d.Meta.Evidence {
			if _, _, ok := m.Framework.EvidenceKey(k); !ok {
				p.ReportDoc(d, fieldPos(d, "evidence"), "evidence key %q is not defined by any requirement set in use (%s): use a key from docs/frameworks.md or the requirement pages", k, strings.Join(m.Framework.Names(), ", "))
			}
		}
	}
	for _, t := range m.Tables {
		for _, k := range t.Spec.Evidence {
			if _, _, ok := m.Framework.EvidenceKey(k); !ok {
				p.ReportPath(configName(p), document.Pos{Line: t.Spec.At.Line, Col: t.Spec.At.Col}, "tables.%s: evidence key %q is not defined by any requirement set in use (%s): use a key from docs/frameworks.md or the requirement pages", t.Name, k, strings.Join(m.Framework.Names(), ", "))
			}
		}
	}
}

package check

import (
	"fmt"
	"path"
	"strings"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// soaRules judge the Statement of Applicability: every control of its set
// decided, every exclusion justified, every applicable control evidenced.
func soaRules() []*Rule {
	return []*Rule{
		{ID: "soa-missing", Doc: "Annex A is in use but no Statement of Applicability is declared (soa: in the configuration).", Severity: Error, Scope: ScopeModel, Run: soaMissing},
		{ID: "soa-invalid", Doc: "A row of the Statement of Applicability decides nothing (unknown control, a control twice, applicability neither yes nor no), or soa: names a set not in use.", Severity: Error, Scope: ScopeModel, Run: soaInvalid},
		{ID: "soa-decision-missing", Doc: "A control of the Statement of Applicability's set has no yes or no.", Severity: Error, Scope: ScopeModel, Run: soaDecisionMissing},
		{ID: "soa-justification-missing", Doc: "A control the Statement of Applicability excludes has no justification.", Severity: Error, Scope: ScopeModel, Run: soaJustificationMissing},
		{ID: "soa-evidence-missing", Doc: "A control the Statement of Applicability applies has no document in good standing or record that evidences it.", Severity: Error, Scope: ScopeModel, Run: soaEvidenceMissing},
	}
}

func soaMissing(p *Pass) {
	if p.Model.SoA != nil {
		return
	}
	for _, s := range p.Model.Framework.Sets {
		if s.ID == config.DefaultSoASet {
			p.ReportPath(configName(p), document.Pos{Line: 1, Col: 1}, "%s is in use but there is no Statement of Applicability: declare its table under tables: and name it in soa: (table: soa)", s.ID)
		}
	}
}

func soaInvalid(p *Pass) {
	s := p.Model.SoA
	if s == nil {
		return
	}
	if s.Set == nil {
		at := p.Model.Config.SoA.At
		p.ReportPath(configName(p), document.Pos{Line: at.Line, Col: at.Col}, "soa: decides the controls of %s, which is not in use: add it to frameworks:", p.Model.Config.SoA.SetID())
		return
	}
	for _, pr := range s.Problems {
		p.ReportPath(pr.Path, document.Pos{Line: pr.Line, Col: pr.Col}, "%s", pr.Message)
	}
}

// soaAt is where a control's finding goes: its row, else the table's
// header.
func soaAt(s *isms.SoA, c *isms.SoAControl) (string, document.Pos) {
	line := c.Line
	if line == 0 {
		line = s.HeaderLine
	}
	return s.Table.Path, document.Pos{Line: max(line, 1), Col: 1}
}

func soaDecisionMissing(p *Pass) {
	s := p.Model.SoA
	if s == nil || s.Set == nil || s.Table == nil || len(s.Table.Problems) > 0 {
		return // table-invalid says why it could not be read
	}
	for i := range s.Controls {
		c := &s.Controls[i]
		if c.Decided {
			continue
		}
		file, at := soaAt(s, c)
		if c.Line == 0 {
			p.ReportPath(file, at, "%s %s has no row in the Statement of Applicability: add one saying whether it applies, and why", c.Item.ID, c.Item.Title)
			continue
		}
		if c.Applicability == "" {
			p.ReportPath(file, at, "%s %s is not decided: say yes or no under %s", c.Item.ID, c.Item.Title, soaColumn(p, 1))
		}
	}
}

func soaJustificationMissing(p *Pass) {
	s := p.Model.SoA
	if s == nil || s.Set == nil || s.Table == nil {
		return
	}
	for i := range s.Controls {
		c := &s.Controls[i]
		if c.Decided && !c.Applicable && c.Justification == "" {
			file, at := soaAt(s, c)
			p.ReportPath(file, at, "%s %s is excluded without a justification: say why it does not apply under %s", c.Item.ID, c.Item.Title, soaColumn(p, 2))
		}
	}
}

func soaEvidenceMissing(p *Pass) {
	s := p.Model.SoA
	if s == nil || s.Set == nil || s.Table == nil {
		return
	}
	for i := range s.Controls {
		c := &s.Controls[i]
		if !c.Decided || !c.Applicable || c.Evidenced() {
			continue
		}
		file, at := soaAt(s, c)
		if c.Coverage == nil || len(c.Coverage.Docs) == 0 {
			p.ReportPath(file, at, "%s %s applies but no document or record evidences it: list %s in the requirements of the document that implements it", c.Item.ID, c.Item.Title, c.Item.ID)
			continue
		}
		var why []string
		for _, d := range c.Coverage.Docs {
			why = append(why, fmt.Sprintf("%s (%s)", path.Base(d.Path), strings.Join(p.Model.Shortfalls(d), "; ")))
		}
		p.ReportPath(file, at, "%s %s applies but no document that evidences it is approved, in date and owned: %s", c.Item.ID, c.Item.Title, strings.Join(why, ", "))
	}
}

// soaColumn names a column of the statement: 0 control, 1 applicable,
// 2 justification, 3 status.
func soaColumn(p *Pass, i int) string {
	c, a, j, s := p.Model.Config.SoA.Columns()
	return []string{c, a, j, s}[i]
}

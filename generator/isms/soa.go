package isms

import (
	"fmt"
	"strings"

	"github.com/ismspack/ismspack/generator/framework"
)

// SoA is the Statement of Applicability, read once from its table when
// the model loads: one entry per control of its set, in the set's order,
// whether or not a row decides it. The rules, the site and the pack read
// this one reading.
type SoA struct {
	Set   *framework.Set
	Table *Table
	// HeaderLine is the line of the table's header in its file, where a
	// control no row names is reported.
	HeaderLine int
	// Controls has an entry per item of Set.
	Controls []SoAControl
	// Problems are rows that decide nothing: a control the set lacks, a
	// control decided twice, an applicability that is neither yes nor no.
	Problems []TableProblem
}

// SoAControl is one control as the statement decides it.
type SoAControl struct {
	Item *framework.Item
	// Line is the deciding row's line in the table's file; 0 when no row
	// names the control.
	Line int
	// Decided is set when the row says yes or no; Applicable is its answer.
	Decided, Applicable bool
	// Applicability, Justification and Status are the cells as written.
	Applicability, Justification, Status string
	// Coverage is what evidences the control: documents and tabular
	// records (cover, evidence.go).
	Coverage *Coverage
}

// Evidenced reports whether a document in good standing or a tabular
// record evidences the control.
func (c *SoAControl) Evidenced() bool {
	return c.Coverage != nil && (len(c.Coverage.Good) > 0 || len(c.Coverage.Tables) > 0)
}

// applicability reads an applicability cell: yes, no, or undecided
// (empty). ok is false for text that is none of these.
func applicability(s string) (decided, applicable, ok bool) {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(s), "*_`.")) {
	case "":
		return false, false, true
	case "yes", "y", "true", "applicable", "included", "include", "in", "✓", "✔", "✅", "x":
		return true, true, true
	case "no", "n", "false", "not applicable", "n/a", "na", "excluded", "exclude", "out", "✗", "✘", "❌", "-", "—":
		return true, false, true
	}
	return false, false, false
}

// soa reads the Statement of Applicability the configuration names.
func (m *Model) soa() {
	spec := m.Config.SoA
	if spec.Table == "" {
		return
	}
	s := &SoA{}
	for _, t := range m.Tables {
		if t.Name == spec.Table {
			s.Table = t
		}
	}
	for _, set := range m.Framework.Sets {
		if set.ID == spec.SetID() {
			s.Set = set
		}
	}
	if s.Table == nil || s.Set == nil {
		m.SoA = s // the rule soa-invalid says which is missing
		return
	}
	cov := map[string]*Coverage{}
	for _, c := range m.Coverage {
		cov[c.Item.ID] = c
	}
	at := map[string]int{}
	for i := range s.Set.Items {
		it := &s.Set.Items[i]
		at[it.ID] = i
		s.Controls = append(s.Controls, SoAControl{Item: it, Coverage: cov[it.ID]})
	}
	t := s.Table
	if !t.columnsOK {
		m.SoA = s // table-invalid already says why it could not be read
		return
	}
	s.HeaderLine = t.headerLine
	control, appl, just, status := spec.Columns()
	ci, ai, ji, si := t.Column(control), t.Column(appl), t.Column(just), t.Column(status)
	cell := func(r Row, i int) string {
		if i < 0 || i >= len(r.Cells) {
			return ""
		}
		return strings.TrimSpace(r.Cells[i])
	}
	for _, r := range t.Rows {
		id := cell(r, ci)
		if id == "" {
			continue // a blank or section row
		}
		it, ok := m.Framework.ItemIn(s.Set, id)
		if !ok {
			s.problem(t, r.Line, "%s is not a control of %s: correct the id", id, s.Set.ID)
			continue
		}
		c := &s.Controls[at[it.ID]]
		if c.Line != 0 {
			s.problem(t, r.Line, "%s is decided again (first on line %d): keep one row per control", id, c.Line)
			continue
		}
		c.Line = r.Line
		c.Applicability, c.Justification, c.Status = cell(r, ai), cell(r, ji), cell(r, si)
		var good bool
		c.Decided, c.Applicable, good = applicability(c.Applicability)
		if !good {
			s.problem(t, r.Line, "%s: applicability %q is neither yes nor no: write yes or no", id, c.Applicability)
		}
	}
	m.SoA = s
}

func (s *SoA) problem(t *Table, line int, format string, args ...any) {
	s.Problems = append(s.Problems, TableProblem{Path: t.Path, Line: line, Col: 1, Message: fmt.Sprintf(format, args...)})
}

// DecidedBySoA reports whether the Statement of Applicability judges the
// item: it is a control of the statement's set. Coverage-gap leaves those
// to the soa rules, since an excluded control needs no evidence.
func (m *Model) DecidedBySoA(id string) bool {
	return m.SoA != nil && m.SoA.Set != nil && m.Framework.SetOf(id) == m.SoA.Set
}

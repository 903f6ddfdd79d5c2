package check

import (
	"path"
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// recordRules judge records: events that recur on a cadence, and tables
// of rows that are done or due.
func recordRules() []*Rule {
	return []*Rule{
		{ID: "record-overdue", Doc: "A record type's cadence has passed since its newest record, or it has no record at all.", Severity: Error, Scope: ScopeModel, Run: recordOverdue},
		{ID: "action-overdue", Doc: "A row of a tabular record is open past its due date.", Severity: Warning, Scope: ScopeModel, Run: actionOverdue},
		{ID: "table-invalid", Doc: "A tabular record cannot be read: malformed CSV, a declared column missing, a date that is not one.", Severity: Error, Scope: ScopeModel, Run: tableInvalid},
	}
}

// recordOverdue reports each cadence whose next record is missing by the
// as-of date, at the newest record, or at the type's declaration when
// there is none.
func recordOverdue(p *Pass) {
	m := p.Model
	for _, c := range m.Cadences {
		if !c.Overdue(m.AsOf) {
			continue
		}
		n := c.Newest()
		if n == nil {
			p.ReportPath(configName(p), document.Pos{Line: c.At.Line, Col: c.At.Col},
				"no %s record yet, and one is due every %s: commit the record of the last one (type: %s), or remove the type's every if it does not recur",
				c.Type, c.Every, c.Type)
			continue
		}
		pos, dated := fieldPos(n, "type"), "added on"
		if n.RecordDatedBy == "date" {
			pos, dated = fieldPos(n, "date"), "dated"
		}
		p.ReportDoc(n, pos, "%s overdue: the newest, %s, is %s %s and one is due every %s, so the next was due %s; commit its record",
			c.Type, recordName(n), dated, n.RecordDate.Format("2006-01-02"), c.Every, c.Due.Format("2006-01-02"))
	}
}

// recordName names a record by its id, else its file.
func recordName(d *isms.Doc) string {
	if d.Meta.ID != "" {
		return d.Meta.ID
	}
	return path.Base(d.Path)
}

// actionOverdue reports each open row past its due date, at its due cell.
func actionOverdue(p *Pass) {
	for _, t := range p.Model.Tables {
		for _, i := range t.Overdue {
			r := t.Rows[i]
			what := ""
			if len(r.Cells) > 0 {
				what = " " + strings.TrimSpace(r.Cells[0])
			}
			status := "open"
			if s := t.Column(t.Spec.Status); s >= 0 && strings.TrimSpace(r.Cells[s]) != "" {
				status = strings.TrimSpace(r.Cells[s])
			}
			p.ReportPath(t.Path, document.Pos{Line: r.Line, Col: r.DueCol}, "%s row%s is %s and was due %s: close it, or agree a new due date and record it",
				t.Title(), what, status, r.Due.Format("2006-01-02"))
		}
	}
}

// tableInvalid reports what stopped a table being read, where it is.
func tableInvalid(p *Pass) {
	for _, t := range p.Model.Tables {
		for _, pr := range t.Problems {
			if pr.Path == "" {
				at := t.Spec.At
				p.ReportPath(configName(p), document.Pos{Line: at.Line, Col: at.Col}, "%s", pr.Message)
				continue
			}
			p.ReportPath(pr.Path, document.Pos{Line: pr.Line, Col: pr.Col}, "%s", pr.Message)
		}
	}
}

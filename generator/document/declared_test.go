package document

import (
	"slices"
	"strings"
	"testing"
)

const tableDoc = `---
id: POL-001
title: Access Policy
---
# Access Policy

Access is granted by role.

## Revision history

| **Version** | Date | Changed by | Approved by | Changes |
|---|---|---|---|---|
| **1.2** | 2026-03-02 | Jane Doe | Chief Executive Officer | Scope narrowed |
| 1.1 | 2026-02-01 | Jane Doe | Board | Yearly review |
| 1.0 | 2026-01-05 | Jane Doe | Board | First issue |
`

func TestRevisionTableSuppliesWhatFrontMatterLacks(t *testing.T) {
	d := Parse("x.md", []byte(tableDoc), Options{})
	if len(d.RevisionTables) != 1 || len(d.RevisionRows) != 3 {
		t.Fatalf("read %d tables, %d rows; want 1 table of 3 rows", len(d.RevisionTables), len(d.RevisionRows))
	}
	m := d.Meta
	if m.Version != "1.2" || m.ApprovedBy != "Chief Executive Officer" || m.ApprovedOn.String() != "2026-03-02" ||
		m.LastReviewed.String() != "2026-03-02" || m.Status != Approved {
		t.Errorf("meta from the newest row: version %q, approved by %q on %s, reviewed %s, status %q",
			m.Version, m.ApprovedBy, m.ApprovedOn, m.LastReviewed, m.Status)
	}
	// Findings about the version point at the row's cell, from the parser.
	if f, _ := m.FieldFor("version"); f.ValuePos != (Pos{13, 5}) {
		t.Errorf("version is at %v, want 13:5 (the 1.2 cell, inside its emphasis)", f.ValuePos)
	}
	if f, _ := m.FieldFor("approved_by"); f.ValuePos != (Pos{13, 37}) {
		t.Errorf("approved_by is at %v, want 13:37", f.ValuePos)
	}
	if r := d.RevisionRows[2]; r.Row != 3 || r.Pos != (Pos{15, 1}) || r.Author != "Jane Doe" || r.Comment != "First issue" {
		t.Errorf("third row: %+v", r)
	}
}

func TestFrontMatterWinsOverTheRevisionTable(t *testing.T) {
	src := strings.Replace(tableDoc, "title: Access Policy\n", "title: Access Policy\nversion: \"1.3\"\nstatus: draft\n", 1)
	m := Parse("x.md", []byte(src), Options{}).Meta
	if m.Version != "1.3" || m.Status != Draft {
		t.Errorf("front matter's version 1.3 and status draft gave way: %q, %q", m.Version, m.Status)
	}
	if _, ok := m.Declared("version"); ok {
		t.Error("version is said to come from the table although front matter gives it")
	}
	if m.ApprovedBy != "Chief Executive Officer" {
		t.Errorf("approved_by %q: the table should still give what front matter lacks", m.ApprovedBy)
	}
}

func TestRevisionTableIsKnownByItsHeadings(t *testing.T) {
	for head, want := range map[string]bool{
		"| Version | Date |":               true,
		"| Rev. | Description |":           true,
		"| Effective date | Approver |":    true,
		"| DATE | comments |":              true,
		"| Author | Comment |":             false, // neither a version nor a date
		"| Field | Value |":                false,
		"| Version |":                      false, // one column says too little
		"| Policy | Purpose |":             false,
		"| Version | Version | Owner |":    false, // the same column twice is one
		"| *Ver.* | **Date of change:** |": true,
	} {
		cols := strings.Count(head, "|") - 1
		src := "# T\n\n" + head + "\n" + strings.Repeat("|---", cols) + "|\n" + strings.Repeat("| 1.0 ", cols) + "|\n"
		d := Parse("x.md", []byte(src), Options{})
		if got := len(d.RevisionTables) == 1; got != want {
			t.Errorf("%s: revision table %v, want %v", head, got, want)
		}
	}
}

func TestConfiguredHeadingsNameColumns(t *testing.T) {
	src := "# T\n\n| Iss. | Signed off | When |\n|---|---|---|\n| 3.0 | CFO | 2026-01-05 |\n"
	if d := Parse("x.md", []byte(src), Options{}); len(d.RevisionTables) != 0 {
		t.Fatal("Iss. and Signed off are not built-in headings, yet the table was read")
	}
	opt := Options{RevisionColumns: map[string][]string{"version": {"Iss."}, "approver": {"signed off"}, "date": {"When"}}}
	d := Parse("x.md", []byte(src), opt)
	if d.Meta.Version != "3.0" || d.Meta.ApprovedBy != "CFO" || d.Meta.ApprovedOn.String() != "2026-01-05" {
		t.Errorf("with configured headings: version %q, approved by %q on %s", d.Meta.Version, d.Meta.ApprovedBy, d.Meta.ApprovedOn)
	}
}

func TestHTMLRevisionTable(t *testing.T) {
	src := "# T\n\nText.\n\n<table>\n  <tr><th>Rev</th><th>Effective</th><th>Approved by</th></tr>\n\n  <tr>\n    <td>2.0</td>\n    <td>\n      1 March 2026</td>\n    <td><strong>Board</strong> of<br>Directors</td>\n  </tr>\n</table>\n\nAfter.\n"
	d := Parse("x.md", []byte(src), Options{})
	if len(d.RevisionRows) != 1 {
		t.Fatalf("read %d rows from the HTML table, want 1", len(d.RevisionRows))
	}
	r := d.RevisionRows[0]
	if r.Version != "2.0" || r.Date.String() != "2026-03-01" || r.Approver != "Board of Directors" {
		t.Errorf("row %+v", r)
	}
	if r.Pos != (Pos{8, 3}) || r.CellPos(ColVersion) != (Pos{9, 9}) || r.CellPos(ColDate) != (Pos{11, 7}) {
		t.Errorf("row at %v, version at %v, date at %v; want 8:3, 9:9, 11:7", r.Pos, r.CellPos(ColVersion), r.CellPos(ColDate))
	}
	if d.Meta.Status != Approved {
		t.Errorf("status %q, want approved from the row", d.Meta.Status)
	}
}

func TestUnclosedHTMLTableIsReadToTheEnd(t *testing.T) {
	src := "# T\n\n<table><tr><td>Version<td>Date<tr><td>1.0<td>2026-01-05\n"
	d := Parse("x.md", []byte(src), Options{})
	if d.Meta.Version != "1.0" || d.Meta.LastReviewed.String() != "2026-01-05" {
		t.Errorf("version %q, last reviewed %s from cells without end tags", d.Meta.Version, d.Meta.LastReviewed)
	}
}

func TestMajorRevisionsAreADeclaredHistory(t *testing.T) {
	src := "name: Access Policy\nacronym: AP\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n  - date: Dec 17 2018\n    comment: Offboarding\n---\n# Purpose\n"
	d := Parse("x.md", []byte(src), Options{})
	if len(d.RevisionRows) != 2 {
		t.Fatalf("read %d entries, want 2", len(d.RevisionRows))
	}
	r := d.RevisionRows[1]
	if r.Date.String() != "2018-12-17" || r.Comment != "Offboarding" || r.Pos != (Pos{6, 5}) || r.CellPos(ColDate) != (Pos{6, 11}) {
		t.Errorf("second entry %+v at %v", r, r.Pos)
	}
	if d.Meta.LastReviewed.String() != "2018-12-17" || d.Meta.Version != "" || d.Meta.Status != "" {
		t.Errorf("last reviewed %s, version %q, status %q: entries without an approver approve nothing",
			d.Meta.LastReviewed, d.Meta.Version, d.Meta.Status)
	}
}

func TestLatestRevisionOrder(t *testing.T) {
	row := func(v, date string) RevisionRow { return newRow(0, []string{ColVersion, ColDate}, []string{v, date}) }
	for _, c := range []struct {
		name string
		rows []RevisionRow
		want string
	}{
		{"version beats date", []RevisionRow{row("1.10", "2026-01-01"), row("1.9", "2026-06-01")}, "1.10"},
		{"dotted versions", []RevisionRow{row("v2", ""), row("1.9.9", "")}, "v2"},
		{"dates without versions", []RevisionRow{row("", "Jun 1 2018"), row("", "Dec 17 2018"), row("", "Mar 1 2018")}, "Dec 17 2018"},
		{"equal versions by date", []RevisionRow{row("1.0", "2026-02-01"), row("1.0", "2026-01-01")}, "2026-02-01"},
		{"a readable version beats none", []RevisionRow{row("1.0", "2026-01-01"), row("Draft", "2026-06-01")}, "1.0"},
		{"ties go to the row written last", []RevisionRow{row("x", ""), row("y", "")}, "y"},
	} {
		got, _ := LatestRevision(c.rows)
		if got.Version != c.want && got.Date.Text != c.want {
			t.Errorf("%s: latest is %+v, want %s", c.name, got, c.want)
		}
	}
}

func TestUnreadableRowDateIsAProblem(t *testing.T) {
	src := "# T\n\n| Version | Date |\n|---|---|\n| 1.0 | 03/04/2026 |\n"
	var got []Problem
	for _, p := range Parse("x.md", []byte(src), Options{}).Problems {
		if p.Rule == "date-invalid" {
			got = append(got, p)
		}
	}
	if len(got) != 1 || got[0].Pos != (Pos{5, 9}) || !strings.Contains(got[0].Message, "row 1 (1.0)") {
		t.Fatalf("date problems %+v, want one at 5:9 naming row 1", got)
	}
}

// TestReadDeclaredAgreesWithParse holds the light read of old revisions
// to the full one: the same rows by key, and the text without the tables.
func TestReadDeclaredAgreesWithParse(t *testing.T) {
	src := tableDoc + "\n<table><tr><th>Rev</th><th>Date</th></tr><tr><td>`2.0`</td><td>2026-04-01</td></tr></table>\n\nTrailing text.\n"
	d := Parse("x.md", []byte(src), Options{})
	h := ReadDeclared("x.md", []byte(src), Options{}, nil)
	var full, light []string
	for _, r := range d.RevisionRows {
		full = append(full, r.Key)
	}
	for _, r := range h.Rows {
		light = append(light, r.Key)
	}
	if !slices.Equal(full, light) || len(full) != 4 {
		t.Errorf("keys: full parse %q, light %q", full, light)
	}
	text := string(h.Text)
	if strings.Contains(text, "|") || strings.Contains(text, "<table") || !strings.Contains(text, "Trailing text.") || !strings.HasPrefix(text, "# Access Policy") {
		t.Errorf("text without tables: %q", text)
	}
	again := ReadDeclared("x.md", []byte(strings.Replace(src, "id: POL-001", "id: POL-002", 1)), Options{}, &h)
	if len(again.Rows) != 4 || string(again.Text) != text {
		t.Errorf("an unchanged body read again gave %d rows, text %q", len(again.Rows), again.Text)
	}
}

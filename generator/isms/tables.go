package isms

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/framework"
)

// Bounds on a table, past which it is reported rather than read further.
// The file itself is already within source.MaxFileSize.
const (
	MaxTableColumns = 256
	MaxTableRows    = 1_000_000
)

// Table is a tabular record read once, when the model is loaded: the
// rows, what is open and overdue, and the count. The rules, the site and
// the pack read this one reading.
type Table struct {
	// Name is the key the configuration declares it under.
	Name string
	Spec config.Table
	// Path is the file's repository path; Blob its git blob id; Doc the
	// document it is in, for a Markdown table.
	Path string
	Blob string
	Doc  *Doc
	// Requirements are the normalised requirement items it evidences.
	Requirements []string
	Header       []string
	Rows         []Row
	// Problems are what stopped the table being read whole: a malformed
	// CSV, a missing column, a date that is not one. Each is at a place.
	Problems []TableProblem
	// Overdue are the indexes in Rows of the open rows past their due date.
	Overdue []int
	// Counted is set when the table has a count: Done of Of.
	Counted  bool
	Done, Of int

	status, due int // column indexes, -1 when not configured
	headerLine  int
	columnsOK   bool
}

// Row is one row of a table.
type Row struct {
	// Line is the row's line in its file; DueCol the column of its due
	// cell (1 when unknown).
	Line, DueCol int
	Cells        []string
	// Open is set when the row's status does not close it.
	Open bool
	// Due is the due date, zero when none or unreadable.
	Due time.Time
}

// TableProblem is something wrong with a table, at a place in the file
// (Path) or, when Path is empty, at the table's declaration in the
// configuration.
type TableProblem struct {
	Path      string
	Line, Col int
	Message   string
}

// Title is the table's title, else its key.
func (t *Table) Title() string {
	if t.Spec.Title != "" {
		return t.Spec.Title
	}
	return t.Name
}

// CountText is "training completed: 41 of 45 staff"; empty without a count.
func (t *Table) CountText() string {
	if !t.Counted {
		return ""
	}
	label, unit := "completed", ""
	if c := t.Spec.Count; c != nil {
		if c.Label != "" {
			label = c.Label
		}
		if c.Unit != "" {
			unit = " " + c.Unit
		}
	}
	return fmt.Sprintf("%s: %d of %d%s", label, t.Done, t.Of, unit)
}

// Column returns a column's index in the header (any case), or -1.
func (t *Table) Column(name string) int {
	name = strings.TrimSpace(name)
	if name == "" {
		return -1
	}
	for i, h := range t.Header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

// tables reads every declared table.
func (m *Model) tables() {
	for _, name := range m.Config.TableNames() {
		spec := m.Config.Tables[name]
		t := &Table{Name: name, Spec: spec, status: -1, due: -1}
		for _, r := range spec.Requirements {
			t.Requirements = append(t.Requirements, framework.Normalize(r))
		}
		m.Tables = append(m.Tables, t)
		t.Path = path.Join(m.Snapshot.Content, path.Clean(strings.ReplaceAll(spec.File, "\\", "/")))
		if d := m.byPath[t.Path]; d != nil {
			t.Doc, t.Blob = d, d.Blob
			t.readMarkdown(d)
		} else if f := m.Assets[t.Path]; f != nil && f.Data != nil {
			t.Blob = f.Blob
			t.readCSV(f.Data)
		} else {
			what := "is not in the commit"
			if f != nil {
				what = "is too large to read"
			}
			t.problem("", 0, 0, "table %s: %s %s; commit the file or correct tables.%s.file", name, t.Path, what, name)
			continue
		}
		if t.columnsOK {
			t.judge(m.AsOf)
		}
	}
}

func (t *Table) problem(p string, line, col int, format string, args ...any) {
	t.Problems = append(t.Problems, TableProblem{Path: p, Line: line, Col: col, Message: fmt.Sprintf(format, args...)})
}

// readCSV reads a CSV file with encoding/csv: every row as long as the
// header, quotes as RFC 4180 has them. The first error stops the reading
// and is reported where the reader found it.
func (t *Table) readCSV(data []byte) {
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalid(data)], []byte("\n"))
		t.problem(t.Path, line, 1, "%s is not UTF-8 text: save it as UTF-8 CSV", t.Path)
		return
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's byte-order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		if err == io.EOF {
			t.problem(t.Path, 1, 1, "%s is empty: a table needs a header row naming its columns", t.Path)
		} else {
			t.csvError(err)
		}
		return
	}
	if len(header) > MaxTableColumns {
		t.problem(t.Path, 1, 1, "%s has %d columns, more than the %d ismspack reads", t.Path, len(header), MaxTableColumns)
		return
	}
	t.Header, t.headerLine = header, 1
	if !t.checkColumns() {
		return
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.csvError(err)
			return
		}
		if len(t.Rows) == MaxTableRows {
			line, _ := r.FieldPos(0)
			t.problem(t.Path, line, 1, "%s has more than %d rows; split it", t.Path, MaxTableRows)
			return
		}
		line, _ := r.FieldPos(0)
		row := Row{Line: line, DueCol: 1, Cells: rec}
		if t.due >= 0 {
			_, row.DueCol = r.FieldPos(t.due)
		}
		t.Rows = append(t.Rows, row)
	}
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// csvError reports encoding/csv's error at the line and column it gives.
func (t *Table) csvError(err error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		switch {
		case errors.Is(pe.Err, csv.ErrFieldCount):
			msg = fmt.Sprintf("this row has a different number of cells from the header's %d: quote cells that hold commas", len(t.Header))
		case errors.Is(pe.Err, csv.ErrBareQuote):
			msg = `a quote inside a cell that is not quoted: quote the cell and double the quote ("")`
		case errors.Is(pe.Err, csv.ErrQuote):
			msg = `a quoted cell is not closed, or text follows its closing quote: close it, and double a quote inside it ("")`
		}
		t.problem(t.Path, pe.Line, max(pe.Column, 1), "%s is not valid CSV: %s", t.Path, msg)
		return
	}
	t.problem(t.Path, 1, 1, "%s cannot be read: %v", t.Path, err)
}

// checkColumns holds the header to the declared columns and finds the
// status and due columns.
func (t *Table) checkColumns() bool {
	var missing []string
	for _, c := range t.Spec.Columns {
		if t.Column(c) < 0 {
			missing = append(missing, c)
		}
	}
	for _, c := range []string{t.Spec.Status, t.Spec.Due} {
		if c != "" && t.Column(c) < 0 && !contains(missing, c) {
			missing = append(missing, c)
		}
	}
	if c := t.Spec.Count; c != nil {
		for _, col := range []string{c.Done, c.People} {
			if col != "" && t.Column(col) < 0 && !contains(missing, col) {
				missing = append(missing, col)
			}
		}
	}
	if len(missing) > 0 {
		t.problem(t.Path, max(t.headerLine, 1), 1, "the header lacks the column %s that tables.%s declares; the header has %s",
			strings.Join(missing, ", "), t.Name, strings.Join(t.Header, ", "))
		return false
	}
	t.status, t.due = t.Column(t.Spec.Status), t.Column(t.Spec.Due)
	t.columnsOK = true
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// judge works out which rows are open and overdue, and the count.
func (t *Table) judge(asOf time.Time) {
	closed := t.Spec.Closed
	if len(closed) == 0 {
		closed = config.DefaultClosed
	}
	var done int
	if c := t.Spec.Count; c != nil {
		done = t.Column(c.Done)
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		switch {
		case t.status >= 0:
			r.Open = !contains(closed, strings.TrimSpace(r.Cells[t.status]))
		case t.Spec.Count != nil:
			r.Open = strings.TrimSpace(r.Cells[done]) == ""
		}
		if t.due < 0 {
			continue
		}
		v := strings.TrimSpace(r.Cells[t.due])
		if v == "" {
			continue
		}
		d, ok := document.ParseDate(v)
		if !ok {
			t.problem(t.Path, r.Line, r.DueCol, "%s %q is not a date: write it as YYYY-MM-DD", t.Header[t.due], v)
			continue
		}
		r.Due = d
		if r.Open && d.Before(asOf) {
			t.Overdue = append(t.Overdue, i)
		}
	}
	if c := t.Spec.Count; c != nil {
		t.Counted = true
		people := t.Column(c.People)
		who, whoDone := map[string]bool{}, map[string]bool{}
		for _, r := range t.Rows {
			key := fmt.Sprint(r.Line)
			if people >= 0 {
				key = strings.ToLower(strings.TrimSpace(r.Cells[people]))
			}
			who[key] = true
			if strings.TrimSpace(r.Cells[done]) != "" {
				whoDone[key] = true
			}
		}
		t.Done, t.Of = len(whoDone), len(who)
		if c.Of > 0 {
			t.Of = c.Of
		}
	}
}

// readMarkdown reads the first table of a document: its header row and
// body rows as plain text, each at the line it is on.
func (t *Table) readMarkdown(d *Doc) {
	var tbl *east.Table
	_ = ast.Walk(d.AST(), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if v, ok := n.(*east.Table); ok && entering && tbl == nil {
			tbl = v
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if tbl == nil {
		t.problem(t.Path, 1, 1, "%s has no table: tables.%s reads the first Markdown table of the document", t.Path, t.Name)
		return
	}
	t.headerLine = d.Pos(document.BlockStart(tbl)).Line
	rowLine := t.headerLine
	for row := tbl.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		line, col := 0, 1
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, cellText(c, d.Body))
			if off := document.InlineStart(c); off >= 0 && line == 0 {
				line = d.Pos(off).Line
			}
		}
		if line == 0 {
			line = rowLine + 1
		}
		rowLine = line
		if _, ok := row.(*east.TableHeader); ok {
			t.Header = cells
			if !t.checkColumns() {
				return
			}
			continue
		}
		if t.due >= 0 && t.due < len(cells) {
			c := row.FirstChild()
			for i := 0; i < t.due && c != nil; i++ {
				c = c.NextSibling()
			}
			if off := document.InlineStart(c); c != nil && off >= 0 {
				for off < len(d.Body) && (d.Body[off] == ' ' || d.Body[off] == '\t') {
					off++
				}
				col = d.Pos(off).Col
			}
		}
		for len(cells) < len(t.Header) { // GFM pads short rows
			cells = append(cells, "")
		}
		t.Rows = append(t.Rows, Row{Line: line, DueCol: col, Cells: cells[:len(t.Header)]})
	}
}

// cellText is a Markdown cell's text as written, without what is struck
// through (a due date written "~~2026-11-30~~ 2027-01-31" was moved to
// the second) and without emphasis and code marks.
func cellText(c ast.Node, body []byte) string {
	l := c.Lines()
	if l == nil || l.Len() == 0 {
		return strings.TrimSpace(document.PlainText(c, body))
	}
	var b strings.Builder
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		b.Write(body[seg.Start:seg.Stop])
		b.WriteByte(' ')
	}
	t := struck.ReplaceAllString(b.String(), "")
	t = strings.NewReplacer("**", "", "__", "", "`", "", `\|`, "|").Replace(t)
	return strings.Join(strings.Fields(t), " ")
}

var struck = regexp.MustCompile(`~~[^~]*~~`)

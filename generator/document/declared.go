package document

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The columns of a revision table, and the keys of an entry of a declared
// revision list in front matter (comply's majorRevisions).
const (
	ColVersion    = "version"
	ColDate       = "date"
	ColAuthor     = "author"
	ColApprover   = "approver"
	ColApprovedOn = "approved_on"
	ColComment    = "comment"
)

// RevisionColumns are the columns a revision table may have, each with
// the headings that name it in the tables people write (compared without
// case, surrounding space, emphasis or a trailing full stop or colon).
// Configuration adds headings of its own (revision_table.columns).
var RevisionColumns = []struct {
	Name     string
	Headings []string
}{
	{ColVersion, []string{"version", "ver", "rev", "revision", "document version", "version no", "version number", "revision number", "rev no", "v"}},
	{ColDate, []string{"date", "effective", "effective date", "revision date", "date of change", "change date", "date changed", "modified", "last modified", "updated", "release date", "issue date", "date issued", "published"}},
	{ColAuthor, []string{"author", "authors", "changed by", "modified by", "updated by", "revised by", "edited by", "editor", "prepared by", "made by", "by"}},
	{ColApprover, []string{"approved by", "approver", "approvers", "approval", "signed off by", "sign-off", "authorised by", "authorized by", "reviewed and approved by"}},
	{ColApprovedOn, []string{"approved on", "approval date", "date approved", "date of approval"}},
	{ColComment, []string{"comment", "comments", "description", "description of change", "description of changes", "change", "changes", "change description", "summary", "summary of changes", "notes", "reason", "reason for change", "details", "revision notes"}},
}

// IsRevisionColumn reports whether name is one of RevisionColumns.
func IsRevisionColumn(name string) bool {
	for _, c := range RevisionColumns {
		if c.Name == name {
			return true
		}
	}
	return false
}

// RevisionRow is one entry of a document's declared revision history: a
// row of a revision table in the body, or an item of a revision list in
// front matter. Values are as written; dates are read as dates too.
type RevisionRow struct {
	// Row is the entry's place in its table or list, from 1.
	Row        int
	Version    string
	Date       Date
	Author     string
	Approver   string
	ApprovedOn Date
	Comment    string
	// Pos is where the row starts in the file; zero for old revisions,
	// which are read for their rows only.
	Pos Pos
	// Key identifies the row across revisions of the document: its
	// version when it has one, else its cells as written. A row whose
	// key first appears in a commit was added by that commit.
	Key string

	cells map[string]Pos
}

// CellPos returns where the row's cell of column col starts, or the row's
// position when it has no such cell.
func (r RevisionRow) CellPos(col string) Pos {
	if p, ok := r.cells[col]; ok {
		return p
	}
	return r.Pos
}

// Approval reports whether the row records an approval: an approver and a
// day, the approval date or else the row's date.
func (r RevisionRow) Approval() (by string, on Date, ok bool) {
	on = r.ApprovedOn
	if on.IsZero() {
		on = r.Date
	}
	return r.Approver, on, r.Approver != "" && !on.IsZero()
}

// Label names the row for a message: its version or date and its line.
func (r RevisionRow) Label() string {
	what := "row " + strconv.Itoa(r.Row)
	switch {
	case r.Version != "":
		what += " (" + r.Version + ")"
	case r.Date.Text != "":
		what += " (" + r.Date.Text + ")"
	}
	if r.Pos.IsValid() {
		what += " at line " + strconv.Itoa(r.Pos.Line)
	}
	return what
}

// RevisionTable is a declared revision history as written: a table in
// the body whose headings name revision columns, or a front-matter list
// of entries with such keys.
type RevisionTable struct {
	// Source is "table" (Markdown), "html" or the front-matter key.
	Source string
	Pos    Pos
	// Headings are the column headings (or entry keys) as written, and
	// Columns the revision column each names ("" for none).
	Headings []string
	Columns  []string
	Rows     []RevisionRow
	// start and end are the table's byte range in the body, so a change to
	// the text can be judged apart from a new row; -1 for front matter.
	start, end int
}

// Has reports whether the table has column col.
func (t RevisionTable) Has(col string) bool {
	for _, c := range t.Columns {
		if c == col {
			return true
		}
	}
	return false
}

// Missing lists the revision columns the table lacks.
func (t RevisionTable) Missing() []string {
	var out []string
	for _, c := range RevisionColumns {
		if !t.Has(c.Name) {
			out = append(out, c.Name)
		}
	}
	return out
}

// LatestRevision returns the newest of rows: the highest version, then,
// among rows of equal or unreadable versions, the latest date, then the
// row written last. Version comes first because it is the document's own
// count of its changes, which the version rules reconcile with git; dates
// are often the drafting day, two revisions can share one, and tables are
// written newest-first as often as oldest-first, so their order decides
// only when nothing else does.
func LatestRevision(rows []RevisionRow) (RevisionRow, bool) {
	best := -1
	for i, r := range rows {
		if best < 0 || newer(r, rows[best]) {
			best = i
		}
	}
	if best < 0 {
		return RevisionRow{}, false
	}
	return rows[best], true
}

func newer(a, b RevisionRow) bool {
	if c, ok := compareDotted(a.Version, b.Version); ok && c != 0 {
		return c > 0
	}
	if _, aok := dotted(a.Version); aok != isDotted(b.Version) {
		return aok
	}
	if !a.Date.IsZero() && !b.Date.IsZero() && !a.Date.Time.Equal(b.Date.Time) {
		return a.Date.Time.After(b.Date.Time)
	}
	if a.Date.IsZero() != b.Date.IsZero() {
		return !a.Date.IsZero()
	}
	return true // the later of two rows that tie
}

// compareDotted compares versions of dotted numbers (1, 1.2, v1.2.3),
// missing parts counting as 0; ok is false unless both are such.
func compareDotted(a, b string) (int, bool) {
	pa, ok1 := dotted(a)
	pb, ok2 := dotted(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	for i := 0; i < max(len(pa), len(pb)); i++ {
		x, y := 0, 0
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			return sign(x - y), true
		}
	}
	return 0, true
}

func isDotted(s string) bool { _, ok := dotted(s); return ok }

func dotted(s string) ([]int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	if s == "" || len(s) > 40 {
		return nil, false
	}
	var out []int
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}

// headingKey folds a column heading for matching: lower case, emphasis
// and surrounding punctuation removed, spaces collapsed.
func headingKey(s string) string {
	s = strings.Trim(strings.ToLower(s), " \t*_`:.")
	return strings.Join(strings.Fields(s), " ")
}

// columnMatcher maps folded headings to revision columns.
type columnMatcher map[string]string

var builtinColumns = func() columnMatcher {
	m := columnMatcher{}
	for _, c := range RevisionColumns {
		for _, h := range c.Headings {
			m[h] = c.Name
		}
	}
	return m
}()

func newColumnMatcher(extra map[string][]string) columnMatcher {
	if len(extra) == 0 {
		return builtinColumns
	}
	m := make(columnMatcher, len(builtinColumns))
	for k, v := range builtinColumns {
		m[k] = v
	}
	for col, hs := range extra {
		for _, h := range hs {
			m[headingKey(h)] = col
		}
	}
	return m
}

// columns names each heading's column, each column once (the first
// heading naming it), and reports whether the headings make a revision
// table: a version or a date column and at least one other.
func (m columnMatcher) columns(headings []string) ([]string, bool) {
	cols := make([]string, len(headings))
	seen := map[string]bool{}
	for i, h := range headings {
		if c, ok := m[headingKey(h)]; ok && !seen[c] {
			cols[i], seen[c] = c, true
		}
	}
	return cols, (seen[ColVersion] || seen[ColDate]) && len(seen) >= 2
}

// newRow makes a row from its cells' text, one per column, with the
// offset or position each starts at.
func newRow(n int, cols, cells []string) RevisionRow {
	r := RevisionRow{Row: n}
	var key strings.Builder
	for i, c := range cols {
		if i >= len(cells) {
			break
		}
		v := strings.Join(strings.Fields(cells[i]), " ")
		if c != "" {
			key.WriteString(v)
			key.WriteByte(0x1f)
		}
		switch c {
		case ColVersion:
			r.Version = v
		case ColDate:
			r.Date = readDate(v)
		case ColAuthor:
			r.Author = v
		case ColApprover:
			r.Approver = v
		case ColApprovedOn:
			r.ApprovedOn = readDate(v)
		case ColComment:
			r.Comment = v
		}
	}
	if r.Version != "" {
		r.Key = "version " + r.Version
	} else {
		r.Key = key.String()
	}
	return r
}

func readDate(v string) Date {
	t, _ := ParseDate(v)
	return Date{Text: v, Time: t}
}

// readRevisionTables finds the declared revision history of a document:
// the front-matter lists of revision entries and the revision tables in
// its body (root parsed from body). pos turns a body offset into a file
// position; nil leaves positions out.
func readRevisionTables(fields []Field, body []byte, root ast.Node, m columnMatcher, pos func(int) Pos) (out []RevisionTable) {
	if pos == nil { // an old revision: rows without positions
		defer func() {
			for i := range out {
				out[i].Pos = Pos{}
				for j := range out[i].Rows {
					out[i].Rows[j].Pos, out[i].Rows[j].cells = Pos{}, nil
				}
			}
		}()
		pos = func(int) Pos { return Pos{} }
	}
	for _, f := range fields {
		if t, ok := fieldRevisions(f, m); ok {
			out = append(out, t)
		}
	}
	if root == nil {
		return out
	}
	htmlEnd := -1 // where the last HTML table read ends
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *east.Table:
			if t, ok := markdownTable(v, body, m, pos); ok {
				out = append(out, t)
			}
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			if v.Lines().Len() == 0 {
				return ast.WalkContinue, nil
			}
			start := v.Lines().At(0).Start
			if start < htmlEnd {
				return ast.WalkSkipChildren, nil // inside a table already read
			}
			for i := 0; i < v.Lines().Len(); i++ {
				seg := v.Lines().At(i)
				if at := indexFold(body[seg.Start:seg.Stop], "<table"); at >= 0 {
					t, end, ok := htmlTable(body, seg.Start+at, m, pos)
					htmlEnd = end
					if ok {
						out = append(out, t)
					}
					break
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// fieldRevisions reads a front-matter list of maps whose keys name
// revision columns: comply's majorRevisions ({date, comment}) and the
// like.
func fieldRevisions(f Field, m columnMatcher) (RevisionTable, bool) {
	if f.Kind != List || len(f.Items) == 0 {
		return RevisionTable{}, false
	}
	var keys []string
	seen := map[string]bool{}
	for _, it := range f.Items {
		if it.Kind != Map {
			return RevisionTable{}, false
		}
		for _, e := range it.Map {
			if !seen[e.Key] {
				seen[e.Key] = true
				keys = append(keys, e.Key)
			}
		}
	}
	cols, ok := m.columns(keys)
	if !ok {
		return RevisionTable{}, false
	}
	t := RevisionTable{Source: f.Key, Pos: f.KeyPos, Headings: keys, Columns: cols, start: -1, end: -1}
	for i, it := range f.Items {
		cells := make([]string, len(keys))
		cellPos := map[string]Pos{}
		for _, e := range it.Map {
			for j, k := range keys {
				if k == e.Key {
					cells[j] = e.Value
					if cols[j] != "" {
						cellPos[cols[j]] = e.ValuePos
					}
				}
			}
		}
		r := newRow(i+1, cols, cells)
		r.Pos, r.cells = it.KeyPos, cellPos
		t.Rows = append(t.Rows, r)
	}
	return t, true
}

// revisionCellText is a Markdown table cell's text as written, without the
// emphasis around it: the same for a full parse and the light one that
// old revisions get, so a row's key does not depend on which read it.
func revisionCellText(c ast.Node, body []byte) (string, int) {
	l := c.Lines()
	if l == nil || l.Len() == 0 {
		return "", -1
	}
	seg := l.At(0)
	raw := body[seg.Start:seg.Stop]
	lead := len(raw) - len(bytes.TrimLeft(raw, " \t*_`"))
	return strings.TrimSpace(strings.Trim(string(raw), " \t*_`")), seg.Start + lead
}

func markdownTable(t *east.Table, body []byte, m columnMatcher, pos func(int) Pos) (RevisionTable, bool) {
	header, ok := t.FirstChild().(*east.TableHeader)
	if !ok {
		return RevisionTable{}, false
	}
	var headings []string
	for c := header.FirstChild(); c != nil; c = c.NextSibling() {
		h, _ := revisionCellText(c, body)
		headings = append(headings, h)
	}
	cols, ok := m.columns(headings)
	if !ok {
		return RevisionTable{}, false
	}
	start := header.Pos()
	out := RevisionTable{Source: "table", Pos: pos(start), Headings: headings, Columns: cols, start: start, end: lineEnd(body, start)}
	n := 0
	for row := header.NextSibling(); row != nil; row = row.NextSibling() {
		var cells []string
		cellPos := map[string]Pos{}
		i := 0
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			s, at := revisionCellText(c, body)
			cells = append(cells, s)
			if i < len(cols) && cols[i] != "" && at >= 0 && s != "" {
				cellPos[cols[i]] = pos(at)
			}
			i++
		}
		n++
		r := newRow(n, cols, cells)
		r.Pos, r.cells = pos(row.Pos()), cellPos
		out.Rows = append(out.Rows, r)
		out.end = lineEnd(body, row.Pos())
	}
	return out, true
}

func lineEnd(b []byte, off int) int {
	if off < 0 || off >= len(b) {
		return len(b)
	}
	if i := bytes.IndexByte(b[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(b)
}

// indexFold finds s (ASCII, lower case) in b ignoring case.
func indexFold(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i] == '<' && bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return i
		}
	}
	return -1
}

// maxHTMLTable bounds the bytes one HTML table is read over, so an
// unclosed <table> costs no more than this however long the document.
const maxHTMLTable = 4 << 20

// htmlTable reads the HTML table starting at body[at] with
// golang.org/x/net/html's tokenizer, to its closing tag (blank lines
// inside it split it into several Markdown blocks, which is why the body
// is read rather than one block): rows are <tr>, cells <td> and <th>, the
// first row the headings. Nested tables are part of their cell's text.
// It returns where the table ends.
func htmlTable(body []byte, at int, m columnMatcher, pos func(int) Pos) (RevisionTable, int, bool) {
	limit := min(len(body), at+maxHTMLTable)
	z := html.NewTokenizer(bytes.NewReader(body[at:limit]))
	off := at
	depth := 0
	var rows [][]string
	var rowAt []int
	var cellAt [][]int
	var cell *strings.Builder
	flush := func() { // a cell ends at its end tag, or where the next cell or row starts
		if cell != nil {
			r := len(rows) - 1
			rows[r][len(rows[r])-1] = strings.Join(strings.Fields(cell.String()), " ")
			cell = nil
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		tokAt := off
		raw := z.Raw()
		off += len(raw)
		name, _ := z.TagName()
		a := atom.Lookup(name)
		switch {
		case tt == html.StartTagToken && a == atom.Table:
			depth++
		case tt == html.EndTagToken && a == atom.Table:
			flush()
			depth--
		case depth != 1:
		case tt == html.StartTagToken && a == atom.Tr:
			flush()
			rows, rowAt, cellAt = append(rows, nil), append(rowAt, tokAt), append(cellAt, nil)
		case tt == html.StartTagToken && (a == atom.Td || a == atom.Th) && len(rows) > 0:
			flush()
			cell = &strings.Builder{}
			r := len(rows) - 1
			rows[r], cellAt[r] = append(rows[r], ""), append(cellAt[r], -1)
		case tt == html.EndTagToken && (a == atom.Td || a == atom.Th || a == atom.Tr):
			flush()
		}
		switch {
		case cell == nil:
		case tt == html.TextToken:
			r := len(rows) - 1
			if c := len(cellAt[r]) - 1; cellAt[r][c] < 0 && len(bytes.TrimSpace(raw)) > 0 {
				cellAt[r][c] = tokAt + len(raw) - len(bytes.TrimLeft(raw, " \t\r\n"))
			}
			cell.Write(z.Text())
		case a == atom.Br || a == atom.P || a == atom.Li || a == atom.Div || a == atom.Ul || a == atom.Ol:
			cell.WriteByte(' ') // words either side of a break stay apart
		}
		if depth == 0 {
			break
		}
	}
	flush() // a table left open at the end of the document
	if len(rows) == 0 {
		return RevisionTable{}, off, false
	}
	cols, ok := m.columns(rows[0])
	if !ok {
		return RevisionTable{}, off, false
	}
	t := RevisionTable{Source: "html", Pos: pos(at), Headings: rows[0], Columns: cols, start: at, end: off}
	for i := 1; i < len(rows); i++ {
		r := newRow(i, cols, rows[i])
		r.Pos, r.cells = pos(rowAt[i]), map[string]Pos{}
		for j, c := range cols {
			if c != "" && j < len(cellAt[i]) && cellAt[i][j] >= 0 {
				r.cells[c] = pos(cellAt[i][j])
			}
		}
		t.Rows = append(t.Rows, r)
	}
	return t, off, true
}

// lightParser parses a body for its block structure only, with the table
// extension and no inline parsing: enough to find the revision tables of
// an old revision at a fraction of a full parse's cost. Its blocks are
// the full parser's (the same block parsers, footnote definitions
// included), so the rows it finds are the rows a full parse finds.
var lightParser = sync.OnceValue(func() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithBlockParsers(util.Prioritized(extension.NewFootnoteBlockParser(), 999)),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithParagraphTransformers(util.Prioritized(extension.NewTableParagraphTransformer(), 200)),
	)
})

// DeclaredHistory is what reconciling a declared revision history with
// git needs from one revision of a document.
type DeclaredHistory struct {
	// Rows are the revision entries, from front matter and body, without
	// positions.
	Rows []RevisionRow
	// Text is the body without its revision tables, trimmed: a change to
	// it is a change to the text, while a new row alone is not.
	Text []byte

	body     []byte
	bodyRows []RevisionRow
}

// ReadDeclared reads the declared revision history of an old revision:
// front matter as Parse reads it, the body's tables with a parser that
// reads blocks and tables only. A body with no table (no | and no
// <table) is not parsed, and neither is one equal to prev's body (the
// revision read before, nil for none): its rows and text are prev's.
func ReadDeclared(p string, src []byte, opt Options, prev *DeclaredHistory) DeclaredHistory {
	// The front matter as Parse splits and decodes it, without the rest
	// of Parse (the body's labelled fields would parse the body again).
	sr, prob := split(src)
	var fields []Field
	if prob == nil && sr.format != NoFrontMatter {
		fields, _ = decodeFields(sr.format, sr.data, NewLines(src[:sr.bodyOffset]), sr.dataOffset)
	}
	body := src[sr.bodyOffset:]
	m := newColumnMatcher(opt.RevisionColumns)
	h := DeclaredHistory{body: body}
	for _, t := range readRevisionTables(fields, nil, nil, m, nil) {
		h.Rows = append(h.Rows, t.Rows...)
	}
	if prev != nil && bytes.Equal(prev.body, body) {
		h.bodyRows, h.Text = prev.bodyRows, prev.Text
	} else {
		var root ast.Node
		if bytes.IndexByte(body, '|') >= 0 || indexFold(body, "<table") >= 0 {
			root = lightParser().Parse(text.NewReader(body))
		}
		tables := readRevisionTables(nil, body, root, m, nil)
		for _, t := range tables {
			h.bodyRows = append(h.bodyRows, t.Rows...)
		}
		h.Text = cutTables(body, tables)
	}
	h.Rows = append(h.Rows, h.bodyRows...)
	return h
}

// cutTables returns body without the byte ranges of its revision tables,
// trimmed.
func cutTables(body []byte, tables []RevisionTable) []byte {
	var out []byte
	last := 0
	for _, t := range tables {
		if t.start < last || t.end > len(body) {
			continue
		}
		out = append(out, body[last:t.start]...)
		last = t.end
	}
	if last == 0 {
		return bytes.TrimSpace(body)
	}
	out = append(out, body[last:]...)
	return bytes.TrimSpace(out)
}

// readDeclared fills the document's revision tables after its body is
// parsed, and lets the newest entry supply the fields nothing else gave.
func (d *Document) readDeclared(opt Options) {
	m := newColumnMatcher(opt.RevisionColumns)
	d.RevisionTables = readRevisionTables(d.Fields, d.Body, d.tree, m, d.Pos)
	for _, t := range d.RevisionTables {
		d.RevisionRows = append(d.RevisionRows, t.Rows...)
		for _, r := range t.Rows {
			for _, dt := range []struct {
				col string
				d   Date
			}{{ColDate, r.Date}, {ColApprovedOn, r.ApprovedOn}} {
				if dt.d.Text != "" && dt.d.IsZero() {
					d.Problems = append(d.Problems, Problem{Rule: "date-invalid", Pos: r.CellPos(dt.col),
						Message: fmt.Sprintf("revision history %s: %q is not a date: write it as YYYY-MM-DD", r.Label(), dt.d.Text)})
				}
			}
		}
	}
	latest, ok := LatestRevision(d.RevisionRows)
	if !ok {
		return
	}
	d.Meta.supply(latest)
}

// supply fills the schema fields front matter (or the body's labels) left
// empty from the newest entry of the declared history: version,
// last_reviewed, and, when the entry records an approval, approved_by,
// approved_on and status approved. Each is recorded as a field at the
// entry's cell, so findings about it point at the row.
func (m *Meta) supply(r RevisionRow) {
	set := func(name, col, value string) {
		if value == "" || m.Has(name) {
			return
		}
		at := r.CellPos(col)
		m.keys[name] = Field{Key: DeclaredKey + " " + col, Kind: Scalar, Value: value, KeyPos: at, ValuePos: at, Origin: FromRevisionHistory}
		m.text[name] = value
		if m.declared == nil {
			m.declared = map[string]RevisionRow{}
		}
		m.declared[name] = r
	}
	set("version", ColVersion, r.Version)
	if !r.Date.IsZero() {
		set("last_reviewed", ColDate, r.Date.Text)
	}
	if by, on, ok := r.Approval(); ok {
		set("approved_by", ColApprover, by)
		col := ColApprovedOn
		if r.ApprovedOn.IsZero() {
			col = ColDate
		}
		set("approved_on", col, on.Text)
		set("status", ColApprover, string(Approved))
	}
	m.Version = m.text["version"]
	m.ApprovedBy = m.text["approved_by"]
	m.Status = Status(m.text["status"])
	if f, ok := m.declared["approved_on"]; ok {
		_, on, _ := f.Approval()
		m.ApprovedOn = on
	}
	if _, ok := m.declared["last_reviewed"]; ok {
		m.LastReviewed = r.Date
	}
}

// DeclaredKey leads the key of a field the declared revision history
// supplied, as "revision history version".
const DeclaredKey = "revision history"

// Declared returns the declared-history entry that supplied a schema
// field, when front matter did not.
func (m *Meta) Declared(field string) (RevisionRow, bool) {
	r, ok := m.declared[field]
	return r, ok
}

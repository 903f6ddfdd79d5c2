package document

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Origin says where a field was read from, so the site, the pack and
// adopt can say it: a value read from the text is shown as such.
type Origin int

// The places a field is read from.
const (
	FromFrontMatter Origin = iota
	// FromTitleBlock is a pandoc title block (% Title, % Author, % Date).
	FromTitleBlock
	// FromLabel is a labelled line in the text: "**Owner:** Jane",
	// "- Effective date: 2024-01-02", a table cell "Owner: Jane".
	FromLabel
	// FromTable is a row of a two-column key/value table, Markdown or HTML.
	FromTable
	// FromRevisionHistory is the newest entry of the declared revision
	// history (a revision table, comply's majorRevisions).
	FromRevisionHistory
)

// String names the origin for people.
func (o Origin) String() string {
	switch o {
	case FromTitleBlock:
		return "title block"
	case FromLabel:
		return "labelled line"
	case FromTable:
		return "table row"
	case FromRevisionHistory:
		return "revision history"
	}
	return "front matter"
}

// labelIndex maps a normalised label to the schema field it names.
type labelIndex map[string]string

// newLabelIndex builds the labels of every schema field: the schema's
// own and the configuration's aliases (a "body:" alias is a label only).
func newLabelIndex(aliases map[string][]string) labelIndex {
	ix := labelIndex{}
	for _, spec := range Fields {
		for _, l := range spec.Labels {
			ix[normLabel(l)] = spec.Name
		}
	}
	// Configured aliases come last so that they win over the schema's
	// labels: a repository that calls its review date "Effective date"
	// says so.
	for _, spec := range Fields {
		for _, a := range aliases[spec.Name] {
			ix[normLabel(strings.TrimPrefix(a, BodyAlias))] = spec.Name
		}
	}
	return ix
}

// normLabel folds case and treats spaces, - and _ alike: "Policy Owner",
// "policy_owner" and "policy-owner" are one label.
func normLabel(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if r == '_' || r == '-' || unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// The bounds of a label and of the value it gives: document control is
// "Owner: Jane Doe", not a sentence that happens to contain a colon.
const (
	maxLabelRunes = 40
	maxLabelWords = 5
	maxValueRunes = 120
)

// bodyFields reads the document-control fields written in the text: a
// labelled line that starts a paragraph line, a list item or a table
// cell, and the rows of a two-column key/value table whose first column
// holds labels. Only labels ix knows count, code never does (goldmark
// gives it no paragraphs or cells), and each field points at its label.
// The walk visits each node once.
func (d *Document) bodyFields(ix labelIndex) []Field {
	var out []Field
	h := &htmlTables{d: d, ix: ix}
	_ = ast.Walk(d.tree, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			if mayHoldLabel(n, d.Body) {
				out = d.labelledLines(n, ix, out)
			}
			return ast.WalkSkipChildren, nil
		case *east.Table:
			out = d.tableFields(v, ix, out)
			return ast.WalkSkipChildren, nil
		case *ast.HTMLBlock:
			h.out = out
			h.block(v)
			out = h.out
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	h.out = out
	h.close()
	return h.out
}

// mayHoldLabel is a cheap look at a block's lines: a label needs a colon.
func mayHoldLabel(n ast.Node, src []byte) bool {
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		if bytes.IndexByte(seg.Value(src), ':') >= 0 {
			return true
		}
	}
	return false
}

// labelledLines reads the labelled lines of a paragraph or a table cell.
// Its first line may be any label; a later line must start with a
// capital or be emphasised, so a hard-wrapped sentence whose next line
// happens to begin "owner: " is not read.
func (d *Document) labelledLines(n ast.Node, ix labelIndex, out []Field) []Field {
	for i, l := range inlineLines(n, d.Body) {
		name, key, val, ok := l.label(ix)
		if !ok {
			continue
		}
		if i > 0 && !l.emphasised {
			if r, _ := utf8.DecodeRune(l.text); !unicode.IsUpper(r) {
				continue
			}
		}
		out = append(out, Field{Key: key.str(), Kind: Scalar, Value: val.str(), Origin: FromLabel,
			KeyPos: d.Pos(key.start()), ValuePos: d.Pos(val.start()), name: name})
	}
	return out
}

// tableFields reads a Markdown table's rows through kvRows.
func (d *Document) tableFields(t *east.Table, ix labelIndex, out []Field) []Field {
	var rows []tableRow
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		_, header := r.(*east.TableHeader)
		row := tableRow{header: header}
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			row.cells = append(row.cells, cellSpan(c, d.Body))
		}
		rows = append(rows, row)
	}
	return d.kvRows(rows, ix, out)
}

// tableRow is a table's row as text: a Markdown table's, or an HTML one's.
type tableRow struct {
	cells  []span
	header bool
}

// kvRows reads a table: as a key/value table when it has two columns and
// most of its rows are labelled, else cell by cell for labelled lines
// ("| a | **Status:** Draft |"). A header row counts as a row only when
// it is itself labelled ("| Owner | Jane |" has no other header), so a
// roles table whose one row is "| Owner | keeps the policy |" is not read.
func (d *Document) kvRows(rows []tableRow, ix labelIndex, out []Field) []Field {
	labelled, counted := 0, 0
	twoCols := true
	for _, r := range rows {
		if len(r.cells) != 2 {
			twoCols = false
			break
		}
		if _, ok := ix[normLabel(cellLabel(r.cells[0]))]; ok {
			labelled++
		} else if r.header {
			continue
		}
		counted++
	}
	if twoCols && labelled > 0 && 2*labelled > counted {
		for _, r := range rows {
			k, v := r.cells[0], r.cells[1]
			name, ok := ix[normLabel(cellLabel(k))]
			if !ok || len(v.text) == 0 || utf8.RuneCount(v.text) > maxValueRunes || sentence(v.text) {
				continue
			}
			out = append(out, Field{Key: cellLabel(k), Kind: Scalar, Value: v.str(), Origin: FromTable,
				KeyPos: d.Pos(k.start()), ValuePos: d.Pos(v.start()), name: name})
		}
		return out
	}
	for _, r := range rows {
		for _, c := range r.cells {
			if name, key, val, ok := c.label(ix); ok {
				out = append(out, Field{Key: key.str(), Kind: Scalar, Value: val.str(), Origin: FromLabel,
					KeyPos: d.Pos(key.start()), ValuePos: d.Pos(val.start()), name: name})
			}
		}
	}
	return out
}

// cellLabel is a key cell's label: "Owner:" and "**Owner**" are Owner.
func cellLabel(c span) string { return strings.TrimSpace(strings.TrimSuffix(c.str(), ":")) }

// cellSpan is a table cell's text, trimmed.
func cellSpan(c ast.Node, src []byte) span {
	ls := inlineLines(c, src)
	if len(ls) == 0 {
		return span{}
	}
	t := ls[0]
	for _, l := range ls[1:] {
		t.text = append(append(t.text, ' '), l.text...)
		t.offs = append(append(t.offs, t.offs[len(t.offs)-1]), l.offs...)
	}
	return t.trim()
}

// span is inline text with the body offset of each of its bytes, so a
// value read from it points at its place in the file.
type span struct {
	text []byte
	offs []int
	// code is set when the text starts with a code span, which is an
	// example, never a label.
	code bool
	// emphasised is set when the text starts with emphasis: **Owner:**.
	emphasised bool
}

func (t span) start() int {
	if len(t.offs) == 0 {
		return 0
	}
	return t.offs[0]
}

func (t span) str() string { return string(t.text) }

func (t span) slice(i, j int) span {
	return span{text: t.text[i:j], offs: t.offs[i:j]}
}

func (t span) trim() span {
	i, j := 0, len(t.text)
	for i < j && (t.text[i] == ' ' || t.text[i] == '\t') {
		i++
	}
	for j > i && (t.text[j-1] == ' ' || t.text[j-1] == '\t') {
		j--
	}
	r := t.slice(i, j)
	r.code, r.emphasised = t.code, t.emphasised
	return r
}

// label splits "Label: value" and looks the label up: name is the schema
// field, key the label as written, val the value.
func (t span) label(ix labelIndex) (name string, key, val span, ok bool) {
	t = t.trim()
	if t.code {
		return "", span{}, span{}, false
	}
	limit := min(len(t.text), 4*maxLabelRunes)
	c := bytes.IndexByte(t.text[:limit], ':')
	if c <= 0 {
		return "", span{}, span{}, false
	}
	key = t.slice(0, c).trim()
	val = t.slice(c+1, len(t.text)).trim()
	if len(key.text) == 0 || len(val.text) == 0 || utf8.RuneCount(key.text) > maxLabelRunes ||
		len(bytes.Fields(key.text)) > maxLabelWords || utf8.RuneCount(val.text) > maxValueRunes {
		return "", span{}, span{}, false
	}
	if sentence(val.text) {
		return "", span{}, span{}, false
	}
	name, ok = ix[normLabel(string(key.text))]
	return name, key, val, ok
}

// sentence reports whether a value reads as prose: several words ending
// in a full stop, as in "- **Policy Owner:** Responsible for overseeing
// the implementation." under a heading of roles.
func sentence(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && strings.IndexByte(".!?", b[len(b)-1]) >= 0 && len(bytes.Fields(b)) >= 5
}

// inlineLines returns the text of n's inline content line by line, each
// byte with its offset in src. Emphasis marks are not text, so
// "**Owner:** Jane" and "**Owner**: Jane" both read "Owner: Jane".
func inlineLines(n ast.Node, src []byte) []span {
	var lines []span
	var cur span
	first := true // the next leaf is the first of its line
	flush := func() {
		lines = append(lines, cur)
		cur, first = span{}, true
	}
	add := func(b []byte, off int, step bool) {
		for i := range b {
			cur.text = append(cur.text, b[i])
			if step {
				cur.offs = append(cur.offs, off+i)
			} else {
				cur.offs = append(cur.offs, off)
			}
		}
	}
	var walk func(p ast.Node, emph, code bool)
	walk = func(p ast.Node, emph, code bool) {
		for c := p.FirstChild(); c != nil; c = c.NextSibling() {
			switch v := c.(type) {
			case *ast.Text:
				if first {
					cur.code, cur.emphasised, first = code, emph, false
				}
				add(v.Segment.Value(src), v.Segment.Start, true)
				if v.SoftLineBreak() || v.HardLineBreak() {
					flush()
				}
			case *ast.String:
				if first {
					cur.code, cur.emphasised, first = code, emph, false
				}
				add(v.Value, InlineStart(p), false)
			case *Template:
				if v.Filled {
					if first {
						cur.code, cur.emphasised, first = code, emph, false
					}
					add([]byte(v.Value), v.Segment.Start, false)
				}
			case *ast.Emphasis:
				walk(v, emph || first, code)
			case *ast.CodeSpan:
				walk(v, emph, true)
			case *ast.RawHTML:
				// <br> and friends are markup, not text.
			default:
				walk(c, emph, code)
			}
		}
	}
	walk(n, false, false)
	if len(cur.text) > 0 {
		flush()
	}
	return lines
}

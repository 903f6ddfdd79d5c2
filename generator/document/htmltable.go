package document

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlTables reads the tables written as raw HTML blocks (`<table>`,
// `<tr><td>Version</td><td>1.2</td></tr>`) with x/net/html's tokenizer,
// which knows HTML's rules for entities, attributes and unclosed cells
// as a regexp would not. It is fed the document's HTML blocks in order
// and keeps its state between them, because a blank line inside a table
// ends goldmark's HTML block while the table goes on.
type htmlTables struct {
	d     *Document
	ix    labelIndex
	out   []Field
	stack []*openTable // open tables, innermost last
}

type openTable struct {
	rows []tableRow
	row  *tableRow
	cell *span // the cell being read, nil between cells
}

// block tokenizes one HTML block. Its lines are joined with the body
// offset of every byte kept, so each cell's text points into the file.
func (h *htmlTables) block(n *ast.HTMLBlock) {
	var buf []byte
	var offs []int
	add := func(start, stop int) {
		for i := start; i < stop; i++ {
			buf = append(buf, h.d.Body[i])
			offs = append(offs, i)
		}
	}
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		add(seg.Start, seg.Stop)
	}
	if n.HasClosure() {
		add(n.ClosureLine.Start, n.ClosureLine.Stop)
	}
	if !bytes.Contains(bytes.ToLower(buf), []byte("<t")) && len(h.stack) == 0 {
		return // neither a table nor inside one
	}
	z := html.NewTokenizer(bytes.NewReader(buf))
	pos := 0 // offset in buf of the token being read
	for {
		tt := z.Next()
		raw := z.Raw()
		start := pos
		pos += len(raw)
		switch tt {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			h.tag(atom.Lookup(name), tt == html.StartTagToken)
		case html.TextToken:
			t := h.top()
			if t == nil || t.cell == nil {
				continue
			}
			text := html.UnescapeString(string(raw))
			for i := range len(text) {
				// An entity makes the text shorter than the raw bytes:
				// its bytes point at the token's start, never outside.
				off := offs[start]
				if len(text) == len(raw) {
					off = offs[start+i]
				}
				c := text[i]
				if c == '\n' || c == '\r' || c == '\t' {
					c = ' '
				}
				t.cell.text = append(t.cell.text, c)
				t.cell.offs = append(t.cell.offs, off)
			}
		}
	}
}

// close reads the tables the document never closed.
func (h *htmlTables) close() {
	for len(h.stack) > 0 {
		h.tag(atom.Table, false)
	}
}

func (h *htmlTables) top() *openTable {
	if len(h.stack) == 0 {
		return nil
	}
	return h.stack[len(h.stack)-1]
}

// tag follows the table's structure; a cell or row left open is closed
// by the next one, as HTML closes them.
func (h *htmlTables) tag(a atom.Atom, open bool) {
	t := h.top()
	switch {
	case a == atom.Table && open:
		h.stack = append(h.stack, &openTable{})
	case a == atom.Table:
		if t != nil {
			t.endRow()
			h.stack = h.stack[:len(h.stack)-1]
			h.out = h.d.kvRows(t.rows, h.ix, h.out)
		}
	case t == nil:
	case a == atom.Tr:
		t.endRow()
		if open {
			t.row = &tableRow{header: true}
		}
	case a == atom.Td || a == atom.Th:
		t.endCell()
		if open {
			if t.row == nil {
				t.row = &tableRow{header: true}
			}
			if a == atom.Td {
				t.row.header = false
			}
			t.cell = &span{}
		}
	case a == atom.Br && t.cell != nil:
		t.cell.text = append(t.cell.text, ' ')
		t.cell.offs = append(t.cell.offs, t.cell.start())
	}
}

func (t *openTable) endCell() {
	if t.cell != nil && t.row != nil {
		c := collapse(*t.cell)
		t.row.cells = append(t.row.cells, c)
	}
	t.cell = nil
}

func (t *openTable) endRow() {
	t.endCell()
	if t.row != nil {
		t.rows = append(t.rows, *t.row)
	}
	t.row = nil
}

// collapse trims a cell and folds its runs of spaces into one, as a
// browser shows it.
func collapse(s span) span {
	var out span
	space := false
	for i, c := range s.text {
		if c == ' ' {
			space = len(out.text) > 0
			continue
		}
		if space {
			out.text = append(out.text, ' ')
			out.offs = append(out.offs, s.offs[i])
			space = false
		}
		out.text = append(out.text, c)
		out.offs = append(out.offs, s.offs[i])
	}
	if strings.TrimSpace(string(out.text)) == "" {
		return span{}
	}
	return out
}

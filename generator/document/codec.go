package document

import (
	"errors"
	"maps"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/ismspack/ismspack/generator/internal/wire"
)

// A parsed document is kept in the cache field by field, without its
// goldmark AST: Decode gives back what Parse gave, and the AST is parsed
// again from the text only when a consumer asks for it (Document.AST).
// The round-trip test fills every field, exported or not, so a field
// added to Document or to what it holds and not written here fails it.

// treeKind says how a decoded document's AST is made again.
const (
	treeNone  = iota // nil: the body was not parsed (MetaOnly)
	treeEmpty        // an empty document: the file is not text
	treeBody         // the body, parsed as Parse parsed it
)

// lazyTree parses a decoded document's body on first use.
type lazyTree struct {
	once sync.Once
	kind int
	opt  Options
	// made is set once the tree is parsed.
	made atomic.Bool
}

// HasAST reports whether the body's AST has been made: by Parse, or, for
// a document read from the cache, by a call of AST. A build that takes a
// document unchanged from the cache and keeps its page makes none.
func (d *Document) HasAST() bool {
	return d.lazy == nil || d.lazy.made.Load()
}

// AST is the body's goldmark AST, the one tree both renderers and the
// checks walk. A document read from the cache (Decode) parses its body
// here, on first use, and points its Links' Nodes into the tree: read
// Link.Node only after calling AST.
func (d *Document) AST() ast.Node {
	if l := d.lazy; l != nil {
		l.once.Do(func() {
			d.tree = d.parseAgain(l.kind, l.opt)
			l.made.Store(true)
		})
	}
	return d.tree
}

// parseAgain makes the AST Parse made and points the links into it.
func (d *Document) parseAgain(kind int, opt Options) ast.Node {
	switch kind {
	case treeEmpty:
		return ast.NewDocument()
	case treeBody:
	default:
		return nil
	}
	tree := d.parseBody(opt)
	fresh := &Document{Body: d.Body, BodyOffset: d.BodyOffset, Lines: d.Lines, tree: tree}
	fresh.walkBody()
	if len(fresh.Links) != len(d.Links) {
		// Parse is a function of the text and the options the cache key
		// holds, so this is a broken build, not a broken cache.
		panic("document: " + d.Path + " parsed again gives other links")
	}
	for i, l := range fresh.Links {
		if l.Dest != d.Links[i].Dest || l.Offset != d.Links[i].Offset {
			panic("document: " + d.Path + " parsed again gives other links")
		}
		d.Links[i].Node = l.Node
	}
	return tree
}

// Encode writes d for Decode: everything Parse found but the path, the
// bytes (the caller keeps both) and the blob id.
func Encode(d *Document) []byte {
	var e wire.Writer
	e.String(string(d.Format))
	writeFields(&e, d.Fields)
	writeFields(&e, d.BodyFields)
	encodeMeta(&e, &d.Meta)
	e.Bool(d.Body == nil)
	e.Int(int64(d.BodyOffset))
	kind := treeBody
	switch {
	case d.lazy != nil:
		kind = d.lazy.kind
	case d.notText:
		kind = treeEmpty
	case d.tree == nil:
		kind = treeNone
	}
	e.Uint(uint64(kind))
	count(&e, d.Headings == nil, len(d.Headings))
	for _, h := range d.Headings {
		e.Int(int64(h.Level))
		e.String(h.Text)
		e.String(h.ID)
		encodePos(&e, h.Pos)
		e.Bool(h.Opening)
	}
	count(&e, d.Anchors == nil, len(d.Anchors))
	for _, k := range slices.Sorted(maps.Keys(d.Anchors)) {
		a := d.Anchors[k]
		e.String(k)
		e.Bool(a.Heading)
		e.Int(int64(a.Footnote))
		e.Bool(a.Ref)
	}
	count(&e, d.Links == nil, len(d.Links))
	for _, l := range d.Links {
		e.String(l.Dest)
		e.Bool(l.Image)
		e.Bool(l.Auto)
		encodePos(&e, l.Pos)
		e.Bool(l.HTML)
		e.Int(int64(l.Offset))
	}
	count(&e, d.Templates == nil, len(d.Templates))
	for _, t := range d.Templates {
		e.Int(int64(t.Segment.Start))
		e.Int(int64(t.Segment.Stop))
		e.Int(int64(t.Segment.Padding))
		e.Bool(t.Segment.ForceNewline)
		e.String(t.Expr)
		e.String(t.Value)
		e.Bool(t.Filled)
	}
	count(&e, d.Code == nil, len(d.Code))
	for _, c := range d.Code {
		e.Int(int64(c[0]))
		e.Int(int64(c[1]))
	}
	e.String(d.Title)
	count(&e, d.RevisionTables == nil, len(d.RevisionTables))
	for _, t := range d.RevisionTables {
		e.String(t.Source)
		encodePos(&e, t.Pos)
		encodeStrings(&e, t.Headings)
		encodeStrings(&e, t.Columns)
		encodeRows(&e, t.Rows)
		e.Int(int64(t.start))
		e.Int(int64(t.end))
	}
	encodeRows(&e, d.RevisionRows)
	count(&e, d.Problems == nil, len(d.Problems))
	for _, p := range d.Problems {
		e.String(p.Rule)
		encodePos(&e, p.Pos)
		e.String(p.Message)
	}
	return e.B
}

// Decode reads what Encode wrote of the document at path p whose bytes
// are src, parsed with opt: the document Parse(p, src, opt) gives, its
// AST parsed on first use.
func Decode(p string, src, b []byte, opt Options) (*Document, error) {
	r := wire.NewReader(b)
	r.ShareStrings()
	d := &Document{Path: p, Src: src, Lines: NewLines(src)}
	d.Format = Format(r.String())
	d.Fields = readFields(r, 0)
	d.BodyFields = readFields(r, 0)
	decodeMeta(r, &d.Meta)
	noBody := r.Bool()
	d.BodyOffset = int(r.Int())
	if d.BodyOffset < 0 || d.BodyOffset > len(src) {
		return nil, wire.ErrDamaged
	}
	if !noBody {
		d.Body = src[d.BodyOffset:]
	}
	kind := int(r.Uint())
	if kind > treeBody {
		return nil, wire.ErrDamaged
	}
	d.lazy, d.notText = &lazyTree{kind: kind, opt: opt}, kind == treeEmpty
	if n, ok := readCount(r); ok {
		d.Headings = make([]Heading, n)
		for i := range d.Headings {
			d.Headings[i] = Heading{Level: int(r.Int()), Text: r.String(), ID: r.String(), Pos: decodePos(r), Opening: r.Bool()}
		}
	}
	if n, ok := readCount(r); ok {
		d.Anchors = make(map[string]Anchor, n)
		for range n {
			k := r.String()
			d.Anchors[k] = Anchor{Heading: r.Bool(), Footnote: int(r.Int()), Ref: r.Bool()}
		}
	}
	if n, ok := readCount(r); ok {
		d.Links = make([]*Link, n)
		for i := range d.Links {
			d.Links[i] = &Link{Dest: r.String(), Image: r.Bool(), Auto: r.Bool(), Pos: decodePos(r), HTML: r.Bool(), Offset: int(r.Int())}
		}
	}
	if n, ok := readCount(r); ok {
		d.Templates = make([]*Template, n)
		for i := range d.Templates {
			t := &Template{}
			t.Segment = text.Segment{Start: int(r.Int()), Stop: int(r.Int()), Padding: int(r.Int()), ForceNewline: r.Bool()}
			t.Expr, t.Value, t.Filled = r.String(), r.String(), r.Bool()
			d.Templates[i] = t
		}
	}
	if n, ok := readCount(r); ok {
		d.Code = make([][2]int, n)
		for i := range d.Code {
			d.Code[i] = [2]int{int(r.Int()), int(r.Int())}
		}
	}
	d.Title = r.String()
	if n, ok := readCount(r); ok {
		d.RevisionTables = make([]RevisionTable, n)
		for i := range d.RevisionTables {
			t := &d.RevisionTables[i]
			t.Source, t.Pos = r.String(), decodePos(r)
			t.Headings, t.Columns = decodeStrings(r), decodeStrings(r)
			t.Rows = decodeRows(r)
			t.start, t.end = int(r.Int()), int(r.Int())
		}
	}
	d.RevisionRows = decodeRows(r)
	if n, ok := readCount(r); ok {
		d.Problems = make([]Problem, n)
		for i := range d.Problems {
			d.Problems[i] = Problem{Rule: r.String(), Pos: decodePos(r), Message: r.String()}
		}
	}
	if r.Err() == nil && r.Left() != 0 {
		return nil, errors.New("bytes after a parsed document")
	}
	if r.Err() != nil {
		return nil, r.Err()
	}
	return d, nil
}

// count writes a slice's or map's length so that nil stays nil: 0 for
// nil, else the length plus one.
func count(e *wire.Writer, isNil bool, n int) {
	if isNil {
		e.Uint(0)
		return
	}
	e.Uint(uint64(n) + 1)
}

// readCount reads a count; ok is false for nil. A count the rest cannot
// hold is damage.
func readCount(r *wire.Reader) (int, bool) {
	v := r.Uint()
	if v == 0 || r.Err() != nil {
		return 0, false
	}
	if v-1 > uint64(r.Left()) {
		r.Fail()
		return 0, false
	}
	return int(v - 1), true
}

func encodePos(e *wire.Writer, p Pos) {
	e.Int(int64(p.Line))
	e.Int(int64(p.Col))
}

func decodePos(r *wire.Reader) Pos { return Pos{Line: int(r.Int()), Col: int(r.Int())} }

func encodeStrings(e *wire.Writer, ss []string) {
	count(e, ss == nil, len(ss))
	for _, s := range ss {
		e.String(s)
	}
}

func decodeStrings(r *wire.Reader) []string {
	n, ok := readCount(r)
	if !ok {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.String()
	}
	return ss
}

// maxFieldDepth bounds how deep decodeFields follows maps and items, so a
// damaged entry cannot exhaust the stack.
const maxFieldDepth = 64

func writeFields(e *wire.Writer, fs []Field) {
	count(e, fs == nil, len(fs))
	for i := range fs {
		writeField(e, &fs[i])
	}
}

func writeField(e *wire.Writer, f *Field) {
	e.String(f.Key)
	e.Int(int64(f.Kind))
	e.String(f.Value)
	encodeStrings(e, f.List)
	writeFields(e, f.Map)
	writeFields(e, f.Items)
	encodePos(e, f.KeyPos)
	encodePos(e, f.ValuePos)
	e.Int(int64(f.Origin))
	e.String(f.name)
}

func readFields(r *wire.Reader, depth int) []Field {
	n, ok := readCount(r)
	if !ok {
		return nil
	}
	if depth > maxFieldDepth {
		r.Fail()
		return nil
	}
	fs := make([]Field, n)
	for i := range fs {
		fs[i] = readField(r, depth)
	}
	return fs
}

func readField(r *wire.Reader, depth int) Field {
	f := Field{Key: r.String(), Kind: Kind(r.Int()), Value: r.String(), List: decodeStrings(r)}
	f.Map = readFields(r, depth+1)
	f.Items = readFields(r, depth+1)
	f.KeyPos, f.ValuePos = decodePos(r), decodePos(r)
	f.Origin = Origin(r.Int())
	f.name = r.String()
	return f
}

func encodeDate(e *wire.Writer, d Date) {
	e.String(d.Text)
	b, _ := d.Time.MarshalBinary() // fails only for offsets not in whole minutes, which ParseDate never makes
	e.Bytes(b)
}

func decodeDate(r *wire.Reader) Date {
	d := Date{Text: r.String()}
	if err := d.Time.UnmarshalBinary(r.Bytes()); err != nil {
		r.Fail()
	}
	return d
}

func encodeRows(e *wire.Writer, rows []RevisionRow) {
	count(e, rows == nil, len(rows))
	for i := range rows {
		w := &rows[i]
		e.Int(int64(w.Row))
		e.String(w.Version)
		encodeDate(e, w.Date)
		e.String(w.Author)
		e.String(w.Approver)
		encodeDate(e, w.ApprovedOn)
		e.String(w.Comment)
		encodePos(e, w.Pos)
		e.String(w.Key)
		count(e, w.cells == nil, len(w.cells))
		for _, k := range slices.Sorted(maps.Keys(w.cells)) {
			e.String(k)
			encodePos(e, w.cells[k])
		}
	}
}

func decodeRows(r *wire.Reader) []RevisionRow {
	n, ok := readCount(r)
	if !ok {
		return nil
	}
	rows := make([]RevisionRow, n)
	for i := range rows {
		rows[i] = decodeRow(r)
	}
	return rows
}

func decodeRow(r *wire.Reader) RevisionRow {
	w := RevisionRow{Row: int(r.Int()), Version: r.String(), Date: decodeDate(r), Author: r.String(), Approver: r.String(),
		ApprovedOn: decodeDate(r), Comment: r.String(), Pos: decodePos(r), Key: r.String()}
	if n, ok := readCount(r); ok {
		w.cells = make(map[string]Pos, n)
		for range n {
			k := r.String()
			w.cells[k] = decodePos(r)
		}
	}
	return w
}

func encodeMeta(e *wire.Writer, m *Meta) {
	for _, s := range []string{m.ID, m.Title, m.Owner, m.Version, string(m.Status), m.Classification, m.Type, m.ApprovedBy} {
		e.String(s)
	}
	encodeDate(e, m.ApprovedOn)
	encodeDate(e, m.LastReviewed)
	e.String(m.ReviewInterval)
	encodeStrings(e, m.Requirements)
	encodeDate(e, m.Date)
	encodeStrings(e, m.Evidence)
	count(e, m.Ignore == nil, len(m.Ignore))
	for _, k := range slices.Sorted(maps.Keys(m.Ignore)) {
		e.String(k)
		e.String(m.Ignore[k])
	}
	writeFields(e, m.Extra)
	count(e, m.keys == nil, len(m.keys))
	for _, k := range slices.Sorted(maps.Keys(m.keys)) {
		e.String(k)
		f := m.keys[k]
		writeField(e, &f)
	}
	count(e, m.text == nil, len(m.text))
	for _, k := range slices.Sorted(maps.Keys(m.text)) {
		e.String(k)
		e.String(m.text[k])
	}
	count(e, m.declared == nil, len(m.declared))
	for _, k := range slices.Sorted(maps.Keys(m.declared)) {
		e.String(k)
		encodeRows(e, []RevisionRow{m.declared[k]})
	}
}

func decodeMeta(r *wire.Reader, m *Meta) {
	m.ID, m.Title, m.Owner, m.Version = r.String(), r.String(), r.String(), r.String()
	m.Status, m.Classification, m.Type, m.ApprovedBy = Status(r.String()), r.String(), r.String(), r.String()
	m.ApprovedOn, m.LastReviewed = decodeDate(r), decodeDate(r)
	m.ReviewInterval = r.String()
	m.Requirements = decodeStrings(r)
	m.Date = decodeDate(r)
	m.Evidence = decodeStrings(r)
	if n, ok := readCount(r); ok {
		m.Ignore = make(map[string]string, n)
		for range n {
			k := r.String()
			m.Ignore[k] = r.String()
		}
	}
	m.Extra = readFields(r, 0)
	if n, ok := readCount(r); ok {
		m.keys = make(map[string]Field, n)
		for range n {
			k := r.String()
			m.keys[k] = readField(r, 0)
		}
	}
	if n, ok := readCount(r); ok {
		m.text = make(map[string]string, n)
		for range n {
			k := r.String()
			m.text[k] = r.String()
		}
	}
	if n, ok := readCount(r); ok {
		m.declared = make(map[string]RevisionRow, n)
		for range n {
			k := r.String()
			rows := decodeRows(r)
			if len(rows) != 1 {
				r.Fail()
				return
			}
			m.declared[k] = rows[0]
		}
	}
}

// EncodeRows writes revision rows as Encode does, for a cache entry of
// another package (the revisions' declared histories, see isms).
func EncodeRows(e *wire.Writer, rows []RevisionRow) { encodeRows(e, rows) }

// DecodeRows reads rows EncodeRows wrote.
func DecodeRows(r *wire.Reader) []RevisionRow { return decodeRows(r) }

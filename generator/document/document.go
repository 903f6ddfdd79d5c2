// Package document parses one ISMS document: its front matter, decoded with
// the positions of every field, and its Markdown body, parsed once with
// goldmark into the AST both renderers and the checks share.
package document

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// Problem is something wrong with a document found while parsing it. The
// check stage reports it under Rule.
type Problem struct {
	Rule    string
	Pos     Pos
	Message string
}

// Document is one parsed document.
type Document struct {
	// Path is the file's path relative to the repository root.
	Path string
	Src  []byte
	// Blob is the git blob id of Src.
	Blob  string
	Lines *Lines

	Format Format
	// Fields are the front matter's (or title block's) fields.
	Fields []Field
	// BodyFields are the document-control fields written in the text,
	// in document order, each matched to its schema field: what Meta
	// takes where the front matter is silent.
	BodyFields []Field
	Meta       Meta

	// Body is Src after the front matter; BodyOffset is where it starts.
	Body       []byte
	BodyOffset int
	// tree is the body's AST (see AST); lazy, for a document read from
	// the cache, parses it on first use. notText is set for a file that
	// is not UTF-8 text, whose AST is empty.
	tree    ast.Node
	lazy    *lazyTree
	notText bool
	// Headings in document order with goldmark's heading IDs.
	Headings []Heading
	// Anchors are the ids a link's fragment can name in the body.
	Anchors map[string]Anchor
	Links   []*Link
	// Templates are the template expressions in the text, in order, when
	// the configuration names a template language.
	Templates []*Template
	// Code are the body byte ranges of code spans, code blocks and fenced
	// blocks' info strings, in order: where a leftover is an example.
	Code [][2]int
	// Title is the front-matter title, else the first heading, else the
	// file name, so no page is ever untitled.
	Title string
	// RevisionTables are the document's declared revision history as
	// written: revision tables in the body and revision lists in front
	// matter (comply's majorRevisions); RevisionRows are all their rows.
	RevisionTables []RevisionTable
	RevisionRows   []RevisionRow

	Problems []Problem
}

// Field returns the first field named one of keys.
func (d *Document) Field(keys ...string) (Field, bool) {
	for _, k := range keys {
		for _, f := range d.Fields {
			if f.Key == k {
				return f, true
			}
		}
	}
	return Field{}, false
}

// Pos returns the position in the file of byte offset off in Body.
func (d *Document) Pos(bodyOff int) Pos { return d.Lines.Pos(d.BodyOffset + bodyOff) }

// Options control parsing.
type Options struct {
	// Aliases maps schema fields to other keys that carry them.
	Aliases map[string][]string
	// Template is the template language the text was written for (see
	// TemplateLanguages); "" reads expressions as plain text.
	Template string
	// Organisation answers comply's {{.Name}}.
	Organisation string
	// FrontMatterOptional makes a document without front matter normal
	// when its text gives document-control fields; one that gives none
	// is still front-matter-missing.
	FrontMatterOptional bool
	// MetaOnly skips the Markdown body: enough for reading the version a
	// document had in an old commit, at a fraction of the cost.
	MetaOnly bool
	// RevisionColumns adds headings to the revision-table columns
	// (RevisionColumns), by column name.
	RevisionColumns map[string][]string
}

// Parse parses one document. It never fails: what is wrong is recorded in
// Problems and the rest of the document is still read.
func Parse(p string, src []byte, opt Options) *Document {
	d := &Document{Path: p, Src: src}
	d.Lines = NewLines(src)
	if prob := encodingProblem(src); prob != nil {
		d.Problems = append(d.Problems, *prob)
		d.Title = fileTitle(p)
		d.Body = nil
		d.tree, d.notText = ast.NewDocument(), true
		return d
	}
	sr, prob := split(src)
	if prob != nil {
		d.Problems = append(d.Problems, *prob)
	}
	d.Format, d.BodyOffset = sr.format, sr.bodyOffset
	d.Body = src[sr.bodyOffset:]
	if sr.titleEnd > 0 {
		d.Fields = decodeTitleBlock(src[:sr.titleEnd], d.Lines, 0)
	}
	if sr.format != NoFrontMatter && sr.format != PandocTitle {
		fields, prob := decodeFields(sr.format, sr.data, d.Lines, sr.dataOffset)
		if prob != nil {
			d.Problems = append(d.Problems, *prob)
		}
		d.Fields = append(d.Fields, fields...)
	}
	ix := newLabelIndex(opt.Aliases)
	if _, at := listWork(d.Body); at >= 0 {
		d.Problems = append(d.Problems, Problem{Rule: "document-unreadable", Pos: d.Pos(at),
			Message: "lists nested this deep by indentation cost more to read than ismspack spends on a document (some 900 levels): its text is shown as it is, not as Markdown; indent less"})
	}
	if !opt.MetaOnly || d.needsBody(opt.Aliases) {
		d.tree = d.parseBody(opt)
		d.BodyFields = d.bodyFields(ix)
	}
	d.Meta = metaFrom(d, opt.Aliases)
	if opt.MetaOnly {
		d.Title = d.Meta.Title
		d.frontMatterMissing(sr.format == NoFrontMatter && prob == nil, opt)
		return d
	}
	d.walkBody()
	d.Code = codeRanges(d.tree)
	switch {
	case d.Meta.Title != "":
		d.Title = d.Meta.Title
	case len(d.Headings) > 0 && strings.TrimSpace(d.Headings[0].Text) != "":
		d.Title = d.Headings[0].Text
	case d.Meta.ID != "":
		d.Title = d.Meta.ID
	default:
		d.Title = fileTitle(p)
	}
	if len(d.Headings) > 0 && d.Meta.Title == "" && strings.TrimSpace(d.Headings[0].Text) == "" {
		d.Problems = append(d.Problems, Problem{Rule: "heading-empty", Pos: d.Headings[0].Pos,
			Message: fmt.Sprintf("the first heading is empty, so the document is titled %q: write the title after the #, or give a title field", d.Title)})
	}
	d.readDeclared(opt)
	d.frontMatterMissing(sr.format == NoFrontMatter && prob == nil, opt)
	return d
}

// frontMatterMissing reports a document without front matter, unless
// the configuration makes it optional and the text gives some field (a
// labelled line, a key/value table, a revision table).
func (d *Document) frontMatterMissing(none bool, opt Options) {
	switch {
	case !none:
	case !opt.FrontMatterOptional:
		d.Problems = append(d.Problems, Problem{Rule: "front-matter-missing", Pos: Pos{1, 1},
			Message: "no front matter: did you forget the opening ---? Start the file with ---, the document-control fields, and ---"})
	case len(d.BodyFields) == 0 && len(d.RevisionRows) == 0:
		d.Problems = append(d.Problems, Problem{Rule: "front-matter-missing", Pos: Pos{1, 1},
			Message: "no document-control fields: no front matter, and no labelled line such as \"Owner: …\" in the text; write them as labelled lines under the title, or start the file with ---, the fields, and ---"})
	}
}

// needsBody reports whether a schema field the front matter does not give
// could be written in the text, which then has to be parsed even when
// only the metadata is asked for.
func (d *Document) needsBody(aliases map[string][]string) bool {
	for _, spec := range Fields {
		if len(spec.Labels) == 0 && len(aliases[spec.Name]) == 0 {
			continue
		}
		if _, ok := d.frontMatterField(spec, aliases); !ok {
			return true
		}
	}
	return false
}

// encodingProblem rejects what is not UTF-8 text, naming the first bad line.
func encodingProblem(src []byte) *Problem {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return &Problem{Rule: "document-unreadable", Pos: Pos{1, 1}, Message: "file is UTF-16 encoded: save it as UTF-8"}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return &Problem{Rule: "document-unreadable", Pos: NewLines(src).Pos(i), Message: "file holds binary data (a NUL byte), not Markdown text: is this the right file?"}
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return &Problem{Rule: "document-unreadable", Pos: NewLines(src).Pos(i), Message: "invalid UTF-8 here: save the file as UTF-8 (is it Latin-1 or Windows-1252?)"}
	}
	return nil
}

func fileTitle(p string) string {
	b := Stem(path.Base(p))
	if b == "index" || b == "_index" {
		b = path.Base(path.Dir(p))
	}
	b = strings.NewReplacer("-", " ", "_", " ").Replace(b)
	if b == "" {
		return p
	}
	return strings.ToUpper(b[:1]) + b[1:]
}

// Stem is a document's path without its document extensions: policy.md,
// policy.html.md and policy.html.md.erb all give policy. It names the
// page a document is built into.
func Stem(p string) string {
	stripped := false
	for {
		ext := strings.ToLower(path.Ext(p))
		switch {
		case ext == ".md" || ext == ".markdown" || ext == ".mdx" || ext == ".erb" || ext == ".liquid":
		case stripped && (ext == ".html" || ext == ".htm"):
		case !stripped && ext != "" && ext != path.Base(p):
		default:
			return p
		}
		p, stripped = strings.TrimSuffix(p, path.Ext(p)), true
		if ext == ".html" || ext == ".htm" {
			return p
		}
	}
}

package isms

import (
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/ismspack/ismspack/generator/document"
)

// Reference is a requirement of another framework that a document says it
// meets: comply's `satisfies: {TSC: [CC6.1, CC6.2]}`, or a row of a
// "Compliance mapping" table in the body. ismspack has no requirement set
// for it, so it is neither coverage nor requirement-unknown: it is kept,
// as written, and shown on the document's page and in the pack.
type Reference struct {
	// Framework is the framework's name as written: TSC, SOC 2, NIST CSF.
	Framework string
	// IDs are its requirement ids as written, in order.
	IDs []RefID
	// Key is the front-matter key it was read from; empty for a table.
	Key string
	// Pos is where the framework is named: its key or its table row.
	Pos document.Pos
	// Set is the ID of the requirement set in use that Framework names
	// (frameworks: in the configuration); empty when no set in use is
	// named so, and the reference is only kept and shown.
	Set string
}

// RefID is one requirement id of a Reference, with where it is written.
type RefID struct {
	ID  string
	Pos document.Pos
	// Item is the ID of the item it names in the Reference's set; empty
	// when the set is not in use or has no such item.
	Item string
}

// OtherReferences are the references to frameworks no set in use has:
// kept and shown as written. The rest are among Requirements.
func (d *Doc) OtherReferences() []Reference {
	var out []Reference
	for _, r := range d.References {
		if r.Set == "" {
			out = append(out, r)
		}
	}
	return out
}

// resolveReferences gives the references to a set in use their items,
// and adds those to the document's requirements, so a comply policy's
// satisfies: {TSC: [CC6.1]} counts towards TSC's coverage like a
// requirements: entry. An id the set lacks stays unresolved, for
// requirement-unknown to report at its place.
func (m *Model) resolveReferences(d *Doc) {
	for i := range d.References {
		r := &d.References[i]
		s := m.Framework.Set(r.Framework)
		if s == nil {
			continue
		}
		r.Set = s.ID
		for j := range r.IDs {
			if it, ok := m.Framework.ItemIn(s, r.IDs[j].ID); ok {
				r.IDs[j].Item = it.ID
				if !slices.Contains(d.Requirements, it.ID) {
					d.Requirements = append(d.Requirements, it.ID)
				}
			}
		}
	}
}

// ReferenceKeys are the front-matter keys that map frameworks to the
// requirement ids a document meets (strongdm comply writes satisfies:).
var ReferenceKeys = []string{"satisfies"}

// IsReferenceKey reports whether the front-matter field key was read as
// references to other frameworks, so renderers show it once, as such,
// rather than again among the fields outside the schema.
func (d *Doc) IsReferenceKey(key string) bool {
	for _, r := range d.References {
		if r.Key != "" && r.Key == key {
			return true
		}
	}
	return false
}

// readReferences collects d's references to other frameworks from its
// front matter and from mapping tables in its body.
func readReferences(d *Doc) []Reference {
	var out []Reference
	for _, key := range ReferenceKeys {
		f, ok := d.Field(key)
		if !ok || f.Kind != document.Map {
			continue
		}
		for _, e := range f.Map {
			r := Reference{Framework: strings.TrimSpace(e.Key), Key: f.Key, Pos: e.KeyPos}
			items := e.List
			if e.Kind == document.Scalar {
				items = splitIDs(e.Value)
			}
			for k, id := range items {
				at := e.ValuePos
				if e.Kind != document.Scalar && k < len(e.Items) && e.Items[k].ValuePos.IsValid() {
					at = e.Items[k].ValuePos // each list item at its own line
				}
				if id = strings.TrimSpace(id); id != "" {
					r.IDs = append(r.IDs, RefID{ID: id, Pos: at})
				}
			}
			if r.Framework != "" && len(r.IDs) > 0 {
				out = append(out, r)
			}
		}
	}
	return append(out, tableReferences(d)...)
}

// mappingHeading is the heading over a table that maps frameworks to
// requirement ids: "Compliance mapping", "Framework mapping", "Control
// mapping".
var mappingHeading = regexp.MustCompile(`(?i)\b(compliance|framework|control|regulatory)\s+mappings?\b`)

// tableReferences reads the first table after a mapping heading (before
// the next heading): the first column names the framework, the second the
// requirement ids, separated by commas or semicolons.
func tableReferences(d *Doc) []Reference {
	// Headings holds every heading's text as PlainText reads it: without
	// a mapping heading anywhere, the AST need not be walked.
	if !slices.ContainsFunc(d.Headings, func(h document.Heading) bool { return mappingHeading.MatchString(h.Text) }) {
		return nil
	}
	if d.AST() == nil {
		return nil
	}
	var out []Reference
	under := false
	for n := d.AST().FirstChild(); n != nil; n = n.NextSibling() {
		switch v := n.(type) {
		case *ast.Heading:
			under = mappingHeading.MatchString(document.PlainText(v, d.Body))
		case *east.Table:
			if !under {
				continue
			}
			under = false
			for row := v.FirstChild(); row != nil; row = row.NextSibling() {
				if _, ok := row.(*east.TableRow); !ok {
					continue // the header names the columns
				}
				first := row.FirstChild()
				if first == nil || first.NextSibling() == nil {
					continue
				}
				second := first.NextSibling()
				r := Reference{Framework: document.PlainText(first, d.Body), Pos: d.Pos(max(0, document.BlockStart(first)))}
				for _, id := range splitIDs(document.PlainText(second, d.Body)) {
					r.IDs = append(r.IDs, RefID{ID: id, Pos: d.Pos(max(0, document.BlockStart(second)))})
				}
				if r.Framework != "" && len(r.IDs) > 0 {
					out = append(out, r)
				}
			}
		}
	}
	return out
}

func splitIDs(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

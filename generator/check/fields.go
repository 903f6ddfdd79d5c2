package check

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/isms"
)

// fieldRules judge whether a document can be read at all and whether its
// front-matter fields are present and well formed.
func fieldRules() []*Rule {
	return []*Rule{
		{ID: "document-unreadable", Doc: "A file under the content directory cannot be read as a UTF-8 Markdown document, or nests its lists too deep to read.", Severity: Error, Run: documentProblems("document-unreadable")},
		{ID: "file-unreadable", Doc: "A file in the content directory is a submodule, symlink, LFS pointer, too large to read or named as no page can be.", Severity: Error, Scope: ScopeModel, Run: fileNotices},
		{ID: "file-skipped", Doc: "Files under the content directory look like documents, but the include patterns do not read them.", Severity: Info, Scope: ScopeModel, Run: fileSkipped},
		{ID: "front-matter-missing", Doc: "A document has no front matter, so it has no document control at all.", Severity: Error, Run: documentProblems("front-matter-missing")},
		{ID: "front-matter-invalid", Doc: "The front matter is not valid YAML, TOML or JSON, or exceeds the decoding bounds.", Severity: Error, Run: documentProblems("front-matter-invalid")},
		{ID: "heading-empty", Doc: "A document without a title field has an empty first heading, so it is titled by its id or file name.", Severity: Warning, Run: documentProblems("heading-empty")},
		{ID: "field-invalid", Doc: "A front-matter field has the wrong shape (a list where one value belongs, or the reverse).", Severity: Error, Run: documentProblems("field-invalid")},
		{ID: "field-missing", Doc: "A required document-control field is missing.", Severity: Error, Run: fieldMissing},
		{ID: "date-invalid", Doc: "A date field is not a date.", Severity: Error, Run: documentProblems("date-invalid")},
		{ID: "date-in-future", Doc: "An approval or review date lies after the as-of date.", Severity: Error, Run: dateInFuture},
		{ID: "version-invalid", Doc: "The version is not MAJOR.MINOR.", Severity: Error, Run: versionInvalid},
		{ID: "status-invalid", Doc: enumDoc("status"), Severity: Error, Run: enumField("status")},
		{ID: "classification-invalid", Doc: enumDoc("classification"), Severity: Error, Run: enumField("classification")},
		{ID: "review-interval-invalid", Doc: "The review interval cannot be read (write 12m, 6 months, 1y).", Severity: Error, Run: intervalInvalid},
		{ID: "id-duplicate", Doc: "Two documents share an id.", Severity: Error, Scope: ScopeModel, Run: idDuplicate},
		{ID: "requirement-unknown", Doc: "A document lists a requirement no requirement set defines.", Severity: Error, Run: requirementUnknown},
	}
}

// documentProblems reports what loading the document found under rule.
func documentProblems(rule string) func(*Pass) {
	return func(p *Pass) {
		for _, pr := range p.Doc.Problems {
			if pr.Rule == rule {
				p.Report(pr.Pos, "%s", pr.Message)
			}
		}
	}
}

func fileNotices(p *Pass) {
	for _, n := range p.Model.Snapshot.Notices {
		p.ReportPath(n.Path, document.Pos{}, "%s", n.Message)
	}
}

// fileSkipped reports each group of files that look like documents but
// are not read, once, at its first file.
func fileSkipped(p *Pass) {
	for _, g := range p.Model.Skipped {
		what := "this file, ending in " + g.Pattern + ", is not read as a document"
		if n := len(g.Paths); n > 1 {
			what = fmt.Sprintf("%d files ending in %s, this the first, are not read as documents", n, g.Pattern)
		}
		p.ReportPath(g.Paths[0], document.Pos{}, "%s: no include pattern matches; add **/%s to include in ismspack.yaml to read them, or to exclude to leave them out on purpose", what, g.Pattern)
	}
}

// fieldPos returns where to point for a schema field: the field if given,
// else the top of the front matter.
func fieldPos(d *isms.Doc, name string) document.Pos {
	if f, ok := d.Meta.FieldFor(name); ok {
		return f.ValuePos
	}
	return document.Pos{Line: 1, Col: 1}
}

// controlled reports whether a document has front matter worth checking:
// a file without it, or whose front matter does not parse, already has its
// one finding, and eight "missing" fields on top would bury it.
func controlled(d *isms.Doc) bool {
	for _, pr := range d.Problems {
		switch pr.Rule {
		case "front-matter-invalid", "front-matter-missing", "document-unreadable":
			return false
		}
	}
	return true
}

func fieldMissing(p *Pass) {
	d := p.Doc
	if !controlled(d) {
		return
	}
	for _, name := range p.Model.Config.RequiredFor(d.Meta.Type) {
		if !d.Meta.Has(name) {
			hint := ""
			if as := p.Model.Config.Aliases[name]; len(as) > 0 {
				hint = " (or " + strings.Join(as, ", ") + ")"
			}
			if d.Format == document.NoFrontMatter && name == "title" && len(d.Headings) > 0 && d.Title == d.Headings[0].Text {
				continue // without front matter, the first heading is the title
			}
			if d.Format == document.NoFrontMatter {
				// Front matter is optional here and the fields are in the
				// text: point under the title, where they are written.
				p.Report(underTitle(d), "missing %s%s: write it in the text, like %q, or add front matter", name, hint, labelExample(name))
				continue
			}
			p.Report(document.Pos{Line: 1, Col: 1}, "missing %s%s: add it to the front matter", name, hint)
		}
	}
}

// underTitle is where a document without front matter would have its
// control fields written: its first labelled field, else its first
// heading, else its top.
func underTitle(d *isms.Doc) document.Pos {
	if len(d.BodyFields) > 0 {
		return d.BodyFields[0].KeyPos
	}
	if len(d.Headings) > 0 {
		return d.Headings[0].Pos
	}
	return document.Pos{Line: 1, Col: 1}
}

// labelExample is a labelled line that would give the field.
func labelExample(name string) string {
	if spec, ok := document.SpecFor(name); ok && len(spec.Labels) > 0 {
		return spec.Labels[0] + ": …"
	}
	return name + ": …"
}

func dateInFuture(p *Pass) {
	d := p.Doc
	for _, c := range []struct {
		name string
		dt   document.Date
	}{{"approved_on", d.Meta.ApprovedOn}, {"last_reviewed", d.Meta.LastReviewed}} {
		if !c.dt.IsZero() && c.dt.Time.After(p.Model.AsOf) {
			p.Report(fieldPos(d, c.name), "%s %s is after the as-of date %s", c.name, c.dt, p.Model.AsOf.Format("2006-01-02"))
		}
	}
}

func versionInvalid(p *Pass) {
	if v := p.Doc.Meta.Version; v != "" {
		if _, _, ok := document.ParseVersion(v); !ok {
			p.Report(fieldPos(p.Doc, "version"), "version %q is not MAJOR.MINOR: write it like 1.0 or 2.3", v)
		}
	}
}

// enumField reports a value outside the values the schema allows.
func enumField(name string) func(*Pass) {
	spec, _ := document.SpecFor(name)
	return func(p *Pass) {
		v := p.Doc.Meta.Value(name)
		if v == "" || slices.Contains(spec.Values, v) {
			return
		}
		p.Report(fieldPos(p.Doc, name), "%s %q is not one of %s", name, v, strings.Join(spec.Values, ", "))
	}
}

// enumDoc is an enum rule's one-line doc, from the schema's values.
func enumDoc(name string) string {
	spec, _ := document.SpecFor(name)
	return fmt.Sprintf("The %s is not %s or %s.", name, strings.Join(spec.Values[:len(spec.Values)-1], ", "), spec.Values[len(spec.Values)-1])
}

func intervalInvalid(p *Pass) {
	if p.Doc.IntervalErr != nil {
		p.Report(fieldPos(p.Doc, "review_interval"), "review_interval %s", p.Doc.IntervalErr)
	}
}

// idDuplicate looks at the whole model: the second document with an id
// is the one reported, naming the first.
func idDuplicate(p *Pass) {
	first := map[string]*isms.Doc{}
	for _, d := range p.Model.Docs {
		id := d.Meta.ID
		if id == "" {
			continue
		}
		if o, ok := first[id]; ok {
			p.ReportDoc(d, fieldPos(d, "id"), "id %s is also used by %s: give each document its own id", id, o.Path)
			continue
		}
		first[id] = d
	}
}

func requirementUnknown(p *Pass) {
	d := p.Doc
	for _, r := range d.Meta.Requirements { // those map: adds are reported at its line
		id := framework.Normalize(r)
		if _, ok := p.Model.Framework.Item(id); !ok {
			p.Report(fieldPos(d, "requirements"), "requirement %q is not an item of %s: correct the id%s", r, setsTried(p), hintSet(p, id))
		}
	}
	for _, ref := range d.References { // satisfies: {TSC: [...]} with TSC in use
		for _, id := range ref.IDs {
			if ref.Set != "" && id.Item == "" {
				p.Report(id.Pos, "requirement %q under %s is not an item of the set %s in use: correct the id", id.ID, ref.Framework, ref.Set)
			}
		}
	}
}

// setsTried names the sets in use, with their items when there are few.
func setsTried(p *Pass) string {
	x := p.Model.Framework
	if len(x.Sets) == 1 && len(x.Sets[0].Items) <= 10 {
		var ids []string
		for _, it := range x.Items() {
			ids = append(ids, it.ID)
		}
		return fmt.Sprintf("the set in use, %s (%s)", x.Sets[0].ID, strings.Join(ids, ", "))
	}
	if len(x.Sets) == 1 {
		return "the set in use, " + x.Sets[0].ID
	}
	return "any set in use: " + strings.Join(x.Names(), ", ")
}

// hintSet names a built-in set not in use that has the item, so the fix
// is one line of configuration.
func hintSet(p *Pass, id string) string {
	if s := p.Model.Unused.SetOf(id); s != nil {
		return fmt.Sprintf(", or add the built-in set %s, which has it, to frameworks: in the configuration", s.ID)
	}
	return ""
}

package site

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/isms"
)

const uncontrolled = "Uncontrolled when printed"

// docPage renders a document's page and extracts its text for search.
func (w *worker) docPage(di *docInfo) error {
	s := w.site
	d := di.d
	p := s.page(KindDoc, di.file, di.ref.Title)
	p.Print = &PrintLabel{ID: d.Meta.ID, Version: d.Meta.Version, Status: string(d.Meta.Status), Note: uncontrolled}
	dp := &DocPage{DocRef: di.ref, Blob: d.Blob, History: di.revs, Truncated: d.Truncated}
	// The opening title heading and the search text come without the AST,
	// which a document read from the cache parses only to render its body.
	th, opens := d.TitleHeading(di.ref.Title)
	dp.TitleID = th.ID
	for _, h := range d.Headings {
		if (h.Level == 2 || h.Level == 3) && h.ID != "" {
			dp.Contents = append(dp.Contents, h)
		}
	}
	shown := declared(dp, di)
	for _, f := range d.Meta.Extra {
		if !d.IsReferenceKey(f.Key) && !shown[f.Key] { // shown below, as other frameworks or the declared history
			dp.Extra = append(dp.Extra, Field{Key: f.Key, Value: fieldText(f)})
		}
	}
	for _, r := range d.OtherReferences() {
		fr := FrameworkRef{Name: r.Framework}
		for _, id := range r.IDs {
			fr.IDs = append(fr.IDs, id.ID)
		}
		dp.Frameworks = append(dp.Frameworks, fr)
	}
	seen := map[string]bool{}
	for _, id := range d.Requirements {
		if seen[id] {
			continue
		}
		seen[id] = true
		if r := s.reqBy[id]; r != nil {
			if mr := d.MappedBy(id); mr != nil {
				rc := *r
				rc.Via = mr.Where(s.m.Config.Path)
				r = &rc
			}
			dp.Requirements = append(dp.Requirements, r)
		} else {
			dp.Unknown = append(dp.Unknown, id)
		}
	}
	sort.SliceStable(dp.Requirements, func(i, j int) bool { return dp.Requirements[i].ID < dp.Requirements[j].ID })
	dp.Backlinks = s.refs(d.Backlinks)
	for _, f := range di.findings {
		if f.Suppressed {
			dp.Exceptions = append(dp.Exceptions, f)
		} else {
			dp.Findings = append(dp.Findings, f)
		}
	}
	dp.Nav = s.nav(di.ref)
	p.Doc = dp

	di.text = w.searchText(d)
	// The body is the lazy field: made from the document's blob, its
	// path, the title (which decides whether the opening H1 is left out)
	// and where its links lead.
	lazy := func(in *wire.Writer) {
		in.String(d.Blob)
		in.String(d.Path)
		in.String(di.ref.Title)
		w.linkTargets(in, d, p.Root)
	}
	fill := func() error {
		var skip ast.Node
		if opens {
			skip = d.AST().FirstChild()
		}
		body, err := w.body.render(linkContext{root: p.Root, from: d.Path, doc: d, skip: skip}, d.Body, d.AST())
		dp.Body = body
		return err
	}
	return w.execLazy(KindDoc, p, lazy, fill)
}

// fieldText shows a front-matter value of any shape on one line.
func fieldText(f document.Field) string {
	switch f.Kind {
	case document.List:
		return strings.Join(f.List, ", ")
	case document.Map:
		parts := make([]string, len(f.Map))
		for i, e := range f.Map {
			parts[i] = e.Key + ": " + fieldText(e)
		}
		return strings.Join(parts, "; ")
	case document.Null:
		return ""
	}
	return f.Value
}

// historyPage renders the page holding every revision of a document, a
// section each. Its lazy fields (bodies, title ids, front matter,
// redlines) are made from the oldest revision on, so that a commit that
// changed only the front matter reuses the body rendered for the revision
// before it; with a cache they are made only when the page is
// not kept (see execLazy).
func (w *worker) historyPage(di *docInfo) error {
	s := w.site
	p := s.page(KindHistory, di.history, "History of "+di.ref.Title)
	hp := &HistoryPage{Doc: di.ref, Truncated: di.d.Truncated, Revisions: make([]*RevisionSection, len(di.revs))}
	// titles are the revisions' own titles, which the bodies are
	// rendered for; a section without one shows the current title.
	titles := make([]string, len(di.revs))
	for i := range di.revs {
		rev := di.d.History[i]
		ref := di.revs[i]
		sec := &RevisionSection{Rev: ref, Version: rev.Version, TitleID: ref.Anchor + "-Title"}
		hp.Revisions[i] = sec
		if i > 0 {
			sec.Newer = di.revs[i-1]
		}
		if i+1 < len(di.revs) {
			sec.Older = di.revs[i+1]
			// Redline's own fields are lazy; Prev is known now.
			sec.Redline = &RedlineView{Prev: di.revs[i+1]}
		}
		if !rev.HasText() {
			sec.Missing = true
		} else {
			sec.ID, sec.Title, sec.Status = rev.ID, rev.Title, rev.Status
		}
		titles[i] = sec.Title
		if sec.Title == "" {
			sec.Title = di.ref.Title
		}
		sec.Print = &PrintLabel{ID: sec.ID, Version: rev.Version, Status: sec.Status,
			Note: "Superseded copy of commit " + ref.Short + " — " + uncontrolled}
		if i == 0 {
			sec.Print.Note = "Copy of commit " + ref.Short + " — " + uncontrolled
		}
	}
	p.History = hp
	// current reports that the newest revision is the document as it is
	// now, already parsed: its body is rendered from the model's AST.
	current := func(i int) bool {
		if i != 0 || !di.d.History[i].HasText() {
			return false
		}
		_, body := di.d.History[i].Source()
		return di.d.History[i].Path == di.d.Path && bytes.Equal(body, di.d.Body)
	}
	lazy := func(in *wire.Writer) {
		in.Uint(uint64(len(di.revs)))
		for i, rev := range di.d.History {
			in.String(rev.Blob)
			in.String(rev.Path)
			in.Bool(rev.BodyChanged)
			in.Bool(!rev.HasText())
			in.String(titles[i])
			in.String(di.revs[i].Anchor)
			in.Bool(rev.Comparable())
			if current(i) {
				in.String("current")
				w.linkTargets(in, di.d, p.Root)
			}
		}
	}
	fill := func() error {
		var prev revisionBody
		for i := len(di.revs) - 1; i >= 0; i-- {
			rev := di.d.History[i]
			ref := di.revs[i]
			sec := hp.Revisions[i]
			if src, md := rev.Source(); src == nil {
				prev = revisionBody{}
			} else {
				sec.FrontMatter = string(src[:len(src)-len(md)])
				// The title decides whether the opening H1 is left out, so a
				// commit that changed it renders the body again.
				if !prev.reusable || rev.BodyChanged || rev.Path != prev.path || titles[i] != prev.title {
					var node ast.Node
					var doc *isms.Doc
					if current(i) {
						node, doc = di.d.AST(), di.d
					}
					// A body the next revision may reuse is rendered with idMark
					// for the prefix; any other with this section's own.
					shared := i > 0 && !di.d.History[i-1].BodyChanged && di.d.History[i-1].Path == rev.Path
					var err error
					if prev, err = w.revisionBody(p.Root, rev.Path, md, node, doc, titles[i], ref.Anchor, shared); err != nil {
						return err
					}
				}
				sec.Body, sec.TitleID = prev.forSection(ref.Anchor, sec.TitleID)
			}
			if i+1 < len(di.revs) {
				sec.Redline = w.redlineView(rev, di.revs[i+1])
			}
		}
		return nil
	}
	return w.execLazy(KindHistory, p, lazy, fill)
}

// revisionBody is a revision's body rendered for the history page: for
// one section, or, when reusable, for any with idMark where the section's
// id prefix goes.
type revisionBody struct {
	html, titleID string
	// path and title are what the body was rendered for: a revision at
	// another path, or with another title, renders its own.
	path, title string
	reusable    bool
}

// idMark stands for a section's id prefix in a body rendered for reuse.
// Goldmark writes only valid UTF-8 of its own, so the byte 0xff in its
// output comes from the source or from here: a source holding it is
// rendered for its own section only.
const idMark = "\xff"

// revisionBody renders a revision's Markdown for the history page section
// with the given anchor, parsing it unless node is its AST; shared asks
// for a body other sections can reuse. doc is the document whose AST node
// is, if it is one.
func (w *worker) revisionBody(root, from string, md []byte, node ast.Node, doc *isms.Doc, title, anchor string, shared bool) (revisionBody, error) {
	rb := revisionBody{path: from, title: title, reusable: shared && bytes.IndexByte(md, idMark[0]) < 0}
	prefix := anchor + "-"
	if rb.reusable {
		prefix = idMark
	}
	if node == nil {
		// An old revision: its body is kept between builds.
		ctx := linkContext{root: root, from: from, prefix: prefix}
		key := ""
		if w.site.memos.bodies != nil {
			key = w.site.bodyKey(root, from, title, prefix, w.sums.of(md))
			if e, ok := w.keptBody(key, ctx); ok {
				rb.html, rb.titleID = e.HTML, e.TitleID
				return rb, nil
			}
		}
		node = document.ParseText(md, w.body.opt)
		skip, id := titleHeading(node, md, title)
		ctx.anchors, ctx.skip = document.Anchors(node), skip
		e, err := w.renderKept(key, ctx, md, node, id)
		if err != nil {
			return rb, err
		}
		rb.html, rb.titleID = e.HTML, e.TitleID
		return rb, nil
	}
	skip, id := titleHeading(node, md, title)
	html, err := w.body.render(linkContext{root: root, from: from, doc: doc, anchors: document.Anchors(node), skip: skip, prefix: prefix}, md, node)
	if err != nil {
		return rb, err
	}
	rb.html, rb.titleID = string(html), id
	return rb, nil
}

// forSection returns the body and title id for the section with the given
// anchor; titleID is kept when the body did not open with the title.
func (rb revisionBody) forSection(anchor, titleID string) (template.HTML, string) {
	prefix := anchor + "-"
	if rb.titleID != "" {
		titleID = prefix + rb.titleID
	}
	if !rb.reusable {
		return template.HTML(rb.html), titleID
	}
	// Safe: the body was rendered by the body renderer (see render), and
	// the prefix is r-, hex digits and a dash.
	return template.HTML(strings.ReplaceAll(rb.html, idMark, prefix)), titleID
}

// declared fills the page's declared revision history and returns the
// front-matter keys it shows (comply's majorRevisions), which the control
// grid then leaves out rather than print them twice.
func declared(dp *DocPage, di *docInfo) map[string]bool {
	d := di.d
	if len(d.Declared) == 0 {
		return nil
	}
	shown := map[string]bool{}
	var from []string
	for _, t := range d.RevisionTables {
		switch t.Source {
		case "table", "html":
			from = append(from, fmt.Sprintf("a table at line %d", t.Pos.Line))
		default:
			shown[t.Source] = true
			from = append(from, fmt.Sprintf("%s in the front matter", t.Source))
		}
	}
	dp.DeclaredFrom = strings.Join(from, " and ")
	byHash := map[string]*RevisionRef{}
	for _, r := range di.revs {
		byHash[r.Hash] = r
	}
	latest, _ := document.LatestRevision(d.RevisionRows)
	var secs *sections
	for _, r := range d.Declared {
		ref := &DeclaredRef{Version: r.Version, Author: r.Author, Approver: r.Approver, Comment: r.Comment,
			Date: r.Date, ApprovedOn: r.ApprovedOn, Line: r.Pos.Line, Latest: r.Key == latest.Key}
		if r.Pos.IsValid() && r.Pos.Line >= d.Lines.Pos(d.BodyOffset).Line {
			if secs == nil {
				secs = newSections(d)
			}
			ref.Href = di.ref.URL + "#" + secs.of(r.Pos.Line, "Body") // where the text shows the row
		}
		if r.AddedIn != nil {
			ref.Added = byHash[r.AddedIn.Hash]
		}
		dp.Declared = append(dp.Declared, ref)
	}
	return shown
}

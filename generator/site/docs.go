package site

import (
	"bytes"
	"html/template"
	"sort"
	"strings"

	"github.com/yuin/goldmark/text"

	"github.com/ismspack/ismspack/generator/document"
)

const uncontrolled = "Uncontrolled when printed"

// docPage renders a document's page and extracts its text for search.
func (w *worker) docPage(di *docInfo) error {
	s := w.site
	d := di.d
	p := s.page(KindDoc, di.file, di.ref.Title)
	p.Print = &PrintLabel{ID: d.Meta.ID, Version: d.Meta.Version, Status: d.Meta.Status, Note: uncontrolled}
	dp := &DocPage{DocRef: di.ref, Blob: d.Blob, History: di.revs, Truncated: d.Truncated}
	skip, titleID := titleHeading(d.AST, d.Body, di.ref.Title)
	dp.TitleID = titleID
	body, err := w.body.render(linkContext{root: p.Root, from: d.Path, anchors: di.anchors, skip: skip}, d.Body, d.AST)
	if err != nil {
		return err
	}
	dp.Body = body
	for _, h := range d.Headings {
		if (h.Level == 2 || h.Level == 3) && h.ID != "" {
			dp.Contents = append(dp.Contents, h)
		}
	}
	for _, f := range d.Meta.Extra {
		dp.Extra = append(dp.Extra, Field{Key: f.Key, Value: fieldText(f)})
	}
	seen := map[string]bool{}
	for _, id := range d.Requirements {
		if seen[id] {
			continue
		}
		seen[id] = true
		if r := s.reqBy[id]; r != nil {
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
	p.Doc = dp

	var tb bytes.Buffer
	plainText(&tb, d.Body, d.AST)
	di.text = collapse(tb.Bytes())
	return w.exec(KindDoc, p)
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

// revChunk bounds how many revisions of one document one job renders, so
// a document with a long history still spreads over the workers.
const revChunk = 32

// revisionPages renders revisions lo..hi-1 of a document (newest first),
// working from the oldest so that a commit that changed only the front
// matter reuses the body rendered for the revision before it.
func (w *worker) revisionPages(di *docInfo, lo, hi int) error {
	var prev template.HTML
	var prevID, prevPath string
	for i := hi - 1; i >= lo; i-- {
		rev := di.d.History[i]
		reuse := prev != "" && !rev.BodyChanged && rev.Path == prevPath
		body, titleID, err := w.revisionPage(di, i, reuse, prev, prevID)
		if err != nil {
			return err
		}
		prev, prevID, prevPath = body, titleID, rev.Path
	}
	return nil
}

// revisionPage renders the document as the i-th revision left it: the
// front matter as committed and the body, parsed again unless reuse says
// the previous revision's rendering (body, titleID) stands.
func (w *worker) revisionPage(di *docInfo, i int, reuse bool, body template.HTML, titleID string) (template.HTML, string, error) {
	s := w.site
	rev := di.d.History[i]
	ref := di.revs[i]
	rp := &RevisionPage{Doc: di.ref, Rev: ref, Version: rev.Version}
	if i > 0 {
		rp.Newer = di.revs[i-1]
	}
	if i+1 < len(di.revs) {
		rp.Older = di.revs[i+1]
	}
	p := s.page(KindRevision, di.revDir+"/"+ref.Short+".html", "")
	if rev.Src == nil {
		rp.Missing = true
	} else {
		r := document.ParseRevision(rev.Path, rev.Src, document.Options{Aliases: s.m.Config.Aliases}, "id", "title", "status")
		md := r.Body
		rp.FrontMatter = string(rev.Src[:len(rev.Src)-len(md)])
		rp.ID, rp.Title, rp.Status = r.Values["id"], r.Values["title"], r.Values["status"]
		if !reuse {
			node := w.body.md.Parser().Parse(text.NewReader(md))
			skip, id := titleHeading(node, md, rp.Title)
			html, err := w.body.render(linkContext{root: p.Root, from: rev.Path, anchors: headingIDs(node), skip: skip}, md, node)
			if err != nil {
				return "", "", err
			}
			body, titleID = html, id
		}
		rp.Body, rp.TitleID = body, titleID
	}
	if rp.Title == "" {
		rp.Title = di.ref.Title
	}
	p.Title = rp.Title + " at " + ref.Short
	p.Print = &PrintLabel{ID: rp.ID, Version: rev.Version, Status: rp.Status,
		Note: "Superseded copy of commit " + ref.Short + " — " + uncontrolled}
	if i == 0 {
		p.Print.Note = "Copy of commit " + ref.Short + " — " + uncontrolled
	}
	p.Revision = rp
	return body, titleID, w.exec(KindRevision, p)
}

package site

import (
	"bytes"
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

// revisionPage renders the document as the i-th revision (newest first)
// left it: the front matter at that commit and its body, parsed again.
func (w *worker) revisionPage(di *docInfo, i int) error {
	s := w.site
	d := di.d
	rev := d.History[i]
	ref := di.revs[i]
	file := di.revDir + "/" + ref.Short + ".html"
	meta := rev.Meta() // parsed here, in parallel, not when the model loads
	title := meta.Title
	if title == "" {
		title = di.ref.Title
	}
	p := s.page(KindRevision, file, title+" at "+ref.Short)
	p.Print = &PrintLabel{ID: meta.ID, Version: rev.Version, Status: meta.Status,
		Note: "Superseded copy of commit " + ref.Short + " — " + uncontrolled}
	if i == 0 {
		p.Print.Note = "Copy of commit " + ref.Short + " — " + uncontrolled
	}
	rp := &RevisionPage{Doc: di.ref, Rev: ref, Title: title, ID: meta.ID, Owner: meta.Owner,
		Version: rev.Version, Status: meta.Status, Classification: meta.Classification,
		ApprovedBy: meta.ApprovedBy, ApprovedOn: meta.ApprovedOn, LastReviewed: meta.LastReviewed}
	if i > 0 {
		rp.Newer = di.revs[i-1]
	}
	if i+1 < len(di.revs) {
		rp.Older = di.revs[i+1]
	}
	if rev.Src == nil {
		rp.Missing = true
	} else {
		body := document.ParseRevision(rev.Path, rev.Src, document.Options{Aliases: s.m.Config.Aliases}).Body
		node := w.body.md.Parser().Parse(text.NewReader(body))
		skip, titleID := titleHeading(node, body, title)
		rp.TitleID = titleID
		html, err := w.body.render(linkContext{root: p.Root, from: rev.Path, anchors: headingIDs(node), skip: skip}, body, node)
		if err != nil {
			return err
		}
		rp.Body = html
	}
	p.Revision = rp
	return w.exec(KindRevision, p)
}

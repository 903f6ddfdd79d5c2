package check

import (
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// linkRules judge where a document's links and images lead.
func linkRules() []*Rule {
	return []*Rule{
		{ID: "link-broken", Doc: "A link to another document, file or heading points nowhere.", Severity: Error, Run: linkBroken},
		{ID: "link-outside", Doc: "A link climbs out of the repository or the content directory.", Severity: Error, Run: linkOutside},
		{ID: "image-missing", Doc: "An image is not in the repository.", Severity: Error, Run: imageMissing},
		{ID: "image-unusable", Doc: "An image cannot be drawn: unreadable, not PNG, JPEG or GIF, or more than 40 megapixels.", Severity: Warning, Run: imageUnusable},
	}
}

func linkBroken(p *Pass) {
	m, d := p.Model, p.Doc
	for _, l := range d.Links {
		if l.Image {
			continue
		}
		switch l.Kind {
		case document.Anchor:
			if l.Fragment != "" && !hasHeading(d.Document, l.Fragment) && !strings.HasPrefix(l.Fragment, "fn") {
				p.Report(l.Pos, "no heading with anchor #%s in this document%s", l.Fragment, suggest(d.Document))
			}
		case document.Internal:
			if !inside(l.Target, m.Config.Content) {
				continue // linkOutside reports it
			}
			t := m.Doc(l.Target)
			if t == nil {
				if _, ok := m.Assets[l.Target]; !ok && !isDir(m, l.Target) {
					p.Report(l.Pos, "link to %s, which is not in commit %s", l.Dest, m.Snapshot.Commit.Short())
				}
				continue
			}
			if l.Fragment != "" && !hasHeading(t.Document, l.Fragment) {
				p.Report(l.Pos, "%s has no heading with anchor #%s%s", t.Path, l.Fragment, suggest(t.Document))
			}
		}
	}
}

func isDir(m *isms.Model, p string) bool {
	for _, d := range m.Docs {
		if strings.HasPrefix(d.Path, p+"/") {
			return true
		}
	}
	return false
}

func inside(p, dir string) bool {
	return dir == "" || dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

func hasHeading(d *document.Document, id string) bool {
	for _, h := range d.Headings {
		if h.ID == id {
			return true
		}
	}
	return false
}

func suggest(d *document.Document) string {
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, "#"+h.ID)
	}
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > 6 {
		ids = append(ids[:6], "…")
	}
	return " (it has " + strings.Join(ids, ", ") + ")"
}

func linkOutside(p *Pass) {
	m, d := p.Model, p.Doc
	for _, l := range d.Links {
		switch {
		case l.Kind == document.Outside:
			p.Report(l.Pos, "link %s climbs out of the repository; it cannot work on the site or in the pack", l.Dest)
		case l.Kind == document.Internal && !inside(l.Target, m.Config.Content):
			p.Report(l.Pos, "link %s points at %s, outside the content directory %s/, which is not published: link inside %s/ or use a full https:// URL", l.Dest, l.Target, m.Config.Content, m.Config.Content)
		}
	}
}

func imageMissing(p *Pass) {
	m, d := p.Model, p.Doc
	for _, l := range d.Links {
		if !l.Image || l.Kind != document.Internal || !inside(l.Target, m.Config.Content) {
			continue
		}
		if _, ok := m.Assets[l.Target]; !ok {
			p.Report(l.Pos, "image %s is not in commit %s", l.Dest, m.Snapshot.Commit.Short())
		}
	}
}

// imageUnusable reports, where a document shows it, an image the model's
// header probe judged undrawable; the PDF draws a box saying the same.
// A file too large to read is file-unreadable's finding.
func imageUnusable(p *Pass) {
	for _, l := range p.Doc.Links {
		if !l.Image || l.Kind != document.Internal {
			continue
		}
		if pic := p.Model.Picture(l.Target); pic != nil && !pic.Usable() && pic.File.Data != nil {
			p.Report(l.Pos, "image %s", pic.Why())
		}
	}
}

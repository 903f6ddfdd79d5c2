package check

import "github.com/ismspack/ismspack/generator/isms"

// linkRules judge where a document's links and images lead. They only
// report what the model resolved (isms.Target): the site and the PDF read
// the same judgement, so the link check passes on exactly the links that
// work there, and each message is the target's own.
func linkRules() []*Rule {
	return []*Rule{
		{ID: "link-broken", Doc: "A link to another document, file, directory, heading or footnote points nowhere.", Severity: Error, Run: linkBroken},
		{ID: "link-outside", Doc: "A link climbs out of the repository or the content directory.", Severity: Error, Run: linkOutside},
		{ID: "image-missing", Doc: "An image is not a file in the repository.", Severity: Error, Run: imageMissing},
		{ID: "image-unusable", Doc: "An image cannot be drawn: unreadable, not PNG, JPEG or GIF, or more than 40 megapixels.", Severity: Warning, Run: imageUnusable},
	}
}

func linkBroken(p *Pass) {
	for _, l := range p.Doc.Links {
		if !l.Image && !l.OK() && !l.Outside() {
			p.Report(l.Pos, "%s", l.Problem)
		}
	}
}

func linkOutside(p *Pass) {
	for _, l := range p.Doc.Links {
		if l.Outside() {
			p.Report(l.Pos, "%s", l.Problem)
		}
	}
}

func imageMissing(p *Pass) {
	for _, l := range p.Doc.Links {
		if l.Image && !l.OK() && !l.Outside() {
			p.Report(l.Pos, "%s", l.Problem)
		}
	}
}

// imageUnusable reports, where a document shows it, an image the model's
// header probe judged undrawable; the PDF draws a box saying the same.
// A file too large to read is file-unreadable's finding.
func imageUnusable(p *Pass) {
	for _, l := range p.Doc.Links {
		if !l.Image || l.Kind != isms.ToAsset {
			continue
		}
		if pic := p.Model.Picture(l.Path); pic != nil && !pic.Usable() && pic.File.Data != nil {
			p.Report(l.Pos, "image %s", pic.Why())
		}
	}
}

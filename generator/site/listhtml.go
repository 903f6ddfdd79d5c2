package site

import (
	"bytes"
	"errors"
	"html/template"
	"strconv"
	"strings"
)

// The list pages (the register, owners, findings and changes pages and
// each requirement's documents) show a row for every document, finding
// or commit, and change with almost every commit, so a build after a
// small commit still executes them: through html/template they were most
// of the site's work in such a build. Their rows are fast definitions
// (see fasthtml.go) written here.

// registerRows writes the default "register-rows": a row of the register
// per document.
func registerRows(root string, rows []*DocRef) template.HTML {
	var b bytes.Buffer
	b.Grow(len(rows) * (1100 + 2*len(root)))
	for _, r := range rows {
		b.WriteString("\n<tr class=\"row-")
		escText(&b, r.Status)
		b.WriteString("\">\n<td class=\"nowrap\">")
		escText(&b, r.ID)
		b.WriteString("</td>\n<td>")
		docAnchor(&b, root, r)
		b.WriteString("</td>\n<td>")
		escText(&b, r.Type)
		b.WriteString("</td>\n<td>")
		if r.Owner != "" {
			b.WriteString("<a href=\"")
			escURL(&b, root)
			escURL(&b, r.OwnerURL)
			b.WriteString("\">")
			escText(&b, r.Owner)
			b.WriteString("</a>")
		} else {
			b.WriteString("<span class=\"missing\">none</span>")
		}
		b.WriteString("</td>\n")
		versionCell(&b, r)
		b.WriteString("\n")
		statusCell(&b, r)
		b.WriteString("\n<td>")
		escText(&b, r.Classification)
		b.WriteString("</td>\n<td>")
		escText(&b, r.ApprovedBy)
		b.WriteString("</td>\n<td class=\"nowrap\">")
		escText(&b, formatDate(r.ApprovedOn))
		b.WriteString("</td>\n<td>")
		if r.Approval != nil {
			approval(&b, root, r.Approval)
		}
		b.WriteString("</td>\n<td class=\"nowrap\">")
		escText(&b, formatDate(r.LastReviewed))
		b.WriteString("</td>\n")
		nextReviewCell(&b, r)
		b.WriteString("\n</tr>")
	}
	b.WriteString("\n")
	return template.HTML(b.String())
}

// ownersSections writes the default "owners-sections": a section per
// owner with a row per document.
func ownersSections(root string, owners []*OwnerGroup) template.HTML {
	var b bytes.Buffer
	n := 0
	for _, g := range owners {
		n += 800 + len(g.Docs)*(700+len(root))
	}
	b.Grow(n)
	for _, g := range owners {
		b.WriteString("\n<section id=\"")
		escText(&b, g.Anchor)
		b.WriteString("\" class=\"owner\">\n<h2 id=\"")
		escText(&b, g.Anchor)
		b.WriteString("-h\">")
		if g.Name != "" {
			escText(&b, g.Name)
		} else {
			b.WriteString("Documents without an owner")
		}
		b.WriteString("</h2>\n<p class=\"muted\">")
		escText(&b, plural(len(g.Docs), "document", "documents"))
		if g.Overdue != 0 {
			b.WriteString(" · <span class=\"badge review-overdue\">")
			b.WriteString(strconv.Itoa(g.Overdue))
			b.WriteString(" overdue</span>")
		}
		if g.DueSoon != 0 {
			b.WriteString(" · <span class=\"badge review-due-soon\">")
			b.WriteString(strconv.Itoa(g.DueSoon))
			b.WriteString(" due soon</span>")
		}
		b.WriteString("</p>\n<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"")
		escText(&b, g.Anchor)
		b.WriteString("-h\" tabindex=\"0\">\n<table class=\"sortable\">\n<thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Title</th><th scope=\"col\">Version</th><th scope=\"col\">Status</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">Next review</th></tr></thead>\n<tbody>")
		for _, r := range g.Docs {
			b.WriteString("\n<tr><td class=\"nowrap\">")
			escText(&b, r.ID)
			b.WriteString("</td><td>")
			docAnchor(&b, root, r)
			b.WriteString("</td>")
			versionCell(&b, r)
			statusCell(&b, r)
			b.WriteString("<td class=\"nowrap\">")
			escText(&b, formatDate(r.LastReviewed))
			b.WriteString("</td>")
			nextReviewCell(&b, r)
			b.WriteString("</tr>")
		}
		b.WriteString("\n</tbody>\n</table>\n</div>\n</section>")
	}
	return template.HTML(b.String())
}

// findingsRows writes the default "findings-rows": a row per finding.
func findingsRows(root string, p *FindingsPage) template.HTML {
	if p == nil {
		return ""
	}
	return spliced(p.splice, len(p.All)*(700+len(root)), func(b *bytes.Buffer) {
		for _, f := range p.All {
			b.WriteString("\n<tr")
			if f.Suppressed {
				b.WriteString(" class=\"accepted\"")
			}
			b.WriteString(">\n<td data-sort=\"")
			sev := f.Severity.String()
			switch {
			case f.Suppressed:
				b.WriteString("9")
			case sev == "error":
				b.WriteString("0")
			case sev == "warning":
				b.WriteString("1")
			default:
				b.WriteString("2")
			}
			b.WriteString("\">")
			if f.Suppressed {
				b.WriteString("<span class=\"badge accepted\">accepted</span>")
			} else {
				severityBadge(b, sev)
			}
			b.WriteString("</td>\n<td><code>")
			escText(b, f.Rule)
			b.WriteString("</code></td>\n<td>")
			if f.Doc != nil {
				docLink(b, root, f.Doc)
			} else {
				b.WriteString("<span class=\"muted\">—</span>")
			}
			b.WriteString("</td>\n<td>")
			if f.Href != "" {
				b.WriteString("<a href=\"")
				escURL(b, root)
				escURL(b, f.Href)
				b.WriteString("\"><code>")
				escText(b, f.Location)
				b.WriteString("</code></a>")
			} else {
				b.WriteString("<code>")
				escText(b, f.Location)
				b.WriteString("</code>")
			}
			b.WriteString("</td>\n<td>")
			escText(b, f.Message)
			if f.Suppressed {
				b.WriteString("<br><span class=\"reason\">Accepted: ")
				escText(b, f.Reason)
				b.WriteString("</span>")
			}
			b.WriteString("</td>\n</tr>")
		}
	})
}

// changesAddedRows writes the default "changes-added-rows": a row per
// document added.
func changesAddedRows(root string, c *Changes) (template.HTML, error) {
	if c == nil {
		return "", nil
	}
	return changeRows(root, c.Added, false)
}

// changesChangedRows writes the default "changes-changed-rows": a row per
// document changed.
func changesChangedRows(root string, c *Changes) (template.HTML, error) {
	if c == nil {
		return "", nil
	}
	return changeRows(root, c.Changed, true)
}

// errNoLast is what html/template says of a change without a last
// revision (one the history does not show).
var errNoLast = errors.New("nil pointer evaluating *site.RevisionRef.When")

func changeRows(root string, l []*DocChange, before bool) (template.HTML, error) {
	var b bytes.Buffer
	b.Grow(len(l) * (600 + 2*len(root)))
	for _, ch := range l {
		if ch.Last == nil {
			return "", errNoLast
		}
		b.WriteString("\n<tr><td>")
		docLink(&b, root, ch.DocRef)
		b.WriteString("</td>")
		if before {
			b.WriteString("<td>")
			if ch.Before != "" {
				escText(&b, ch.Before)
			} else {
				b.WriteString("<span class=\"muted\">—</span>")
			}
			b.WriteString("</td>")
		}
		b.WriteString("<td data-sort=\"")
		escText(&b, ch.VersionKey)
		b.WriteString("\">")
		escText(&b, ch.After)
		b.WriteString("</td><td>")
		b.WriteString(strconv.Itoa(ch.Commits))
		b.WriteString("</td><td class=\"nowrap\" data-sort=\"")
		when := formatDate(ch.Last.When)
		escText(&b, when)
		b.WriteString("\">")
		escText(&b, when)
		b.WriteString(" <a href=\"")
		escURL(&b, root)
		escURL(&b, ch.Last.URL)
		b.WriteString("\"><code>")
		escText(&b, ch.Last.Short)
		b.WriteString("</code></a></td></tr>")
	}
	return template.HTML(b.String()), nil
}

// changesCommits writes the default "changes-commits": an item per
// commit listing the documents it changed.
func changesCommits(root string, c *Changes) template.HTML {
	if c == nil {
		return ""
	}
	var b bytes.Buffer
	n := 0
	for _, cc := range c.Commits {
		n += 300 + len(cc.Subject) + len(cc.Docs)*(300+2*len(root))
	}
	b.Grow(n)
	for _, cc := range c.Commits {
		b.WriteString("\n<li>\n<p><span class=\"nowrap\">")
		escText(&b, formatDate(cc.When))
		b.WriteString("</span> <code title=\"")
		escText(&b, cc.Hash)
		b.WriteString("\">")
		escText(&b, cc.Short)
		b.WriteString("</code> <strong>")
		escText(&b, cc.Subject)
		b.WriteString("</strong> <span class=\"muted\">— ")
		escText(&b, cc.Author)
		b.WriteString("</span></p>\n<ul>")
		for _, d := range cc.Docs {
			b.WriteString("\n<li>")
			docLink(&b, root, d.DocRef)
			b.WriteString(": ")
			escText(&b, d.Action)
			b.WriteString(", ")
			if d.Before != "" {
				escText(&b, d.Before)
				b.WriteString(" → ")
			}
			b.WriteString("<a href=\"")
			escURL(&b, root)
			escURL(&b, d.URL)
			b.WriteString("\">version ")
			escText(&b, d.After)
			b.WriteString("</a></li>")
		}
		b.WriteString("\n</ul>\n</li>")
	}
	return template.HTML(b.String())
}

// requirementDocRows writes the default "requirement-doc-rows": a row per
// document mapped to the requirement.
func requirementDocRows(root string, p *RequirementPage) template.HTML {
	if p == nil {
		return ""
	}
	var b bytes.Buffer
	b.Grow(len(p.Docs) * (1000 + 2*len(root)))
	for _, d := range p.Docs {
		b.WriteString("\n<tr><td class=\"nowrap\">")
		escText(&b, d.ID)
		b.WriteString("</td><td>")
		docAnchor(&b, root, d.DocRef)
		b.WriteString("</td><td>")
		escText(&b, d.Owner)
		b.WriteString("</td>")
		versionCell(&b, d.DocRef)
		statusCell(&b, d.DocRef)
		b.WriteString("<td>")
		if d.Approval != nil {
			approval(&b, root, d.Approval)
		}
		b.WriteString("</td>")
		nextReviewCell(&b, d.DocRef)
		b.WriteString("\n<td>")
		if d.Good {
			b.WriteString("<span class=\"badge rag-green\">Yes</span>")
		} else {
			b.WriteString("<span class=\"badge rag-red\">No</span> ")
			escText(&b, strings.Join(d.Problems, "; "))
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// docAnchor writes a link to a document's page: its title.
func docAnchor(b *bytes.Buffer, root string, r *DocRef) {
	b.WriteString("<a href=\"")
	escURL(b, root)
	escURL(b, r.URL)
	b.WriteString("\">")
	escText(b, r.Title)
	b.WriteString("</a>")
}

// versionCell writes a document's version cell, sorted by its key.
func versionCell(b *bytes.Buffer, r *DocRef) {
	b.WriteString("<td data-sort=\"")
	escText(b, r.VersionKey)
	b.WriteString("\">")
	escText(b, r.Version)
	b.WriteString("</td>")
}

// statusCell writes a document's status cell, sorted by the status.
func statusCell(b *bytes.Buffer, r *DocRef) {
	b.WriteString("<td data-sort=\"")
	escText(b, r.Status)
	b.WriteString("\">")
	statusBadge(b, r.Status)
	b.WriteString("</td>")
}

// nextReviewCell writes a document's next review date and review state.
func nextReviewCell(b *bytes.Buffer, r *DocRef) {
	next := formatDate(r.NextReview)
	b.WriteString("<td class=\"nowrap\" data-sort=\"")
	escText(b, next)
	b.WriteString("\">")
	escText(b, next)
	b.WriteString(" ")
	reviewBadge(b, r.Review)
	b.WriteString("</td>")
}

// docLink writes the default partial "doclink".
func docLink(b *bytes.Buffer, root string, r *DocRef) {
	if r == nil {
		return
	}
	b.WriteString("<a href=\"")
	escURL(b, root)
	escURL(b, r.URL)
	b.WriteString("\">")
	if r.ID != "" {
		b.WriteString("<span class=\"doc-id\">")
		escText(b, r.ID)
		b.WriteString("</span> ")
	}
	escText(b, r.Title)
	b.WriteString("</a>")
	if r.Status != "approved" {
		b.WriteString(" ")
		statusBadge(b, r.Status)
	}
}

// reviewBadge writes the default partial "review".
func reviewBadge(b *bytes.Buffer, review string) {
	switch review {
	case "overdue":
		b.WriteString("<span class=\"badge review-overdue\">Review overdue</span>")
	case "due-soon":
		b.WriteString("<span class=\"badge review-due-soon\">Review due soon</span>")
	case "in-date":
		b.WriteString("<span class=\"badge review-in-date\">In date</span>")
	case "unknown":
		b.WriteString("<span class=\"badge review-unknown\">No review date</span>")
	}
}

// severityBadge writes the default partial "severity".
func severityBadge(b *bytes.Buffer, sev string) {
	b.WriteString("<span class=\"badge severity-")
	escText(b, sev)
	b.WriteString("\">")
	escText(b, sev)
	b.WriteString("</span>")
}

package isms

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// OutputNames are a document's files in the output, slash-separated and
// relative to the output root. They are computed once, on the model, so
// that the site's links, the site's files and the PDFs agree, and check
// can warn about the names it had to change.
type OutputNames struct {
	// Page is docs/<slug>.html, History docs/<slug>.history.html (the
	// page of every revision) and PDF pdf/<slug>.pdf.
	Page, History, PDF string
	// Shortened is set when an element of the document's path was too
	// long to be a file name once ".history.html" is added (file systems
	// allow 255 bytes) and was cut short with a hash of the whole.
	Shortened bool
	// CaseOf is the path of another document whose output names differ
	// from this one's only in letter case: on macOS and Windows they would
	// be one file, so this document's names carry a suffix.
	CaseOf string
}

// maxStem is the longest path element a slug keeps: 255 bytes, the limit
// of common file systems, less ".history.html" and a "-NN" suffix that
// keeps two names apart.
const maxStem = 255 - len(".history.html") - 8

// nameOutputs gives every document its output names: each path element of
// the slug at most maxStem bytes, and no two pages, history pages or PDFs
// the same when letter case is ignored. Documents are named in path order,
// so the first keeps its name and the builds are reproducible.
func (m *Model) nameOutputs() {
	docs := append([]*Doc(nil), m.Docs...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].Path < docs[j].Path })
	taken := map[string]*Doc{} // case-folded page name -> its document
	for _, d := range docs {
		slug, short := shortSlug(d.Slug)
		d.Out.Shortened = short
		base := slug
		for n := 2; ; n++ {
			if other := taken[strings.ToLower("docs/"+slug+".html")]; other == nil {
				break
			} else if other.Out.Page != "docs/"+slug+".html" && d.Out.CaseOf == "" {
				d.Out.CaseOf = other.Path
			}
			slug = base + "-" + strconv.Itoa(n) // a.md and a.markdown, or Policy.md and policy.md
		}
		d.Out.Page = "docs/" + slug + ".html"
		d.Out.PDF = "pdf/" + slug + ".pdf"
		taken[strings.ToLower(d.Out.Page)] = d
	}
	// History pages are named once every page is, so a document whose
	// slug ends in ".history" keeps its page and the history page it would
	// have overwritten moves aside.
	for _, d := range docs {
		base := strings.TrimSuffix(d.Out.Page, ".html") + ".history"
		d.Out.History = base + ".html"
		for n := 2; taken[strings.ToLower(d.Out.History)] != nil; n++ {
			d.Out.History = base + "-" + strconv.Itoa(n) + ".html"
		}
		taken[strings.ToLower(d.Out.History)] = d
	}
}

// shortSlug cuts each element of slug longer than maxStem to a prefix and
// a hash of the whole element, so that long names stay distinct.
func shortSlug(slug string) (string, bool) {
	parts := strings.Split(slug, "/")
	short := false
	for i, p := range parts {
		if len(p) <= maxStem {
			continue
		}
		sum := sha256.Sum256([]byte(p))
		tag := "~" + hex.EncodeToString(sum[:6])
		cut := maxStem - len(tag)
		for cut > 0 && !utf8.RuneStart(p[cut]) {
			cut--
		}
		parts[i] = p[:cut] + tag
		short = true
	}
	return strings.Join(parts, "/"), short
}

package isms

import (
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer/html"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/source"
)

// TargetKind is what a link or image leads to. The check rules, the site
// and the PDF all read it from the model, so what check calls broken is
// exactly what the renderers show as broken.
type TargetKind int

// Kinds of target. The first six lead somewhere; the rest do not, and
// Target.Problem says why.
const (
	ToDocument TargetKind = iota // a document, or a directory's index document
	ToHeading                    // a heading in a document
	ToFootnote                   // a footnote, or a reference to one (fn:1, fnref:1)
	ToAsset                      // a file under the content directory: an image, a PDF
	ToExternal                   // a URL with a scheme: https:, mailto:
	ToTop                        // "#": the top of the same document

	MissingAnchor     // the document exists, the heading or footnote does not
	MissingFile       // nothing at that path in the commit
	Directory         // a directory without an index document
	Unreadable        // a file ismspack could not read (too large)
	NotPicture        // an image whose target is not a file
	OutsideRepository // the path climbs above the repository root
	OutsideContent    // a repository path outside the content directory
	Unsafe            // a scheme the site and the PDF remove: javascript:, file:
	Empty             // no destination at all: [text]()
)

var kindNames = [...]string{"document", "heading", "footnote", "asset", "external", "top",
	"missing-anchor", "missing-file", "directory", "unreadable", "not-picture",
	"outside-repository", "outside-content", "unsafe", "empty"}

// String names the kind, for tests and debugging.
func (k TargetKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Target is where one link or image leads, resolved against the model.
type Target struct {
	Kind TargetKind
	// Path is the repository path the destination resolves to (for a
	// directory link, the directory); empty for external links and for
	// fragments within the same body.
	Path string
	// Doc is the document linked to; for a fragment alone, the document
	// the link is in (nil for an old revision's body).
	Doc *Doc
	// Asset is the file linked to.
	Asset *source.File
	// Fragment is the anchor, unescaped; Anchor what it names there.
	Fragment string
	Anchor   document.Anchor
	// Local is set when the destination is a fragment alone: a place in
	// the same body.
	Local bool
	// URL is the destination of an external link, as written.
	URL string
	// Problem says, as a finding would, why the link leads nowhere; it
	// is empty when it leads somewhere.
	Problem string
}

// OK reports whether the target leads somewhere.
func (t Target) OK() bool { return t.Kind < MissingAnchor }

// Outside reports whether the target lies outside what is published.
func (t Target) Outside() bool { return t.Kind == OutsideRepository || t.Kind == OutsideContent }

// Link is a link or image in a document with its resolved target.
type Link struct {
	*document.Link
	Target
}

// LinkFor returns the resolved link for a *ast.Link, *ast.Image or
// *ast.AutoLink node of the document's AST; nil for a node of any other
// AST, or on a nil Doc.
func (d *Doc) LinkFor(n ast.Node) *Link {
	if d == nil {
		return nil
	}
	d.byNodeOnce.Do(func() {
		d.AST() // points a document read from the cache's links at its nodes
		d.byNode = make(map[ast.Node]*Link, len(d.Links))
		for _, l := range d.Links {
			if !l.HTML {
				d.byNode[l.Node] = l
			}
		}
	})
	return d.byNode[n]
}

// HTMLLinkAt returns the resolved link of the URL attribute (a href, img
// src) of the raw HTML tag at body offset off; nil when there is none.
func (d *Doc) HTMLLinkAt(off int) *Link {
	if d == nil {
		return nil
	}
	return d.byOffset[off]
}

// linkIndex holds what resolving needs from the whole model, built once.
type linkIndex struct {
	// dirs are the directories holding files under the content directory.
	dirs map[string]bool
	// index is each directory's index document.
	index map[string]*Doc
}

// indexNames rank the documents that stand for their directory.
var indexNames = []string{"index", "_index", "readme"}

func (m *Model) indexLinks() {
	ix := &linkIndex{dirs: map[string]bool{}, index: map[string]*Doc{}}
	add := func(p string) {
		for dir := path.Dir(p); dir != "." && dir != "/" && !ix.dirs[dir]; dir = path.Dir(dir) {
			ix.dirs[dir] = true
		}
	}
	for _, d := range m.Docs {
		add(d.Path)
	}
	for p := range m.Assets {
		add(p)
	}
	rank := func(d *Doc) int {
		b := strings.ToLower(document.Stem(path.Base(d.Path)))
		for i, n := range indexNames {
			if b == n {
				return i
			}
		}
		return -1
	}
	for _, d := range m.Docs { // sorted by path: the first of a rank wins
		r := rank(d)
		if r < 0 {
			continue
		}
		dir := path.Dir(d.Path)
		if cur := ix.index[dir]; cur == nil || r < rank(cur) {
			ix.index[dir] = d
		}
	}
	m.links = ix
	m.roots = m.Config.Links.SiteRoots()
}

// resolveLinks resolves every link and image of every document.
func (m *Model) resolveLinks() {
	m.indexLinks()
	for _, d := range m.Docs {
		d.Links = make([]*Link, len(d.Document.Links))
		d.byOffset = map[int]*Link{}
		for i, l := range d.Document.Links {
			rl := &Link{Link: l}
			if l.Auto {
				rl.Target = Target{Kind: ToExternal, URL: l.Dest}
			} else {
				rl.Target = m.resolve(d.Path, d, d.Anchors, d.Headings, l.Dest, l.Image)
			}
			d.Links[i] = rl
			if l.HTML {
				d.byOffset[l.Offset] = rl
			}
		}
	}
}

// Resolve works out where dest, written in a body at repository path
// from whose anchors are given, leads: the history page's old revisions
// are resolved this way against the current model.
func (m *Model) Resolve(from string, anchors map[string]document.Anchor, dest string, image bool) Target {
	return m.resolve(from, m.byPath[from], anchors, nil, dest, image)
}

// resolve resolves dest, written in the body at from whose anchors (and,
// when known, headings in order) are given; self is the document at from.
func (m *Model) resolve(from string, self *Doc, anchors map[string]document.Anchor, headings []document.Heading, dest string, image bool) Target {
	t := m.resolveLink(from, self, anchors, headings, dest, image)
	if image && t.OK() && t.Kind != ToAsset && t.Kind != ToExternal {
		what := "a document"
		if t.Local || t.Kind == ToTop {
			what = "a place in this document"
		}
		t.Kind, t.Problem = NotPicture, "image "+written(dest, t.Path)+" is "+what+", not a picture file: link to a PNG or JPEG under "+m.Config.Content+"/"
	}
	if image && !t.OK() && t.Kind == MissingFile {
		t.Problem = "image " + written(dest, t.Path) + " is not in the commit"
	}
	return t
}

func (m *Model) resolveLink(from string, self *Doc, anchors map[string]document.Anchor, headings []document.Heading, dest string, image bool) Target {
	if strings.TrimSpace(dest) == "" {
		return Target{Kind: Empty, Problem: "link has no destination: write where it leads, or drop the link"}
	}
	if dest == "#" {
		return Target{Kind: ToTop, Path: from, Doc: self, Local: true}
	}
	p, frag, scheme := splitDest(dest)
	if scheme {
		if html.IsDangerousURL([]byte(dest)) {
			return Target{Kind: Unsafe, URL: dest, Problem: "link " + dest + " uses a scheme the site and the pack remove: link to an https:// address instead"}
		}
		return Target{Kind: ToExternal, URL: dest}
	}
	if p == "" { // a fragment alone
		t := Target{Path: from, Doc: self, Fragment: frag, Local: true}
		return anchorTarget(t, anchors, headings, "in this document")
	}
	rp := m.sitePath(from, p)
	// A name holding "#", "?" or "%" may be written as it is; it is found
	// under that name only when the URL reading finds nothing.
	if !m.exists(rp) && !strings.ContainsAny(p, "#?") {
		if raw := m.sitePath(from, dest); raw != rp && m.exists(raw) {
			rp, frag = raw, ""
		}
	}
	// A link to a published page (x.html, a clean URL, index.html) leads
	// to the file the page is made from.
	var tried []string
	if !m.exists(rp) {
		var src string
		if src, tried = m.pageSource(rp); src != "" {
			rp = src
		}
	}
	t := Target{Path: rp, Fragment: frag}
	w := written(dest, rp)
	switch {
	case rp == ".." || strings.HasPrefix(rp, "../"):
		t.Kind, t.Problem = OutsideRepository, "link "+dest+" climbs out of the repository; it cannot work on the site or in the pack"
		return t
	case !inside(rp, m.Config.Content):
		c := m.Config.Content
		t.Kind, t.Problem = OutsideContent, "link "+dest+" points at "+rp+", outside the content directory "+c+"/, which is not published: link inside "+c+"/ or use a full https:// URL"
		return t
	}
	if d := m.byPath[rp]; d != nil {
		t.Doc = d
		return anchorTarget(t, d.Anchors, d.Headings, "")
	}
	if f := m.Assets[rp]; f != nil {
		t.Asset = f
		if f.Data == nil && !image { // an image's size is the picture probe's finding
			t.Kind, t.Problem = Unreadable, "link to "+w+", which is too large to read, so it is not published: make it smaller or link to where it is kept"
			return t
		}
		t.Kind = ToAsset
		return t
	}
	if m.links.dirs[rp] || rp == m.Config.Content {
		if d := m.links.index[rp]; d != nil {
			t.Doc = d
			return anchorTarget(t, d.Anchors, d.Headings, "")
		}
		t.Kind, t.Problem = Directory, "link to directory "+w+", which has no index.md or README.md: link to a document in it, or add one"
		return t
	}
	t.Kind, t.Problem = MissingFile, "link to "+w+", which is not in the commit"+triedText(tried, strings.HasPrefix(p, "/") && m.root(p) == nil)
	return t
}

// sitePath resolves p, written in the document at from, to a repository
// path: relative to the document, or, when it starts with "/", from the
// repository directory the configuration's links.roots gives for the
// longest prefix it matches (else from the repository root).
func (m *Model) sitePath(from, p string) string {
	if r := m.root(p); r != nil {
		return path.Join(r.Dir, strings.TrimPrefix(p, strings.TrimSuffix(r.Prefix, "/")))
	}
	return repoPath(from, p)
}

// root returns the links.roots entry a site path starts with, the
// longest first; nil for a relative path or when none matches.
func (m *Model) root(p string) *config.Root {
	if !strings.HasPrefix(p, "/") {
		return nil
	}
	for i, r := range m.roots {
		if p == strings.TrimSuffix(r.Prefix, "/") || strings.HasPrefix(p, r.Prefix) {
			return &m.roots[i]
		}
	}
	return nil
}

// pageSource finds the file a published page at repository path rp is
// made from, by the configuration's links.extensions: x.html from x.md,
// a clean URL x from x.md, index.html from its directory's index
// document. It returns the path found, or "" and the paths it tried.
func (m *Model) pageSource(rp string) (string, []string) {
	base := path.Base(rp)
	var tried []string
	for _, ext := range m.Config.Links.OutputExtensions() {
		if ext != "" && (!strings.HasSuffix(base, ext) || len(base) == len(ext)) {
			continue
		}
		if ext == "" && strings.Contains(base, ".") {
			continue // a clean URL has no extension
		}
		stem := strings.TrimSuffix(rp, ext)
		for _, src := range m.Config.Links.SourceExtensions(ext) {
			c := stem + src
			if m.byPath[c] != nil || m.Assets[c] != nil {
				return c, nil
			}
			tried = append(tried, c)
		}
		if path.Base(stem) == "index" {
			dir := path.Dir(stem)
			if m.links.index[dir] != nil {
				return dir, nil
			}
			tried = append(tried, dir+"/ (its index document)")
		}
		break
	}
	return "", tried
}

// triedText says which source files a link to a page was tried as, and
// for a site path no links.roots entry matched, how to map it.
func triedText(tried []string, unrooted bool) string {
	var parts []string
	if len(tried) > 0 {
		parts = append(parts, "nor is "+strings.Join(tried, ", ")+": links.extensions in ismspack.yaml says which files a page is made from")
	}
	if unrooted {
		parts = append(parts, "a site path is read from the repository root unless links.roots in ismspack.yaml maps it to a directory")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

// anchorTarget judges t's fragment against the anchors of the document it
// leads to, whose headings are listed in document order when known;
// where names that document in messages ("" for its path).
func anchorTarget(t Target, anchors map[string]document.Anchor, headings []document.Heading, where string) Target {
	if t.Fragment == "" {
		t.Kind = ToDocument
		return t
	}
	a, ok := anchors[t.Fragment]
	if !ok {
		name := t.Path
		if t.Doc != nil {
			name = t.Doc.Path
		}
		what, hint := "heading with anchor", suggest(anchors, headings)
		if isFootnoteID(t.Fragment) {
			what, hint = "footnote", footnotes(anchors)
		}
		if where == "" {
			t.Problem = name + " has no " + what + " #" + t.Fragment + hint
		} else {
			t.Problem = "no " + what + " #" + t.Fragment + " " + where + hint
		}
		t.Kind = MissingAnchor
		return t
	}
	t.Anchor = a
	if a.Heading {
		t.Kind = ToHeading
	} else {
		t.Kind = ToFootnote
	}
	return t
}

func isFootnoteID(f string) bool {
	return strings.HasPrefix(f, "fn:") || strings.HasPrefix(f, "fnref")
}

// suggest lists a document's heading anchors, the first six, in
// document order when the headings are known. It looks no further than
// the seventh: a document of n headings and n links to anchors it lacks
// cost n² looking at headings it did not list.
func suggest(anchors map[string]document.Anchor, headings []document.Heading) string {
	var ids []string
	if headings != nil {
		for _, h := range headings {
			if h.ID != "" {
				ids = append(ids, h.ID)
				if len(ids) > 6 {
					break
				}
			}
		}
	} else {
		for id, a := range anchors {
			if a.Heading {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
	}
	if len(ids) == 0 {
		return ""
	}
	more := len(ids) > 6
	if more {
		ids = ids[:6]
	}
	for i := range ids {
		ids[i] = "#" + ids[i]
	}
	if more {
		ids = append(ids, "…")
	}
	return " (it has " + strings.Join(ids, ", ") + ")"
}

// footnotes lists a document's footnotes, the first six. goldmark
// numbers them from 1 without gaps, so it asks for #fn:1 to #fn:7 and
// looks at no other: listing every footnote made n links to footnotes
// a document of n lacks cost n² (n messages each naming n).
func footnotes(anchors map[string]document.Anchor) string {
	var ids []string
	for n := 1; n <= 7; n++ {
		id := "fn:" + strconv.Itoa(n)
		if a, ok := anchors[id]; !ok || a.Ref {
			break
		}
		ids = append(ids, "#"+id)
	}
	if len(ids) == 0 {
		return " (it has no footnotes)"
	}
	if len(ids) > 6 {
		ids = append(ids[:6], "…")
	}
	return " (it has " + strings.Join(ids, ", ") + ")"
}

// exists reports whether a repository path names a document, a file or a
// directory under the content directory.
func (m *Model) exists(p string) bool {
	return m.byPath[p] != nil || m.Assets[p] != nil || m.links.dirs[p]
}

// splitDest splits a destination into its path and fragment, both
// unescaped, and says whether it is a URL with a scheme or host.
func splitDest(dest string) (p, frag string, scheme bool) {
	if p, frag, ok := splitPlainDest(dest); ok {
		return p, frag, false
	}
	return splitURLDest(dest)
}

// splitURLDest is splitDest for any destination.
func splitURLDest(dest string) (p, frag string, scheme bool) {
	u, err := url.Parse(dest)
	if err == nil {
		if u.Scheme != "" || u.Host != "" || strings.HasPrefix(dest, "//") {
			return "", "", true
		}
		return u.Path, u.Fragment, false
	}
	// Not a URL (a stray "%" in a file name): read it as a plain path.
	if i := strings.IndexByte(dest, ':'); i > 0 && !strings.ContainsAny(dest[:i], "/#?") && isScheme(dest[:i]) {
		return "", "", true
	}
	p, frag, _ = strings.Cut(dest, "#")
	p, _, _ = strings.Cut(p, "?")
	return p, frag, false
}

// splitPlainDest splits a destination written with nothing url.Parse
// would unescape, reject or read as a scheme or host: letters, digits and
// "/._~-", then at most one "#" and more of the same. Most links are
// written so, and url.Parse was most of the cost of resolving them, which
// a build does for every link of every revision a history page shows.
func splitPlainDest(dest string) (p, frag string, ok bool) {
	if strings.HasPrefix(dest, "//") {
		return "", "", false
	}
	hash := -1
	for i := 0; i < len(dest); i++ {
		if c := dest[i]; !plainDestByte[c] {
			if c != '#' || hash >= 0 {
				return "", "", false
			}
			hash = i
		}
	}
	if hash < 0 {
		return dest, "", true
	}
	return dest[:hash], dest[hash+1:], true
}

var plainDestByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("/._~-", byte(c)) >= 0
	}
	return t
}()

func isScheme(s string) bool {
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// repoPath resolves p, written in the document at from, to a repository
// path: relative to the document, or to the repository root when it
// starts with "/".
func repoPath(from, p string) string {
	if strings.HasPrefix(p, "/") {
		p = strings.TrimPrefix(path.Clean(p), "/")
		if p == "" {
			return "."
		}
		return p
	}
	return path.Join(path.Dir(from), p)
}

// written names a resolved path with the destination as written when the
// two differ.
func written(dest, resolved string) string {
	if resolved == "" || dest == resolved {
		return dest
	}
	return resolved + " (written " + dest + ")"
}

func inside(p, dir string) bool {
	return dir == "" || dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

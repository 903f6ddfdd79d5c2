package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"sort"

	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/isms"
)

// What the site keeps between builds (Options.Cache) are the results of
// pure functions, keyed by a hash of their inputs; the cache's own entry
// header adds the ismspack version, so a key needs only what varies
// between builds of one version:
//
//   - a revision's redline, by the two texts compared (isms.Revision.Compared);
//   - an old revision's rendered body, by its Markdown, the page it goes
//     into and the parse options, together with every link the rendering
//     resolved against the model and what it got: a result is used only
//     when each of those links resolves the same way now, so a document
//     renamed, added or removed elsewhere renders the body again.

// memos are the site's kinds of cached result.
type memos struct {
	redlines, bodies *cache.Memo
	// pages holds each page whole, as a plain file, under its key (see
	// pagememo.go), with an entry saying what the file must hold and what
	// links its bodies resolved (see linkKept).
	pages *cache.Store
	// options hashes the parse options every body is rendered with.
	options string
}

func newMemos(c *cache.Cache, m *isms.Model) memos {
	if c == nil {
		return memos{}
	}
	opt, err := json.Marshal(m.Config.DocumentOptions())
	if err != nil {
		return memos{}
	}
	return memos{redlines: c.Memo("redline"), bodies: c.Memo("body"), pages: c.Store("page"), options: string(opt)}
}

// memoKey hashes parts, each length-prefixed.
func memoKey(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		writePart(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func writePart(h hash.Hash, p []byte) {
	fmt.Fprintf(h, "%d:", len(p))
	h.Write(p)
}

// redlineView is newRedlineView of rev's redline, from the cache when the
// same two texts were compared before.
func (w *worker) redlineView(rev *isms.Revision, prev *RevisionRef) *RedlineView {
	old, cur, ok := rev.Compared()
	if !ok {
		return nil
	}
	memo := w.site.memos.redlines
	key := ""
	if memo != nil {
		o, c := w.sums.of(old), w.sums.of(cur)
		key = memoKey(o[:], c[:])
		if b, ok := memo.Get(key); ok {
			if v, err := decodeRedline(b); err == nil {
				v.Prev = prev
				return v
			}
		}
	}
	v := newRedlineView(w.redline.Compare(w.texts.of(old), w.texts.of(cur)), prev)
	if memo != nil {
		putEncoded(memo, key, func(e wire.Encoder) { writeRedline(e, v) })
	}
	return v
}

// texts turns the texts a history page compares into strings, each once:
// the page compares every revision with the one before, oldest first,
// so a revision's text is the new one of a comparison and then the old
// one of the next. Turning it again copied every revision of every
// document twice, a tenth of the redlines' cost.
type texts struct {
	last []byte
	s    string
}

// of returns b as a string, the one it returned last when b is the same
// bytes (a revision's text, which is never changed once read).
func (t *texts) of(b []byte) string {
	if len(b) > 0 && len(b) == len(t.last) && &b[0] == &t.last[0] {
		return t.s
	}
	t.last, t.s = b, string(b)
	return t.s
}

// sums hashes the texts a history page keys its bodies and redlines by,
// each once: a revision's text is in the key of its body and in those of
// the two redlines it is a side of, which the page makes one after the
// other, oldest first (see historyPage). Hashing it for each key hashed
// every revision of every document three times. It remembers the last
// two texts it hashed, by their bytes (a revision's text, which is never
// changed once read).
type sums struct {
	slot [2]struct {
		b   []byte
		sum [sha256.Size]byte
	}
	// recent is the slot used last.
	recent int
}

// of returns the SHA-256 of b.
func (s *sums) of(b []byte) [sha256.Size]byte {
	if len(b) == 0 {
		return sha256.Sum256(nil)
	}
	for i := range s.slot {
		if t := s.slot[i].b; len(t) == len(b) && &t[0] == &b[0] {
			s.recent = i
			return s.slot[i].sum
		}
	}
	s.recent = 1 - s.recent
	s.slot[s.recent].b, s.slot[s.recent].sum = b, sha256.Sum256(b)
	return s.slot[s.recent].sum
}

// tracedLink is a link a body's rendering resolved against the model,
// and what it got.
type tracedLink struct {
	Dest          string
	Image         bool
	Href, Problem string
	Local         bool
}

// traced resolves dest against the model for a body that is not the
// document's current one, recording it when the body is being kept.
func (b *bodyRenderer) traced(dest string, image bool) target {
	r := b.site.m.Resolve(b.ctx.from, b.ctx.anchors, dest, image)
	t := b.target(r, dest, image)
	l := tracedLink{Dest: dest, Image: image, Href: t.href, Problem: t.problem, Local: t.local}
	if b.trace != nil {
		*b.trace = append(*b.trace, l)
	}
	if b.groups != nil {
		if b.newGroup {
			*b.groups = append(*b.groups, linkGroup{From: b.ctx.from, Prefix: b.ctx.prefix, Anchors: b.ctx.anchors})
			b.newGroup = false
		}
		g := &(*b.groups)[len(*b.groups)-1]
		g.Links = append(g.Links, l)
		if r.Doc != nil {
			g.Targets = append(g.Targets, r.Doc.Path)
		}
	}
	return t
}

// linkGroup is the links one body resolved against the model, and what
// resolving them again needs: the path and anchors of the body and the
// prefix of its ids.
type linkGroup struct {
	From, Prefix string
	Anchors      map[string]document.Anchor
	Links        []tracedLink
	// Targets are the paths of the documents the links landed on, for
	// the entry's digest (see linkState); not kept.
	Targets []string
}

// pageEntry is a kept page's entry: the Sum of the page, which is kept
// beside it as a plain file, and the links its bodies resolved against
// the model, each of which must resolve the same way for the page to be
// used. Digest hashes what resolving them read (see linkState), Targets
// the documents they landed on; both are empty without links.
type pageEntry struct {
	Sum     string
	Digest  string
	Targets []string
	Groups  []linkGroup
}

// newPageEntry is the entry of a page whose file sums to sum and whose
// bodies resolved the links in groups against this build's model.
func (s *site) newPageEntry(sum string, groups []linkGroup) pageEntry {
	e := pageEntry{Sum: sum, Groups: groups}
	if len(groups) == 0 {
		return e
	}
	seen := map[string]bool{}
	for _, g := range groups {
		for _, p := range g.Targets {
			if !seen[p] {
				seen[p] = true
				e.Targets = append(e.Targets, p)
			}
		}
	}
	sort.Strings(e.Targets)
	if d, ok := s.linkDigest(e.Targets); ok {
		e.Digest = string(d[:])
	}
	return e
}

// linkKept puts the page kept under key at p's file when each link its
// bodies resolved still resolves the same way, and reports whether it
// did; if it did not, the caller makes the page.
func (w *worker) linkKept(key string, p *Page) bool {
	// Read into the worker's buffer: the entry is done with before the
	// worker reads another.
	b, ok := w.site.memos.pages.Read(key, &w.entry)
	if !ok {
		return false
	}
	e, rest, err := decodePageHead(b)
	if err == nil && e.Digest != "" {
		if d, ok := w.site.linkDigest(e.Targets); ok && string(d[:]) == e.Digest {
			// Nothing resolving the links reads has changed since they
			// were resolved: they resolve the same way.
			return w.out.link(w.site.memos.pages, key, e.Sum, p.file)
		}
	}
	if err == nil {
		e.Groups, err = decodeGroups(rest)
	}
	if err != nil {
		w.site.opt.Cache.Note("page", "decode", fmt.Sprintf("cache: a kept page cannot be read (%v); it is made again", err))
		return false
	}
	for i := range e.Groups {
		g := &e.Groups[i]
		w.body.ctx = linkContext{root: p.Root, from: g.From, anchors: g.Anchors, prefix: g.Prefix}
		for _, l := range g.Links {
			r := w.site.m.Resolve(g.From, g.Anchors, l.Dest, l.Image)
			t := w.body.target(r, l.Dest, l.Image)
			if t.href != l.Href || t.problem != l.Problem || t.local != l.Local {
				return false
			}
			if r.Doc != nil {
				g.Targets = append(g.Targets, r.Doc.Path)
			}
		}
	}
	if !w.out.link(w.site.memos.pages, key, e.Sum, p.file) {
		return false
	}
	if len(e.Groups) > 0 {
		// Keep the digest of what they were resolved against now, so
		// that the next build need not resolve them again.
		w.site.memos.pages.Put(key, encodePage(w.site.newPageEntry(e.Sum, e.Groups)))
	}
	return true
}

// bodyEntry is a kept body: the rendering, the title's id, the anchors
// its links resolved against and the links.
type bodyEntry struct {
	HTML, TitleID string
	Anchors       map[string]document.Anchor
	Links         []tracedLink
}

// keptBody returns the body kept for these inputs when every link it
// resolved still resolves the same way.
func (w *worker) keptBody(key string, ctx linkContext) (bodyEntry, bool) {
	b, ok := w.site.memos.bodies.Get(key)
	if !ok {
		return bodyEntry{}, false
	}
	e, err := decodeBody(b)
	if err != nil {
		return e, false
	}
	ctx.anchors = e.Anchors
	w.body.ctx = ctx
	var targets []string
	for _, l := range e.Links {
		r := w.site.m.Resolve(ctx.from, e.Anchors, l.Dest, l.Image)
		t := w.body.target(r, l.Dest, l.Image)
		if t.href != l.Href || t.problem != l.Problem || t.local != l.Local {
			return e, false
		}
		if r.Doc != nil {
			targets = append(targets, r.Doc.Path)
		}
	}
	if w.body.groups != nil && len(e.Links) > 0 {
		// The page being kept shows this body: its links are the page's.
		*w.body.groups = append(*w.body.groups, linkGroup{From: ctx.from, Prefix: ctx.prefix, Anchors: e.Anchors, Links: e.Links, Targets: targets})
	}
	return e, true
}

// renderKept renders an old revision's body (node is its AST over md)
// and keeps it under key with the links it resolved.
func (w *worker) renderKept(key string, ctx linkContext, md []byte, node ast.Node, titleID string) (bodyEntry, error) {
	var links []tracedLink
	if w.site.memos.bodies != nil {
		w.body.trace = &links
		defer func() { w.body.trace = nil }()
	}
	html, err := w.body.render(ctx, md, node)
	if err != nil {
		return bodyEntry{}, err
	}
	e := bodyEntry{HTML: string(html), TitleID: titleID, Anchors: ctx.anchors, Links: links}
	if w.site.memos.bodies != nil {
		putEncoded(w.site.memos.bodies, key, func(enc wire.Encoder) { writeBody(enc, e) })
	}
	return e, nil
}

// bodyKey hashes what renders an old revision's body besides the links
// it resolves: the parse options, the page's root, the path it was at,
// the title the page shows (which decides whether its opening H1 is left
// out), the id prefix and the Markdown, by its SHA-256 (see sums).
func (s *site) bodyKey(root, from, title, prefix string, md [sha256.Size]byte) string {
	h := sha256.New()
	io.WriteString(h, "body\n")
	for _, p := range []string{s.memos.options, root, from, title, prefix} {
		writePart(h, []byte(p))
	}
	writePart(h, md[:])
	return hex.EncodeToString(h.Sum(nil))
}

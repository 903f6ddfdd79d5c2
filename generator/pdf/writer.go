package pdf

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/ismspack/ismspack/generator/internal/fpdf"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/isms"
)

// Page geometry in millimetres (A4).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 22.0
	marginR      = 22.0
	contentTop   = 25.0
	contentBot   = 277.0
	contentW     = pageW - marginL - marginR
	headerBase   = 14.0
	headerRule   = 16.5
	footerRule   = 282.0
	footerBase   = 286.5
	ptMM         = 25.4 / 72
	watermarkPt  = 96.0
	producerName = "ismspack"
)

// rgb is a colour.
type rgb struct{ r, g, b uint8 }

var (
	colText    = rgb{30, 30, 30}
	colMuted   = rgb{105, 105, 105}
	colLink    = rgb{0, 82, 163}
	colRule    = rgb{200, 200, 200}
	colCodeBg  = rgb{244, 245, 247}
	colHeadBg  = rgb{228, 233, 240}
	colZebra   = rgb{248, 249, 251}
	colBoxBg   = rgb{246, 247, 249}
	colGreen   = rgb{36, 122, 54}
	colAmber   = rgb{178, 106, 0}
	colRed     = rgb{190, 34, 34}
	colMark    = rgb{244, 219, 219}
	colQuote   = rgb{190, 198, 210}
	colMissing = rgb{250, 238, 238}
)

// dest is where a link goes: a key resolved at the end of the render to a
// page and height in this PDF, or a URL.
//
// A link away, to another document or to a requirement's section, leads
// somewhere in the pack but not always in the document's own PDF, and a
// document is drawn once for both (see part): such a link is drawn where
// its drawing is placed. In the pack it leads to key; in the document's
// own PDF to url, or, without one, nowhere, and its text is then drawn in
// its style's alt.
type dest struct {
	key  string
	url  string
	away bool
}

func (d dest) ok() bool { return d.key != "" || d.url != "" }

// placed is where d leads in this PDF.
func (w *writer) placed(d dest) dest {
	switch {
	case !d.away:
		return d
	case w.allDocs:
		return dest{key: d.key}
	}
	return dest{url: d.url}
}

// away is a link to key in the document t (at fragment frag), drawn in a
// document's section: in the document's own PDF it leads to t's page on
// the site when the configuration gives site_url.
func (w *writer) away(t *isms.Doc, frag, key string) dest {
	d := dest{key: key, away: true}
	if w.pageURL != nil {
		d.url = w.pageURL(t, frag)
	}
	return d
}

type anchor struct {
	page int
	y    float64
}

// pageInfo says how to finish a page once the page counts are known.
type pageInfo struct {
	doc     *isms.Doc // nil for the pack's own pages
	docPage int
	bare    bool // the cover: no header or footer
}

// writer is the narrow surface layout draws on: text in a face, filled
// rectangles, lines, images and links, plus pages with their header,
// watermark and footer. It owns the fpdf instance of one render and keeps
// every piece of state that render needs; nothing is shared between
// renders except the immutable fonts and images.
type writer struct {
	pdf    *fpdf.Fpdf
	faces  *fonts.Set
	family map[*fonts.Face]string
	images *imageSet
	reg    map[string]string // image key -> fpdf name, or "" when fpdf refused it
	// regOrder is the images registered, in order.
	regOrder []string

	// what the current page stream has been told, so a style is emitted
	// once per change; reset on every page switch.
	curFace *fonts.Face
	curSize float64
	curFill rgb
	curDraw rgb
	curLW   float64
	fresh   bool
	// the text colour fpdf was last given, which it keeps across pages.
	curText rgb
	hasText bool

	pages   []pageInfo
	section *isms.Doc // document being drawn, nil for pack pages
	bare    bool
	org     string
	pack    bool // pack.pdf rather than a per-document PDF

	links   map[string]int
	anchors map[string]anchor

	// parsed gives a face read once for the build. Each face is cut
	// when the PDF is written, by generator/fonts, to the characters
	// drawn in it. Nil lets fpdf read and cut the whole face itself.
	parsed func(*fonts.Face) (*fpdf.UTF8Font, error)
	// cut cuts a face to at least the characters drawn in it.
	cut func(*fonts.Face, []rune) (*fpdf.FontCut, error)
	// docs are the documents drawn in this PDF; links to others become
	// links to their own PDF files.
	docs map[string]bool
	// pageURL gives the address of another document's site page (and
	// fragment) for a per-document PDF, nil without site_url.
	pageURL func(d *isms.Doc, frag string) string
	// allDocs says every document is in this PDF: the pack, or a
	// document's part of it.
	allDocs bool
	// rec, when set, collects the links and outline entries of a
	// document drawn as a part of the pack (see part), which are
	// placed when the pack is put together.
	rec *part
	// sec, when set, records the faces a pack's own section drawn on its
	// own uses (see section).
	sec *sectionRec
}

// drawn reports whether the document at path is drawn in this PDF.
func (w *writer) drawn(path string) bool {
	return w.allDocs || w.docs[path]
}

func newWriter(faces *fonts.Set, images *imageSet, meta pdfMeta) *writer {
	w := &writer{faces: faces, family: map[*fonts.Face]string{}, images: images, reg: map[string]string{},
		links: map[string]int{}, anchors: map[string]anchor{}, docs: map[string]bool{}, org: meta.author}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetAutoPageBreak(false, 0)
	p.SetMargins(marginL, contentTop, marginR)
	p.SetCompression(true)
	p.SealPages() // pages are compressed as the flow leaves them (see internal/fpdf)
	p.SetCatalogSort(true)
	p.SetProducer(producerName, false)
	p.SetCreator(producerName, false)
	p.SetCreationDate(meta.date)
	p.SetModificationDate(meta.date)
	p.SetTitle(clean(meta.title), true)
	p.SetAuthor(clean(meta.author), true)
	p.SetSubject(clean(meta.subject), true)
	p.SetKeywords(clean(meta.keywords), true)
	p.SetLang(meta.lang)
	if meta.xmp != nil {
		p.SetXmpMetadata(meta.xmp)
	}
	p.SetDisplayMode("fullwidth", "OneColumn")
	w.pdf = p
	return w
}

// clean makes a string safe for fpdf's UTF-16 conversion, which cannot
// encode characters beyond the BMP.
func clean(s string) string {
	ok := true
	for _, r := range s {
		if r > 0xFFFF || r == 0xFFFF || r < 0x20 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	b := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r > 0xFFFF || r == 0xFFFF:
			b = append(b, fonts.Replacement)
		case r < 0x20:
			b = append(b, ' ')
		default:
			b = append(b, r)
		}
	}
	return string(b)
}

// useFace registers a face with fpdf on first use, so a PDF embeds only
// the fonts it draws with.
func (w *writer) useFace(f *fonts.Face) string {
	if w.sec != nil {
		w.sec.use(f, w.curFace == nil)
	}
	if fam, ok := w.family[f]; ok {
		return fam
	}
	fam := w.addFace(f)
	if w.curFace == nil {
		w.pdf.SetFont(fam, "", 10)
	}
	return fam
}

// addFace adds a face to the PDF, drawing nothing.
func (w *writer) addFace(f *fonts.Face) string {
	if fam, ok := w.family[f]; ok {
		return fam
	}
	// The family is named after the face so pdffonts shows what is embedded.
	fam := strings.ToLower(f.Name)
	w.family[f] = fam
	var font *fpdf.UTF8Font
	if w.parsed != nil {
		font, _ = w.parsed(f) // a face fpdf cannot read is added whole, below
	}
	if font != nil {
		// The face is cut to the characters drawn when the PDF is written;
		// fpdf neither parses it again nor cuts it itself.
		w.pdf.AddUTF8FontCutLater(font, func(runes []rune) (*fpdf.FontCut, error) { return w.cut(f, runes) })
	} else {
		// fpdf writes into the font bytes it is given while subsetting
		// (its getMetrics appends to a slice of them), so each PDF gets
		// its own copy: sharing one would corrupt fonts across
		// concurrent renders.
		w.pdf.AddUTF8FontFromBytes(fam, "", bytes.Clone(f.TTF))
	}
	return fam
}

func (w *writer) setFont(f *fonts.Face, size float64) {
	if !w.fresh && w.curFace == f && w.curSize == size {
		return
	}
	fam := w.useFace(f)
	w.pdf.SetFont(fam, "", size)
	w.curFace, w.curSize = f, size
}

func (w *writer) setFill(c rgb) {
	if !w.fresh && w.curFill == c {
		return
	}
	w.pdf.SetFillColor(int(c.r), int(c.g), int(c.b))
	w.curFill = c
}

func (w *writer) setDraw(c rgb, lw float64) {
	if w.fresh || w.curDraw != c {
		w.pdf.SetDrawColor(int(c.r), int(c.g), int(c.b))
		w.curDraw = c
	}
	if w.fresh || w.curLW != lw {
		w.pdf.SetLineWidth(lw)
		w.curLW = lw
	}
}

// touch forgets what the page stream was told: after a new page or a
// switch to an earlier page, every style must be emitted again.
func (w *writer) touch() {
	w.fresh = true
	w.setFill(colText)
	w.setDraw(colRule, 0.2)
	w.curFace = nil
	w.fresh = false
}

// text draws s with its baseline at y. The text colour is the fill colour
// of the page stream: set explicitly, so it never depends on what an
// earlier page or a later edit of this page left behind.
func (w *writer) text(x, y float64, f *fonts.Face, size float64, c rgb, s string) {
	if s == "" {
		return
	}
	w.setFont(f, size)
	w.setFill(c)
	// fpdf keeps the text colour across pages and writes nothing for it.
	if !w.hasText || w.curText != c {
		w.pdf.SetTextColor(int(c.r), int(c.g), int(c.b))
		w.curText, w.hasText = c, true
	}
	w.pdf.Text(x, y, s)
}

func (w *writer) fill(x, y, wd, h float64, c rgb) {
	if wd <= 0 || h <= 0 {
		return
	}
	w.setFill(c)
	w.pdf.Rect(x, y, wd, h, "F")
}

func (w *writer) stroke(x, y, wd, h float64, c rgb, lw float64) {
	w.setDraw(c, lw)
	w.pdf.Rect(x, y, wd, h, "D")
}

func (w *writer) line(x1, y1, x2, y2 float64, c rgb, lw float64) {
	w.setDraw(c, lw)
	w.pdf.Line(x1, y1, x2, y2)
}

// width measures s in a face at size points, in millimetres.
func width(f *fonts.Face, size float64, s string) float64 {
	return float64(f.Width(s)) * size / 1000 * ptMM
}

// link makes a rectangle clickable. Internal destinations get an fpdf link
// now and their page at the end, when every anchor has been drawn.
func (w *writer) link(x, y, wd, h float64, d dest) {
	if w.rec != nil && d.ok() {
		w.rec.links = append(w.rec.links, partLink{page: len(w.pages), x: x, y: y, w: wd, h: h, dest: d})
		return
	}
	d = w.placed(d)
	switch {
	case d.url != "":
		w.pdf.LinkString(x, y, wd, h, d.url)
	case d.key != "":
		id, ok := w.links[d.key]
		if !ok {
			id = w.pdf.AddLink()
			w.links[d.key] = id
		}
		w.pdf.Link(x, y, wd, h, id)
	}
}

// anchor records where a link key lands; the first definition wins.
func (w *writer) anchor(key string, y float64) {
	if _, ok := w.anchors[key]; !ok {
		w.anchors[key] = anchor{len(w.pages), math.Max(0, y-2)}
	}
}

// bookmark adds an outline entry at height y of the current page.
func (w *writer) bookmark(title string, level int, y float64) {
	if w.curFace == nil {
		w.setFont(w.faces.Sans, 10) // fpdf encodes titles only for a UTF-8 font
	}
	if w.rec != nil {
		w.rec.marks = append(w.rec.marks, partMark{title: clean(title), level: level, page: len(w.pages), y: math.Max(0, y-2)})
		return
	}
	w.pdf.Bookmark(clean(title), level, math.Max(0, y-2))
}

// newPage starts a page for the current section, with its header and,
// for a document that is not approved, the watermark under the text.
func (w *writer) newPage() {
	w.pdf.AddPage()
	w.touch()
	info := pageInfo{doc: w.section, bare: w.bare}
	if w.section != nil {
		n := 0
		for i := len(w.pages) - 1; i >= 0 && w.pages[i].doc == w.section; i-- {
			n++
		}
		info.docPage = n + 1
	}
	w.pages = append(w.pages, info)
	if info.bare {
		return
	}
	if d := w.section; d != nil {
		if mark := watermark(d); mark != "" {
			w.watermark(mark)
		}
	}
	w.header()
}

// watermark names the mark a document's pages carry: any document not in
// force is marked, a retired one as such so nobody mistakes it for a draft.
func watermark(d *isms.Doc) string {
	switch d.Meta.Status {
	case document.Approved:
		return ""
	case document.Retired:
		return "RETIRED"
	}
	return "DRAFT"
}

func (w *writer) watermark(mark string) {
	f := w.faces.Bold
	wd := width(f, watermarkPt, mark)
	w.pdf.TransformBegin()
	w.pdf.TransformRotate(50, pageW/2, pageH/2)
	w.text(pageW/2-wd/2, pageH/2+watermarkPt*ptMM*0.35, f, watermarkPt, colMark, mark)
	w.pdf.TransformEnd()
	w.touch()
}

func (w *writer) header() {
	const size = 7.5
	var left, right string
	var leftFace *fonts.Face
	if d := w.section; d != nil {
		// The ID and title as far as the header shows them: a label as
		// long as the document is not copied for each of its pages.
		// As docLabel joins them.
		left = truncate(d.Title, w.faces.Bold, size, contentW)
		if d.Meta.ID != "" {
			id := truncate(d.Meta.ID, w.faces.Bold, size, contentW)
			if id != d.Meta.ID { // cut: the title is past the edge
				left = id
			} else {
				left = id + "  " + left
			}
		}
		leftFace = w.faces.Bold
		right = "Version " + orDash(d.Meta.Version) + "  ·  " + titleCase(orDash(d.Meta.Classification))
	} else {
		left = "ISMS evidence pack"
		if w.org != "" {
			left = w.org + " — " + left
		}
		leftFace = w.faces.Sans
		right = "ISO/IEC 27001:2022 clause 5.1"
	}
	rw := width(w.faces.Sans, size, right)
	left = truncate(left, leftFace, size, contentW-rw-6)
	w.text(marginL, headerBase, leftFace, size, colMuted, w.glyphs(left, leftFace))
	w.text(pageW-marginR-rw, headerBase, w.faces.Sans, size, colMuted, w.glyphs(right, w.faces.Sans))
	w.line(marginL, headerRule, pageW-marginR, headerRule, colRule, 0.2)
}

// finish draws every footer now that page counts are known, then points
// every internal link at its anchor.
func (w *writer) finish() {
	total := len(w.pages)
	docPages := map[*isms.Doc]int{}
	for _, p := range w.pages {
		if p.doc != nil {
			docPages[p.doc]++
		}
	}
	const size = 7.5
	for i, p := range w.pages {
		if p.bare {
			continue
		}
		w.setPage(i + 1)
		w.line(marginL, footerRule, pageW-marginR, footerRule, colRule, 0.2)
		w.text(marginL, footerBase, w.faces.Sans, size, colMuted, "Uncontrolled when printed")
		right := fmt.Sprintf("Page %d of %d", i+1, total)
		if p.doc != nil && !w.pack {
			right = fmt.Sprintf("Page %d of %d", p.docPage, docPages[p.doc])
		}
		rw := width(w.faces.Sans, size, right)
		w.text(pageW-marginR-rw, footerBase, w.faces.Sans, size, colMuted, right)
		if p.doc != nil && w.pack {
			// An ID wider than a third of the page would run into the
			// footer's other texts.
			id := truncate(orDash(p.doc.Meta.ID), w.faces.Sans, size, contentW/3)
			mid := fmt.Sprintf("%s page %d of %d", id, p.docPage, docPages[p.doc])
			mid = w.glyphs(mid, w.faces.Sans)
			mw := width(w.faces.Sans, size, mid)
			w.text(pageW/2-mw/2, footerBase, w.faces.Sans, size, colMuted, mid)
		}
	}
	if total > 0 {
		w.setPage(total)
	}
	keys := make([]string, 0, len(w.links))
	for k := range w.links {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a, ok := w.resolve(k)
		if !ok {
			a = anchor{1, 0}
		}
		w.pdf.SetLink(w.links[k], a.y, a.page)
	}
}

// setPage goes back to page n (1-based) to draw what only the end of the
// render knows.
func (w *writer) setPage(n int) {
	w.pdf.SetPage(n)
	w.touch()
}

// resolve finds a key's anchor, falling back from a heading that does not
// exist to the top of its document.
func (w *writer) resolve(key string) (anchor, bool) {
	if a, ok := w.anchors[key]; ok {
		return a, true
	}
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '#' {
			a, ok := w.anchors[key[:i]]
			return a, ok
		}
	}
	return anchor{}, false
}

// glyphs replaces what face f cannot draw and no fallback can either; for
// single-face strings such as headers and footers.
func (w *writer) glyphs(s string, f *fonts.Face) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case f.Has(r):
			out = append(out, r)
		case fonts.Invisible(r):
		default:
			out = append(out, replacementFor(f))
		}
	}
	return string(out)
}

func replacementFor(f *fonts.Face) rune {
	if f.Has(fonts.Replacement) {
		return fonts.Replacement
	}
	return '?'
}

// truncate shortens s with an ellipsis to fit max millimetres. It reads s
// only as far as fits: a label as long as a document, drawn on each of its
// pages, was measured whole on each.
func truncate(s string, f *fonts.Face, size, max float64) string {
	ell := width(f, size, "…")
	units, wsum, cut := 0, 0.0, -1
	for i, r := range s {
		// units is width's sum, to the same decision on whether s fits;
		// wsum the running width the ellipsis is placed by.
		units += f.RuneWidth(r)
		if cut < 0 {
			wsum += float64(f.RuneWidth(r)) * size / 1000 * ptMM
			if wsum+ell > max {
				cut = i
			}
		}
		if float64(units)*size/1000*ptMM > max {
			if cut < 0 {
				cut = i
			}
			return s[:cut] + "…"
		}
	}
	return s
}

package pdf

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/isms"
)

// part is a document drawn once, on pages of its own: its pages'
// content, compressed, and what is placed around them once it is known
// which PDF they go in — the document's own, or the pack — the links
// (their targets resolved against that PDF), the runs of text linked
// away (see dest), the outline entries, the anchors other pages link to,
// and the characters and images the pages draw. Footers ("Page X of Y")
// are drawn on the pages by the PDF they are placed in, which alone
// knows the page numbers.
//
// A part depends on the document and the inputs its own PDF is keyed by
// (docInputs), not on the rest of the pack, so parts are drawn in
// parallel, each document's own PDF is its part placed alone, and a warm
// build takes the unchanged documents' parts from the cache: the pack is
// put together, not drawn again. Cold and warm builds put the same parts
// together, so their packs are the same bytes.
type part struct {
	pages   [][]byte // each page's content, zlib-compressed
	links   []partLink
	spans   []partSpan
	marks   []partMark
	anchors []partAnchor
	runes   [][]rune // characters drawn, by face (see partFaces)
	images  []string // picture keys, in the order drawn
}

// partLink is a link on page (1-based within the part).
type partLink struct {
	page       int
	x, y, w, h float64
	dest       dest
}

// partSpan is a run of text linked away (see dest) on page, drawn as on
// where its link leads somewhere, else as off.
type partSpan struct {
	page       int
	run        placedText
	face       int // in partFaces
	size, rise float64
	dest       dest
	on, off    look
}

// partMark is an outline entry, its level the document's own PDF's.
type partMark struct {
	title string
	level int
	page  int
	y     float64
}

type partAnchor struct {
	key  string
	page int
	y    float64
}

// partFaces is every face a part may draw in, in an order fixed by the
// fonts the part's cache key names (see facesDigest).
func partFaces(fs *fonts.Set) []*fonts.Face {
	return append([]*fonts.Face{fs.Sans, fs.Bold, fs.Oblique, fs.BoldOblique, fs.Mono}, fs.Fallbacks...)
}

// faceIndex is f's place in partFaces, -1 when it has none.
func faceIndex(fs *fonts.Set, f *fonts.Face) int {
	return slices.Index(partFaces(fs), f)
}

// drawPart draws d once, for its own PDF and for the pack.
func (r *run) drawPart(d *isms.Doc) (p *part, err error) {
	rr := r.rendererWith(pdfMeta{date: r.date}, false)
	rr.w.rec = &part{}
	defer rr.guard(d.Out.PDF, &err)
	rr.standalone(d)
	rr.documentSection(d, 0)
	w := rr.w
	p = w.rec
	if p.pages, err = w.pdf.SealedPages(); err != nil {
		return nil, fmt.Errorf("%s: %w", d.Out.PDF, err)
	}
	for k, a := range w.anchors {
		p.anchors = append(p.anchors, partAnchor{k, a.page, a.y})
	}
	sort.Slice(p.anchors, func(i, j int) bool { return p.anchors[i].key < p.anchors[j].key })
	faces := partFaces(r.faces)
	p.runes = make([][]rune, len(faces))
	for i, f := range faces {
		if fam, ok := w.family[f]; ok && f != nil {
			p.runes[i] = w.pdf.UsedRunes(fam)
		}
	}
	p.images = w.regOrder
	return p, nil
}

// alone is d's own PDF: its part placed on its own.
func (r *run) alone(d *isms.Doc, p *part) (out []byte, err error) {
	rr := r.rendererWith(r.docMeta(d), false)
	defer rr.guard(d.Out.PDF, &err)
	rr.w.docs[d.Path] = true
	rr.w.useFace(r.faces.Sans) // fpdf encodes outline titles only for a UTF-8 font
	if err := rr.w.addPart(d, p, "", 0); err != nil {
		return nil, err
	}
	out, err = rr.output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Out.PDF, err)
	}
	return out, nil
}

// addPart places d's part at the end of this PDF: its pages, then on each
// its runs linked away, links and outline entries, the entries level
// levels deeper than in the document's own PDF. group, when set, is an
// outline entry (and the "pack:documents" anchor) to put before the
// document's own.
func (w *writer) addPart(d *isms.Doc, p *part, group string, level int) error {
	for _, key := range p.images {
		pic := w.images.byKey[key]
		if pic == nil || !w.register(pic) {
			return fmt.Errorf("%s: image %s cannot be placed", d.Path, key)
		}
	}
	faces := partFaces(w.faces)
	if len(p.runes) != len(faces) {
		return fmt.Errorf("%s: part drawn with %d faces, the pack has %d", d.Path, len(p.runes), len(faces))
	}
	for i, runes := range p.runes {
		if len(runes) > 0 {
			if faces[i] == nil {
				return fmt.Errorf("%s: part draws in a face the pack lacks", d.Path)
			}
			w.pdf.UseRunes(w.addFace(faces[i]), runes)
		}
	}
	for _, s := range p.spans {
		if s.face < 0 || s.face >= len(faces) || faces[s.face] == nil {
			return fmt.Errorf("%s: part draws in a face the pack lacks", d.Path)
		}
	}
	first := len(w.pages) // the part's page n is this PDF's first+n
	for _, a := range p.anchors {
		if _, ok := w.anchors[a.key]; !ok {
			w.anchors[a.key] = anchor{first + a.page, a.y}
		}
	}
	li, mi, si := 0, 0, 0
	for n, z := range p.pages {
		w.pdf.AddSealedPage(z)
		w.pages = append(w.pages, pageInfo{doc: d, docPage: n + 1})
		if n == 0 && group != "" {
			y := 0.0
			if len(p.marks) > 0 {
				y = p.marks[0].y
			}
			w.pdf.Bookmark(group, 0, y)
			if _, ok := w.anchors["pack:documents"]; !ok {
				w.anchors["pack:documents"] = anchor{first + 1, y}
			}
		}
		for ; mi < len(p.marks) && p.marks[mi].page == n+1; mi++ {
			m := p.marks[mi]
			w.pdf.Bookmark(m.title, m.level+level, m.y)
		}
		if si < len(p.spans) && p.spans[si].page == n+1 {
			w.touch()
		}
		for ; si < len(p.spans) && p.spans[si].page == n+1; si++ {
			s := p.spans[si]
			s.run.face = faces[s.face]
			lk, to := s.on, w.placed(s.dest)
			if !to.ok() {
				lk = s.off
			}
			w.drawRun(s.run, s.size, s.rise, lk, to)
		}
		for ; li < len(p.links) && p.links[li].page == n+1; li++ {
			l := p.links[li]
			w.link(l.x, l.y, l.w, l.h, l.dest)
		}
	}
	if li != len(p.links) || mi != len(p.marks) || si != len(p.spans) {
		return fmt.Errorf("%s: part has links, runs or outline entries off its pages", d.Path)
	}
	return w.pdf.Error()
}

// partFormat begins an encoded part; change it with the encoding.
const partFormat = "ismspack pack part 2"

func (p *part) encode() []byte {
	var e wire.Writer
	e.String(partFormat)
	e.Uint(uint64(len(p.pages)))
	for _, z := range p.pages {
		e.Bytes(z)
	}
	e.Uint(uint64(len(p.links)))
	for _, l := range p.links {
		e.Uint(uint64(l.page))
		for _, v := range []float64{l.x, l.y, l.w, l.h} {
			e.Uint(math.Float64bits(v))
		}
		encodeDest(&e, l.dest)
	}
	e.Uint(uint64(len(p.spans)))
	for _, s := range p.spans {
		e.Uint(uint64(s.page))
		for _, v := range []float64{s.run.x, s.run.base, s.run.w, s.run.top, s.run.h, s.size, s.rise} {
			e.Uint(math.Float64bits(v))
		}
		e.String(s.run.text)
		e.Uint(uint64(s.face))
		encodeDest(&e, s.dest)
		encodeLook(&e, s.on)
		encodeLook(&e, s.off)
	}
	e.Uint(uint64(len(p.marks)))
	for _, m := range p.marks {
		e.String(m.title)
		e.Int(int64(m.level))
		e.Uint(uint64(m.page))
		e.Uint(math.Float64bits(m.y))
	}
	e.Uint(uint64(len(p.anchors)))
	for _, a := range p.anchors {
		e.String(a.key)
		e.Uint(uint64(a.page))
		e.Uint(math.Float64bits(a.y))
	}
	e.Uint(uint64(len(p.runes)))
	for _, rs := range p.runes {
		e.Uint(uint64(len(rs)))
		for _, r := range rs {
			e.Uint(uint64(r))
		}
	}
	e.Uint(uint64(len(p.images)))
	for _, k := range p.images {
		e.String(k)
	}
	return e.B
}

func decodePart(b []byte) (*part, error) {
	p, err := decodePartOn(b)
	if err != nil {
		return nil, err
	}
	if err := p.onPages(len(p.pages)); err != nil {
		return nil, err
	}
	return p, nil
}

// onPages checks that p's links and runs of text are on its n pages.
func (p *part) onPages(n int) error {
	for _, l := range p.links {
		if l.page < 1 || l.page > n {
			return errors.New("a part's link is off its pages")
		}
	}
	for _, s := range p.spans {
		if s.page < 1 || s.page > n {
			return errors.New("a part's run of text is off its pages")
		}
	}
	return nil
}

// decodePartOn reads an encoded part without checking what is on which
// of its pages.
func decodePartOn(b []byte) (*part, error) {
	d := wire.NewReader(b)
	if string(d.Bytes()) != partFormat {
		return nil, errors.New("not a part of this format")
	}
	p := &part{}
	p.pages = make([][]byte, d.Count())
	for i := range p.pages {
		p.pages[i] = d.Bytes()
	}
	p.links = make([]partLink, d.Count())
	for i := range p.links {
		l := &p.links[i]
		l.page = int(d.Uint())
		l.x = math.Float64frombits(d.Uint())
		l.y = math.Float64frombits(d.Uint())
		l.w = math.Float64frombits(d.Uint())
		l.h = math.Float64frombits(d.Uint())
		l.dest = decodeDest(d)
	}
	p.spans = make([]partSpan, d.Count())
	for i := range p.spans {
		s := &p.spans[i]
		s.page = int(d.Uint())
		for _, v := range []*float64{&s.run.x, &s.run.base, &s.run.w, &s.run.top, &s.run.h, &s.size, &s.rise} {
			*v = math.Float64frombits(d.Uint())
		}
		s.run.text = string(d.Bytes())
		s.face = int(d.Uint())
		s.dest = decodeDest(d)
		s.on = decodeLook(d)
		s.off = decodeLook(d)
	}
	p.marks = make([]partMark, d.Count())
	for i := range p.marks {
		m := &p.marks[i]
		m.title = string(d.Bytes())
		m.level = int(d.Int())
		m.page = int(d.Uint())
		m.y = math.Float64frombits(d.Uint())
	}
	p.anchors = make([]partAnchor, d.Count())
	for i := range p.anchors {
		a := &p.anchors[i]
		a.key = string(d.Bytes())
		a.page = int(d.Uint())
		a.y = math.Float64frombits(d.Uint())
	}
	p.runes = make([][]rune, d.Count())
	for i := range p.runes {
		rs := make([]rune, d.Count())
		for j := range rs {
			rs[j] = rune(d.Uint())
		}
		p.runes[i] = rs
	}
	p.images = make([]string, d.Count())
	for i := range p.images {
		p.images[i] = string(d.Bytes())
	}
	if err := d.Err(); err != nil {
		return nil, err
	}
	if d.Left() != 0 {
		return nil, errors.New("trailing bytes after a part")
	}
	return p, nil
}

func encodeDest(e *wire.Writer, d dest) {
	e.String(d.key)
	e.String(d.url)
	e.Bool(d.away)
}

func decodeDest(d *wire.Reader) dest {
	return dest{key: string(d.Bytes()), url: string(d.Bytes()), away: d.Bool()}
}

func encodeLook(e *wire.Writer, l look) {
	e.Uint(uint64(l.color.r)<<16 | uint64(l.color.g)<<8 | uint64(l.color.b))
	e.Uint(uint64(l.bg.r)<<16 | uint64(l.bg.g)<<8 | uint64(l.bg.b))
	e.Bool(l.hasBg)
	e.Bool(l.under)
	e.Bool(l.strike)
}

func decodeLook(d *wire.Reader) look {
	c, bg := d.Uint(), d.Uint()
	return look{color: rgb{uint8(c >> 16), uint8(c >> 8), uint8(c)}, bg: rgb{uint8(bg >> 16), uint8(bg >> 8), uint8(bg)},
		hasBg: d.Bool(), under: d.Bool(), strike: d.Bool()}
}

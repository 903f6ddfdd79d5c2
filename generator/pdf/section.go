package pdf

import (
	"fmt"
	"sort"

	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/internal/fpdf"
	"github.com/ismspack/ismspack/generator/internal/parallel"
)

// section is one of the pack's own sections (the matrix, the register,
// the requirements, an appendix), drawn on pages of its own, like a
// document's part, while the pack draws what comes before it: a section
// depends on the model, never on the pages before it, so the pack's own
// sections are drawn in parallel with each other and with the
// documents' parts, and the pack places them as it reaches them.
//
// Placed, a section is the bytes the pack would have drawn in its place.
// Each of its pages but the first opens with the graphics state the
// page before it left (fpdf carries line width, font and colours over),
// which the section's own first page sets: every page of the pack sets
// them before it draws (see writer.touch, writer.header), and text is
// drawn in the fill colour (writer.text). The first page opens with the
// state the pack leaves, so it is kept uncompressed and without its
// opening, and opened in the pack (fpdf AddPageWith); the last is kept
// as drawn, for the footer drawn on it later goes into its one stream
// when it ends the pack; what the section leaves is then the pack's
// state (fpdf SetDrawState, and the writer's record of it). A face
// first drawn in right after a page began is given to fpdf at 10pt
// first, by the PDF that first draws in it: where that would be the
// pack, the section cannot be placed and is drawn in the pack instead.
type section struct {
	part
	// first is the first page's content after its opening, last the
	// last page's content (nil when that is the first), and part.pages
	// those between, compressed (see fpdf OpenedPages).
	first, last []byte
	infos       []pageInfo
	// uses are the faces drawn in, in the order first used.
	uses []faceUse
	end  fpdf.DrawState
	cur  writerState
}

// faceUse is a face used, and whether no face had been set on the page
// when it first was (see writer.useFace).
type faceUse struct {
	face *fonts.Face
	bare bool
}

// sectionRec records, while a section is drawn, the faces it uses.
type sectionRec struct {
	uses []faceUse
	seen map[*fonts.Face]bool
}

func (s *sectionRec) use(f *fonts.Face, bare bool) {
	if !s.seen[f] {
		s.seen[f] = true
		s.uses = append(s.uses, faceUse{f, bare})
	}
}

// writerState is what a writer knows the page stream was last told (see
// writer.curFace).
type writerState struct {
	face       *fonts.Face
	size       float64
	fill, draw rgb
	lw         float64
	text       rgb
	hasText    bool
}

func (w *writer) state() writerState {
	return writerState{w.curFace, w.curSize, w.curFill, w.curDraw, w.curLW, w.curText, w.hasText}
}

func (w *writer) setState(s writerState) {
	w.curFace, w.curSize, w.curFill, w.curDraw, w.curLW, w.curText, w.hasText = s.face, s.size, s.fill, s.draw, s.lw, s.text, s.hasText
	w.fresh = false
}

// sectionsApart is how many documents a pack has before its own
// sections are drawn apart. Each section drawn apart is a PDF of its own,
// with every face registered and its pages taken apart and placed again,
// which for a handful of documents costs more than drawing the sections
// does (the pack of 17 documents took 2 per cent more instructions to
// build cold) and gains nothing from the other cores.
const sectionsApart = 64

// drawSections starts drawing the pack's own sections, on as many
// goroutines as cores, in order, or taking them from the cache; the
// function returned waits for the i-th, and gives its view too (nil for
// a section without one).
func (r *run) drawSections(own []ownSection) func(i int) (*section, any, error) {
	secs := make([]*section, len(own))
	views := make([]any, len(own))
	errs := make([]error, len(own))
	ready := make([]chan struct{}, len(own))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	fr := r.frame()
	go parallel.Each(len(own), 0, func(i int) {
		defer close(ready[i])
		secs[i], views[i], errs[i] = r.ownSection(own[i], fr)
	})
	return func(i int) (*section, any, error) {
		<-ready[i]
		s, v, err := secs[i], views[i], errs[i]
		secs[i], views[i] = nil, nil
		return s, v, err
	}
}

// ownSection is own drawn apart, or taken from the cache, and its view.
func (r *run) ownSection(own ownSection, fr frame) (*section, any, error) {
	if own.view == nil {
		s, err := r.drawSection(r.rendererWith(r.meta(""), false), func(rr *renderer) { own.draw(rr, nil) })
		return s, nil, err
	}
	v := own.view(r)
	s, err := r.viewedSection(own, v, fr)
	return s, v, err
}

// viewedSection is the section own showing v, in frame fr: from the
// cache when a build kept it, else drawn from v alone and kept.
func (r *run) viewedSection(own ownSection, v any, fr frame) (*section, error) {
	key := ""
	if r.sections != nil {
		key = r.sectionKey(own.name, fr, v)
	}
	if key != "" {
		if data, ok := r.sections.Get(key); ok {
			if s, err := decodeSection(data, r.faces); err == nil {
				r.sectionsKept.Add(1)
				return s, nil
			}
		}
	}
	s, err := r.drawSection(r.blindRenderer(fr), func(rr *renderer) { own.draw(rr, v) })
	if err == nil && key != "" {
		if b, ok := s.encode(r.faces); ok {
			r.sections.Put(key, b)
		}
	}
	return s, err
}

// drawSection draws a pack's own section, as draw draws it in the pack,
// on pages of its own, with rr, a renderer of its own.
func (r *run) drawSection(rr *renderer, draw func(*renderer)) (s *section, err error) {
	w := rr.w
	w.pack, w.allDocs = true, true
	w.rec = &part{}
	w.sec = &sectionRec{seen: map[*fonts.Face]bool{}}
	w.pdf.SealPagesButFirst()
	// Every face is the section's from the start, so drawing in one
	// gives fpdf nothing the pack would not: what the pack has yet to
	// add is added as the section is placed (see addSection).
	faces := partFaces(r.faces)
	for _, f := range faces {
		if f != nil {
			w.addFace(f)
		}
	}
	defer rr.guard("pack.pdf", &err)
	draw(rr)
	s = &section{part: *w.rec, infos: w.pages, uses: w.sec.uses, end: w.pdf.DrawState(), cur: w.state()}
	if s.first, s.pages, s.last, err = w.pdf.OpenedPages(); err != nil {
		return nil, fmt.Errorf("pack.pdf: %w", err)
	}
	for k, a := range w.anchors {
		s.anchors = append(s.anchors, partAnchor{k, a.page, a.y})
	}
	sort.Slice(s.anchors, func(i, j int) bool { return s.anchors[i].key < s.anchors[j].key })
	s.runes = make([][]rune, len(faces))
	for i, f := range faces {
		if f != nil {
			s.runes[i] = w.pdf.UsedRunes(w.family[f])
		}
	}
	s.images = w.regOrder
	return s, nil
}

// placeable reports whether s, placed here, is what drawing it here
// would draw.
func (w *writer) placeable(s *section) bool {
	if len(s.spans) > 0 || len(s.images) > 0 {
		return false
	}
	for _, u := range s.uses {
		if _, ok := w.family[u.face]; !ok && u.bare {
			return false
		}
	}
	if len(s.infos) == 0 {
		return len(s.uses) == 0 && len(s.links) == 0 && len(s.marks) == 0 && len(s.anchors) == 0
	}
	if len(s.pages) != max(0, len(s.infos)-2) || (len(s.infos) > 1) != (s.last != nil) {
		return false
	}
	for _, in := range s.infos {
		if in.bare || in.doc != nil {
			return false
		}
	}
	for _, a := range s.anchors {
		if a.page < 1 {
			return false
		}
	}
	return true
}

// addSection places s at the end of this PDF, as though drawn here. It
// reports false, having placed nothing, when s cannot be placed exactly
// (see placeable): the caller then draws the section here.
func (w *writer) addSection(s *section) (bool, error) {
	if !w.placeable(s) {
		return false, nil
	}
	if len(s.infos) == 0 {
		return true, nil // a section with nothing to show, such as a set the ISMS does not use
	}
	for _, u := range s.uses {
		w.addFace(u.face)
	}
	faces := partFaces(w.faces)
	for i, runes := range s.runes {
		if len(runes) > 0 {
			w.pdf.UseRunes(w.addFace(faces[i]), runes)
		}
	}
	first := len(w.pages)
	for _, a := range s.anchors {
		if _, ok := w.anchors[a.key]; !ok {
			w.anchors[a.key] = anchor{first + a.page, a.y}
		}
	}
	li, mi := 0, 0
	for n, info := range s.infos {
		switch {
		case n == 0:
			w.pdf.AddPageWith(s.first)
		case n == len(s.infos)-1:
			w.pdf.AddDrawnPage(s.last)
		default:
			w.pdf.AddSealedPage(s.pages[n-1])
		}
		w.pages = append(w.pages, info)
		for ; mi < len(s.marks) && s.marks[mi].page == n+1; mi++ {
			m := s.marks[mi]
			w.pdf.Bookmark(m.title, m.level, m.y)
		}
		for ; li < len(s.links) && s.links[li].page == n+1; li++ {
			l := s.links[li]
			w.link(l.x, l.y, l.w, l.h, l.dest)
		}
	}
	if li != len(s.links) || mi != len(s.marks) {
		return false, fmt.Errorf("pack.pdf: a section has links or outline entries off its pages")
	}
	w.pdf.SetDrawState(s.end)
	w.setState(s.cur)
	return true, w.pdf.Error()
}

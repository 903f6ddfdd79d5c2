package fpdf

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/ismspack/ismspack/generator/internal/wire"
)

// ismspack patch: this file is ours, not upstream's.
//
// A page drawn in one PDF can be placed in another as it is: the
// document sections of ismspack's pack are drawn each on its own, in
// parallel and cached between builds, and the pack is put together from
// their sealed pages (see SealPages). Font and image resource names are
// hashes of the font or image, not positions in a PDF's list, so a page's
// content means the same in any PDF that has its fonts and images.

// SealedPages seals the last page and returns the compressed content of
// every page, for AddSealedPage in another PDF. It is an error when a
// page was drawn on after it was sealed (its content would be split in
// two), or when the PDF does not seal pages.
func (f *Fpdf) SealedPages() ([][]byte, error) {
	if f.err != nil {
		return nil, f.err
	}
	if !f.seal || !f.compress || f.aliasNbPagesStr != "" || len(f.aliasMap) > 0 {
		return nil, errors.New("SealedPages: the PDF does not seal its pages")
	}
	f.page = len(f.pages) - 1
	f.sealPage()
	f.settleSealed(0)
	out := make([][]byte, 0, len(f.pages)-1)
	for n := 1; n < len(f.pages); n++ {
		z, ok := f.sealed[n]
		if !ok || f.pages[n].Len() > 0 {
			return nil, fmt.Errorf("SealedPages: page %d was drawn on after it was sealed", n)
		}
		out = append(out, z)
	}
	return out, nil
}

// AddSealedPage adds a page whose content is z, a page's content as
// SealedPages returns it. What is drawn on the page afterwards (after
// SetPage) goes into its second content stream. The caller must have
// added the fonts and images the content names (AddUTF8FontCutLater,
// UseRunes, RegisterImageOptionsReader).
func (f *Fpdf) AddSealedPage(z []byte) {
	if f.err != nil {
		return
	}
	if !f.seal || !f.compress {
		f.err = errors.New("AddSealedPage: the PDF does not seal its pages")
		return
	}
	f.beginBarePage()
	if f.sealed == nil {
		f.sealed = map[int][]byte{}
	}
	f.sealed[f.page] = z
}

// UsedRunes lists the characters drawn so far in family (as SetFont
// takes it), in order.
func (f *Fpdf) UsedRunes(family string) []rune {
	font, ok := f.fonts[getFontKey(fontFamilyEscape(strings.ToLower(family)), "")]
	if !ok {
		return nil
	}
	runes := make([]rune, 0, len(font.usedRunes))
	for r, used := range font.usedRunes {
		if used != 0 && r > 0 {
			runes = append(runes, rune(r))
		}
	}
	slices.Sort(runes)
	return runes
}

// UseRunes counts runes as drawn in family, a font already added: the
// characters of a page added by AddSealedPage.
func (f *Fpdf) UseRunes(family string, runes []rune) {
	if f.err != nil {
		return
	}
	font, ok := f.fonts[getFontKey(fontFamilyEscape(strings.ToLower(family)), "")]
	if !ok {
		f.err = fmt.Errorf("UseRunes: font %s not added", family)
		return
	}
	for _, r := range runes {
		font.usedRunes[int(r)] = int(r)
	}
}

// tailsInBackground is how many second streams a PDF has before they are
// compressed on every core while its pages are written.
const tailsInBackground = 64

// compressTails compresses the content of pages[tails[i]], the second
// streams of sealed pages, and returns what gives the i-th once it is
// ready; ztail(-1) says no more are wanted. A pack has a second stream
// per page (its footers and links), thousands of small streams whose
// compression was a fifth of the time taken to write it out; with enough
// of them they are compressed in the background, on every core, while
// the pages before them are written. The bytes are those compressed one
// by one.
func compressTails(pages []*bytes.Buffer, tails []int) (ztail func(i int) []byte) {
	one := func(i int) []byte {
		mem := xmem.compress(pages[tails[i]].Bytes())
		z := mem.copy()
		mem.release()
		return z
	}
	if len(tails) < tailsInBackground {
		return func(i int) []byte {
			if i < 0 {
				return nil
			}
			return one(i)
		}
	}
	z := make([][]byte, len(tails))
	done := make([]chan struct{}, len(tails))
	for i := range done {
		done[i] = make(chan struct{})
	}
	var next, stop atomic.Int64
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for stop.Load() == 0 {
				i := int(next.Add(1) - 1)
				if i >= len(tails) {
					return
				}
				z[i] = one(i)
				close(done[i])
			}
		}()
	}
	return func(i int) []byte {
		if i < 0 {
			stop.Store(1)
			return nil
		}
		<-done[i]
		b := z[i]
		z[i] = nil
		return b
	}
}

// SealPagesInBackground is SealPages with each page compressed on
// another goroutine while the next is drawn. The pack draws its own
// pages (contents, register, requirements, appendices: hundreds) on one
// goroutine, and their compression was a tenth of that work; a warm build
// leaves the other cores idle by then. The bytes are the same.
func (f *Fpdf) SealPagesInBackground() {
	f.seal = true
	f.sealBg = true
}

// sealAhead is how many pages may wait to be compressed before the
// drawing waits for the first of them: each holds its content
// uncompressed until then.
const sealAhead = 2

// sealJob is a page being compressed in the background.
type sealJob struct {
	n    int
	buf  *bytes.Buffer
	z    []byte
	done chan struct{}
}

// sealInBackground starts compressing page n's content and gives the
// page a new buffer for what is drawn on it later.
func (f *Fpdf) sealInBackground(n int) {
	f.settleSealed(sealAhead - 1)
	j := &sealJob{n: n, buf: f.pages[n], done: make(chan struct{})}
	f.sealing = append(f.sealing, j)
	f.pages[n] = new(bytes.Buffer)
	go func() {
		defer close(j.done)
		mem := xmem.compress(j.buf.Bytes())
		j.z = mem.copy()
		mem.release()
	}()
}

// settleSealed waits until at most keep pages are being compressed, and
// files the compressed pages as sealed, in order; an emptied buffer is
// the next page's.
func (f *Fpdf) settleSealed(keep int) {
	for len(f.sealing) > keep {
		j := f.sealing[0]
		<-j.done
		f.sealing[0] = nil
		f.sealing = f.sealing[1:]
		f.sealed[j.n] = j.z
		if f.spare == nil {
			j.buf.Reset()
			f.spare = j.buf
		}
	}
}

// SealPagesButFirst is SealPages for a PDF whose pages are to follow
// pages of another (see OpenedPages): its first page is kept as drawn.
func (f *Fpdf) SealPagesButFirst() {
	f.seal = true
	f.openFirst = true
}

// OpenedPages is SealedPages for a PDF made with SealPagesButFirst, whose
// pages are to be placed after pages of another PDF, and maybe last:
// the first page's content comes uncompressed and without its opening —
// what AddPage wrote to carry the graphics state (line width, font,
// colours) over from the page before, which in the other PDF is another
// — for AddPageWith to open it there with that PDF's state. The pages
// between come compressed, and the last (when not the first) as drawn,
// for AddDrawnPage: the last page of a PDF takes what is drawn on it
// afterwards in the same stream. The pages are the same bytes in either
// PDF provided the first page's content does not depend on the state it
// opens with — it sets what it draws with before it draws (Text draws in
// the fill colour too when that is not the text colour) — and sets the
// whole state before it ends, which each page after it then opens with.
// It is an error when the first page was drawn on after the second
// began.
func (f *Fpdf) OpenedPages() (first []byte, between [][]byte, last []byte, err error) {
	if f.err != nil {
		return nil, nil, nil, f.err
	}
	if !f.openFirst || !f.compress || f.aliasNbPagesStr != "" || len(f.aliasMap) > 0 {
		return nil, nil, nil, errors.New("OpenedPages: the PDF does not seal its pages but the first")
	}
	n := len(f.pages) - 1
	if n < 1 {
		return nil, nil, nil, nil
	}
	f.page = n
	f.settleSealed(0)
	if n == 1 {
		f.firstEnd = f.pages[1].Len()
	}
	if f.pages[1].Len() != f.firstEnd || f.opening > f.firstEnd {
		return nil, nil, nil, errors.New("OpenedPages: page 1 was drawn on after page 2 began")
	}
	first = bytes.Clone(f.pages[1].Bytes()[f.opening:])
	if n == 1 {
		return first, nil, nil, nil
	}
	between = make([][]byte, 0, n-2)
	for k := 2; k < n; k++ {
		z, ok := f.sealed[k]
		if !ok || f.pages[k].Len() > 0 {
			return nil, nil, nil, fmt.Errorf("OpenedPages: page %d was drawn on after it was sealed", k)
		}
		between = append(between, z)
	}
	return first, between, bytes.Clone(f.pages[n].Bytes()), nil
}

// AddPageWith adds a page opened as AddPage opens one, with this PDF's
// graphics state, whose content then goes on with body: the first page
// OpenedPages gives. The page is sealed as any other when the next
// begins.
func (f *Fpdf) AddPageWith(body []byte) {
	f.AddPage()
	if f.err == nil {
		f.pages[f.page].Write(body)
	}
}

// AddDrawnPage adds a page whose content is content, as drawn: the last
// page OpenedPages gives. The page is sealed as any other when the next
// begins. The caller must have added the fonts and images the content
// names.
func (f *Fpdf) AddDrawnPage(content []byte) {
	if f.err != nil {
		return
	}
	f.beginBarePage()
	f.pages[f.page].Write(content)
}

// beginBarePage ends the page being drawn and begins one of the default
// size, without what AddPage draws on a new page (header, footer, the
// state carried over): the caller gives its content whole.
func (f *Fpdf) beginBarePage() {
	if f.state == 0 {
		f.open()
	}
	f.page = len(f.pages) - 1
	if f.page > 0 {
		f.endpage()
	}
	f.beginpage(f.defOrientation, f.defPageSize)
}

// DrawState is the graphics state a page leaves for the next: what
// AddPage carries over.
type DrawState struct {
	family, style        string
	size                 float64
	underline, strikeout bool
	lineWidth            float64
	capStyle, joinStyle  int
	dashArray            []float64
	dashPhase            float64
	draw, fill, text     colorType
	colorFlag            bool
}

// DrawState is this PDF's graphics state.
func (f *Fpdf) DrawState() DrawState {
	return DrawState{family: f.fontFamily, style: f.fontStyle, size: f.fontSizePt, underline: f.underline, strikeout: f.strikeout,
		lineWidth: f.lineWidth, capStyle: f.capStyle, joinStyle: f.joinStyle, dashArray: slices.Clone(f.dashArray), dashPhase: f.dashPhase,
		draw: f.color.draw, fill: f.color.fill, text: f.color.text, colorFlag: f.colorFlag}
}

// SetDrawState makes s, another PDF's DrawState, this PDF's graphics
// state, writing nothing: the state pages placed from that PDF (by
// AddPageWith and AddSealedPage) leave, for the page that follows them.
// s's font must have been added to this PDF; a state without a font
// leaves the font as it is.
func (f *Fpdf) SetDrawState(s DrawState) {
	if f.err != nil {
		return
	}
	if s.family != "" {
		font, ok := f.fonts[s.family+s.style]
		if !ok {
			f.err = fmt.Errorf("SetDrawState: font %s %s not added", s.family, s.style)
			return
		}
		f.fontFamily, f.fontStyle, f.fontSizePt, f.fontSize = s.family, s.style, s.size, s.size/f.k
		f.underline, f.strikeout = s.underline, s.strikeout
		f.currentFont = font
		f.isCurrentUTF8 = font.Tp == "UTF8"
	}
	f.lineWidth, f.capStyle, f.joinStyle = s.lineWidth, s.capStyle, s.joinStyle
	f.dashArray, f.dashPhase = slices.Clone(s.dashArray), s.dashPhase
	f.color.draw, f.color.fill, f.color.text, f.colorFlag = s.draw, s.fill, s.text, s.colorFlag
}

// Encode appends s to e, for a section of a PDF kept between builds.
func (s DrawState) Encode(e *wire.Writer) {
	e.String(s.family)
	e.String(s.style)
	e.Uint(math.Float64bits(s.size))
	e.Bool(s.underline)
	e.Bool(s.strikeout)
	e.Uint(math.Float64bits(s.lineWidth))
	e.Int(int64(s.capStyle))
	e.Int(int64(s.joinStyle))
	e.Uint(uint64(len(s.dashArray)))
	for _, v := range s.dashArray {
		e.Uint(math.Float64bits(v))
	}
	e.Uint(math.Float64bits(s.dashPhase))
	for _, c := range []colorType{s.draw, s.fill, s.text} {
		for _, v := range []float64{c.r, c.g, c.b} {
			e.Uint(math.Float64bits(v))
		}
		for _, v := range []int{c.ir, c.ig, c.ib, int(c.mode)} {
			e.Int(int64(v))
		}
		e.String(c.spotStr)
		e.Bool(c.gray)
		e.String(c.str)
	}
	e.Bool(s.colorFlag)
}

// DecodeDrawState reads a DrawState Encode wrote; a damaged one leaves
// d's error set.
func DecodeDrawState(d *wire.Reader) DrawState {
	var s DrawState
	s.family, s.style = d.String(), d.String()
	s.size = math.Float64frombits(d.Uint())
	s.underline, s.strikeout = d.Bool(), d.Bool()
	s.lineWidth = math.Float64frombits(d.Uint())
	s.capStyle, s.joinStyle = int(d.Int()), int(d.Int())
	if n := d.Count(); n > 0 {
		s.dashArray = make([]float64, n)
		for i := range s.dashArray {
			s.dashArray[i] = math.Float64frombits(d.Uint())
		}
	}
	s.dashPhase = math.Float64frombits(d.Uint())
	for _, c := range []*colorType{&s.draw, &s.fill, &s.text} {
		c.r, c.g, c.b = math.Float64frombits(d.Uint()), math.Float64frombits(d.Uint()), math.Float64frombits(d.Uint())
		c.ir, c.ig, c.ib, c.mode = int(d.Int()), int(d.Int()), int(d.Int()), colorMode(d.Int())
		c.spotStr = d.String()
		c.gray = d.Bool()
		c.str = d.String()
	}
	s.colorFlag = d.Bool()
	return s
}

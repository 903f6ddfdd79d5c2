// Package fonts knows which characters the PDF can draw. It holds the
// embedded DejaVu faces (and any fallback fonts the configuration or the
// operator names) with the metrics fpdf will use, so the renderer measures
// text without a PDF open. It sits below the model: the model records, once,
// which characters of each document no face draws, and both the check stage
// and the PDF read that.
package fonts

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"math"
	"path"
	"sync"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"codeberg.org/go-fonts/dejavu/dejavusansbold"
	"codeberg.org/go-fonts/dejavu/dejavusansboldoblique"
	"codeberg.org/go-fonts/dejavu/dejavusansmono"
	"codeberg.org/go-fonts/dejavu/dejavusansoblique"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/parallel"
)

// Replacement is drawn in place of a character no font has: visible, so a
// reader sees something is missing, and present in every DejaVu face.
const Replacement = '\uFFFD'

// Face is one TrueType font with the advance widths fpdf computes for it.
type Face struct {
	// Name identifies the face in messages and as its fpdf family.
	Name string
	// TTF is the font file, embedded (subset) into each PDF that uses it.
	TTF []byte
	// Ascent and Descent are in ems, descent positive.
	Ascent, Descent float64
	// adv holds, per BMP rune, the advance in thousandths of an em as fpdf
	// rounds it; 0 means no glyph and zeroWidth a glyph that advances 0.
	adv []uint16
	// gid holds each BMP rune's glyph id, for subsetting.
	gid []uint16
}

const zeroWidth = math.MaxUint16

// Parse reads a TrueType font. fpdf only embeds TrueType outlines, so a
// CFF-flavoured OpenType font is refused here rather than failing later
// inside a half-written PDF.
func Parse(name string, ttf []byte) (*Face, error) {
	if len(ttf) < 12 {
		return nil, fmt.Errorf("font %s: not a TrueType file", name)
	}
	if string(ttf[:4]) == "OTTO" {
		return nil, fmt.Errorf("font %s: OpenType CFF outlines cannot be embedded; use a TrueType (.ttf) font", name)
	}
	if string(ttf[:4]) == "ttcf" {
		return nil, fmt.Errorf("font %s: font collections (.ttc) cannot be embedded; use a single TrueType (.ttf) font", name)
	}
	f, err := sfnt.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	var buf sfnt.Buffer
	upem := int(f.UnitsPerEm())
	if upem <= 0 {
		return nil, fmt.Errorf("font %s: no units per em", name)
	}
	ppem := fixed.Int26_6(upem << 6)
	fc := &Face{Name: name, TTF: ttf, adv: make([]uint16, 0x10000), gid: make([]uint16, 0x10000)}
	if m, err := f.Metrics(&buf, ppem, font.HintingNone); err == nil {
		fc.Ascent = float64(m.Ascent) / 64 / float64(upem)
		fc.Descent = float64(m.Descent) / 64 / float64(upem)
	}
	if fc.Ascent <= 0 {
		fc.Ascent, fc.Descent = 0.9, 0.25
	}
	scale := 1000 / float64(upem)
	for r := rune(1); r < 0xFFFF; r++ {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		fc.gid[r] = uint16(gi)
		a, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			continue
		}
		w := int(math.Round(scale * float64(a) / 64))
		switch {
		case w <= 0:
			fc.adv[r] = zeroWidth
		case w >= zeroWidth:
			fc.adv[r] = zeroWidth - 1
		default:
			fc.adv[r] = uint16(w)
		}
	}
	return fc, nil
}

// Has reports whether the face draws r. fpdf cannot write characters
// beyond the Basic Multilingual Plane at all, so none of those count.
func (f *Face) Has(r rune) bool {
	return r > 0 && r < 0xFFFF && f.adv[r] != 0
}

// Width returns the advance of s in thousandths of an em, summing exactly
// what fpdf's GetStringWidth sums for the characters the face has.
func (f *Face) Width(s string) int {
	w := 0
	for _, r := range s {
		if r > 0 && r < 0xFFFF {
			if a := f.adv[r]; a != 0 && a != zeroWidth {
				w += int(a)
			}
		}
	}
	return w
}

// RuneWidth returns the advance of one character in thousandths of an em.
func (f *Face) RuneWidth(r rune) int {
	if r > 0 && r < 0xFFFF {
		if a := f.adv[r]; a != 0 && a != zeroWidth {
			return int(a)
		}
	}
	return 0
}

// symbolsTTF is the bundled fallback for the symbols handbooks use that
// DejaVu lacks (✅ ❌ ⭐ ⏰ …): 643 characters of Symbola, free for any
// use (symbols-LICENSE.txt), cut by mksymbols.go; 178 KiB.
//
//go:embed symbols.ttf
var symbolsTTF []byte

// Set is the faces one render draws with: the DejaVu styles and, after
// them, fallbacks for characters DejaVu lacks, the bundled symbols last.
type Set struct {
	Sans, Bold, Oblique, BoldOblique, Mono *Face
	Fallbacks                              []*Face
}

var (
	dejavuOnce sync.Once
	dejavu     *Set
	dejavuErr  error
)

// DejaVu returns the built-in faces: DejaVu and the bundled symbols as
// its one fallback. They are parsed once per process and never changed,
// so concurrent renders share them.
func DejaVu() (*Set, error) {
	dejavuOnce.Do(func() {
		type spec struct {
			dst  **Face
			name string
			ttf  []byte
		}
		s := &Set{Fallbacks: make([]*Face, 1)}
		specs := []spec{
			{&s.Fallbacks[0], "Symbols", symbolsTTF},
			{&s.Sans, "DejaVuSans", dejavusans.TTF},
			{&s.Bold, "DejaVuSans-Bold", dejavusansbold.TTF},
			{&s.Oblique, "DejaVuSans-Oblique", dejavusansoblique.TTF},
			{&s.BoldOblique, "DejaVuSans-BoldOblique", dejavusansboldoblique.TTF},
			{&s.Mono, "DejaVuSansMono", dejavusansmono.TTF},
		}
		errs := make([]error, len(specs))
		parallel.Each(len(specs), 0, func(i int) {
			*specs[i].dst, errs[i] = Parse(specs[i].name, specs[i].ttf)
		})
		if dejavuErr = parallel.First(errs); dejavuErr == nil {
			dejavu = s
		}
	})
	return dejavu, dejavuErr
}

// File is a font's bytes and the name it is known by in messages.
type File struct {
	Name string
	TTF  []byte
}

// WithFallbacks returns DejaVu followed by the fallback fonts given, in
// order, and the bundled symbols last: the first face that has a
// character draws it.
func WithFallbacks(files []File) (*Set, error) {
	base, err := DejaVu()
	if err != nil || len(files) == 0 {
		return base, err
	}
	s := *base
	s.Fallbacks = nil
	for i, f := range files {
		// The index keeps two files of one name apart as fpdf families.
		fc, err := Parse(fmt.Sprintf("fallback%d-%s", i+1, path.Base(f.Name)), f.TTF)
		if err != nil {
			return nil, err
		}
		s.Fallbacks = append(s.Fallbacks, fc)
	}
	s.Fallbacks = append(s.Fallbacks, base.Fallbacks...)
	return &s, nil
}

// Faces returns every face, the styles first.
func (s *Set) Faces() []*Face {
	return append([]*Face{s.Sans, s.Bold, s.Oblique, s.BoldOblique, s.Mono}, s.Fallbacks...)
}

// Covers reports whether some face draws r.
func (s *Set) Covers(r rune) bool {
	if s.Sans.Has(r) || s.Mono.Has(r) || s.Bold.Has(r) || s.Oblique.Has(r) || s.BoldOblique.Has(r) {
		return true
	}
	for _, f := range s.Fallbacks {
		if f.Has(r) {
			return true
		}
	}
	return false
}

// Invisible reports characters that draw nothing when a font lacks them:
// joiners, variation selectors and other format characters. The renderer
// drops them silently instead of showing a replacement box.
func Invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) || unicode.IsControl(r)
}

// Glyph is a character in a document that no face draws; the PDF shows
// Replacement instead.
type Glyph struct {
	Rune rune
	// Pos is where it first occurs; Count how often it occurs.
	Pos   document.Pos
	Count int
}

// String names the character the way Unicode charts do.
func (g Glyph) String() string {
	return fmt.Sprintf("U+%04X %q", g.Rune, string(g.Rune))
}

// Missing lists the characters of d that no face in s draws, each once,
// in order of first appearance. The model keeps the result per document.
func Missing(d *document.Document, s *Set) []Glyph {
	idx := map[rune]int{}
	var out []Glyph
	src := d.Src
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			// Text is mostly ASCII, which every face draws: skip it a
			// word at a time.
			i++
			for i+8 <= len(src) && binary.LittleEndian.Uint64(src[i:])&0x8080808080808080 == 0 {
				i += 8
			}
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r >= 0x80 && !Invisible(r) && !s.Covers(r) {
			if j, ok := idx[r]; ok {
				out[j].Count++
			} else {
				idx[r] = len(out)
				out = append(out, Glyph{Rune: r, Pos: d.Lines.Pos(i), Count: 1})
			}
		}
		i += n
	}
	return out
}

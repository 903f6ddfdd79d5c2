package fpdf

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
)

// ismspack patch: this file is ours, not upstream's.
//
// fpdf reads every UTF-8 font it is given, for every PDF, and cuts its own
// subset of it when the PDF is written. A build that writes a thousand
// small PDFs with the same faces paid for that a thousand times over: a
// 65,536-entry width table allocated and hashed per font per PDF, and the
// font parsed and cut again. UTF8Font is a face read once per build;
// AddUTF8FontCutLater adds it to a PDF and, as the PDF is written, has
// the caller cut it to the characters drawn in it (generator/fonts does
// that several times faster than fpdf), and embeds that cut as it is.

// UTF8Font is a TrueType font read once for AddUTF8FontCutLater. It is
// read-only after ParseUTF8Font and may be added to PDFs made at once on
// many goroutines.
type UTF8Font struct {
	def fontDefType
}

// ParseUTF8Font reads the TrueType font ttf to be added to PDFs as family
// (the name SetFont takes, with the empty style).
func ParseUTF8Font(family string, ttf []byte) (font *UTF8Font, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("font %s: %v", family, p)
		}
	}()
	// The reader reads ttf in place: parsing only reads (what writes,
	// splice, copies first), and nothing parsed keeps a slice of it. A
	// copy of each face was a quarter of reading one.
	utf := newUTF8Font(&fileReader{array: ttf})
	if err := utf.parseFile(); err != nil {
		return nil, fmt.Errorf("font %s: %w", family, err)
	}
	def := fontDefType{
		Tp:   "UTF8",
		Name: getFontKey(fontFamilyEscape(family), ""),
		Desc: FontDescType{
			Ascent:       int(utf.Ascent),
			Descent:      int(utf.Descent),
			CapHeight:    utf.CapHeight,
			Flags:        utf.Flags,
			FontBBox:     utf.Bbox,
			ItalicAngle:  utf.ItalicAngle,
			StemV:        utf.StemV,
			MissingWidth: round(utf.DefaultWidth),
		},
		Up: int(round(utf.UnderlinePosition)),
		Ut: round(utf.UnderlineThickness),
		Cw: utf.CharWidths,
	}
	if def.i, err = generateFontID(def); err != nil {
		return nil, err
	}
	return &UTF8Font{def: def}, nil
}

// cidMaps holds 128 KiB CIDToGIDMaps, all zeros, for reuse: one per font
// per PDF was a tenth of what a small PDF allocated.
var cidMaps = sync.Pool{New: func() any {
	m := make([]byte, 256*256*2)
	return &m
}}

// FontCut is a font program cut down to some characters and compressed,
// to embed as it is in any number of PDFs: a build whose documents draw
// the same characters compresses it once. Read-only once made.
type FontCut struct {
	z    []byte // the program, zlib-compressed
	size int    // the program's length
	gids map[rune]uint16

	// The CIDFont's widths and compressed CIDToGIDMap, made by the first
	// PDF to embed the cut: they depend only on the font and the
	// characters, which a FontCut is made for one of each.
	once   sync.Once
	widths string
	cidMap []byte
}

// NewFontCut compresses program, in which gids gives each character's
// glyph id, for AddUTF8FontCutLater's cut to return. A FontCut is for one
// font and one set of characters.
func NewFontCut(program []byte, gids map[rune]uint16) *FontCut {
	mem := xmem.compress(program)
	defer mem.release()
	return &FontCut{z: mem.copy(), size: len(program), gids: gids}
}

// AddUTF8FontCutLater makes font available to SetFont in this PDF and
// cuts it when the PDF is written: cut is given the characters drawn in
// the font, in order, and returns the font program to embed, which must
// hold at least their glyphs. Widths are font's, so cut must keep each
// glyph's advance.
func (f *Fpdf) AddUTF8FontCutLater(font *UTF8Font, cut func(runes []rune) (*FontCut, error)) {
	if f.err != nil {
		return
	}
	if font == nil || cut == nil {
		f.err = errors.New("AddUTF8FontCutLater: no font")
		return
	}
	if _, ok := f.fonts[font.def.Name]; ok {
		return
	}
	def := font.def
	if f.aliasNbPagesStr == "" {
		def.usedRunes = makeSubsetRange(57)
	} else {
		def.usedRunes = makeSubsetRange(32)
	}
	def.cutter = cut
	def.seen = new([1 << 10]uint64)
	f.fonts[def.Name] = def
}

// cidToGIDMap is the compressed CIDToGIDMap of the pairs fill sets.
func cidToGIDMap(fill func(set func(cid, gid int))) []byte {
	mapBuf := cidMaps.Get().(*[]byte)
	defer func() {
		clear(*mapBuf)
		cidMaps.Put(mapBuf)
	}()
	m := *mapBuf
	fill(func(cid, gid int) {
		m[cid*2] = byte(gid >> 8)
		m[cid*2+1] = byte(gid & 0xFF)
	})
	return deflateSparse(m) // ismspack patch: see sparse.go
}

// putUTF8Font writes the objects of a UTF-8 font: for a font added by
// AddUTF8FontCutLater, the caller's font program and glyph ids; otherwise
// fpdf's own cut of the font, as upstream's putfonts did inline.
func (f *Fpdf) putUTF8Font(font *fontDefType) {
	if font.cutter != nil {
		runes := make([]rune, 0, len(font.usedRunes))
		for r, used := range font.usedRunes {
			if used != 0 && r > 0 && r <= 0xFFFF {
				runes = append(runes, rune(r))
			}
		}
		slices.Sort(runes)
		var err error
		if font.cut, err = font.cutter(runes); err != nil {
			f.err = fmt.Errorf("font %s: %w", font.Name, err)
			return
		}
	}
	var widths string
	var cidMap, z []byte
	var size int
	if c := font.cut; c != nil {
		c.once.Do(func() {
			last := 0
			c.cidMap = cidToGIDMap(func(set func(cid, gid int)) {
				for r, g := range c.gids {
					if r > 0 && r <= 0xFFFF {
						set(int(r), int(g))
						last = max(last, int(r))
					}
				}
			})
			c.widths = cidWidths(font, last)
		})
		widths, cidMap, z, size = c.widths, c.cidMap, c.z, c.size
	} else {
		usedRunes := font.usedRunes
		delete(usedRunes, 0)
		program := font.utf8File.GenerateCutFont(usedRunes)
		CodeSignDictionary := font.utf8File.CodeSymbolDictionary
		delete(CodeSignDictionary, 0)
		cidMap = cidToGIDMap(func(set func(cid, gid int)) {
			for cc, glyph := range CodeSignDictionary {
				set(cc, glyph)
			}
		})
		widths = cidWidths(font, font.utf8File.LastRune)
		mem := xmem.compress(program)
		defer mem.release()
		z, size = mem.bytes(), len(program)
	}
	fontName := "utf8" + font.Name

	f.newobj()
	f.out(fmt.Sprintf("<</Type /Font\n/Subtype /Type0\n/BaseFont /%s\n/Encoding /Identity-H\n/DescendantFonts [%d 0 R]\n/ToUnicode %d 0 R>>\n"+"endobj", fontName, f.n+1, f.n+2))

	f.newobj()
	f.out("<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /" + fontName + "\n" +
		"/CIDSystemInfo " + strconv.Itoa(f.n+2) + " 0 R\n/FontDescriptor " + strconv.Itoa(f.n+3) + " 0 R")
	if font.Desc.MissingWidth != 0 {
		f.out("/DW " + strconv.Itoa(font.Desc.MissingWidth))
	}
	f.out(widths)
	f.out("/CIDToGIDMap " + strconv.Itoa(f.n+4) + " 0 R>>")
	f.out("endobj")

	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(toUnicode)) + ">>")
	f.putstream([]byte(toUnicode))
	f.out("endobj")

	// CIDInfo
	f.newobj()
	f.out("<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0>>")
	f.out("endobj")

	// Font descriptor
	f.newobj()
	var s fmtBuffer
	s.printf("<</Type /FontDescriptor /FontName /%s\n /Ascent %d", fontName, font.Desc.Ascent)
	s.printf(" /Descent %d", font.Desc.Descent)
	s.printf(" /CapHeight %d", font.Desc.CapHeight)
	v := font.Desc.Flags
	v = v | 4
	v = v &^ 32
	s.printf(" /Flags %d", v)
	s.printf("/FontBBox [%d %d %d %d] ", font.Desc.FontBBox.Xmin, font.Desc.FontBBox.Ymin,
		font.Desc.FontBBox.Xmax, font.Desc.FontBBox.Ymax)
	s.printf(" /ItalicAngle %d", font.Desc.ItalicAngle)
	s.printf(" /StemV %d", font.Desc.StemV)
	s.printf(" /MissingWidth %d", font.Desc.MissingWidth)
	s.printf("/FontFile2 %d 0 R", f.n+2)
	s.printf(">>")
	f.out(s.String())
	f.out("endobj")

	// Embed CIDToGIDMap
	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(cidMap)) + "/Filter /FlateDecode>>")
	f.putstream(cidMap)
	f.out("endobj")

	//Font file
	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(z)))
	f.out("/Filter /FlateDecode")
	f.out("/Length1 " + strconv.Itoa(size))
	f.out(">>")
	f.putstream(z)
	f.out("endobj")
}

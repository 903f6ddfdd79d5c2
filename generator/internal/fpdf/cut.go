package fpdf

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"
)

// ismspack patch: this file is ours, not upstream's.
//
// fpdf reads every UTF-8 font it is given, for every PDF, and cuts its own
// subset of it when the PDF is written. A build that writes a thousand
// small PDFs with the same faces paid for that a thousand times over: a
// 65,536-entry width table allocated and hashed per font per PDF, and the
// font parsed and cut again after the caller had already cut it down.
// UTF8Font is a face read once per build; AddUTF8FontCut adds it to a PDF
// with a font program the caller has already cut to the characters the
// PDF draws, which is embedded as it is.

// UTF8Font is a TrueType font read once for AddUTF8FontCut. It is
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
	// The reader is given its own copy: fpdf's font reader may write into
	// the bytes it reads.
	utf := newUTF8Font(&fileReader{array: bytes.Clone(ttf)})
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

// AddUTF8FontCut makes font available to SetFont in this PDF, embedding
// cut as its font program: a TrueType font holding only the glyphs of the
// characters the PDF draws in it, where gids gives each character's glyph
// id. Widths are font's, so cut must keep each glyph's advance. A
// character drawn that gids lacks shows as the missing glyph; the caller
// is expected to know what it draws.
func (f *Fpdf) AddUTF8FontCut(font *UTF8Font, cut []byte, gids map[rune]uint16) {
	if f.err != nil {
		return
	}
	if font == nil || len(cut) == 0 {
		f.err = errors.New("AddUTF8FontCut: no font")
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
	def.cut = cut
	def.cutGIDs = gids
	f.fonts[def.Name] = def
}

// cidMaps holds 128 KiB CIDToGIDMaps, all zeros, for reuse: one per font
// per PDF was a tenth of what a small PDF allocated.
var cidMaps = sync.Pool{New: func() any {
	m := make([]byte, 256*256*2)
	return &m
}}

// putUTF8Font writes the objects of a UTF-8 font: for a font added by
// AddUTF8FontCut, the caller's font program and glyph ids; otherwise
// fpdf's own cut of the font, as upstream's putfonts did inline.
func (f *Fpdf) putUTF8Font(font *fontDefType) {
	mapBuf := cidMaps.Get().(*[]byte)
	defer func() {
		clear(*mapBuf)
		cidMaps.Put(mapBuf)
	}()
	cidToGidMap := *mapBuf
	var program []byte
	last := 0
	if font.cut != nil {
		program = font.cut
		for r, g := range font.cutGIDs {
			if r > 0 && r <= 0xFFFF {
				cidToGidMap[r*2] = byte(g >> 8)
				cidToGidMap[r*2+1] = byte(g)
				last = max(last, int(r))
			}
		}
	} else {
		usedRunes := font.usedRunes
		delete(usedRunes, 0)
		program = font.utf8File.GenerateCutFont(usedRunes)
		CodeSignDictionary := font.utf8File.CodeSymbolDictionary
		delete(CodeSignDictionary, 0)
		for cc, glyph := range CodeSignDictionary {
			cidToGidMap[cc*2] = byte(glyph >> 8)
			cidToGidMap[cc*2+1] = byte(glyph & 0xFF)
		}
		last = font.utf8File.LastRune
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
	f.generateCIDFontMap(font, last)
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
	cidToGidMap = deflateSparse(cidToGidMap) // ismspack patch: see sparse.go
	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(cidToGidMap)) + "/Filter /FlateDecode>>")
	f.putstream(cidToGidMap)
	f.out("endobj")

	//Font file
	mem := xmem.compress(program)
	compressedFontStream := mem.bytes()
	f.newobj()
	f.out("<</Length " + strconv.Itoa(len(compressedFontStream)))
	f.out("/Filter /FlateDecode")
	f.out("/Length1 " + strconv.Itoa(len(program)))
	f.out(">>")
	f.putstream(compressedFontStream)
	f.out("endobj")
	mem.release()
}

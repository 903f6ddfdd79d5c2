package fonts

import (
	"encoding/binary"
	"errors"
	"sort"
)

// Subset returns a TrueType font with only the glyphs of runes (and the
// glyphs their composites are built from), renumbered from 1, with a cmap
// for only those runes. Advance widths are copied, so every width the
// renderer measured in the full face stays true.
//
// A per-document PDF embeds such a subset as it is (with the glyph ids
// SubsetGlyphs gives), so a thousand small PDFs do not each carry, or
// make fpdf parse and cut, the whole face.
func (f *Face) Subset(runes []rune) ([]byte, error) {
	ttf, _, err := f.SubsetGlyphs(runes)
	return ttf, err
}

// SubsetGlyphs is Subset, also giving the glyph id of each rune in the
// subset; runes the face lacks are left out of it.
func (f *Face) SubsetGlyphs(runes []rune) ([]byte, map[rune]uint16, error) {
	t, err := readTables(f.TTF)
	if err != nil {
		return nil, nil, err
	}
	be := binary.BigEndian
	head, maxp, loca, glyf, hhea, hmtx := t["head"], t["maxp"], t["loca"], t["glyf"], t["hhea"], t["hmtx"]
	if len(head) < 54 || len(maxp) < 6 || len(hhea) < 36 || loca == nil || glyf == nil || hmtx == nil {
		return nil, nil, errors.New("font lacks a table a subset needs")
	}
	n := int(be.Uint16(maxp[4:]))
	long := be.Uint16(head[50:]) == 1
	if (long && len(loca) < 4*(n+1)) || (!long && len(loca) < 2*(n+1)) {
		return nil, nil, errors.New("font loca table is short")
	}
	numHM := int(be.Uint16(hhea[34:]))
	if numHM < 1 || numHM > n || len(hmtx) < 4*numHM+2*(n-numHM) {
		return nil, nil, errors.New("font hmtx table is short")
	}
	offset := func(g int) int {
		if long {
			return int(be.Uint32(loca[4*g:]))
		}
		return 2 * int(be.Uint16(loca[2*g:]))
	}
	glyph := func(g int) []byte {
		a, b := offset(g), offset(g+1)
		if b <= a || b > len(glyf) {
			return nil
		}
		return glyf[a:b]
	}
	// components calls fn with the offset of each component's glyph index
	// in a composite glyph.
	components := func(data []byte, fn func(at int)) {
		if len(data) < 10 || int16(be.Uint16(data)) >= 0 {
			return
		}
		for p := 10; p+4 <= len(data); {
			flags := be.Uint16(data[p:])
			fn(p + 2)
			p += 4
			if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x0008 != 0: // WE_HAVE_A_SCALE
				p += 2
			case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
				p += 4
			case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
				p += 8
			}
			if flags&0x0020 == 0 { // no MORE_COMPONENTS
				return
			}
		}
	}
	keep := make([]bool, n)
	keep[0] = true
	var queue []int
	var mapped []rune
	for _, r := range runes {
		if r <= 0 || r >= 0xFFFF {
			continue
		}
		g := int(f.gid[r])
		if g == 0 || g >= n {
			continue
		}
		mapped = append(mapped, r)
		if !keep[g] {
			keep[g] = true
			queue = append(queue, g)
		}
	}
	for len(queue) > 0 {
		g := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		data := glyph(g)
		components(data, func(at int) {
			if c := int(be.Uint16(data[at:])); c < n && !keep[c] {
				keep[c] = true
				queue = append(queue, c)
			}
		})
	}
	newID := make([]uint16, n)
	var old []int
	size := 0
	for g := 0; g < n; g++ {
		if keep[g] {
			newID[g] = uint16(len(old))
			old = append(old, g)
			size += len(glyph(g)) + 3
		}
	}
	m := len(old)
	newGlyf := make([]byte, 0, size)
	newLoca := make([]byte, 4*(m+1))
	newHmtx := make([]byte, 4*m)
	for i, g := range old {
		be.PutUint32(newLoca[4*i:], uint32(len(newGlyf)))
		adv, lsb := be.Uint16(hmtx[4*(numHM-1):]), be.Uint16(hmtx[4*numHM+2*(g-numHM):])
		if g < numHM {
			adv, lsb = be.Uint16(hmtx[4*g:]), be.Uint16(hmtx[4*g+2:])
		}
		be.PutUint16(newHmtx[4*i:], adv)
		be.PutUint16(newHmtx[4*i+2:], lsb)
		start := len(newGlyf)
		newGlyf = append(newGlyf, glyph(g)...)
		data := newGlyf[start:]
		components(data, func(at int) {
			if c := int(be.Uint16(data[at:])); c < n {
				be.PutUint16(data[at:], newID[c])
			}
		})
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	be.PutUint32(newLoca[4*m:], uint32(len(newGlyf)))
	newHead := append([]byte(nil), head...)
	be.PutUint16(newHead[50:], 1) // long loca
	be.PutUint32(newHead[8:], 0)  // checkSumAdjustment, set below
	newHhea := append([]byte(nil), hhea...)
	be.PutUint16(newHhea[34:], uint16(m))
	newMaxp := append([]byte(nil), maxp...)
	be.PutUint16(newMaxp[4:], uint16(m))
	gids := make(map[rune]uint16, len(mapped))
	for _, r := range mapped {
		gids[r] = newID[f.gid[r]]
	}
	out := map[string][]byte{"head": newHead, "hhea": newHhea, "maxp": newMaxp, "hmtx": newHmtx,
		"loca": newLoca, "glyf": newGlyf, "cmap": cmap4(mapped, gids)}
	if post := t["post"]; len(post) >= 32 {
		// Version 3: no glyph names, which would need renumbering too.
		p := append([]byte(nil), post[:32]...)
		be.PutUint32(p, 0x00030000)
		out["post"] = p
	}
	for _, tag := range []string{"name", "OS/2", "cvt ", "fpgm", "prep", "gasp"} {
		if d, ok := t[tag]; ok {
			out[tag] = d
		}
	}
	font := writeTables(out)
	hp := tableOffset(font, "head")
	be.PutUint32(font[hp+8:], 0xB1B0AFBA-checksum(font))
	return font, gids, nil
}

// cmap4 builds a cmap with one format 4 subtable (Windows, Unicode BMP),
// the only kind fpdf reads. Consecutive runes with consecutive glyphs
// share a segment.
func cmap4(runes []rune, gid map[rune]uint16) []byte {
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	type seg struct{ start, end, delta int }
	var segs []seg
	for i, r := range runes {
		if i > 0 && r == runes[i-1] {
			continue
		}
		g := int(gid[r])
		if k := len(segs) - 1; k >= 0 && segs[k].end+1 == int(r) && (int(r)+segs[k].delta)&0xFFFF == g {
			segs[k].end = int(r)
			continue
		}
		segs = append(segs, seg{int(r), int(r), (g - int(r)) & 0xFFFF})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	nseg := len(segs)
	be := binary.BigEndian
	sub := make([]byte, 16+8*nseg)
	be.PutUint16(sub[0:], 4)
	be.PutUint16(sub[2:], uint16(len(sub)))
	be.PutUint16(sub[6:], uint16(2*nseg))
	sr, sel := 1, 0
	for sr*2 <= nseg {
		sr *= 2
		sel++
	}
	be.PutUint16(sub[8:], uint16(2*sr))
	be.PutUint16(sub[10:], uint16(sel))
	be.PutUint16(sub[12:], uint16(2*nseg-2*sr))
	p := 14
	for _, s := range segs {
		be.PutUint16(sub[p:], uint16(s.end))
		p += 2
	}
	p += 2 // reservedPad
	for _, s := range segs {
		be.PutUint16(sub[p:], uint16(s.start))
		p += 2
	}
	for _, s := range segs {
		be.PutUint16(sub[p:], uint16(s.delta))
		p += 2
	}
	// idRangeOffsets stay zero: every segment maps by delta.
	head := make([]byte, 12)
	be.PutUint16(head[2:], 1)
	be.PutUint16(head[4:], 3)
	be.PutUint16(head[6:], 1)
	be.PutUint32(head[8:], 12)
	return append(head, sub...)
}

func readTables(ttf []byte) (map[string][]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("font too short")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errors.New("font table directory is short")
	}
	t := map[string][]byte{}
	for i := 0; i < n; i++ {
		e := ttf[12+16*i:]
		off, ln := int(binary.BigEndian.Uint32(e[8:])), int(binary.BigEndian.Uint32(e[12:]))
		if off < 0 || ln < 0 || off+ln > len(ttf) {
			return nil, errors.New("font table out of range")
		}
		t[string(e[:4])] = ttf[off : off+ln : off+ln]
	}
	return t, nil
}

func writeTables(t map[string][]byte) []byte {
	tags := make([]string, 0, len(t))
	for k := range t {
		tags = append(tags, k)
	}
	sort.Strings(tags)
	n := len(tags)
	sr, sel := 1, 0
	for sr*2 <= n {
		sr *= 2
		sel++
	}
	be := binary.BigEndian
	size := 12 + 16*n
	for _, d := range t {
		size += len(d) + 3
	}
	out := make([]byte, 12+16*n, size)
	be.PutUint32(out[0:], 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(sel))
	be.PutUint16(out[10:], uint16(16*n-16*sr))
	for i, tag := range tags {
		d := t[tag]
		e := out[12+16*i:]
		copy(e, tag)
		be.PutUint32(e[4:], checksum(d))
		be.PutUint32(e[8:], uint32(len(out)))
		be.PutUint32(e[12:], uint32(len(d)))
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func tableOffset(font []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		e := font[12+16*i:]
		if string(e[:4]) == tag {
			return int(binary.BigEndian.Uint32(e[8:]))
		}
	}
	return -1
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:min(i+4, len(b))])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

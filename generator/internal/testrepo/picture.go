package testrepo

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
)

// BombPNG returns a PNG of a few hundred bytes whose header declares
// w×h pixels of 16-bit RGBA, interlaced, with a valid start of image data
// and no more: what a picture bomb looks like to anything that believes
// the header. Decoding it allocates 8·w·h bytes before failing.
func BombPNG(w, h int) string {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = 16, 6, 1 // bit depth, RGBA, Adam7
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	_, _ = zw.Write(make([]byte, 64<<10))
	_ = zw.Flush() // a stream that goes on: no end, no checksum
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.String()
}

// FuzzDocPath is where the renderers' fuzz targets put the document they
// vary: beside the example ISMS's images directory, so seeds taken from
// content/ find their pictures.
const FuzzDocPath = "content/policies/fuzz.md"

// FuzzFiles are the files of a one-document repository for a fuzz target:
// src at FuzzDocPath, an ISMS configuration, and pictures a document may
// show: a good one where the example's is, a corrupt one and a bomb.
func FuzzFiles(src []byte) map[string]string {
	img := image.NewNRGBA(image.Rect(0, 0, 12, 8))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var good bytes.Buffer
	_ = png.Encode(&good, img)
	return map[string]string{
		FuzzDocPath:                     string(src),
		"content/images/isms-cycle.png": good.String(),
		"content/images/corrupt.png":    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"content/images/bomb.png":       BombPNG(20000, 20000),
		"ismspack.yaml":                 "organisation: Fuzz Ltd\n",
	}
}

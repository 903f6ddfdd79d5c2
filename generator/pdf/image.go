package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // decoded to re-encode as PNG
	_ "image/jpeg"
	"image/png"
	"sort"

	"codeberg.org/go-pdf/fpdf"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// picture is a repository image made ready for fpdf once per build and
// shared, read-only, by every render.
type picture struct {
	key  string // content hash: the fpdf image name
	data []byte // what fpdf registers
	typ  string // "PNG" or "JPG"
	w, h int    // the picture's pixel size
	// dataW is the pixel width of data, wider than w when padded: fpdf
	// orders images by width alone, so two images of one width would come
	// out in map order and the PDF would differ between runs. Each picture
	// gets a width of its own and is drawn clipped to its real width.
	dataW int
	err   string // why it cannot be drawn; a placeholder shows this
}

// imageSet holds the prepared pictures by repository path.
type imageSet struct {
	byPath map[string]*picture
}

// prepareImages reads every image the documents show.
func prepareImages(m *isms.Model) *imageSet {
	s := &imageSet{byPath: map[string]*picture{}}
	byKey := map[string]*picture{}
	var paths []string
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if l.Image && l.Kind == document.Internal {
				if _, ok := s.byPath[l.Target]; !ok {
					s.byPath[l.Target] = nil
					paths = append(paths, l.Target)
				}
			}
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		pic := loadPicture(m, p)
		if pic.err == "" {
			if prev, ok := byKey[pic.key]; ok {
				pic = prev
			} else {
				byKey[pic.key] = pic
			}
		}
		s.byPath[p] = pic
	}
	// Give each distinct picture a pixel width no other has.
	var pics []*picture
	for _, p := range byKey {
		pics = append(pics, p)
	}
	sort.Slice(pics, func(i, j int) bool {
		if pics[i].w != pics[j].w {
			return pics[i].w < pics[j].w
		}
		return pics[i].key < pics[j].key
	})
	used := map[int]bool{}
	for _, p := range pics {
		wd := p.w
		for used[wd] {
			wd++
		}
		used[wd] = true
		if wd != p.w {
			if err := p.pad(wd); err != nil {
				p.err = err.Error()
			}
		}
		if p.err == "" {
			if err := p.check(); err != nil {
				p.err = "image cannot be embedded (" + err.Error() + ")"
			}
		}
	}
	return s
}

// check registers the picture with a scratch fpdf, so a picture fpdf
// refuses is known before layout and every pass draws the same thing.
func (p *picture) check() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f := fpdf.New("P", "mm", "A4", "")
	f.RegisterImageOptionsReader(p.key, fpdf.ImageOptions{ImageType: p.typ}, bytes.NewReader(p.data))
	return f.Error()
}

func loadPicture(m *isms.Model, p string) *picture {
	f := m.Assets[p]
	if f == nil {
		return &picture{err: "image not in the repository: " + p}
	}
	if f.Data == nil {
		return &picture{err: "image too large to read: " + p}
	}
	sum := sha256.Sum256(f.Data)
	pic := &picture{key: "img" + hex.EncodeToString(sum[:12]), data: f.Data}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
	if err != nil {
		return &picture{err: fmt.Sprintf("image cannot be read (%v): %s", err, p)}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > 20000 || cfg.Height > 20000 {
		return &picture{err: fmt.Sprintf("image has an unusable size %d×%d: %s", cfg.Width, cfg.Height, p)}
	}
	pic.w, pic.h, pic.dataW = cfg.Width, cfg.Height, cfg.Width
	switch format {
	case "jpeg":
		pic.typ = "JPG"
	case "png":
		pic.typ = "PNG"
		// fpdf cannot read interlaced or 16-bit PNGs: re-encode those.
		if len(f.Data) > 28 && (f.Data[24] > 8 || f.Data[28] != 0) {
			if err := pic.reencode(); err != nil {
				return &picture{err: fmt.Sprintf("image cannot be read (%v): %s", err, p)}
			}
		}
	case "gif":
		if err := pic.reencode(); err != nil {
			return &picture{err: fmt.Sprintf("image cannot be read (%v): %s", err, p)}
		}
	default:
		return &picture{err: fmt.Sprintf("image format %s cannot be embedded, use PNG or JPEG: %s", format, p)}
	}
	return pic
}

func (p *picture) decode() (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(p.data))
	return img, err
}

func (p *picture) reencode() error { return p.pad(p.w) }

// pad re-encodes the picture as a PNG wd pixels wide, repeating its last
// column into the extra width, which drawing clips away.
func (p *picture) pad(wd int) error {
	img, err := p.decode()
	if err != nil {
		return err
	}
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, wd, b.Dy()))
	draw.Draw(out, image.Rect(0, 0, b.Dx(), b.Dy()), img, b.Min, draw.Src)
	for x := b.Dx(); x < wd; x++ {
		for y := 0; y < b.Dy(); y++ {
			out.Set(x, y, out.At(b.Dx()-1, y))
		}
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out); err != nil {
		return err
	}
	p.data, p.typ, p.dataW = buf.Bytes(), "PNG", wd
	return nil
}

// register adds a picture to this PDF once; false when fpdf refused it.
func (w *writer) register(p *picture) (ok bool) {
	if w.dry {
		return true // prepareImages kept only pictures fpdf accepts
	}
	if name, seen := w.reg[p.key]; seen {
		return name != ""
	}
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
		if !ok {
			w.pdf.ClearError()
			w.reg[p.key] = ""
		} else {
			w.reg[p.key] = p.key
		}
	}()
	w.pdf.RegisterImageOptionsReader(p.key, fpdf.ImageOptions{ImageType: p.typ}, bytes.NewReader(p.data))
	return w.pdf.Error() == nil
}

// drawPicture draws p into the box at x, y.
func (w *writer) drawPicture(p *picture, x, y, wd, h float64) bool {
	if p == nil || p.err != "" || !w.register(p) {
		return false
	}
	if w.dry {
		return true
	}
	opt := fpdf.ImageOptions{ImageType: p.typ}
	if p.dataW != p.w {
		w.pdf.ClipRect(x, y, wd, h, false)
		w.pdf.ImageOptions(p.key, x, y, wd*float64(p.dataW)/float64(p.w), h, false, opt, 0, "")
		w.pdf.ClipEnd()
		w.touch()
		return true
	}
	w.pdf.ImageOptions(p.key, x, y, wd, h, false, opt, 0, "")
	return true
}

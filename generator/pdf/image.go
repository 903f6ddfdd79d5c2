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

	"github.com/ismspack/ismspack/generator/internal/fpdf"

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
	// present is set when the file is in the commit, so a placeholder
	// says the image is not shown rather than missing.
	present bool
}

// placeholderTitle leads the text of the box drawn instead of p.
func placeholderTitle(p *picture) string {
	if p != nil && p.present {
		return "Image not shown — "
	}
	return "Image missing — "
}

// imageSet holds the prepared pictures by repository path.
type imageSet struct {
	byPath map[string]*picture
	byKey  map[string]*picture // by fpdf image name, for a part's pictures
}

// prepareImages reads every image the documents show.
func prepareImages(m *isms.Model) *imageSet {
	s := &imageSet{byPath: map[string]*picture{}}
	byKey := map[string]*picture{}
	var paths []string
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if l.Image && l.Kind == isms.ToAsset {
				if _, ok := s.byPath[l.Path]; !ok {
					s.byPath[l.Path] = nil
					paths = append(paths, l.Path)
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
	s.byKey = map[string]*picture{}
	for _, p := range s.byPath {
		if p != nil && p.err == "" {
			s.byKey[p.key] = p
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

// loadPicture prepares the image at p for fpdf. The model has read its
// header; pixels are decoded only for a picture the header says is
// usable, and only when fpdf cannot take the file as it is.
func loadPicture(m *isms.Model, p string) *picture {
	hdr := m.Picture(p)
	if hdr == nil {
		return &picture{err: "image not in the repository: " + p}
	}
	if !hdr.Usable() {
		return &picture{err: hdr.Why(), present: true}
	}
	data := hdr.File.Data
	sum := sha256.Sum256(data)
	pic := &picture{key: "img" + hex.EncodeToString(sum[:12]), data: data, w: hdr.Width, h: hdr.Height, dataW: hdr.Width, present: true}
	reencode := false
	switch hdr.Format {
	case "jpeg":
		pic.typ = "JPG"
	case "png":
		pic.typ = "PNG"
		// fpdf cannot read interlaced or 16-bit PNGs: re-encode those.
		reencode = len(data) > 28 && (data[24] > 8 || data[28] != 0)
	case "gif":
		reencode = true
	default:
		return &picture{err: fmt.Sprintf("%s is a %s image, which cannot be embedded; use PNG or JPEG", p, hdr.Format), present: true}
	}
	if reencode {
		if err := pic.reencode(); err != nil {
			return &picture{err: fmt.Sprintf("%s cannot be read as an image (%v); export it again as PNG or JPEG", p, err), present: true}
		}
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
			w.regOrder = append(w.regOrder, p.key)
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

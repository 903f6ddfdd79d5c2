package isms

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // header probes only: DecodeConfig needs the formats registered
	_ "image/jpeg"
	_ "image/png"

	"github.com/ismspack/ismspack/generator/source"
)

// MaxPicturePixels bounds the pixels of a picture ismspack draws. Decoding
// costs up to 8 bytes a pixel (16-bit RGBA) and the PDF may re-encode a
// copy at 4, so 40 megapixels keeps one picture under about half a
// gigabyte at worst. That is more than an 8K screen (33 megapixels) or a
// print at A4 and 600 dpi (35 megapixels): no diagram or screenshot in a
// policy needs more, while a few hundred bytes of PNG header can declare
// 20,000 × 20,000 (400 megapixels, gigabytes decoded).
const MaxPicturePixels = 40_000_000

// Picture is what an embedded image's header says, read once when the
// model is loaded: the check stage reports from it and the PDF decides
// from it whether to decode pixels at all. Nothing is decoded here.
type Picture struct {
	// File is the asset; its Data is nil when it was too large to read.
	File *source.File
	// Format is the registered image format ("png", "jpeg", "gif"), empty
	// when the header could not be read.
	Format        string
	Width, Height int
	// Problem says why the picture cannot be drawn, as a phrase that
	// follows the file's path ("is 20000×20000 pixels, …"); empty when it
	// can be.
	Problem string
}

// Usable reports whether the picture can be decoded and drawn.
func (p *Picture) Usable() bool { return p != nil && p.Problem == "" }

// TooLarge reports whether the header was read and declares no picture
// or more pixels than MaxPicturePixels: a file nobody should decode. An
// SVG or a damaged file is not TooLarge; a browser shows it or fails
// harmlessly.
func (p *Picture) TooLarge() bool { return p != nil && p.Format != "" && p.Problem != "" }

// Why is the picture's path and its problem: a sentence for a finding or
// a placeholder.
func (p *Picture) Why() string { return p.File.Path + " " + p.Problem }

// probePicture reads f's header and judges it, allocating nothing in
// proportion to the pixels it declares.
func probePicture(f *source.File) *Picture {
	p := &Picture{File: f}
	if f.Data == nil {
		p.Problem = fmt.Sprintf("is %d bytes, more than the %d ismspack reads; make it smaller", f.Size, source.MaxFileSize)
		return p
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(f.Data))
	switch {
	case errors.Is(err, image.ErrFormat):
		p.Problem = "is not a PNG, JPEG or GIF image; convert it to PNG or JPEG"
		return p
	case err != nil:
		p.Problem = fmt.Sprintf("cannot be read as an image (%v); export it again as PNG or JPEG", err)
		return p
	}
	p.Format, p.Width, p.Height = format, cfg.Width, cfg.Height
	switch px := int64(cfg.Width) * int64(cfg.Height); {
	case cfg.Width <= 0 || cfg.Height <= 0:
		p.Problem = fmt.Sprintf("declares %d×%d pixels, which is no picture; export it again", cfg.Width, cfg.Height)
	case px > MaxPicturePixels:
		p.Problem = fmt.Sprintf("declares %d×%d pixels (%.0f megapixels), more than the %d megapixels ismspack draws; scale it down",
			cfg.Width, cfg.Height, float64(px)/1e6, MaxPicturePixels/1_000_000)
	}
	return p
}

// probePictures reads the header of every asset a document shows as an
// image.
func (m *Model) probePictures() {
	m.pictures = map[string]*Picture{}
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if l.Image && l.Kind == ToAsset && m.pictures[l.Path] == nil {
				m.pictures[l.Path] = probePicture(l.Asset)
			}
		}
	}
}

// Picture returns what the header of the image at repository path p
// says; nil when no document shows p as an image or p is not in the
// commit.
func (m *Model) Picture(p string) *Picture { return m.pictures[p] }

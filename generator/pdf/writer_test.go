package pdf

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/fpdf"
)

// TestPanicBecomesAnErrorNamingTheDocument: fpdf panics on input it cannot
// handle; a build must fail with a message, never crash.
func TestPanicBecomesAnErrorNamingTheDocument(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	rr := r.newRenderer("x", true)
	err = func() (err error) {
		defer rr.guard("pack.pdf", &err)
		rr.cur = m.Doc("content/policies/other.md")
		panic("index out of range")
	}()
	if err == nil || !strings.Contains(err.Error(), "pack.pdf: drawing content/policies/other.md") || !strings.Contains(err.Error(), "index out of range") {
		t.Errorf("err = %v", err)
	}
}

func TestEmptyContentStillGivesAPack(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{"content/images/logo.png": pngOf(t, 8, 8, color.NRGBA{1, 2, 3, 255})})
	dir := render(t, m, fs)
	text := runTool(t, "pdftotext", filepath.Join(dir, "pack.pdf"), "-")
	for _, want := range []string{"No document lists a clause 5.1 item", "The content directory holds no documents"} {
		if !strings.Contains(text, want) {
			t.Errorf("pack lacks %q", want)
		}
	}
}

// TestSubsetFontsDrawTheSameGlyphs: a PDF embeds fonts cut down by
// generator/fonts to the characters it draws, with glyphs renumbered; its
// pages must look exactly like the same document drawn with fpdf's own
// cut of the whole faces, or a character would print as another glyph or
// as a box while its text still copies out right. Cuts are shared between
// a build's PDFs, so one drawn earlier must not lend this one its cut.
func TestSubsetFontsDrawTheSameGlyphs(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	// Another document first: its cuts, kept for the build, must not
	// stand in for this one's, which draws other characters.
	if _, err := r.document(m.Doc("content/policies/other.md")); err != nil {
		t.Fatal(err)
	}
	d := m.Doc("content/policies/sink.md")
	cut, err := r.document(d)
	if err != nil {
		t.Fatal(err)
	}
	whole := r.rendererWith(r.docMeta(d), false)
	whole.w.parsed = nil // fpdf reads and cuts the whole faces
	full, err := whole.drawDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(cut, full) {
		t.Fatal("the PDF with our subsets is the one with fpdf's")
	}
	for _, p := range differingPages(t, cut, full) {
		t.Errorf("page %d drawn with subset fonts differs from the full faces'", p)
	}
}

// differingPages renders two PDFs' pages at 50 dpi in grey and lists the
// pages (1-based) whose pixels differ, or that only one of them has.
func differingPages(t *testing.T, a, b []byte) []int {
	t.Helper()
	dir := t.TempDir()
	pages := map[string][]string{}
	for name, data := range map[string][]byte{"a": a, "b": b} {
		p := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		runTool(t, "pdftoppm", "-r", "50", "-gray", p, filepath.Join(dir, name))
		shots, err := filepath.Glob(filepath.Join(dir, name+"-*.pgm"))
		if err != nil || len(shots) == 0 {
			t.Fatalf("pdftoppm made no pages of %s (%v)", name, err)
		}
		sort.Strings(shots)
		pages[name] = shots
	}
	var out []int
	for i := 0; i < max(len(pages["a"]), len(pages["b"])); i++ {
		if i >= len(pages["a"]) || i >= len(pages["b"]) {
			out = append(out, i+1)
			continue
		}
		x, errA := os.ReadFile(pages["a"][i])
		y, errB := os.ReadFile(pages["b"][i])
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !bytes.Equal(x, y) {
			out = append(out, i+1)
		}
	}
	return out
}

// TestFacesAreReadApart: a PDF that wants one face does not wait while
// another face is read for another PDF, and a face is read once however
// many PDFs want it at once.
func TestFacesAreReadApart(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	sans := strings.ToLower(r.faces.Sans.Name)
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	var reads sync.Map
	read := r.parse
	r.parse = func(family string, ttf []byte) (*fpdf.UTF8Font, error) {
		n, _ := reads.LoadOrStore(family, new(atomic.Int32))
		first := n.(*atomic.Int32).Add(1) == 1
		if !first {
			t.Errorf("%s read more than once", family)
		}
		if family == sans && first {
			close(started)
			<-release
		}
		return read(family, ttf)
	}
	for range 2 {
		go r.parsed(r.faces.Sans)
	}
	<-started
	bold := make(chan error, 1)
	go func() {
		_, err := r.parsed(r.faces.Bold)
		bold <- err
	}()
	select {
	case err := <-bold:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("reading the bold face waited for the regular face to be read")
	}
}

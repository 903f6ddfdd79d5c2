package pdf

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/fonts"
)

// TestCharacterOutsideTheSubsetIsNoticed guards the fallback: a per-document
// PDF embeds fonts cut to the characters its dry pass recorded, and a
// character the dry pass missed must send the document back to full faces
// rather than print as an empty box.
func TestCharacterOutsideTheSubsetIsNoticed(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	used := map[*fonts.Face]map[rune]bool{r.faces.Sans: {'a': true, 'b': true}}
	rr := r.newRenderer("x", false, false, cut(used))
	rr.w.used = used
	rr.w.newPage()
	rr.w.missed = false // the header drew other characters
	rr.w.text(marginL, 50, r.faces.Sans, 10, colText, "abba")
	if rr.w.missed {
		t.Fatal("characters in the subset reported missing")
	}
	rr.w.text(marginL, 60, r.faces.Sans, 10, colText, "abc")
	if !rr.w.missed {
		t.Fatal("a character outside the subset went unnoticed")
	}
}

// TestDryPassRecordsWhatTheRealPassDraws lays a document out dry and for
// real and compares: the subsets are only right if both passes draw the
// same characters in the same faces.
func TestDryPassRecordsWhatTheRealPassDraws(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range m.Docs {
		dry := r.newRenderer("x", false, true, nil)
		if _, err := dry.drawDocument(d); err != nil {
			t.Fatal(err)
		}
		// A real pass told it has subsets of exactly what the dry pass saw
		// must never miss.
		subsets := cut(dry.w.used)
		if len(subsets) != len(dry.w.used) {
			t.Fatalf("%s: %d faces used, %d cut", d.Path, len(dry.w.used), len(subsets))
		}
		real := r.newRenderer("x", false, false, subsets)
		real.w.used = dry.w.used
		if _, err := real.drawDocument(d); err != nil {
			t.Fatal(err)
		}
		if real.w.missed {
			t.Errorf("%s: the real pass drew a character the dry pass did not record", d.Path)
		}
		if len(real.w.pages) != len(dry.w.pages) {
			t.Errorf("%s: dry pass laid out %d pages, real pass %d", d.Path, len(dry.w.pages), len(real.w.pages))
		}
	}
}

// TestPanicBecomesAnErrorNamingTheDocument: fpdf panics on input it cannot
// handle; a build must fail with a message, never crash.
func TestPanicBecomesAnErrorNamingTheDocument(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	rr := r.newRenderer("x", true, false, nil)
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

// TestSubsetFontsDrawTheSameGlyphs: a per-document PDF embeds fonts cut
// down to its characters, with glyphs renumbered; its pages must look
// exactly like the same document drawn with the full faces, or a
// character would print as another glyph or as a box while its text
// still copies out right.
func TestSubsetFontsDrawTheSameGlyphs(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	d := m.Doc("content/policies/sink.md")
	cut, err := r.document(d)
	if err != nil {
		t.Fatal(err)
	}
	full, err := r.rendererWith(r.docMeta(d), false, false, nil).drawDocument(d)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(cut, full) || len(cut) >= len(full) {
		t.Fatalf("the subset PDF (%d bytes) is not smaller than the full-face one (%d bytes)", len(cut), len(full))
	}
	dir := t.TempDir()
	pages := map[string][]string{}
	for name, data := range map[string][]byte{"cut": cut, "full": full} {
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
	if len(pages["cut"]) != len(pages["full"]) {
		t.Fatalf("%d pages with subsets, %d with full faces", len(pages["cut"]), len(pages["full"]))
	}
	for i := range pages["cut"] {
		a, errA := os.ReadFile(pages["cut"][i])
		b, errB := os.ReadFile(pages["full"][i])
		if errA != nil || errB != nil {
			t.Fatal(errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("page %d drawn with subset fonts differs from the full faces'", i+1)
		}
	}
}

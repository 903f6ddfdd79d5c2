package pdf

import (
	"bytes"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestPackOwnSectionsDrawnApartAreTheSameBytes: the pack put together
// from its own sections (matrix, sets, SoA, register, requirements,
// appendices), each drawn on its own, is the pack drawn in one go, byte
// for byte: each section's first page opens with the state the pages
// before it leave in the pack, and the state a section leaves is what
// the next page opens with.
func TestPackOwnSectionsDrawnApartAreTheSameBytes(t *testing.T) {
	t.Parallel()
	sampleM, sampleF := sample(t)
	// Enough documents that the register, the requirements and the
	// appendices run over pages; Annex A and an SoA; changes since an
	// earlier commit.
	dir := testrepo.Corpus(t, 60, 240, 3).Dir
	cfg := config.Default()
	cfg.Organisation = "Exemplar Ltd"
	p, err := config.Parse("ismspack.yaml", []byte("frameworks: [iso27001-2022-5.1, iso27001-2022-annex-a]\ntables:\n  soa: {file: registers/soa.md, columns: [Control, Applicable]}\nsoa: {table: soa}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Frameworks, cfg.Tables, cfg.SoA, cfg.Path = p.Frameworks, p.Tables, p.SoA, p.Path
	big, err := isms.Open(isms.Options{Dir: dir, Config: &cfg, AsOf: asOf, Since: "HEAD~40"})
	if err != nil {
		t.Fatal(err)
	}
	if big.Changes == nil || len(big.Framework.Sets) < 2 {
		t.Fatal("the corpus model has no changes appendix or no second set")
	}
	for _, c := range []struct {
		name string
		m    *isms.Model
		fs   []check.Finding
	}{{"sample", sampleM, sampleF}, {"corpus", big, check.Run(big, check.Rules())}} {
		pack := func(inPlace bool) ([]byte, *run) {
			r, err := newRun(c.m, c.fs, Provenance{})
			if err != nil {
				t.Fatal(err)
			}
			r.inPlace = inPlace
			b, err := r.pack()
			if err != nil {
				t.Fatal(err)
			}
			return b, r
		}
		want, _ := pack(true)
		got, r := pack(false)
		if r.drawnInPlace != 0 {
			t.Errorf("%s: %d of the pack's own sections were drawn in the pack, not apart", c.name, r.drawnInPlace)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the pack put together from its sections (%d bytes) differs from the pack drawn in one go (%d bytes)", c.name, len(got), len(want))
		}
	}
}

// TestSectionNotPlacedWhereItWouldDrawOtherBytes: a face first drawn in
// right after a page began is given to fpdf at 10pt first by the PDF
// that first draws in it; a section drawn apart, whose face the pack
// has not drawn in yet, is not placed (the pack draws it itself), and
// is once the pack has drawn in that face.
func TestSectionNotPlacedWhereItWouldDrawOtherBytes(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := r.ownSection(plain("register", (*renderer).register), r.frame())
	if err != nil {
		t.Fatal(err)
	}
	fresh := r.newRenderer("pack", true)
	if ok, err := fresh.w.addSection(s); ok || err != nil {
		t.Fatalf("a section placed in a pack that never drew in its first face: placed %v, %v", ok, err)
	}
	if len(fresh.w.pages) != 0 {
		t.Fatal("a section not placed added pages")
	}
	covered := r.newRenderer("pack", true)
	covered.cover()
	if ok, err := covered.w.addSection(s); !ok || err != nil {
		t.Fatalf("a section not placed after the cover: placed %v, %v", ok, err)
	}
}

// TestSmallPackDrawsItsSectionsInPlace: a pack of a handful of documents
// draws its own sections itself, not each as a PDF of its own.
func TestSmallPackDrawsItsSectionsInPlace(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.pack(); err != nil {
		t.Fatal(err)
	}
	if n := len(ownSections()); r.drawnInPlace != n {
		t.Errorf("the pack of %d documents drew %d of its %d sections itself", len(m.Docs), r.drawnInPlace, n)
	}
}

package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
)

// TestPackPutTogetherFromCachedPartsIsTheSameBytes: a build that takes
// every document's part of the pack from the cache writes the pack a
// build without a cache draws, byte for byte, images, cross-document
// links, footnotes and outline included.
func TestPackPutTogetherFromCachedPartsIsTheSameBytes(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	cold, err := os.ReadFile(filepath.Join(render(t, m, fs), "pack.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"took 0 of 3", "took 3 of 3"} {
		dir := t.TempDir()
		var log bytes.Buffer
		if err := RenderWith(dir, m, fs, Options{Cache: c, Log: &log}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), want) {
			t.Fatalf("build %d: log %q, want %q", i+1, log.String(), want)
		}
		got, err := os.ReadFile(filepath.Join(dir, "pack.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, cold) {
			t.Fatalf("build %d: pack.pdf (%d bytes) differs from the pack drawn without a cache (%d bytes)", i+1, len(got), len(cold))
		}
	}
	// And the in-memory pack verify compares with is the same too.
	mem, err := Pack(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mem, cold) {
		t.Fatal("Pack differs from the pack a build writes")
	}
}

// TestDamagedPartIsAnErrorNotAPanic: every truncation and a flipped byte
// of an encoded part decode to an error or a part, never a panic.
func TestDamagedPartIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	m, _ := sample(t)
	r, err := newRun(m, nil, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.drawPart(m.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	b := p.encode()
	if q, err := decodePart(b); err != nil || !bytes.Equal(q.encode(), b) {
		t.Fatalf("a part does not survive encoding: %v", err)
	}
	for n := 0; n < len(b); n++ {
		if _, err := decodePart(b[:n]); err == nil {
			t.Fatalf("a part cut to %d of %d bytes decoded", n, len(b))
		}
		c := bytes.Clone(b)
		c[n] ^= 0xff
		decodePart(c)
	}
}

// TestOwnPDFFromThePartIsTheDocumentDrawnAlone: a document is drawn once,
// for the pack and for its own PDF. Its own PDF, put together from that
// drawing, must look like the document drawn straight on its own pages
// — links to other documents plain and naming them without site_url,
// leading to the site with it, requirement ids plain — and lead to the
// same places.
func TestOwnPDFFromThePartIsTheDocumentDrawnAlone(t *testing.T) {
	t.Parallel()
	for _, site := range []string{"", "https://isms.example/intranet"} {
		m, fs := sample(t)
		m.Config.SiteURL = site
		r, err := newRun(m, fs, Provenance{})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"content/policies/sink.md", "content/plans/deep/plan.md"} {
			d := m.Doc(path)
			placed, err := r.document(d)
			if err != nil {
				t.Fatal(err)
			}
			direct, err := r.rendererWith(r.docMeta(d), false).drawDocument(d)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range differingPages(t, placed, direct) {
				t.Errorf("site_url %q: %s page %d put together from its part differs from the document drawn alone", site, path, p)
			}
			links := map[string]int{}
			for name, b := range map[string][]byte{"placed": placed, "direct": direct} {
				file := filepath.Join(t.TempDir(), name+".pdf")
				if err := os.WriteFile(file, b, 0o644); err != nil {
					t.Fatal(err)
				}
				j, objs := readQPDF(t, file)
				for pg, annots := range annotations(t, j, objs) {
					for _, a := range annots {
						act, _ := a["/A"].(map[string]any)
						uri, _ := act["/URI"].(string)
						dest, _ := a["/Dest"].([]any)
						key := fmt.Sprintf("page %d %v uri %s dest %v", pg, a["/Rect"], uri, len(dest) > 0)
						if name == "placed" {
							links[key]++
						} else {
							links[key]--
						}
					}
				}
			}
			for k, n := range links {
				if n != 0 {
					t.Errorf("site_url %q: %s: link %s: %+d in the PDF put together from its part", site, path, k, n)
				}
			}
		}
	}
}

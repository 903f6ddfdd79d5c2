package pdf

import (
	"bytes"
	"fmt"
	"image/color"
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

// TestAFileNoDocumentDrawsLeavesTheirPDFsInTheCache: a commit to a file
// under the content directory that no document draws (notes beside the
// policies) leaves every document's PDF in the cache; one to a picture a
// document shows remakes them all, each picture being drawn at a size
// set against the others. Either way the build writes, byte for byte,
// what a build without a cache writes.
func TestAFileNoDocumentDrawsLeavesTheirPDFsInTheCache(t *testing.T) {
	t.Parallel()
	c, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	commits := []map[string]string{{
		"content/policy.md": doc("POL-001", "Policy", "approved", `["5.1(a)"]`, "# Policy\n\n![A chart](chart.png)\n"),
		"content/plan.md":   doc("PLN-001", "Plan", "approved", `["5.1(b)"]`, "# Plan\n\nThe plan.\n"),
		"content/chart.png": pngOf(t, 16, 8, color.NRGBA{200, 60, 40, 255}),
		"content/notes.txt": "First notes.\n",
	}}
	for _, step := range []struct {
		what  string
		files map[string]string
		want  string
	}{
		{"nothing (a first build)", nil, "took 0 of 2"},
		{"the notes", map[string]string{"content/notes.txt": "Second notes.\n"}, "took 2 of 2"},
		{"the chart", map[string]string{"content/chart.png": pngOf(t, 16, 8, color.NRGBA{40, 90, 200, 255})}, "took 0 of 2"},
	} {
		if step.files != nil {
			commits = append(commits, step.files)
		}
		m, fs := loadRepo(t, commits...)
		dir := t.TempDir()
		var log bytes.Buffer
		if err := RenderWith(dir, m, fs, Options{Cache: c, Log: &log}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), step.want) {
			t.Errorf("after a change to %s: log %q, want %q", step.what, log.String(), step.want)
		}
		cold := render(t, m, fs)
		for _, p := range []string{"pack.pdf", "pdf/policy.pdf", "pdf/plan.pdf"} {
			a, errA := os.ReadFile(filepath.Join(dir, p))
			b, errB := os.ReadFile(filepath.Join(cold, p))
			if errA != nil || errB != nil || !bytes.Equal(a, b) {
				t.Errorf("after a change to %s: %s differs from a build without a cache (%v, %v)", step.what, p, errA, errB)
			}
		}
	}
}

package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-fonts/dejavu/dejavumathtexgyre"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestMetaKeyedWhole: a document's PDF is keyed by every field of its
// metadata (appendMeta): a field added to pdfMeta and not keyed would
// leave a PDF showing the old value in the cache.
func TestMetaKeyedWhole(t *testing.T) {
	t.Parallel()
	variants := []pdfMeta{{}, {title: "x"}, {author: "x"}, {subject: "x"}, {keywords: "x"}, {lang: "x"},
		{date: time.Unix(1, 0)}, {xmp: []byte("x")}, {title: "x y"}, {title: "x", author: "y"}}
	if n := reflect.TypeOf(pdfMeta{}).NumField(); n != 7 {
		t.Fatalf("pdfMeta has %d fields, appendMeta keys 7: key the new one, and vary it here", n)
	}
	seen := map[string]int{}
	for i, v := range variants {
		k := string(appendMeta(nil, v))
		if j, ok := seen[k]; ok {
			t.Errorf("metadata %d and %d key the same: %q", j, i, k)
		}
		seen[k] = i
	}
}

// TestOperatorsFontRemakesKeptPDFs: a font the operator names on the
// command line (--font) is in no commit and no configuration, only in the
// faces the PDFs are drawn in; a build that adds one, or swaps one for
// another that draws the same characters, draws the documents' PDFs
// again, and they are what a build without the cache draws.
func TestOperatorsFontRemakesKeptPDFs(t *testing.T) {
	t.Parallel()
	c, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	repo := testrepo.New(t)
	repo.Commit(testrepo.Commit{Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"id": "A-1", "title": "A"}, "# A\n\nScript ℊ and bracket 〖x〗.\n"),
	}, Message: "Start"})
	// The same face under two names: the PDF names the font it embeds,
	// and what no font draws is the same with either.
	font, other := filepath.Join(t.TempDir(), "math.ttf"), filepath.Join(t.TempDir(), "maths.ttf")
	for _, p := range []string{font, other} {
		if err := os.WriteFile(p, dejavumathtexgyre.TTF, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, step := range []struct {
		what  string
		fonts []string
		kept  string
	}{
		{"no font of the operator's", nil, "took 0 of 1 document PDFs"},
		{"the same again", nil, "took 1 of 1 document PDFs"},
		{"a font of the operator's", []string{font}, "took 0 of 1 document PDFs"},
		{"another font of the operator's", []string{other}, "took 0 of 1 document PDFs"},
	} {
		m, err := isms.Open(isms.Options{Dir: repo.Dir, AsOf: asOf, Fonts: step.fonts})
		if err != nil {
			t.Fatal(err)
		}
		fs := check.Run(m, check.Rules())
		dir := t.TempDir()
		var log bytes.Buffer
		if err := RenderWith(dir, m, fs, Options{Cache: c, Log: &log}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(log.String(), step.kept) {
			t.Errorf("with %s: log %q, want %q", step.what, log.String(), step.kept)
		}
		cold := t.TempDir()
		if err := RenderWith(cold, m, fs, Options{}); err != nil {
			t.Fatal(err)
		}
		warm, _ := os.ReadFile(filepath.Join(dir, "pdf", "a.pdf"))
		want, _ := os.ReadFile(filepath.Join(cold, "pdf", "a.pdf"))
		if len(want) == 0 || !bytes.Equal(warm, want) {
			t.Errorf("with %s: a.pdf built with the cache (%d bytes) differs from the one drawn without (%d bytes)", step.what, len(warm), len(want))
		}
	}
}

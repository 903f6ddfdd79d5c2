package pdf

import (
	"bytes"
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

package outfile

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteDoesNotWriteThroughALink: an output file that is a hard link
// to another (the cache's copy) is replaced, and the other is left as it
// was.
func TestWriteDoesNotWriteThroughALink(t *testing.T) {
	dir := t.TempDir()
	kept, out := filepath.Join(dir, "kept"), filepath.Join(dir, "out")
	if err := os.WriteFile(kept, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(kept, out); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if err := Write(out, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(kept); string(b) != "kept" {
		t.Errorf("the linked file holds %q, want %q", b, "kept")
	}
	if b, _ := os.ReadFile(out); string(b) != "new" {
		t.Errorf("the output holds %q, want %q", b, "new")
	}
	if err := Write(filepath.Join(dir, "fresh"), []byte("x")); err != nil {
		t.Fatal(err)
	}
}

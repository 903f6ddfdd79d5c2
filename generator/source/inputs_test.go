package source_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/source"
)

// TestReadTreeStaysWithinItsBounds: a committed directory is read only up
// to the number of files, the size of one file and the total size the
// caller allows, and each refusal says which bound was hit.
func TestReadTreeStaysWithinItsBounds(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"theme/a.html":       "aaaa",
		"theme/static/b.css": "bbbb",
		"theme/static/c.txt": "cccc",
		"lfs/x.png":          "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 1\n",
		"content/policy.md":  "# P\n",
	}})
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, err := repo.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, dir   string
		files       int
		file, total int64
		want        string
	}{
		{"count", "theme", 2, 100, 1000, "more than 2 files"},
		{"one file", "theme", 10, 3, 1000, "is 4 bytes, more than the 3"},
		{"total", "theme", 10, 100, 10, "more than 10 bytes"},
		{"LFS pointer", "lfs", 10, 100, 1000, "Git LFS pointer"},
	} {
		_, err := repo.ReadTree(c, tc.dir, tc.files, tc.file, tc.total)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
	files, err := repo.ReadTree(c, "theme/static", 2, 4, 8)
	if err != nil || len(files) != 2 || files[0].Path != "theme/static/b.css" || string(files[1].Data) != "cccc" {
		t.Errorf("files = %+v, err = %v", files, err)
	}
	if _, err := repo.ReadTree(c, "nothere", 10, 10, 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: err = %v, want fs.ErrNotExist", err)
	}
	if _, err := repo.ReadBlob(c, "theme/a.html", 3); err == nil || !strings.Contains(err.Error(), "theme/a.html at ") {
		t.Errorf("ReadBlob over its bound: err = %v", err)
	}
	if _, err := repo.ReadBlob(c, "theme/static", 100); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("ReadBlob of a directory: err = %v", err)
	}
}

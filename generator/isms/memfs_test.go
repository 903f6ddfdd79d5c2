package isms_test

import (
	"testing"
	"testing/fstest"

	"github.com/ismspack/ismspack/generator/isms"
)

func TestMemFSBehavesAsAFileSystem(t *testing.T) {
	t.Parallel()
	m := isms.MemFS{
		"templates/_layout.html": []byte("layout"),
		"templates/doc.html":     []byte("doc"),
		"static/css/site.css":    []byte("body{}"),
		"static/logo.png":        []byte("png"),
		"README":                 []byte("hi"),
	}
	if err := fstest.TestFS(m, "templates/_layout.html", "templates/doc.html", "static/css/site.css", "static/logo.png", "README"); err != nil {
		t.Fatal(err)
	}
}

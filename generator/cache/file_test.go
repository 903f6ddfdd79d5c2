package cache_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
)

// linkFile puts the file kept under key at a new name and returns that
// name, or "" when LinkFile did not put it there.
func linkFile(t *testing.T, s *cache.Store, key, sum string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "out.pdf")
	if !s.LinkFile(key, sum, name) {
		if _, err := os.Lstat(name); err == nil {
			t.Errorf("LinkFile failed and left %s behind", name)
		}
		return ""
	}
	return name
}

func TestKeptFileIsLinkedIntoTheOutput(t *testing.T) {
	for _, links := range []bool{true, false} {
		name := "hard links"
		if !links {
			name = "another file system"
		}
		t.Run(name, func(t *testing.T) {
			c, notes := open(t, t.TempDir(), "v1")
			if !links {
				cache.WithoutHardLinks(c)
			}
			s := c.Store("pdf")
			data := []byte("%PDF-1.7 a document\n")
			key := cache.Key("doc")
			if err := s.PutFileAt(key, data, filepath.Join(t.TempDir(), "first.pdf")); err != nil {
				t.Fatal(err)
			}
			out := linkFile(t, s, key, cache.Sum(data))
			if out == "" {
				t.Fatalf("the kept file was not put in place:\n%s", notes)
			}
			got, err := os.ReadFile(out)
			if err != nil || string(got) != string(data) {
				t.Fatalf("got %q, %v", got, err)
			}
			if fi, err := os.Stat(out); err != nil || fi.Mode().Perm()&0o644 != 0o644 {
				t.Errorf("the output file's mode is %v, %v: others cannot read it", fi.Mode(), err)
			}
			// Edit the output in place: when it is linked, the cache's
			// file changes too, and must not be put anywhere again.
			f, err := os.OpenFile(out, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("edited\n")
			f.Close()
			again := linkFile(t, s, key, cache.Sum(data))
			if links {
				if again != "" {
					t.Errorf("a kept file edited through the output was linked again")
				}
				if !strings.Contains(notes.String(), "changed through an output linked to it") {
					t.Errorf("no note about the edited file:\n%s", notes)
				}
			} else {
				if again == "" {
					t.Fatalf("a copied file's edit reached the cache:\n%s", notes)
				}
				if got, _ := os.ReadFile(again); string(got) != string(data) {
					t.Errorf("got %q", got)
				}
				if notes.Len() > 0 {
					t.Errorf("notes: %s", notes)
				}
			}
		})
	}
}

func TestKeptFileMissingOrOfAnotherSumIsNotPutInPlace(t *testing.T) {
	c, notes := open(t, t.TempDir(), "v1")
	s := c.Store("pdf")
	if linkFile(t, s, cache.Key("none"), cache.Sum(nil)) != "" {
		t.Error("a file never kept was put in place")
	}
	if notes.Len() > 0 {
		t.Errorf("a missing file is a miss, not a note: %s", notes)
	}
	if err := s.PutFileAt(cache.Key("doc"), []byte("new bytes"), filepath.Join(t.TempDir(), "first.pdf")); err != nil {
		t.Fatal(err)
	}
	if linkFile(t, s, cache.Key("doc"), cache.Sum([]byte("old bytes"))) != "" {
		t.Error("a file of other bytes than its entry names was put in place")
	}
	if !strings.Contains(notes.String(), "corrupt or truncated") {
		t.Errorf("no note: %s", notes)
	}
}

func TestReadIntoABufferChecksTheEntryAsGetDoes(t *testing.T) {
	dir := t.TempDir()
	c, notes := open(t, dir, "v1")
	s := c.Store("page")
	s.Put(cache.Key("a"), []byte(strings.Repeat("a", 5000)))
	s.Put(cache.Key("b"), []byte("bb"))
	var buf []byte
	got, ok := s.Read(cache.Key("a"), &buf)
	if !ok || string(got) != strings.Repeat("a", 5000) {
		t.Fatalf("got %d bytes, %v", len(got), ok)
	}
	got, ok = s.Read(cache.Key("b"), &buf)
	if !ok || string(got) != "bb" {
		t.Fatalf("got %q, %v: the buffer's earlier bytes showed through", got, ok)
	}
	if _, ok := s.Read(cache.Key("none"), &buf); ok {
		t.Error("a missing entry was read")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "page", "*", "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(f, b[:len(b)-1], 0o644)
	}
	if _, ok := s.Read(cache.Key("a"), &buf); ok {
		t.Error("a truncated entry was read")
	}
	if !strings.Contains(notes.String(), "corrupt or truncated") {
		t.Errorf("no note: %s", notes)
	}
}

// TestFileKeptAtTheOutputIsWrittenOnce: a file made by this build is
// kept and put in the output as one file where hard links work, and the
// next build links that same file; elsewhere each is a copy.
func TestFileKeptAtTheOutputIsWrittenOnce(t *testing.T) {
	for _, links := range []bool{true, false} {
		t.Run(fmt.Sprintf("links %v", links), func(t *testing.T) {
			c, notes := open(t, t.TempDir(), "v1")
			if !links {
				cache.WithoutHardLinks(c)
			}
			s := c.Store("page")
			data := []byte("<!doctype html>\n")
			key := cache.Key("page")
			first := filepath.Join(t.TempDir(), "index.html")
			if err := s.PutFileAt(key, data, first); err != nil {
				t.Fatal(err)
			}
			next := linkFile(t, s, key, cache.Sum(data))
			if next == "" {
				t.Fatalf("the file kept was not put in the next output:\n%s", notes)
			}
			for _, name := range []string{first, next} {
				if got, err := os.ReadFile(name); err != nil || string(got) != string(data) {
					t.Errorf("%s holds %q, %v", name, got, err)
				}
			}
			a, _ := os.Stat(first)
			b, _ := os.Stat(next)
			if os.SameFile(a, b) != links {
				t.Errorf("the outputs share one file: %v, want %v", os.SameFile(a, b), links)
			}
			if notes.Len() > 0 {
				t.Errorf("notes: %s", notes)
			}
		})
	}
}

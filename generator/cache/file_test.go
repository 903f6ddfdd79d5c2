package cache_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// keptTrusted keeps data under key in a store of a cache in dir, with
// the time at, and returns the kept file's name. A build reads the file
// back and flushes, so that the table of the store's files holds what it
// saw: an at long enough before the table was written lets the next
// build take the file by its stat alone; one after it does not.
func keptTrusted(t *testing.T, dir, key string, data []byte, at time.Time) string {
	t.Helper()
	c, notes := open(t, dir, "v1")
	s := c.Store("pdf")
	if err := s.PutFileAt(key, data, filepath.Join(t.TempDir(), "first.pdf")); err != nil {
		t.Fatal(err)
	}
	kept, _ := filepath.Glob(filepath.Join(dir, "pdf", "*", "*.file"))
	if len(kept) != 1 {
		t.Fatalf("kept files: %v", kept)
	}
	if err := os.Chtimes(kept[0], at, at); err != nil {
		t.Fatal(err)
	}
	if linkFile(t, s, key, cache.Sum(data)) == "" {
		t.Fatalf("the kept file was not put in place:\n%s", notes)
	}
	c.Flush()
	return kept[0]
}

// TestKeptFileUnchangedIsTakenByItsStat: a build takes a kept file whose
// size and time are what the last build saw without reading it, but only
// for the sum it saw, and still takes it when that table is damaged, by
// reading it.
func TestKeptFileUnchangedIsTakenByItsStat(t *testing.T) {
	dir := t.TempDir()
	data := []byte("%PDF-1.7 a document\n")
	key := cache.Key("doc")
	keptTrusted(t, dir, key, data, time.Now().Add(-time.Hour))
	c, notes := open(t, dir, "v1")
	s := c.Store("pdf")
	out := linkFile(t, s, key, cache.Sum(data))
	if got, err := os.ReadFile(out); err != nil || string(got) != string(data) {
		t.Fatalf("got %q, %v:\n%s", got, err, notes)
	}
	if n := cache.ReadBack(s); n != 0 {
		t.Errorf("an unchanged kept file was read back %d times", n)
	}
	// The table vouches for the bytes it saw, not for an entry naming
	// others.
	if linkFile(t, s, key, cache.Sum([]byte("other bytes"))) != "" {
		t.Error("a file of other bytes than its entry names was put in place")
	}
	// A table that cannot be read vouches for nothing.
	tables, _ := filepath.Glob(filepath.Join(dir, "pdf", "*.stat"))
	if len(tables) != 1 {
		t.Fatalf("tables: %v", tables)
	}
	b, _ := os.ReadFile(tables[0])
	b[len(b)-1] ^= 1
	os.WriteFile(tables[0], b, 0o600)
	c, notes = open(t, dir, "v1")
	s = c.Store("pdf")
	out = linkFile(t, s, key, cache.Sum(data))
	if got, err := os.ReadFile(out); err != nil || string(got) != string(data) {
		t.Fatalf("got %q, %v:\n%s", got, err, notes)
	}
	if n := cache.ReadBack(s); n != 1 {
		t.Errorf("with a damaged table, the kept file was read back %d times, want 1", n)
	}
}

// TestFileWrittenIsTakenByItsStatNextBuild: what a build writes, the
// next takes by its stat, unread, once the table is older than the file
// (here by setting the table's time on, as a build in a later tick of
// the clock would have written it).
func TestFileWrittenIsTakenByItsStatNextBuild(t *testing.T) {
	dir := t.TempDir()
	c, _ := open(t, dir, "v1")
	data := []byte("<!doctype html>\n")
	key := cache.Key("page")
	if err := c.Store("page").PutFileAt(key, data, filepath.Join(t.TempDir(), "index.html")); err != nil {
		t.Fatal(err)
	}
	c.Flush()
	tables, _ := filepath.Glob(filepath.Join(dir, "page", "*.stat"))
	if len(tables) != 1 {
		t.Fatalf("tables: %v", tables)
	}
	setTime(t, tables[0], time.Now().Add(time.Hour))
	c, notes := open(t, dir, "v1")
	s := c.Store("page")
	if linkFile(t, s, key, cache.Sum(data)) == "" {
		t.Fatalf("the kept file was not put in place:\n%s", notes)
	}
	if n := cache.ReadBack(s); n != 0 {
		t.Errorf("a file the last build wrote was read back %d times", n)
	}
}

// TestKeptFileChangedBehindItsStatIsNotPutInPlace: a kept file edited or
// truncated in place, through an output linked to it or in the cache, is
// read back and refused, however its time was left: moved on by the
// edit (to before the table of the store's files was written, or after),
// set back after a truncation, or set back after an edit of the same size
// when the time was not older than the table (an edit git calls racy:
// made within the tick the table was written).
func TestKeptFileChangedBehindItsStatIsNotPutInPlace(t *testing.T) {
	data := []byte("%PDF-1.7 a document\n")
	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	for _, tc := range []struct {
		name string
		// at is the time the kept file has when the table is written.
		at   time.Time
		edit func(t *testing.T, out, kept string)
	}{
		{"same size, through the output", past, func(t *testing.T, out, kept string) {
			writeAt(t, out, "edited", 9)
		}},
		{"same size, in the cache", past, func(t *testing.T, out, kept string) {
			writeAt(t, kept, "X", 0)
		}},
		{"same size, time older than the table", past, func(t *testing.T, out, kept string) {
			writeAt(t, out, "edited", 9)
			setTime(t, out, past.Add(time.Second))
		}},
		{"truncated, time set back", past, func(t *testing.T, out, kept string) {
			if err := os.Truncate(out, 4); err != nil {
				t.Fatal(err)
			}
			setTime(t, out, past)
		}},
		{"same size, time set back, racy", future, func(t *testing.T, out, kept string) {
			writeAt(t, out, "edited", 9)
			setTime(t, out, future)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			key := cache.Key("doc")
			kept := keptTrusted(t, dir, key, data, tc.at)
			c, notes := open(t, dir, "v1")
			s := c.Store("pdf")
			out := linkFile(t, s, key, cache.Sum(data))
			if out == "" {
				t.Fatalf("the kept file was not put in place:\n%s", notes)
			}
			tc.edit(t, out, kept)
			c, notes = open(t, dir, "v1")
			s = c.Store("pdf")
			if linkFile(t, s, key, cache.Sum(data)) != "" {
				t.Errorf("a kept file changed in place was put in place again")
			}
			if !strings.Contains(notes.String(), "changed through an output linked to it") {
				t.Errorf("no note about the changed file:\n%s", notes)
			}
		})
	}
}

// writeAt writes s into the file name at off, in place.
func writeAt(t *testing.T, name, s string, off int64) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(s), off); err != nil {
		t.Fatal(err)
	}
}

func setTime(t *testing.T, name string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(name, at, at); err != nil {
		t.Fatal(err)
	}
}

package sysfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestCreateNewThenOpen: a file made new holds what was written, with the
// permissions asked for less the umask, and cannot be made new again;
// a missing file is fs.ErrNotExist, named, as os.Open reports it.
func TestCreateNewThenOpen(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	f, err := CreateNew(name, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	want, err := os.OpenFile(filepath.Join(dir, "g"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	want.Close()
	fi, _ := os.Stat(name)
	gi, _ := os.Stat(filepath.Join(dir, "g"))
	if fi.Mode() != gi.Mode() {
		t.Errorf("mode %v, os.OpenFile makes %v", fi.Mode(), gi.Mode())
	}
	if _, err := CreateNew(name, 0o644); !errors.Is(err, fs.ErrExist) {
		t.Errorf("making an existing file new: %v, want fs.ErrExist", err)
	}
	r, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 16)
	n, _ := r.Read(buf)
	if string(buf[:n]) != "hello" {
		t.Errorf("read %q, want %q", buf[:n], "hello")
	}
	if st, err := r.Stat(); err != nil || st.Size() != 5 {
		t.Errorf("stat: %v, %v", st, err)
	}
	_, err = Open(filepath.Join(dir, "missing"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing") {
		t.Errorf("opening a missing file: %v, want a PathError naming it that is fs.ErrNotExist", err)
	}
}

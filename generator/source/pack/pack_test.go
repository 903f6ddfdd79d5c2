package pack

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// packedCorpus is a small corpus repacked by go-git, with deltas between
// the revisions of each document and between the trees of successive
// commits, as a clone's pack has them.
func packedCorpus(t *testing.T, refDeltas bool) *testrepo.Repo {
	t.Helper()
	r := testrepo.Corpus(t, 12, 40, 1)
	if err := r.Git.RepackObjects(&git.RepackConfig{UseRefDeltas: refDeltas}); err != nil {
		t.Fatal(err)
	}
	return r
}

// gitObject is go-git's reading of object h.
func gitObject(t *testing.T, r *git.Repository, h plumbing.Hash) (plumbing.ObjectType, []byte) {
	t.Helper()
	obj, err := r.Storer.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		t.Fatal(err)
	}
	rd, err := obj.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	return obj.Type(), b
}

// allObjects lists every object in r's store, packed or loose.
func allObjects(t *testing.T, r *git.Repository) []plumbing.Hash {
	t.Helper()
	it, err := r.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	var hs []plumbing.Hash
	if err := it.ForEach(func(o plumbing.EncodedObject) error {
		hs = append(hs, o.Hash())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return hs
}

// kinds counts the pack's objects by how they are stored.
func kinds(t *testing.T, s *Store) map[Type]int {
	t.Helper()
	n := map[Type]int{}
	st := &state{}
	for _, p := range s.packs {
		for _, off := range p.x.starts {
			raw, err := st.read(p, off)
			if err != nil {
				t.Fatal(err)
			}
			h, err := parseHeader(raw, off)
			if err != nil {
				t.Fatal(err)
			}
			n[h.typ]++
		}
	}
	return n
}

// sameAsGoGit reads every object of r through s, in both orders (so
// that bases are met cold and cached), and fails on any that differs
// from go-git's reading. It returns how many s did not find.
func sameAsGoGit(t *testing.T, r *git.Repository, s *Store) int {
	t.Helper()
	hs := allObjects(t, r)
	missing := 0
	for pass := range 2 {
		for i := range hs {
			h := hs[i]
			if pass == 1 {
				h = hs[len(hs)-1-i]
			}
			typ, want := gitObject(t, r, h)
			var got Object
			var err error
			if i%2 == 0 {
				got, err = s.Read(h)
			} else {
				var b Borrowed
				b, err = s.Borrow(h)
				got = Object{Type: b.Type, Data: bytes.Clone(b.Data)}
				s.Release(b)
			}
			if errors.Is(err, ErrNotFound) {
				missing++
				continue
			}
			if err != nil {
				t.Fatalf("reading %s: %v", h, err)
			}
			if plumbing.ObjectType(got.Type) != typ || !bytes.Equal(got.Data, want) {
				t.Fatalf("%s read as %d, %d bytes; go-git reads %s, %d bytes", h, got.Type, len(got.Data), typ, len(want))
			}
		}
	}
	return missing / 2
}

func open(t *testing.T, r *testrepo.Repo, cache int64) *Store {
	t.Helper()
	s, err := Open(filepath.Join(r.Dir, ".git", "objects"), cache, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestReadsWhatGoGitReadsFromOffsetDeltas(t *testing.T) {
	r := packedCorpus(t, false)
	// A cache too small for most trees, and one that holds everything;
	// the pack mapped into memory where the system can, and read through
	// windows as where it cannot.
	for _, cache := range []int64{4 << 10, 32 << 20} {
		for _, mapped := range []bool{true, false} {
			s := open(t, r, cache)
			if !mapped {
				unmap(t, s)
			}
			if k := kinds(t, s); k[ofsDelta] == 0 || k[refDelta] != 0 {
				t.Fatalf("pack holds %v, want offset deltas only", k)
			}
			if missing := sameAsGoGit(t, r.Git, s); missing != 0 {
				t.Errorf("%d packed objects not found", missing)
			}
		}
	}
}

// unmap makes s read its packs through windows, as on a system without
// mapped files.
func unmap(t *testing.T, s *Store) {
	t.Helper()
	for _, p := range s.packs {
		if err := unmapFile(p.data); err != nil {
			t.Fatal(err)
		}
		p.data = nil
	}
}

func TestReadsWhatGoGitReadsFromReferenceDeltas(t *testing.T) {
	r := packedCorpus(t, true)
	s := open(t, r, 1<<20)
	if k := kinds(t, s); k[refDelta] == 0 {
		t.Fatalf("pack holds %v, want reference deltas", k)
	}
	if missing := sameAsGoGit(t, r.Git, s); missing != 0 {
		t.Errorf("%d packed objects not found", missing)
	}
}

// Objects written after the repack are in a second pack or loose: the
// second pack is read, the loose ones are left to go-git.
func TestReadsEveryPackAndLeavesLooseObjects(t *testing.T) {
	r := packedCorpus(t, false)
	st := r.Git.Storer
	var second []plumbing.Hash
	for i := range 5 {
		second = append(second, testrepo.PutBlob(t, st, fmt.Sprintf("a new blob %d\n%s", i, bytes.Repeat([]byte("shared line\n"), 50))))
	}
	w, err := st.(storer.PackfileWriter).PackfileWriter()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := packfile.NewEncoder(w, st, true).Encode(second, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	loose := testrepo.PutBlob(t, st, "loose\n")
	s := open(t, r, 1<<20)
	if s.Packs() != 2 {
		t.Fatalf("store reads %d packs, want 2", s.Packs())
	}
	if missing := sameAsGoGit(t, r.Git, s); missing != 1 {
		t.Errorf("%d objects not found, want 1 (the loose one)", missing)
	}
	if _, err := s.Read(loose); !errors.Is(err, ErrNotFound) {
		t.Errorf("loose object: err = %v, want ErrNotFound", err)
	}
	for _, h := range second {
		if _, err := s.Read(h); err != nil {
			t.Errorf("object of the second pack: %v", err)
		}
	}
}

// A pack that does not match its index is not read at all: its objects
// are reported not found, for go-git to read or to report.
func TestPackNotMatchingItsIndexIsLeftOut(t *testing.T) {
	r := packedCorpus(t, false)
	packs, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack"))
	if len(packs) != 1 {
		t.Fatalf("packs = %v", packs)
	}
	b, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 0xff
	if err := os.WriteFile(packs[0], b, 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, r, 1<<20)
	if s.Packs() != 0 {
		t.Fatalf("store reads %d packs, want 0", s.Packs())
	}
	if _, err := s.Read(allObjects(t, r.Git)[0]); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

// An object larger than the store is told to read is an error before
// anything is allocated for it, so the caller reads it some other way.
func TestObjectOverTheLimitIsRefused(t *testing.T) {
	r := packedCorpus(t, false)
	s, err := Open(filepath.Join(r.Dir, ".git", "objects"), 1<<20, 100)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	refused := 0
	for _, h := range allObjects(t, r.Git) {
		_, want := gitObject(t, r.Git, h)
		got, err := s.Read(h)
		switch {
		case err != nil && len(want) > 100:
			refused++
		case err != nil:
			t.Fatalf("%s (%d bytes): %v", h, len(want), err)
		case !bytes.Equal(got.Data, want):
			t.Fatalf("%s differs", h)
		}
	}
	if refused == 0 {
		t.Fatal("no object refused")
	}
}

func TestDeltaOutOfBoundsIsAnError(t *testing.T) {
	base := []byte("0123456789")
	alloc := func(n int64) []byte { return make([]byte, n) }
	for _, tc := range []struct {
		name  string
		delta []byte
	}{
		{"wrong base size", []byte{11, 4, 0x90, 4}},
		{"copy past the base", []byte{10, 4, 0x91, 8, 4}},
		{"copy past the result", []byte{10, 4, 0x90, 5}},
		{"insert past the delta", []byte{10, 4, 4, 'a', 'b'}},
		{"result too short", []byte{10, 4, 0x90, 2}},
		{"reserved instruction", []byte{10, 4, 0}},
		{"result over the limit", []byte{10, 0xff, 0x7f}},
	} {
		if _, err := apply(base, tc.delta, 1000, alloc); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	got, err := apply(base, []byte{10, 6, 0x91, 2, 3, 3, 'a', 'b', 'c'}, 1000, alloc)
	if err != nil || string(got) != "234abc" {
		t.Errorf("apply = %q, %v; want 234abc", got, err)
	}
}

// Sort puts objects in the order the pack holds them, whatever order they
// are asked in, and ids no pack holds after them as they came.
func TestSortOrdersObjectsAsThePackHoldsThem(t *testing.T) {
	r := packedCorpus(t, false)
	s := open(t, r, 1<<20)
	hs := allObjects(t, r.Git)
	ids := make([][20]byte, 0, len(hs)+2)
	missing := [][20]byte{{1, 2, 3}, {0xff}}
	ids = append(ids, missing[0])
	for i := len(hs) - 1; i >= 0; i-- {
		ids = append(ids, hs[i])
	}
	ids = append(ids, missing[1])
	s.Sort(ids)
	if len(ids) != len(hs)+2 {
		t.Fatalf("%d ids after sorting, want %d", len(ids), len(hs)+2)
	}
	last := int64(-1)
	for i, id := range ids[:len(hs)] {
		off, ok := s.packs[0].x.find(id[:])
		if !ok {
			t.Fatalf("id %d, %x, is in no pack", i, id)
		}
		if off <= last {
			t.Fatalf("id %d at offset %d comes after offset %d", i, off, last)
		}
		last = off
	}
	if ids[len(hs)] != missing[0] || ids[len(hs)+1] != missing[1] {
		t.Errorf("the ids no pack holds end as %x, %x; want %x, %x", ids[len(hs)], ids[len(hs)+1], missing[0], missing[1])
	}
}

// Package pack reads objects from git pack files (index version 2, pack
// version 2 or 3) for the history walk, faster than go-git does: deltas
// are applied straight from a resolved base held in a cache keyed by pack
// offset and sized in bytes, into one allocation for the result, and zlib
// readers are reused. It only reads. Anything it does not understand
// (loose objects, alternates, a damaged or unusual pack, an object larger
// than it is told to read) it reports as an error, and the caller asks
// go-git instead: this package is a fast path, never the only one.
//
// A Store is safe for concurrent use. The bytes it returns are shared with
// its cache and must not be changed.
package pack

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// Type is an object's type as a pack records it.
type Type int8

// The object types a Store returns; the values are git's (and go-git's
// plumbing.ObjectType's).
const (
	Commit Type = 1
	Tree   Type = 2
	Blob   Type = 3
	Tag    Type = 4

	ofsDelta = 6
	refDelta = 7
)

// Object is an object's type and content.
type Object struct {
	Type Type
	Data []byte
}

// ErrNotFound says no pack of the store holds the object.
var ErrNotFound = errors.New("object not in any pack")

// maxDepth bounds a delta chain: git's own limit is 4095.
const maxDepth = 10000

// Store reads the objects of the pack files of one object directory.
type Store struct {
	packs []*packFile
	cache cache
	max   int64
	// states holds each reader's scratch space: a window on a pack file,
	// an inflater and a buffer for delta instructions.
	states sync.Pool
}

type packFile struct {
	f *os.File
	x *index
	// end is where the objects end and the trailing checksum starts.
	end int64
	n   int
	// data is the whole file mapped into memory (mapFile), nil where it
	// could not be: objects are then read with ReadAt through windows.
	data []byte
}

// Open reads the pack indexes under objects/pack of the object directory
// dir. A pack it cannot read is left out, so its objects are reported as
// not found and read some other way. cacheBytes bounds the cache of
// resolved objects (delta bases); maxObject is the largest object, in
// bytes, it reads: larger ones are reported as errors before anything is
// allocated for them.
func Open(dir string, cacheBytes, maxObject int64) (*Store, error) {
	idxs, err := filepath.Glob(filepath.Join(dir, "pack", "pack-*.idx"))
	if err != nil {
		return nil, err
	}
	sort.Strings(idxs)
	s := &Store{cache: cache{trees: newLRU(cacheBytes / 2), other: newLRU(cacheBytes / 2)}, max: maxObject}
	s.states.New = func() any { return &state{} }
	for _, idx := range idxs {
		p, err := openPack(idx, len(s.packs))
		if err != nil {
			continue
		}
		s.packs = append(s.packs, p)
	}
	return s, nil
}

func openPack(idx string, n int) (*packFile, error) {
	b, err := os.ReadFile(idx)
	if err != nil {
		return nil, err
	}
	x, err := parseIndex(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", idx, err)
	}
	f, err := os.Open(idx[:len(idx)-len(".idx")] + ".pack")
	if err != nil {
		return nil, err
	}
	p, err := checkPack(f, x, n)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	return p, nil
}

// checkPack checks that f is the pack x indexes: its header, its object
// count and its trailing checksum, which the index repeats.
func checkPack(f *os.File, x *index, n int) (*packFile, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size < 12+hashSize {
		return nil, errors.New("pack file too short")
	}
	var hdr [12]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return nil, err
	}
	if string(hdr[:4]) != "PACK" {
		return nil, errors.New("not a pack file")
	}
	if v := binary.BigEndian.Uint32(hdr[4:]); v != 2 && v != 3 {
		return nil, fmt.Errorf("pack version %d", v)
	}
	if c := binary.BigEndian.Uint32(hdr[8:]); int64(c) != int64(x.count()) {
		return nil, fmt.Errorf("pack holds %d objects, its index %d", c, x.count())
	}
	var sum [hashSize]byte
	if _, err := f.ReadAt(sum[:], size-hashSize); err != nil {
		return nil, err
	}
	if !bytes.Equal(sum[:], x.packSum) {
		return nil, errors.New("pack checksum differs from its index's")
	}
	end := size - hashSize
	for _, o := range x.starts {
		if o < 12 || o >= end {
			return nil, errors.New("pack index names an offset outside the pack")
		}
	}
	return &packFile{f: f, x: x, end: end, n: n, data: mapFile(f, size)}, nil
}

// Close closes the pack files.
func (s *Store) Close() error {
	var errs []error
	for _, p := range s.packs {
		errs = append(errs, unmapFile(p.data), p.f.Close())
	}
	s.packs = nil
	return errors.Join(errs...)
}

// Packs is how many pack files the store reads.
func (s *Store) Packs() int { return len(s.packs) }

// Read returns object id. It returns ErrNotFound when no pack holds it,
// and another error when a pack holds it but it cannot be read here. The
// bytes are the caller's to keep, but never to change: the cache may
// share them.
func (s *Store) Read(id [20]byte) (Object, error) {
	e, err := s.find(id)
	if err != nil {
		return Object{}, err
	}
	e.c.keep(e)
	e.c.release(e)
	return e.obj, nil
}

// Sort orders ids as their objects lie in the packs, by pack and then by
// offset, ids no pack holds last in their order. Reading many objects in
// that order resolves each delta soon after its base, which git writes
// first, while the base is still cached: revisions of different
// documents are often deltas of one another, so reading them document by
// document instead resolves each long chain again and again.
func (s *Store) Sort(ids [][20]byte) {
	type at struct {
		pack int
		off  int64
		id   [20]byte
	}
	where := make([]at, len(ids))
	for i, id := range ids {
		where[i] = at{pack: len(s.packs), id: id}
		for _, p := range s.packs {
			if off, ok := p.x.find(id[:]); ok {
				where[i].pack, where[i].off = p.n, off
				break
			}
		}
	}
	slices.SortStableFunc(where, func(a, b at) int {
		if a.pack != b.pack {
			return a.pack - b.pack
		}
		return cmp.Compare(a.off, b.off)
	})
	for i := range where {
		ids[i] = where[i].id
	}
}

// Borrowed is an object lent by the store until it is given back with
// Release; its bytes are reused after that.
type Borrowed struct {
	Object
	e *entry
}

// Borrow is Read for an object needed only for a moment, such as a tree
// to compare with another: its buffer is reused once it is released and
// the cache has let it go, instead of being left to the garbage collector,
// which on a long walk is most of the cost of reading trees.
func (s *Store) Borrow(id [20]byte) (Borrowed, error) {
	e, err := s.find(id)
	if err != nil {
		return Borrowed{}, err
	}
	return Borrowed{Object: e.obj, e: e}, nil
}

// Release gives a borrowed object back. Its bytes must not be used after.
func (s *Store) Release(b Borrowed) {
	if b.e != nil {
		b.e.c.release(b.e)
	}
}

// find resolves object id, holding a reference to it.
func (s *Store) find(id [20]byte) (*entry, error) {
	st := s.states.Get().(*state)
	e, err := s.findWith(st, id)
	s.states.Put(st)
	return e, err
}

func (s *Store) findWith(st *state, id [20]byte) (*entry, error) {
	defer st.release()
	for _, p := range s.packs {
		if off, ok := p.x.find(id[:]); ok {
			return s.at(st, p, off)
		}
	}
	return nil, ErrNotFound
}

// Reader reads objects for one goroutine: it keeps its own windows on
// the pack files, so that a walk reading one part of a pack in order
// (the trees of successive commits, the revisions of documents) reads
// each stretch from disk once, however many goroutines read other parts.
// Readers share their store's cache. A Reader is safe for concurrent
// use, though only one goroutine at a time uses its windows.
type Reader struct {
	s  *Store
	mu sync.Mutex
	st state
}

// Reader returns a new Reader on s.
func (s *Store) Reader() *Reader { return &Reader{s: s} }

// Read is Store.Read through r's windows.
func (r *Reader) Read(id [20]byte) (Object, error) {
	e, err := r.find(id)
	if err != nil {
		return Object{}, err
	}
	e.c.keep(e)
	e.c.release(e)
	return e.obj, nil
}

// Borrow is Store.Borrow through r's windows.
func (r *Reader) Borrow(id [20]byte) (Borrowed, error) {
	e, err := r.find(id)
	if err != nil {
		return Borrowed{}, err
	}
	return Borrowed{Object: e.obj, e: e}, nil
}

// Release gives a borrowed object back. Its bytes must not be used after.
func (r *Reader) Release(b Borrowed) { r.s.Release(b) }

func (r *Reader) find(id [20]byte) (*entry, error) {
	if !r.mu.TryLock() {
		return r.s.find(id)
	}
	defer r.mu.Unlock()
	return r.s.findWith(&r.st, id)
}

// at resolves the object at offset off of pack p, the way git does: down
// the delta chain to an object in the cache or stored whole, inflating
// each delta on the way, then up again applying them, each result cached
// as the next one's base. The caller holds a reference to the entry
// returned and must release it.
func (s *Store) at(st *state, p *packFile, off int64) (*entry, error) {
	chain := st.chain[:0]
	arena := st.arena[:0]
	defer func() { st.chain, st.arena = chain[:0], arena[:0] }()
	var base *entry
	for base == nil {
		k := key{p.n, off}
		if base = s.cache.get(k); base != nil {
			break
		}
		if len(chain) > maxDepth {
			return nil, fmt.Errorf("delta chain longer than %d at offset %d", maxDepth, off)
		}
		raw, err := st.read(p, off)
		if err != nil {
			return nil, err
		}
		h, err := parseHeader(raw, off)
		if err != nil {
			return nil, fmt.Errorf("object at offset %d: %w", off, err)
		}
		if h.size > s.max {
			return nil, fmt.Errorf("object at offset %d is %d bytes, more than %d", off, h.size, s.max)
		}
		switch h.typ {
		case Commit, Tree, Blob, Tag:
			c := s.cache.of(h.typ)
			data := c.alloc(h.size)
			if err := st.inflate(raw[h.n:], data); err != nil {
				c.free(data)
				return nil, fmt.Errorf("object at offset %d: %w", off, err)
			}
			base = c.add(k, Object{Type: h.typ, Data: data})
		case ofsDelta, refDelta:
			start := len(arena)
			if int64(start)+h.size > maxArena {
				return nil, fmt.Errorf("delta chain at offset %d holds more than %d bytes of deltas", off, maxArena)
			}
			arena = slices.Grow(arena, int(h.size))[:start+int(h.size)]
			if err := st.inflate(raw[h.n:], arena[start:]); err != nil {
				return nil, fmt.Errorf("delta at offset %d: %w", off, err)
			}
			chain = append(chain, link{off: off, start: start, end: len(arena)})
			next, ok := h.base, true
			if h.typ == refDelta {
				next, ok = p.x.find(h.ref)
			}
			if !ok {
				return nil, fmt.Errorf("delta at offset %d has its base in another pack", off)
			}
			off = next
		default:
			return nil, fmt.Errorf("object at offset %d has type %d", off, h.typ)
		}
	}
	for i := len(chain) - 1; i >= 0; i-- {
		l := chain[i]
		typ := base.obj.Type
		c := s.cache.of(typ)
		data, err := apply(base.obj.Data, arena[l.start:l.end], s.max, c.alloc)
		base.c.release(base)
		if err != nil {
			return nil, fmt.Errorf("delta at offset %d: %w", l.off, err)
		}
		base = c.add(key{p.n, l.off}, Object{Type: typ, Data: data})
	}
	return base, nil
}

// maxArena bounds the inflated deltas of one chain.
const maxArena = 64 << 20

// link is one delta of a chain being resolved: its offset and where its
// inflated instructions are in the state's arena.
type link struct {
	off        int64
	start, end int
}

// header is a pack object's header.
type header struct {
	typ  Type
	size int64 // of the content, or of the delta instructions
	n    int   // header length
	base int64 // of an OFS_DELTA
	ref  []byte
}

func parseHeader(b []byte, off int64) (header, error) {
	var h header
	if len(b) == 0 {
		return h, io.ErrUnexpectedEOF
	}
	c := b[0]
	h.typ = Type(c >> 4 & 7)
	h.size = int64(c & 15)
	shift, i := 4, 1
	for c&0x80 != 0 {
		if i >= len(b) || shift > 56 {
			return h, errors.New("bad object header")
		}
		c = b[i]
		i++
		h.size |= int64(c&0x7f) << shift
		shift += 7
	}
	switch h.typ {
	case ofsDelta:
		if i >= len(b) {
			return h, io.ErrUnexpectedEOF
		}
		c = b[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) || rel >= 1<<55 {
				return h, errors.New("bad delta base offset")
			}
			c = b[i]
			i++
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		h.base = off - rel
		if rel <= 0 || h.base < 12 {
			return h, errors.New("delta base offset out of the pack")
		}
	case refDelta:
		if i+hashSize > len(b) {
			return h, io.ErrUnexpectedEOF
		}
		h.ref = b[i : i+hashSize]
		i += hashSize
	}
	h.n = i
	return h, nil
}

// apply applies delta to base, checking every instruction against both.
func apply(base, delta []byte, max int64, alloc func(int64) []byte) ([]byte, error) {
	src, n := binary.Uvarint(delta)
	if n <= 0 {
		return nil, errors.New("bad delta header")
	}
	delta = delta[n:]
	dst, n := binary.Uvarint(delta)
	if n <= 0 {
		return nil, errors.New("bad delta header")
	}
	delta = delta[n:]
	if src != uint64(len(base)) {
		return nil, fmt.Errorf("delta for a %d-byte base applied to %d bytes", src, len(base))
	}
	if dst > uint64(max) {
		return nil, fmt.Errorf("delta makes %d bytes, more than %d", dst, max)
	}
	out := alloc(int64(dst))
	w := 0
	for i := 0; i < len(delta); {
		op := delta[i]
		i++
		switch {
		case op&0x80 != 0:
			var off, size uint64
			for bit := range 4 {
				if op&(1<<bit) != 0 {
					if i >= len(delta) {
						return nil, errors.New("truncated delta")
					}
					off |= uint64(delta[i]) << (8 * bit)
					i++
				}
			}
			for bit := range 3 {
				if op&(0x10<<bit) != 0 {
					if i >= len(delta) {
						return nil, errors.New("truncated delta")
					}
					size |= uint64(delta[i]) << (8 * bit)
					i++
				}
			}
			if size == 0 {
				size = 0x10000
			}
			if off+size > uint64(len(base)) || size > uint64(len(out)-w) {
				return nil, errors.New("delta copies out of bounds")
			}
			w += copy(out[w:], base[off:off+size])
		case op != 0:
			size := int(op)
			if i+size > len(delta) || size > len(out)-w {
				return nil, errors.New("delta inserts out of bounds")
			}
			w += copy(out[w:], delta[i:i+size])
			i += size
		default:
			return nil, errors.New("reserved delta instruction")
		}
	}
	if w != len(out) {
		return nil, fmt.Errorf("delta made %d bytes of %d", w, len(out))
	}
	return out, nil
}

// window is how much of a pack file one read takes, and windows how many
// a reader keeps: the walk reads commits, trees and blobs from different
// parts of a pack, each part mostly in order.
const (
	window  = 4 << 10
	windows = 16
)

// state is one reader's scratch space.
type state struct {
	win   [windows]win
	clock int
	br    bytes.Reader
	zr    io.ReadCloser
	arena []byte
	chain []link
}

// win is a stretch of a pack file read into memory.
type win struct {
	b    []byte
	off  int64
	p    *packFile
	used int
}

// read returns the bytes of the object at off, header and compressed
// content, up to the next object's start.
func (st *state) read(p *packFile, off int64) ([]byte, error) {
	end, ok := p.x.end(off, p.end)
	if !ok {
		return nil, fmt.Errorf("no object starts at offset %d", off)
	}
	if p.data != nil {
		return p.data[off:end:end], nil
	}
	st.clock++
	old := &st.win[0]
	for i := range st.win {
		w := &st.win[i]
		if w.p == p && off >= w.off && end <= w.off+int64(len(w.b)) {
			w.used = st.clock
			return w.b[off-w.off : end-w.off], nil
		}
		if w.used < old.used {
			old = w
		}
	}
	n := max(end-off, window)
	n = min(n, p.end-off)
	if int64(cap(old.b)) < n {
		old.b = make([]byte, n)
	}
	old.b = old.b[:n]
	old.p = nil
	if _, err := p.f.ReadAt(old.b, off); err != nil {
		return nil, err
	}
	old.p, old.off, old.used = p, off, st.clock
	return old.b[:end-off], nil
}

// inflate fills dst from the zlib stream src, which must hold exactly
// len(dst) bytes.
func (st *state) inflate(src, dst []byte) error {
	st.br.Reset(src)
	if st.zr == nil {
		zr, err := zlib.NewReader(&st.br)
		if err != nil {
			return err
		}
		st.zr = zr
	} else if err := st.zr.(zlib.Resetter).Reset(&st.br, nil); err != nil {
		return err
	}
	if _, err := io.ReadFull(st.zr, dst); err != nil {
		return err
	}
	var one [1]byte
	if n, err := st.zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("object longer than its header says")
		}
		return err
	}
	return nil
}

// release drops what st holds that is too large to keep between reads.
func (st *state) release() {
	if cap(st.arena) > 1<<20 {
		st.arena = nil
	}
	for i := range st.win {
		if cap(st.win[i].b) > window {
			st.win[i] = win{}
		}
	}
}

package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/ismspack/ismspack/generator/source/pack"
)

// packCache bounds the bytes of resolved objects the pack reader keeps
// as delta bases, half for trees and half for the rest: on the 1,000 x
// 5,000 corpus, 400 trees of the thousand-document folder (delta chains
// run 50 deep) and several revisions of every document. Half as much
// resolves 6% more trees and 30% more revisions again; twice as much
// saves under 1%. git's own delta-base cache is 96 MiB.
const packCache = 32 << 20

// packed is a repository's object store that reads pack files through
// package pack first and asks go-git for anything pack cannot read:
// loose objects, alternates, objects over MaxFileSize, unusual packs.
// Every go-git call on the repository goes through it.
type packed struct {
	*filesystem.Storage
	packs *pack.Reader
}

// EncodedObject is go-git's read of one object, taken from the pack
// reader when it can.
func (s *packed) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	if o, err := s.packs.Read(h); err == nil {
		typ := plumbing.ObjectType(o.Type)
		if t != plumbing.AnyObject && t != typ {
			return nil, plumbing.ErrObjectNotFound
		}
		return &rawObject{hash: h, typ: typ, data: o.Data}, nil
	}
	return s.Storage.EncodedObject(t, h)
}

// object returns the content of object h of type t, without go-git's
// decoding when the pack reader has it.
func (r *Repo) object(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	if r.packs != nil {
		if o, err := r.packs.Read(h); err == nil {
			if plumbing.ObjectType(o.Type) != t {
				return nil, plumbing.ErrObjectNotFound
			}
			return o.Data, nil
		}
	}
	obj, err := r.repo.Storer.EncodedObject(t, h)
	if err != nil {
		return nil, err
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return readAll(rd, obj.Size())
}

// Blob returns the content of blob id (its hex object id), for a stage
// that reads a revision by id instead of keeping every revision's bytes.
// It is safe for concurrent use with other Blob calls: packed blobs are
// read through the shared pack store, others through go-git one call at
// a time. A blob larger than MaxFileSize is an error.
func (r *Repo) Blob(id string) ([]byte, error) {
	if !plumbing.IsHash(id) {
		return nil, fmt.Errorf("%q is not a blob id", id)
	}
	h := plumbing.NewHash(id)
	if r.store != nil {
		if o, err := r.store.Read(h); err == nil {
			if o.Type != pack.Blob {
				return nil, fmt.Errorf("object %s is not a blob", id)
			}
			return o.Data, nil
		}
	}
	r.blobMu.Lock()
	defer r.blobMu.Unlock()
	size, data, err := r.fileBlob(h)
	if err != nil {
		return nil, fmt.Errorf("reading blob %s: %w", id, err)
	}
	if data == nil && size > MaxFileSize {
		return nil, fmt.Errorf("blob %s is %d bytes, more than the %d ismspack reads", id, size, MaxFileSize)
	}
	return data, nil
}

// Blobs returns the contents of the blobs ids, by id, read in the order
// the pack files hold them (see pack.Store.Sort) and on two goroutines
// when there are many: far faster than one Blob call per id when the
// blobs are deltas of one another. A blob over MaxFileSize maps to nil.
func (r *Repo) Blobs(ids []string) (map[string][]byte, error) {
	hs := make([][20]byte, 0, len(ids))
	for _, id := range ids {
		if !plumbing.IsHash(id) {
			return nil, fmt.Errorf("%q is not a blob id", id)
		}
		hs = append(hs, plumbing.NewHash(id))
	}
	if r.store != nil {
		r.store.Sort(hs)
	}
	data := make([][]byte, len(hs))
	errs := make([]error, len(hs))
	err := r.inParallel(len(hs), func(h *Repo, i int) {
		data[i], errs[i] = h.blob(hs[i])
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string][]byte, len(hs))
	for i, h := range hs {
		if errs[i] != nil {
			return nil, fmt.Errorf("reading blob %s: %w", plumbing.Hash(h), errs[i])
		}
		out[plumbing.Hash(h).String()] = data[i]
	}
	return out, nil
}

// rawObject is an object the pack reader resolved, as go-git's
// EncodedObject. Its bytes are shared, never changed.
type rawObject struct {
	hash plumbing.Hash
	typ  plumbing.ObjectType
	data []byte
}

func (o *rawObject) Hash() plumbing.Hash           { return o.hash }
func (o *rawObject) Type() plumbing.ObjectType     { return o.typ }
func (o *rawObject) SetType(t plumbing.ObjectType) { o.typ = t }
func (o *rawObject) Size() int64                   { return int64(len(o.data)) }
func (o *rawObject) SetSize(int64)                 {}

// Reader reads the shared bytes; its WriteTo hands them over in one
// Write, which readAll takes without a copy.
func (o *rawObject) Reader() (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(o.data)), nil
}

func (o *rawObject) Writer() (io.WriteCloser, error) {
	return nil, errors.New("a packed object is read-only")
}

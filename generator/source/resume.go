package source

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ismspack/ismspack/generator/internal/wire"
)

// WalkState is what one history walk learned, kept between builds so that
// a walk from a descendant of its tip reads only the commits made since
// and takes the rest from here. It is tied to one selector: a walk with
// other include patterns or another content directory tracks other
// documents.
type WalkState struct {
	// Tip is the commit the walk started from.
	Tip string
	// Select identifies the selector the walk asked (Selector.ID).
	Select string
	// Commits is how many commits the walk visited, as Snapshot.Commits.
	Commits int
	// TruncatedAt is the position (1-based, in walk order) of the first
	// shallow-clone boundary the walk processed; 0 when it met none.
	TruncatedAt int
	// Docs holds each document's changes, keyed by its path at Tip.
	// Changes name their content by blob id only: a walk resumed from
	// the state reads the contents it needs from the repository, where
	// every blob a change names still is, so the state stays small.
	Docs map[string]*DocWalk
}

// DocWalk is one document's part of a walk.
type DocWalk struct {
	// Changes are newest first, without their Data.
	Changes []Change
	// Created is the walk position of the commit that added the document;
	// 0 when the walk never reached it.
	Created int
}

// Resumed says how a walk used the state it was given.
type Resumed int

// How a walk used a previous WalkState.
const (
	// NotResumed: no state was given, or the new commits' shape (a merge
	// of older work) meant reading everything again, which is still right.
	NotResumed Resumed = iota
	// Spliced: the walk read only the new commits.
	Spliced
	// SameTip: the state's tip is the commit asked for.
	SameTip
	// Rewritten: the state's tip is not an ancestor of the commit asked
	// for (history rewritten, force-pushed, or another branch).
	Rewritten
)

// walkFormat changes whenever WalkState's encoding or meaning does.
const walkFormat = "ismspack walk v4"

// Encode writes the state in the form DecodeWalkState reads: the commits
// once each, then every document's changes naming their commits by
// number. Times are kept as seconds and zone offset, and come back as
// go-git reads them.
func (w *WalkState) Encode() ([]byte, error) {
	index := map[*Commit]int{}
	var commits []*Commit
	for _, d := range w.Docs {
		for _, ch := range d.Changes {
			if _, ok := index[ch.Commit]; !ok {
				index[ch.Commit] = -1
				commits = append(commits, ch.Commit)
			}
		}
	}
	// One order for one state, whatever order the map gave.
	slices.SortFunc(commits, func(a, b *Commit) int { return strings.Compare(a.Hash, b.Hash) })
	for i, c := range commits {
		index[c] = i
	}
	out := wire.NewEntry(walkFormat, 256*len(commits)+128*len(w.Docs))
	out.String(w.Tip)
	out.String(w.Select)
	out.Int(int64(w.Commits))
	out.Int(int64(w.TruncatedAt))
	out.Uint(uint64(len(commits)))
	for _, c := range commits {
		_, off := c.When.Zone()
		for _, v := range []string{c.Hash, c.Author, c.Email, c.Subject, c.Committer, c.CommitterEmail, c.Signature} {
			out.String(v)
		}
		out.Int(c.When.Unix())
		out.Int(int64(off))
		out.Bool(c.When.Location() == time.UTC)
		out.Int(int64(c.Parents))
		out.Bytes(c.Raw)
	}
	out.Uint(uint64(len(w.Docs)))
	for _, p := range slices.Sorted(maps.Keys(w.Docs)) {
		d := w.Docs[p]
		out.String(p)
		out.Int(int64(d.Created))
		out.Uint(uint64(len(d.Changes)))
		for _, ch := range d.Changes {
			out.Uint(uint64(index[ch.Commit]))
			for _, v := range []string{string(ch.Action), ch.Path, ch.From, ch.Blob} {
				out.String(v)
			}
			out.Bool(ch.Boundary)
		}
	}
	return out.B, nil
}

// DecodeWalkState reads what Encode wrote. Commits come back as go-git
// reads them: in UTC, or in a zone with no name at their offset.
func DecodeWalkState(data []byte) (*WalkState, error) {
	r, err := wire.Open(data, walkFormat)
	if err != nil {
		return nil, fmt.Errorf("walk state: %w", err)
	}
	r.ShareStrings()
	w := &WalkState{Tip: r.String(), Select: r.String(), Commits: int(r.Int()), TruncatedAt: int(r.Int()), Docs: map[string]*DocWalk{}}
	commits := make([]*Commit, r.Count())
	zones := map[int]*time.Location{}
	for i := range commits {
		c := &Commit{Hash: r.String(), Author: r.String(), Email: r.String(), Subject: r.String(),
			Committer: r.String(), CommitterEmail: r.String(), Signature: r.String()}
		unix, off, utc := r.Int(), int(r.Int()), r.Bool()
		if utc {
			c.When = time.Unix(unix, 0).In(time.UTC)
		} else {
			// One zone per offset, as a walk's commits share few.
			loc := zones[off]
			if loc == nil {
				loc = time.FixedZone("", off)
				zones[off] = loc
			}
			c.When = time.Unix(unix, 0).In(loc)
		}
		c.Parents = int(r.Int())
		c.Raw = r.Bytes()
		commits[i] = c
	}
	for n := r.Count(); n > 0 && r.Err() == nil; n-- {
		p := r.String()
		d := &DocWalk{Created: int(r.Int())}
		d.Changes = make([]Change, r.Count())
		for j := range d.Changes {
			i := r.Uint()
			if i >= uint64(len(commits)) {
				return nil, fmt.Errorf("walk state names commit %d of %d", i, len(commits))
			}
			d.Changes[j] = Change{Commit: commits[i], Action: Action(r.String()), Path: r.String(), From: r.String(), Blob: r.String(), Boundary: r.Bool()}
		}
		w.Docs[p] = d
	}
	if err := r.End(); err != nil {
		return nil, fmt.Errorf("decoding walk state: %w", err)
	}
	return w, nil
}

// ID identifies what the selector reads: two selectors with one ID pick
// the same documents.
func (s *Selector) ID() string {
	return fmt.Sprintf("%q %q %q", s.content, strings.Join(s.include, "\x00"), strings.Join(s.exclude, "\x00"))
}

// splice finishes a walk that has reached prev's tip with nothing else
// left to visit: the walk from there is prev's walk, so each document
// still looked for takes prev's changes, and their contents are read by
// blob id as the walk's own are. It reports false, changing nothing, when
// prev lacks a document, and the walk then goes on as usual.
func (wk *walkRun) splice(prev *WalkState) bool {
	s := wk.s
	for old := range wk.key {
		if _, ok := prev.Docs[old]; !ok {
			return false
		}
	}
	// The walk from prev's tip stops once the last of these documents is
	// found, or runs to the end when one never is.
	stop := 0
	for old := range wk.key {
		c := prev.Docs[old].Created
		if c == 0 {
			stop = prev.Commits
			break
		}
		stop = max(stop, c)
	}
	n := s.Commits
	var blobs []plumbing.Hash
	for old, k := range wk.key {
		d := prev.Docs[old]
		for _, ch := range d.Changes {
			s.History[k] = append(s.History[k], ch)
			if wk.need == nil || wk.need(ch.Path, ch.Blob) {
				blobs = append(blobs, plumbing.NewHash(ch.Blob))
			}
		}
		if d.Created > 0 {
			wk.created[k] = n + d.Created
		}
	}
	if prev.TruncatedAt > 0 && prev.TruncatedAt <= stop {
		s.Truncated = true
		if wk.truncatedAt == 0 {
			wk.truncatedAt = n + prev.TruncatedAt
		}
	}
	s.Commits = n + stop
	clear(wk.key)
	wk.blobs.wantAll(blobs)
	return true
}

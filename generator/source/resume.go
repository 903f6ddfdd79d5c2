package source

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
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
	Docs map[string]*DocWalk
	// Blobs holds the content of every blob the changes name.
	Blobs map[string][]byte
}

// DocWalk is one document's part of a walk.
type DocWalk struct {
	// Changes are newest first, without their Data (see WalkState.Blobs).
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
const walkFormat = "ismspack walk v2"

// wireCommit is a Commit as encoded: every field as gob writes it, and
// the time as seconds and zone offset, since gob would decode a time at
// the local offset in the Local zone rather than as go-git reads it.
type wireCommit struct {
	Commit
	Unix   int64
	Offset int
	UTC    bool
}

// wireDoc holds a document's changes with their Commit and Data left out:
// CommitIndex gives each change's commit in wireState.CommitList.
type wireDoc struct {
	Path        string
	Changes     []Change
	CommitIndex []int
	Created     int
}

type wireState struct {
	Format, Tip, Select  string
	Commits, TruncatedAt int
	CommitList           []wireCommit
	Docs                 []wireDoc
	// BlobIDs and BlobEnds index the blob contents that follow the
	// encoded state, end to end: gob would copy each one twice.
	BlobIDs  []string
	BlobEnds []int
}

// Encode writes the state in the form Decode reads.
func (w *WalkState) Encode() ([]byte, error) {
	ws := wireState{Format: walkFormat, Tip: w.Tip, Select: w.Select, Commits: w.Commits, TruncatedAt: w.TruncatedAt}
	end := 0
	for _, id := range sortedKeys(w.Blobs) {
		end += len(w.Blobs[id])
		ws.BlobIDs = append(ws.BlobIDs, id)
		ws.BlobEnds = append(ws.BlobEnds, end)
	}
	index := map[*Commit]int{}
	for _, p := range sortedKeys(w.Docs) {
		d := w.Docs[p]
		wd := wireDoc{Path: p, Created: d.Created}
		for _, ch := range d.Changes {
			i, ok := index[ch.Commit]
			if !ok {
				c := ch.Commit
				_, off := c.When.Zone()
				i = len(ws.CommitList)
				index[c] = i
				wc := wireCommit{Commit: *c, Unix: c.When.Unix(), Offset: off, UTC: c.When.Location() == time.UTC}
				wc.When = time.Time{}
				ws.CommitList = append(ws.CommitList, wc)
			}
			ch.Commit, ch.Data = nil, nil
			wd.Changes = append(wd.Changes, ch)
			wd.CommitIndex = append(wd.CommitIndex, i)
		}
		ws.Docs = append(ws.Docs, wd)
	}
	var meta bytes.Buffer
	if err := gob.NewEncoder(&meta).Encode(&ws); err != nil {
		return nil, err
	}
	out := make([]byte, 0, binary.MaxVarintLen64+meta.Len()+end)
	out = binary.AppendUvarint(out, uint64(meta.Len()))
	out = append(out, meta.Bytes()...)
	for _, id := range ws.BlobIDs {
		out = append(out, w.Blobs[id]...)
	}
	return out, nil
}

// DecodeWalkState reads what Encode wrote. Commits come back as go-git
// reads them: in UTC, or in a zone with no name at their offset.
func DecodeWalkState(data []byte) (*WalkState, error) {
	var ws wireState
	n, k := binary.Uvarint(data)
	if k <= 0 || n > uint64(len(data)-k) {
		return nil, errors.New("walk state too short")
	}
	meta, blobs := data[k:k+int(n)], data[k+int(n):]
	if err := gob.NewDecoder(bytes.NewReader(meta)).Decode(&ws); err != nil {
		return nil, fmt.Errorf("decoding walk state: %w", err)
	}
	if ws.Format != walkFormat {
		return nil, fmt.Errorf("walk state is %q, not %q", ws.Format, walkFormat)
	}
	if len(ws.BlobIDs) != len(ws.BlobEnds) {
		return nil, errors.New("walk state's blob index is damaged")
	}
	blobMap := make(map[string][]byte, len(ws.BlobIDs))
	start := 0
	for i, id := range ws.BlobIDs {
		end := ws.BlobEnds[i]
		if end < start || end > len(blobs) {
			return nil, errors.New("walk state's blob index is damaged")
		}
		blobMap[id] = blobs[start:end:end]
		start = end
	}
	commits := make([]*Commit, len(ws.CommitList))
	for i, c := range ws.CommitList {
		cc := c.Commit
		cc.When = time.Unix(c.Unix, 0).In(time.FixedZone("", c.Offset))
		if c.UTC {
			cc.When = time.Unix(c.Unix, 0).In(time.UTC)
		}
		commits[i] = &cc
	}
	w := &WalkState{Tip: ws.Tip, Select: ws.Select, Commits: ws.Commits, TruncatedAt: ws.TruncatedAt, Docs: map[string]*DocWalk{}, Blobs: blobMap}
	for _, d := range ws.Docs {
		dw := &DocWalk{Created: d.Created}
		if len(d.CommitIndex) != len(d.Changes) {
			return nil, errors.New("walk state's commit index is damaged")
		}
		for j, ch := range d.Changes {
			i := d.CommitIndex[j]
			if i < 0 || i >= len(commits) {
				return nil, fmt.Errorf("walk state names commit %d of %d", i, len(commits))
			}
			ch.Commit = commits[i]
			dw.Changes = append(dw.Changes, ch)
		}
		w.Docs[d.Path] = dw
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
// still looked for takes prev's changes. It reports false, changing
// nothing, when prev lacks a document or a blob (a file too large at
// prev's tip, say), and the walk then goes on as usual.
func (wk *walkRun) splice(prev *WalkState) bool {
	s := wk.s
	for old := range wk.key {
		d, ok := prev.Docs[old]
		if !ok {
			return false
		}
		for _, ch := range d.Changes {
			if _, ok := prev.Blobs[ch.Blob]; !ok {
				return false
			}
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
	for old, k := range wk.key {
		d := prev.Docs[old]
		for _, ch := range d.Changes {
			s.History[k] = append(s.History[k], ch)
			h := plumbing.NewHash(ch.Blob)
			wk.blobs.have(h, prev.Blobs[ch.Blob])
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
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package source

import (
	"bytes"
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
const walkFormat = "ismspack walk v3"

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
}

// Encode writes the state in the form Decode reads.
func (w *WalkState) Encode() ([]byte, error) {
	ws := wireState{Format: walkFormat, Tip: w.Tip, Select: w.Select, Commits: w.Commits, TruncatedAt: w.TruncatedAt}
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
	var out bytes.Buffer
	out.WriteString(walkFormat + "\n")
	if err := gob.NewEncoder(&out).Encode(&ws); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// DecodeWalkState reads what Encode wrote. Commits come back as go-git
// reads them: in UTC, or in a zone with no name at their offset.
func DecodeWalkState(data []byte) (*WalkState, error) {
	var ws wireState
	head, rest, ok := bytes.Cut(data, []byte("\n"))
	if !ok || len(head) > 64 {
		return nil, errors.New("walk state has no format line")
	}
	if string(head) != walkFormat {
		return nil, fmt.Errorf("walk state is %q, not %q", head, walkFormat)
	}
	rd := bytes.NewReader(rest)
	if err := gob.NewDecoder(rd).Decode(&ws); err != nil {
		return nil, fmt.Errorf("decoding walk state: %w", err)
	}
	if rd.Len() != 0 {
		return nil, fmt.Errorf("walk state has %d bytes after its end", rd.Len())
	}
	if ws.Format != walkFormat {
		return nil, fmt.Errorf("walk state is %q, not %q", ws.Format, walkFormat)
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
	w := &WalkState{Tip: ws.Tip, Select: ws.Select, Commits: ws.Commits, TruncatedAt: ws.TruncatedAt, Docs: map[string]*DocWalk{}}
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

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

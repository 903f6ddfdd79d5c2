package site

import (
	"sort"
	"time"

	"github.com/ismspack/ismspack/generator/isms"
)

// defaultWindow is how many days the changes page looks back by default.
const defaultWindow = 90

// changes compares the documents now with a base. The model holds one
// ref, so the base is the state of each document at the start of a time
// window, read from its history: the version of its newest revision before
// the window. A --since REF option would set Base, take each document's
// version at that ref instead, and list in Removed the documents the base
// had and the ref does not; the page and its template stay as they are.
func (s *site) changes() *Changes {
	if s.m.Base != nil {
		return s.changesSince()
	}
	days := s.opt.ChangesWindow
	if days <= 0 {
		days = defaultWindow
	}
	end := s.m.AsOf
	if end.IsZero() && s.m.Snapshot != nil && s.m.Snapshot.Commit != nil {
		end = s.m.Snapshot.Commit.When
	}
	y, mo, d := end.Date()
	since := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -days)
	c := &Changes{Since: since, Days: days}
	commits := commitSet{}
	for _, di := range s.docs {
		// History is newest first: the revisions inside the window are a
		// prefix of it.
		n := 0
		for n < len(di.revs) && !di.revs[n].When.Before(since) {
			n++
		}
		if n == 0 {
			c.Unchanged++
			continue
		}
		ch := &DocChange{DocRef: di.ref, After: di.ref.Version, Commits: n, Last: di.revs[0]}
		if n < len(di.revs) {
			ch.Before = di.revs[n].Version
			c.Changed = append(c.Changed, ch)
		} else if di.d.Truncated {
			c.Changed = append(c.Changed, ch) // created before the shallow boundary
		} else {
			c.Added = append(c.Added, ch)
		}
		commits.add(di, n)
	}
	c.Commits = commits.sorted()
	byLast := func(l []*DocChange) {
		sort.SliceStable(l, func(i, j int) bool {
			a, b := l[i].Last.When, l[j].Last.When
			if !a.Equal(b) {
				return a.After(b)
			}
			return docLess(l[i].DocRef, l[j].DocRef)
		})
	}
	byLast(c.Added)
	byLast(c.Changed)
	return c
}

// changesSince lists the documents changed, added and removed since the
// base ref the model was loaded with (--since), as the model judged them.
func (s *site) changesSince() *Changes {
	b := s.m.Base
	c := &Changes{Base: b.Ref}
	commits := commitSet{}
	since := s.m.Changes
	if since == nil {
		return c
	}
	c.Unchanged = since.Unchanged
	for _, l := range []struct {
		from []*isms.DocSince
		to   *[]*DocChange
	}{{since.Changed, &c.Changed}, {since.Added, &c.Added}} {
		for _, ds := range l.from {
			di := s.byPath[ds.Doc.Path]
			n := len(ds.Revisions)
			ch := &DocChange{DocRef: di.ref, After: di.ref.Version, Commits: n}
			if ds.Was != nil {
				ch.Before = ds.Was.Version
			}
			if len(di.revs) > 0 {
				ch.Last = di.revs[0]
			}
			*l.to = append(*l.to, ch)
			commits.add(di, n)
		}
	}
	for _, bd := range since.Removed {
		c.Removed = append(c.Removed, &DocChange{DocRef: &DocRef{Path: bd.Path, ID: bd.ID, Title: bd.Title}, Before: bd.Version})
	}
	c.Commits = commits.sorted()
	for _, l := range [][]*DocChange{c.Added, c.Changed} {
		sort.SliceStable(l, func(i, j int) bool { return docLess(l[i].DocRef, l[j].DocRef) })
	}
	return c
}

// commitSet gathers the commits a changes page lists, each with the
// documents it changed.
type commitSet map[string]*CommitChange

// add records the newest n revisions of a document.
func (cs commitSet) add(di *docInfo, n int) {
	for i := 0; i < n; i++ {
		r := di.revs[i]
		cc := cs[r.Hash]
		if cc == nil {
			cc = &CommitChange{Hash: r.Hash, Short: r.Hash[:min(7, len(r.Hash))], Author: r.Author, Subject: r.Subject, When: r.When}
			cs[r.Hash] = cc
		}
		cd := &CommitDoc{DocRef: di.ref, Action: r.Action, After: r.Version, URL: r.URL}
		if i+1 < len(di.revs) {
			cd.Before = di.revs[i+1].Version
		}
		cc.Docs = append(cc.Docs, cd)
	}
}

// sorted returns the commits newest first.
func (cs commitSet) sorted() []*CommitChange {
	out := make([]*CommitChange, 0, len(cs))
	for _, cc := range cs {
		out = append(out, cc)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if !a.When.Equal(b.When) {
			return a.When.After(b.When)
		}
		return a.Hash < b.Hash
	})
	return out
}

package isms

import (
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/source"
)

// DeclaredRevision is one entry of a document's declared revision
// history (a row of a revision table, an item of comply's
// majorRevisions) with the commit that added it: the approval event a
// row records, for the rules, the site and the pack.
type DeclaredRevision struct {
	document.RevisionRow
	// AddedIn is the commit that added the row: the oldest commit of the
	// unbroken run of revisions, up to the ref, that hold it. It is nil
	// when the history does not show it: the row was already there at
	// the oldest commit a shallow clone has.
	AddedIn *source.Commit
}

// VersionFromDeclared reports whether the declared revision history is
// where d's version comes from: it has one, and no front-matter field or
// body label gives the version. The version rules then judge its rows.
func (d *Doc) VersionFromDeclared() bool {
	if len(d.RevisionRows) == 0 {
		return false
	}
	_, declared := d.Meta.Declared("version")
	return declared || !d.Meta.Has("version")
}

// reconcile reads the declared revision history of every revision of d
// (oldest first), records on each revision the rows it added and its
// newest row, judges BodyChanged on the text without the revision tables
// (a new row alone is not a change to the text), and finds the commit that
// added each of d's rows. A revision's declared facts come from known when
// it has them; any other's are read from its bytes (its body parsed only
// when it differs from the one read before) and kept in known. Each
// revision costs a pass over its rows, so the whole is linear in the
// history's size.
func reconcile(d *Doc, opt document.Options, known *revCache) {
	revs := d.History
	n := len(revs)
	fromFM := false // rows in front matter: judge each revision's even when its body is unchanged
	for _, t := range d.RevisionTables {
		fromFM = fromFM || (t.Source != "table" && t.Source != "html")
	}
	byVersion := d.VersionFromDeclared()
	added := map[string]int{} // a row's key -> the revision that added it
	// prev is the facts of the revision judged last, and prevFront the
	// front matter's sum of the one before this.
	var prev *declaredFacts
	var prevFront [32]byte
	var read *document.DeclaredHistory // the history of the revision read last from its bytes
	for i := n - 1; i >= 0; i-- {
		r := revs[i]
		f := r.declared
		if f == nil {
			var h document.DeclaredHistory
			f, h = readDeclaredFacts(r, opt, read)
			read = &h
			known.learnDeclared(r.Path, r.Blob, f)
		} else {
			read = nil
		}
		if prev != nil && f.BodySum == prev.BodySum && (!fromFM || f.FrontSum == prevFront) {
			// The cheap case: nothing that holds rows changed, so neither
			// did the rows or the text.
			p := revs[i+1]
			r.Latest, r.HasDeclared, r.BodyChanged = p.Latest, p.HasDeclared, false
			if byVersion && r.Version == "" {
				r.Version = r.Latest.Version
			}
			prevFront = f.FrontSum
			continue
		}
		keys := make(map[string]bool, len(f.Rows))
		for _, row := range f.Rows {
			keys[row.Key] = true
			if _, ok := added[row.Key]; !ok {
				added[row.Key] = i
				r.NewRows = append(r.NewRows, row)
			}
		}
		for k := range added {
			if !keys[k] {
				delete(added, k) // removed: a row that comes back is added again
			}
		}
		r.Latest, r.HasDeclared = document.LatestRevision(f.Rows)
		if byVersion && r.Version == "" {
			r.Version = r.Latest.Version
		}
		r.BodyChanged = prev == nil || f.Text != prev.Text
		prev, prevFront = f, f.FrontSum
	}
	d.Declared = make([]DeclaredRevision, len(d.RevisionRows))
	for i, row := range d.RevisionRows {
		d.Declared[i] = DeclaredRevision{RevisionRow: row}
		if at, ok := added[row.Key]; ok && !(at == n-1 && d.Truncated) {
			d.Declared[i].AddedIn = revs[at].Commit
		}
	}
}

// DeclaredRow returns the entry of d's declared history that row is (the
// same key), with the commit that added it.
func (d *Doc) DeclaredRow(row document.RevisionRow) (DeclaredRevision, bool) {
	for _, r := range d.Declared {
		if r.Key == row.Key {
			return r, true
		}
	}
	return DeclaredRevision{}, false
}

// BodyChangeAfter returns the newest commit that changed d's text after
// commit c, nil when none did. A row of the declared history approves the
// text as the commit that added it left it, so only a later change makes
// that approval stale, whatever day the row gives.
func (d *Doc) BodyChangeAfter(c *source.Commit) *Revision {
	last := d.LastBodyChange()
	if last == nil {
		return nil
	}
	for _, r := range d.History {
		if r.Commit == c {
			return nil // reached c before any change after it
		}
		if r == last {
			return r
		}
	}
	return nil
}

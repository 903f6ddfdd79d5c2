package isms

import "github.com/ismspack/ismspack/generator/redline"

// Redline is what this revision changed in the text since the revision
// before it, word by word; ok is false for the oldest revision, and for
// one whose text or the one before could not be read. The site's history
// page and the pack's changes appendix both read it here. It is computed
// on each call, not kept: the history pages ask once per revision, the
// appendix again only for the few revisions since the earlier ref, and
// keeping every redline of a 5,000-document ISMS held hundreds of
// megabytes for the whole build.
//
// A caller computing many redlines one after another compares
// Compared's texts with a redline.Comparer of its own instead.
func (r *Revision) Redline() (red redline.Redline, ok bool) {
	old, cur, ok := r.Compared()
	if !ok {
		return redline.Redline{}, false
	}
	return redline.Compare(string(old), string(cur)), true
}

// Compared returns the two texts Redline compares, the revision before's
// and this one's, which are all a redline depends on: a cache keys it by
// them. ok is Redline's.
func (r *Revision) Compared() (old, cur []byte, ok bool) {
	if r.prev == nil {
		return nil, nil, false
	}
	src, body := r.Source()
	prevSrc, prevBody := r.prev.Source()
	if src == nil || prevSrc == nil {
		return nil, nil, false
	}
	return prevBody, body, true
}

package isms

import "github.com/ismspack/ismspack/generator/redline"

// Redline is what this revision changed in the text since the revision
// before it, word by word; ok is false for the oldest revision, and for
// one whose text or the one before could not be read. It is computed on
// first use, once, and the site's history page and the pack's changes
// appendix both read it.
func (r *Revision) Redline() (red redline.Redline, ok bool) {
	if _, _, ok := r.Compared(); !ok {
		return redline.Redline{}, false
	}
	r.redOnce.Do(func() {
		old, cur, _ := r.Compared()
		r.red = redline.Compare(string(old), string(cur))
	})
	return r.red, true
}

// Compared returns the two texts Redline compares, the revision before's
// and this one's, which are all a redline depends on: a cache keys it by
// them. ok is Redline's.
func (r *Revision) Compared() (old, cur []byte, ok bool) {
	if r.prev == nil || r.Src == nil || r.prev.Src == nil {
		return nil, nil, false
	}
	return r.prev.Body, r.Body, true
}

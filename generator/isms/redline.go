package isms

import "github.com/ismspack/ismspack/generator/redline"

// Redline is what this revision changed in the text since the revision
// before it, word by word; ok is false for the oldest revision, and for
// one whose text or the one before could not be read. It is computed on
// first use, once, and the site's history page and the pack's changes
// appendix both read it.
func (r *Revision) Redline() (red redline.Redline, ok bool) {
	if r.prev == nil || r.Src == nil || r.prev.Src == nil {
		return redline.Redline{}, false
	}
	r.redOnce.Do(func() {
		r.red = redline.Compare(string(r.prev.Body), string(r.Body))
	})
	return r.red, true
}

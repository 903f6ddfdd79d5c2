package isms

// Since is how the documents changed since the earlier ref the model was
// loaded with (--since): the one judgement the site's changes page and
// the pack's changes appendix both read.
type Since struct {
	// Changed and Added are in the model's order (by path).
	Changed, Added []*DocSince
	// Removed are the base's documents no current one descends from.
	Removed []BaseDoc
	// Unchanged counts the documents whose blob is the base's.
	Unchanged int
}

// DocSince is a document changed or added since the base.
type DocSince struct {
	Doc *Doc
	// Was is the document at the base, nil when it was added since.
	Was *BaseDoc
	// Revisions are the revisions committed after the base commit,
	// newest first (a prefix of Doc.History).
	Revisions []*Revision
}

// since compares the documents with the base. A document is matched to
// the base by any path its history gives it, so a renamed document is
// changed, not removed and added.
func (m *Model) since() *Since {
	b := m.Base
	if b == nil {
		return nil
	}
	s := &Since{}
	base := map[string]int{}
	for i, bd := range b.Docs {
		base[bd.Path] = i
	}
	used := make([]bool, len(b.Docs))
	for _, d := range m.Docs {
		at := -1
		if i, ok := base[d.Path]; ok {
			at = i
		}
		for _, r := range d.History {
			for _, p := range []string{r.Path, r.From} {
				if i, ok := base[p]; ok && at < 0 && p != "" && !used[i] {
					at = i
				}
			}
		}
		n := 0
		for n < len(d.History) && b.Commit != nil && d.History[n].Commit.When.After(b.Commit.When) {
			n++
		}
		ds := &DocSince{Doc: d, Revisions: d.History[:n]}
		switch {
		case at >= 0 && b.Docs[at].Blob == d.Blob:
			used[at] = true
			s.Unchanged++
		case at >= 0:
			used[at] = true
			ds.Was = &b.Docs[at]
			s.Changed = append(s.Changed, ds)
		default:
			s.Added = append(s.Added, ds)
		}
	}
	for i, bd := range b.Docs {
		if !used[i] {
			s.Removed = append(s.Removed, bd)
		}
	}
	return s
}

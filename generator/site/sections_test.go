package site

import (
	"testing"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestSectionsAreSectionOf: the binary search finding the anchor nearest
// a line gives what looking at every heading gives, on every line of
// the fixture's documents and of headings out of order, without ids,
// and on one line.
func TestSectionsAreSectionOf(t *testing.T) {
	t.Parallel()
	m, _ := fixture(t)
	docs := append([]*isms.Doc{}, m.Docs...)
	h := func(line int, id string) document.Heading {
		return document.Heading{ID: id, Pos: document.Pos{Line: line}}
	}
	for _, hs := range [][]document.Heading{
		{h(3, "a"), h(5, ""), h(5, "b"), h(5, "c"), h(9, ""), h(12, "d")},
		{h(2, ""), h(4, "")},
		{h(8, "late"), h(3, "early"), h(10, "last")},
		{},
	} {
		docs = append(docs, &isms.Doc{Document: &document.Document{Headings: hs}})
	}
	for _, d := range docs {
		last := 15
		if d.Lines != nil {
			last = d.Lines.Pos(len(d.Src)).Line + 2
		}
		s := newSections(d)
		for line := -1; line <= last; line++ {
			if got, want := s.of(line, "Finding-1"), sectionOf(d, line, "Finding-1"); got != want {
				t.Errorf("%s line %d: %q, want %q", d.Path, line, got, want)
			}
		}
	}
}

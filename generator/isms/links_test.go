package isms_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestDirectoryLinksLeadToTheirIndex pins which document stands for a
// directory (index before _index before README, any case), that the
// content directory itself is one, and that backlinks follow the index.
func TestDirectoryLinksLeadToTheirIndex(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md":             testrepo.Doc(map[string]string{"id": "A"}, "[both](both/) [readme](readme/) [root](/content/) [up](sub/..)\n"),
		"content/both/README.md":   testrepo.Doc(map[string]string{"id": "B1"}, "# B1\n"),
		"content/both/index.md":    testrepo.Doc(map[string]string{"id": "B2"}, "# B2\n"),
		"content/readme/Readme.md": testrepo.Doc(map[string]string{"id": "C"}, "# C\n"),
		"content/README.md":        testrepo.Doc(map[string]string{"id": "R"}, "# R\n"),
		"content/sub/x.png":        "not read\n",
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	want := []string{"content/both/index.md", "content/readme/Readme.md", "content/README.md", "content/README.md"}
	links := m.Doc("content/a.md").Links
	if len(links) != len(want) {
		t.Fatalf("%d links, want %d", len(links), len(want))
	}
	for i, l := range links {
		if l.Kind != isms.ToDocument || l.Doc == nil || l.Doc.Path != want[i] {
			t.Errorf("%s: %v %v (%s), want the document %s", l.Dest, l.Kind, l.Doc != nil, l.Problem, want[i])
		}
	}
	if b := m.Doc("content/both/index.md").Backlinks; len(b) != 1 || b[0].Path != "content/a.md" {
		t.Errorf("index backlinks = %v, want content/a.md", b)
	}
}

// TestOldRevisionsResolveAgainstTheModel resolves a body that is not the
// current one (a history section) with its own anchors.
func TestOldRevisionsResolveAgainstTheModel(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"id": "A"}, "# A\n\n## Now\n"),
		"content/b.md": testrepo.Doc(map[string]string{"id": "B"}, "# B\n"),
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	old := map[string]document.Anchor{"then": {Heading: true}}
	if tg := m.Resolve("content/a.md", old, "#then", false); tg.Kind != isms.ToHeading || !tg.Local {
		t.Errorf("#then in the old body: %v %s", tg.Kind, tg.Problem)
	}
	if tg := m.Resolve("content/a.md", old, "#now", false); tg.Kind != isms.MissingAnchor || !strings.Contains(tg.Problem, "#then") {
		t.Errorf("#now in the old body: %v %q, want missing, listing #then", tg.Kind, tg.Problem)
	}
	if tg := m.Resolve("content/a.md", old, "b.md", true); tg.Kind != isms.NotPicture {
		t.Errorf("an image of a document: %v, want not-picture", tg.Kind)
	}
}

// TestMissingAnchorListsSixHeadings: a link to an anchor a document
// lacks lists its first six headings, and an ellipsis when it has more.
func TestMissingAnchorListsSixHeadings(t *testing.T) {
	t.Parallel()
	body := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteString("## H" + strconv.Itoa(i) + "\n\ntext\n\n")
		}
		return b.String()
	}
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md":     testrepo.Doc(map[string]string{"id": "A"}, "[six](six.md#x) [seven](seven.md#x) [many](many.md#x) [here](#x)\n\n"+body(9)),
		"content/six.md":   testrepo.Doc(map[string]string{"id": "S"}, body(6)),
		"content/seven.md": testrepo.Doc(map[string]string{"id": "V"}, body(7)),
		"content/many.md":  testrepo.Doc(map[string]string{"id": "M"}, body(40)),
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	six := " (it has #h1, #h2, #h3, #h4, #h5, #h6)"
	more := " (it has #h1, #h2, #h3, #h4, #h5, #h6, …)"
	want := []string{"content/six.md has no heading with anchor #x" + six, "content/seven.md has no heading with anchor #x" + more,
		"content/many.md has no heading with anchor #x" + more, "no heading with anchor #x in this document" + more}
	wantMissing(t, m.Doc("content/a.md").Links, want)
}

// TestMissingFootnoteListsSixFootnotes: a link to a footnote a document
// lacks lists its first six footnotes, and an ellipsis when it has more,
// so a document of many footnotes and many such links has messages of a
// few words, not of every footnote each.
func TestMissingFootnoteListsSixFootnotes(t *testing.T) {
	t.Parallel()
	body := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			b.WriteString("Note[^n" + strconv.Itoa(i) + "].\n\n")
		}
		for i := 1; i <= n; i++ {
			b.WriteString("[^n" + strconv.Itoa(i) + "]: text\n\n")
		}
		return b.String()
	}
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/a.md":     testrepo.Doc(map[string]string{"id": "A"}, "[three](three.md#fn:9) [seven](seven.md#fn:9) [many](many.md#fn:900) [none](none.md#fn:1)\n\n"),
		"content/three.md": testrepo.Doc(map[string]string{"id": "T"}, body(3)),
		"content/seven.md": testrepo.Doc(map[string]string{"id": "V"}, body(7)),
		"content/many.md":  testrepo.Doc(map[string]string{"id": "M"}, body(400)),
		"content/none.md":  testrepo.Doc(map[string]string{"id": "N"}, "No notes.\n"),
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	more := " (it has #fn:1, #fn:2, #fn:3, #fn:4, #fn:5, #fn:6, …)"
	want := []string{"content/three.md has no footnote #fn:9 (it has #fn:1, #fn:2, #fn:3)", "content/seven.md has no footnote #fn:9" + more,
		"content/many.md has no footnote #fn:900" + more, "content/none.md has no footnote #fn:1 (it has no footnotes)"}
	wantMissing(t, m.Doc("content/a.md").Links, want)
}

// wantMissing checks that links are each to an anchor its document
// lacks, with the problems in want, in order.
func wantMissing(t *testing.T, links []*isms.Link, want []string) {
	t.Helper()
	if len(links) != len(want) {
		t.Fatalf("%d links, want %d", len(links), len(want))
	}
	for i, l := range links {
		if l.Kind != isms.MissingAnchor || l.Problem != want[i] {
			t.Errorf("%s: %v %q, want missing, %q", l.Dest, l.Kind, l.Problem, want[i])
		}
	}
}

package isms

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// docFacts is what the model shows of a document, as text, AST included.
func docFacts(t *testing.T, d *Doc) string {
	t.Helper()
	var html bytes.Buffer
	if err := document.Markdown().Renderer().Render(&html, d.Body, d.AST()); err != nil {
		t.Fatal(err)
	}
	var links []string
	for _, l := range d.Links {
		links = append(links, fmt.Sprintf("%s->%s@%v node=%v", l.Dest, l.Path, l.Pos, l.HTML || d.LinkFor(l.Node) == l))
	}
	return fmt.Sprintf("title=%q version=%q owner=%q aliased=%q problems=%+v headings=%+v links=%v refs=%+v src=%q html=%q",
		d.Title, d.Meta.Version, d.Meta.Owner, d.Meta.ReviewInterval, d.Problems, d.Headings, links, d.References, d.Src, html.String())
}

// sameDocs fails unless warm and cold show the same documents.
func sameDocs(t *testing.T, warm, cold *Model) {
	t.Helper()
	if len(warm.Docs) != len(cold.Docs) {
		t.Fatalf("%d documents, want %d", len(warm.Docs), len(cold.Docs))
	}
	for i, d := range warm.Docs {
		if got, want := docFacts(t, d), docFacts(t, cold.Docs[i]); got != want {
			t.Errorf("%s:\n got %s\nwant %s", d.Path, got, want)
		}
	}
}

// kept lists the documents the load took from the cache.
func kept(m *Model) string {
	var out []string
	for _, f := range m.Snapshot.Files {
		if f.Kept {
			out = append(out, f.Path)
		}
	}
	return strings.Join(out, " ")
}

func parsedRepo(t *testing.T) *testrepo.Repo {
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"title": "A", "version": "1.0", "interval": "6 months"}, "# A\n\nSee [B](b.md#two) and <a href=\"c.md\">C</a>.\n"),
		"content/b.md": testrepo.Doc(map[string]string{"title": "B", "version": "1.0"}, "# B\n\n## Two\n\nText.\n\n## Compliance mapping\n\n| Framework | Ids |\n|---|---|\n| SOC 2 | CC1.1 |\n"),
		"content/c.md": testrepo.Doc(map[string]string{"title": "C", "version": "2.0"}, "# C\n\nVersion: 2.0\n"),
	}})
	return r
}

// A document whose blob changed since the cache was written is read and
// parsed again: the model shows the new text, never the cached one; the
// others are taken from the cache, not read.
func TestParsedDocumentOfAChangedBlobIsParsedAgain(t *testing.T) {
	t.Parallel()
	r := parsedRepo(t)
	c := testCache(t)
	openAt(t, r.Dir, c)
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/b.md": testrepo.Doc(map[string]string{"title": "B, renamed", "version": "1.1"}, "# B\n\n## Three\n\nNew text, [A](a.md).\n"),
	}})
	warm := openAt(t, r.Dir, c)
	if got := kept(warm); got != "content/a.md content/c.md" {
		t.Errorf("kept %q, want the unchanged documents content/a.md content/c.md", got)
	}
	sameDocs(t, warm, openAt(t, r.Dir, nil))
	if b := warm.Doc("content/b.md"); b.Title != "B, renamed" || b.Meta.Version != "1.1" {
		t.Errorf("content/b.md: title %q, version %q: the cached parse of the old blob was used", b.Title, b.Meta.Version)
	}
	// Loaded again at the same commit, everything comes from the cache.
	again := openAt(t, r.Dir, c)
	if got := kept(again); got != "content/a.md content/b.md content/c.md" {
		t.Errorf("kept %q, want every document", got)
	}
	sameDocs(t, again, openAt(t, r.Dir, nil))
}

// The same blob read with other options (an alias in the configuration)
// is parsed again.
func TestParsedDocumentUnderOtherOptionsIsParsedAgain(t *testing.T) {
	t.Parallel()
	r := parsedRepo(t)
	c := testCache(t)
	openAt(t, r.Dir, c)
	r.Commit(testrepo.Commit{Files: map[string]string{"ismspack.yaml": "aliases:\n  review_interval: [interval]\n"}})
	warm := openAt(t, r.Dir, c)
	if got := kept(warm); got != "" {
		t.Errorf("kept %q under other options", got)
	}
	if a := warm.Doc("content/a.md"); a.Meta.ReviewInterval != "6 months" {
		t.Errorf("content/a.md: review interval %q, want the alias applied", a.Meta.ReviewInterval)
	}
	sameDocs(t, warm, openAt(t, r.Dir, nil))
}

// A damaged entry of parsed documents is noted once and ignored: its
// documents are parsed again, the model is what a load without the cache
// makes, and the next load finds the entry whole again.
func TestDamagedParsedDocumentsAreIgnored(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		damage func([]byte) []byte
		// kept says the damaged document is still taken from the
		// cache's bytes: only its decoded form was damaged.
		kept bool
	}{
		// The entry's checksum holds, its records do not.
		"record": {damage: func(b []byte) []byte {
			i := bytes.Index(b, []byte("content/c.md"))
			return append(b[:i+len("content/c.md")+45:i+len("content/c.md")+45], 0xff, 0xff, 0xff)
		}},
		"document": {damage: func(b []byte) []byte { return append(b[:len(b)-3:len(b)-3], 0x7f, 0x7f, 0x7f) }, kept: true},
		"format":   {damage: func(b []byte) []byte { return append([]byte("ismspack-parsed 0"), b[len(parsedFormat):]...) }},
	} {
		t.Run(name, func(t *testing.T) {
			r := parsedRepo(t)
			dir := t.TempDir()
			c, err := cache.Open(dir, cache.Options{Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			m := openAt(t, r.Dir, c)
			// The entry that holds content/c.md, last of its documents.
			key := shardKey(revCacheKey(m.Snapshot.Root, documentOptions(m.Config)), shardOf("content/c.md"))
			data, ok := c.Get("parsed", key)
			if !ok {
				t.Fatal("no parsed documents in the cache")
			}
			c.Put("parsed", key, tc.damage(bytes.Clone(data)))
			var notes bytes.Buffer
			c, err = cache.Open(dir, cache.Options{Version: "test", Log: &notes})
			if err != nil {
				t.Fatal(err)
			}
			warm := openAt(t, r.Dir, c)
			if got := strings.Contains(kept(warm), "content/c.md"); got != tc.kept {
				t.Errorf("content/c.md kept %v, want %v (kept %q)", got, tc.kept, kept(warm))
			}
			if n := strings.Count(notes.String(), "\n"); n != 1 || !strings.Contains(notes.String(), "parsed documents cannot be read") {
				t.Errorf("want one note, got %q", notes.String())
			}
			sameDocs(t, warm, openAt(t, r.Dir, nil))
			notes.Reset()
			again := openAt(t, r.Dir, c)
			if got := kept(again); got != "content/a.md content/b.md content/c.md" || notes.Len() > 0 {
				t.Errorf("after the damaged load, kept %q, notes %q; want every document, no note", got, notes.String())
			}
			sameDocs(t, again, openAt(t, r.Dir, nil))
		})
	}
}

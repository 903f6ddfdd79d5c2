package document

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestParseRevisionKeepsVersionText(t *testing.T) {
	for src, want := range map[string]string{
		"---\nid: A\nversion: 1.10\n---\nbody\n":          "1.10",
		"---\nversion: \"2.0\" # quoted\n---\nbody\n":     "2.0",
		"---\nversion: '3.1'\n---\n":                      "3.1",
		"---\nversion: [1, 2]\n---\n":                     "",
		"+++\nversion = 1.10\n+++\nbody\n":                "1.10",
		"---\nid: A\n---\nno version\n":                   "",
		"---\nrequirements:\n  - a\nversion: 4.2\n---\nx": "4.2",
	} {
		if got := ParseRevision("x.md", []byte(src), Options{}).Version; got != want {
			t.Errorf("%q: version %q, want %q", src, got, want)
		}
	}
}

// FuzzParseRevision holds the fast path to Parse's answer.
func FuzzParseRevision(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\nversion: 1.10\n---\nbody"))
	f.Add([]byte("---\nversion: \"1.0\"\nversion: 2.0\n---\n"))
	f.Add([]byte("---\nversion: 1.0 # c\ntitle: 'a'\n---\n# x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fast := ParseRevision("x.md", src, Options{Aliases: map[string][]string{"version": {"rev"}}})
		d := Parse("x.md", src, Options{MetaOnly: true, Aliases: map[string][]string{"version": {"rev"}}})
		if len(d.Problems) > 0 {
			return // malformed front matter: the fast path may differ, the document is reported anyway
		}
		if fast.Version != d.Meta.Version || !bytes.Equal(fast.Body, d.Body) {
			t.Errorf("fast path (%q, %q) != Parse (%q, %q)", fast.Version, fast.Body, d.Meta.Version, d.Body)
		}
	})
}

package document

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestParseRevisionReadsFieldsLikeParse(t *testing.T) {
	for _, src := range []string{
		"---\nid: A-1\ntitle: Access Policy\nstatus: Draft\n---\n",
		"---\nid: \"A-1\"\ntitle: \"Policy: the second\"\nstatus: approved\nowner: x\n---\n",
		"---\ntitle: Policy # a comment\nstatus: review\n---\n",
		"---\ntitle: 'single quoted'\n---\n",
		"---\ntitle: \"escaped \\\" quote\"\n---\n",
		"---\nmeta:\n  status: nested\nstatus: retired\n---\n",
		"---\nstatus:\n---\n",
		"---\ntitle: [a, b]\n---\n",
		"+++\nid = \"T\"\ntitle = \"TOML\"\n+++\n",
		"---\ntitle: >\n  folded\n  title\n---\n",
		"---\nid: X\n  -001\n---\n",
		"---\nid: X\n\n  -001\nstatus: Draft\n---\n",
	} {
		src += "# Body\n"
		r := ParseRevision("x.md", []byte(src), Options{}, "id", "title", "status")
		m := Parse("x.md", []byte(src), Options{MetaOnly: true}).Meta
		for _, f := range []string{"id", "title", "status"} {
			if r.Values[f] != m.Value(f) {
				t.Errorf("%q: %s = %q, Parse says %q", src, f, r.Values[f], m.Value(f))
			}
		}
	}
}

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
	f.Add([]byte("---\nid: \"A-1\"\ntitle: \"Policy: the second\"\nstatus: Approved\n---\n"))
	f.Add([]byte("---\ntitle: >\n  folded\n  title\nstatus: retired\n---\n"))
	f.Add([]byte("---\nid: X\n  -001\n---\n"))
	f.Add([]byte("---\nname: T\nrev: 1.2\nclassification: Internal\ntype: Policy\n---\n"))
	aliases := map[string][]string{"version": {"rev"}, "title": {"name"}}
	var fields []string // every single-valued field of the schema
	for _, spec := range Fields {
		if spec.Type != ListType && spec.Name != "version" {
			fields = append(fields, spec.Name)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fast := ParseRevision("x.md", src, Options{Aliases: aliases}, fields...)
		d := Parse("x.md", src, Options{MetaOnly: true, Aliases: aliases})
		for _, p := range d.Problems {
			switch p.Rule {
			case "front-matter-invalid", "front-matter-missing", "document-unreadable":
				return // not a document: the fast path may differ, the document is reported anyway
			}
		}
		if fast.Version != d.Meta.Version || !bytes.Equal(fast.Body, d.Body) {
			t.Errorf("fast path (%q, %q) != Parse (%q, %q)", fast.Version, fast.Body, d.Meta.Version, d.Body)
		}
		for _, f := range fields {
			if fast.Values[f] != d.Meta.Value(f) {
				t.Errorf("%s: fast path %q, Parse %q", f, fast.Values[f], d.Meta.Value(f))
			}
		}
	})
}

package document

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds the parser hostile bytes seeded from the example ISMS:
// it must never panic, and every problem, field and link it reports must
// point inside the file.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{"", "---\n", "+++\nx = [\n+++\n", ";;;\n{\"a\":\n;;;\n", "---\n- a\n---\n", "\xef\xbb\xbf---\nid: x\n---\n",
		// The dialects of metadata: labelled lines, key/value tables
		// (Markdown and HTML), pandoc title and metadata blocks, and
		// template expressions of each language.
		labelled,
		"# P\n\n| Field | Value |\n|---|---|\n| Owner | Jane |\n| **Version:** | 1.2 |\n",
		"<table>\n<tr><th>Owner</th><td>Jane &amp; Co</td></tr>\n\n<tr><td>Version<td>1.2\n</table>\n",
		"<table><tr><td>Status:</td><td>",
		"% Title\n  continued\n%\n% 2 March 2026\n---\nversion: 1.0\n...\n# H\n",
		"%\n%\n%\n%\n",
		"---\ntitle: T\nowner: O\n---\n# <%= current_page.data.title %>\n\n{{ .Params.owner }} {% include x %} {{ page.owner | upcase }} {{.Name}} <%= x\n`{{ .Title }}`\n",
	} {
		f.Add([]byte(s))
	}
	templates := append([]string{""}, TemplateLanguages...)
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Parse("content/x.md", src, Options{Aliases: map[string][]string{"owner": {"policy_owner", "Accountable"}},
			Template: templates[len(src)%len(templates)], FrontMatterOptional: len(src)%2 == 0, Organisation: "Acme"})
		lines := d.Lines.Count()
		in := func(p Pos) bool { return p.Line >= 1 && p.Line <= lines && p.Col >= 1 }
		for _, pr := range d.Problems {
			if !in(pr.Pos) {
				t.Errorf("problem %q at %v, outside the file's %d lines", pr.Message, pr.Pos, lines)
			}
		}
		for _, fl := range d.Fields {
			if !in(fl.KeyPos) {
				t.Errorf("field %q at %v, outside the file's %d lines", fl.Key, fl.KeyPos, lines)
			}
		}
		for _, fl := range d.BodyFields {
			if !in(fl.KeyPos) || !in(fl.ValuePos) {
				t.Errorf("body field %q at %v/%v, outside the file's %d lines", fl.Key, fl.KeyPos, fl.ValuePos, lines)
			}
		}
		for _, tm := range d.Templates {
			if tm.Segment.Start < 0 || tm.Segment.Stop > len(d.Body) || tm.Segment.Start >= tm.Segment.Stop {
				t.Errorf("template %q at %d-%d, outside the body's %d bytes", tm.Expr, tm.Segment.Start, tm.Segment.Stop, len(d.Body))
			}
		}
		for _, l := range d.Links {
			if !in(l.Pos) {
				t.Errorf("link %q at %v, outside the file's %d lines", l.Dest, l.Pos, lines)
			}
		}
		if d.Title == "" {
			t.Error("no title: every page needs one")
		}
	})
}

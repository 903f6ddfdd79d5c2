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
	for _, s := range []string{"", "---\n", "+++\nx = [\n+++\n", ";;;\n{\"a\":\n;;;\n", "---\n- a\n---\n", "\xef\xbb\xbf---\nid: x\n---\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Parse("content/x.md", src, Options{Aliases: map[string][]string{"owner": {"policy_owner"}}})
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

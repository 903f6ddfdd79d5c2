package isms_test

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// refs writes a document's references as "TSC[CC6.1@8:7 CC6.2@8:7]".
func refs(d *isms.Doc) []string {
	var out []string
	for _, r := range d.References {
		s := r.Framework + "@" + fmt.Sprint(r.Pos.Line) + "["
		for i, id := range r.IDs {
			if i > 0 {
				s += " "
			}
			s += fmt.Sprintf("%s@%d", id.ID, id.Pos.Line)
		}
		out = append(out, s+"]")
	}
	return out
}

func TestOtherFrameworksAreKeptWithTheirPlaces(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		// comply's header: satisfies maps a framework to its criteria.
		"content/comply.md": "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\n  SOC 2: CC7.1, CC7.2\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# Purpose\n\nText.\n",
		// a mapping table under its heading; the first table is not one.
		"content/table.md": "---\nid: T-1\n---\n# Policy\n\n| Owner | Jane |\n|---|---|\n| Date | 2026 |\n\n## Compliance mapping\n\n| Framework | Controls |\n|---|---|\n| ISO 27001:2013 | A.9.1.1; A.9.2.3 |\n| NIST CSF | PR.AC-1 |\n\n## Scope\n\n| Framework | Controls |\n|---|---|\n| Not | read |\n",
		"content/plain.md": "---\nid: P-1\nsatisfies: everything\n---\n# Plain\n",
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	for path, want := range map[string]string{
		"content/comply.md": "[TSC@4[CC6.1@5 CC6.2@6] SOC 2@7[CC7.1@7 CC7.2@7]]",
		"content/table.md":  "[ISO 27001:2013@14[A.9.1.1@14 A.9.2.3@14] NIST CSF@15[PR.AC-1@15]]",
		"content/plain.md":  "[]",
	} {
		d := m.Doc(path)
		if got := fmt.Sprint(refs(d)); got != want {
			t.Errorf("%s: references %s, want %s", path, got, want)
		}
	}
	d := m.Doc("content/comply.md")
	if !d.IsReferenceKey("satisfies") || d.IsReferenceKey("majorRevisions") {
		t.Error("satisfies is not marked as read into references, or majorRevisions is")
	}
	if len(d.Requirements) != 0 {
		t.Errorf("other frameworks' ids became clause 5.1 requirements: %v", d.Requirements)
	}
}

func TestReferencesToASetInUseBecomeRequirements(t *testing.T) {
	t.Parallel()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"ismspack.yaml":          "frameworks: [iso27001-2022-5.1, standards/TSC.yml]\n",
		"standards/TSC.yml":      "name: TSC\nCC6.1:\n  family: CC6\n  name: Logical Access\n  description: Access is logical.\nCC6.2:\n  family: CC6\n  name: Registration\n  description: Users are registered.\n",
		"content/comply.md":      "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC9.9\n  NIST: AC-2\n---\n# Purpose\n\nText.\n",
		"content/requirement.md": "---\nid: R-1\nrequirements: [\"5.1(a)\", CC6.2]\n---\n# R\n",
	}})
	m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	d := m.Doc("content/comply.md")
	if got := fmt.Sprint(d.Requirements); got != "[CC6.1]" {
		t.Errorf("comply.md requirements %s, want [CC6.1]: TSC is in use, CC9.9 is not one of its items", got)
	}
	if other := d.OtherReferences(); len(other) != 1 || other[0].Framework != "NIST" {
		t.Errorf("other frameworks %+v, want NIST only", other)
	}
	if got := fmt.Sprint(m.Doc("content/requirement.md").Requirements); got != "[5.1(a) CC6.2]" {
		t.Errorf("requirement.md requirements %s, want [5.1(a) CC6.2]", got)
	}
	if s := m.Framework.SetOf("CC6.1"); s == nil || s.ID != "TSC" {
		t.Errorf("CC6.1 belongs to %v, want the TSC set", s)
	}
}

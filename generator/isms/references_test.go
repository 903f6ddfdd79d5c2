package isms_test

import (
	"fmt"
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
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		// comply's header: satisfies maps a framework to its criteria.
		"content/comply.md": "name: Access Policy\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n    - CC6.2\n  SOC 2: CC7.1, CC7.2\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# Purpose\n\nText.\n",
		// a mapping table under its heading; the first table is not one.
		"content/table.md": "---\nid: T-1\n---\n# Policy\n\n| Owner | Jane |\n|---|---|\n| Date | 2026 |\n\n## Compliance mapping\n\n| Framework | Controls |\n|---|---|\n| ISO 27001:2013 | A.9.1.1; A.9.2.3 |\n| NIST CSF | PR.AC-1 |\n\n## Scope\n\n| Framework | Controls |\n|---|---|\n| Not | read |\n",
		"content/plain.md": "---\nid: P-1\nsatisfies: everything\n---\n# Plain\n",
	}})
	m := load(t, r, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	for path, want := range map[string]string{
		"content/comply.md": "[TSC@4[CC6.1@5 CC6.2@5] SOC 2@7[CC7.1@7 CC7.2@7]]",
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

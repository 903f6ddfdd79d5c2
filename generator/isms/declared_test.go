package isms_test

import (
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// TestDeclaredRowsKnowTheCommitThatAddedThem pins what approval events
// are read from: each row of the revision table with the commit that
// added it, found across commits that change other things, and a row
// removed and written again counted from its return.
func TestDeclaredRowsKnowTheCommitThatAddedThem(t *testing.T) {
	t.Parallel()
	doc := func(text string, rows ...string) string {
		b := "---\nid: P-1\ntitle: P\n---\n# P\n\n" + text + "\n\n| Version | Date | Approved by |\n|---|---|---|\n"
		for _, r := range rows {
			b += r + "\n"
		}
		return b
	}
	r10, r11, r12 := "| 1.0 | 2026-01-05 | CEO |", "| 1.1 | 2026-02-01 | CEO |", "| 1.2 | 2026-03-01 | Board |"
	r := testrepo.New(t)
	first := r.Commit(testrepo.Commit{Files: map[string]string{"content/p.md": doc("One.", r10)}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/p.md": doc("Two.", r10, r11)}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/p.md": doc("Two.", r10)}}) // 1.1 withdrawn
	third := r.Commit(testrepo.Commit{Files: map[string]string{"content/p.md": doc("Two.", r10, r11)}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/other.md": "# Other\n"}})
	last := r.Commit(testrepo.Commit{Files: map[string]string{"content/p.md": doc("Three.", r12, r10, r11)}})
	m := load(t, r, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC))
	d := m.Doc("content/p.md")
	want := map[string]string{"1.2": last, "1.0": first, "1.1": third}
	if len(d.Declared) != 3 {
		t.Fatalf("%d declared rows, want 3", len(d.Declared))
	}
	for _, row := range d.Declared {
		if row.AddedIn == nil || row.AddedIn.Hash != want[row.Version] {
			t.Errorf("row %s added in %v, want %s", row.Version, row.AddedIn, want[row.Version][:7])
		}
	}
	if d.Meta.Version != "1.2" || d.Meta.ApprovedBy != "Board" {
		t.Errorf("version %q approved by %q, want 1.2 by Board", d.Meta.Version, d.Meta.ApprovedBy)
	}
	// The withdrawal changed no text: only rows moved.
	if d.History[2].BodyChanged || d.History[1].BodyChanged {
		t.Error("a commit that only removed or restored a row counts as a change to the text")
	}
}

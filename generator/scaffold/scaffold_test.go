package scaffold_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/scaffold"
)

// TestDocumentSetCoversEveryClause51Item holds the templates to the
// framework: each maps only to items that exist, and together they
// evidence every item, so an ISMS started with init can become ready.
func TestDocumentSetCoversEveryClause51Item(t *testing.T) {
	sets, err := framework.Default()
	if err != nil {
		t.Fatal(err)
	}
	idx := framework.NewIndex(sets)
	covered := map[string]bool{}
	for _, d := range scaffold.Docs {
		for _, r := range d.Requirements {
			if _, ok := idx.Item(r); !ok {
				t.Errorf("%s maps to %s, which the framework does not have", d.Path, r)
			}
			covered[r] = true
		}
	}
	for _, it := range idx.Items() {
		if strings.HasPrefix(it.ID, "5.1") && !covered[it.ID] {
			t.Errorf("no template evidences %s %s", it.ID, it.Title)
		}
	}
}

// TestPlaceholdersAreNotNested keeps each bracketed placeholder whole: a
// placeholder inside another ("[Add why [Your organisation] …]") would be
// reported cut short.
func TestPlaceholdersAreNotNested(t *testing.T) {
	files, err := scaffold.Files(scaffold.Options{Date: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		depth := 0
		for i, c := range string(b) {
			switch c {
			case '[':
				depth++
				if depth > 1 {
					t.Errorf("%s:%d: a bracket inside a bracket", name, strings.Count(string(b[:i]), "\n")+1)
				}
			case ']':
				depth = max(0, depth-1)
			}
		}
	}
}

package testrepo

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

func TestCorpusHasTheAskedShape(t *testing.T) {
	r := Corpus(t, 20, 50, 1)
	if len(r.Head) != 50 {
		t.Fatalf("%d commits, want 50", len(r.Head))
	}
	c, err := r.Git.CommitObject(plumbing.NewHash(r.Head[49]))
	if err != nil {
		t.Fatal(err)
	}
	tree, _ := c.Tree()
	content, err := tree.Tree("content")
	if err != nil || len(content.Entries) != 20 {
		t.Fatalf("content has %d entries (%v), want 20", len(content.Entries), err)
	}
}

package site

import (
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// TestKeptHistoryLinksFollowTheirTargets: an old revision's links are
// resolved against the model as it is now, so a history page kept in
// the cache is used only while each resolves the same way. After each
// commit that changes what one of them reads (a target appearing or
// disappearing, a target's anchors, its ID and title, its file name, the
// content directory) while the page's own document does not change, a
// build with the cache writes what a build without it writes.
func TestKeptHistoryLinksFollowTheirTargets(t *testing.T) {
	t.Parallel()
	old := "# Alpha\n\nSee [b](b.md#two), [c](c.md), [d](d.md#one), [e](e.md), [g](../guide/g.md) and [the picture](img/p.png).\n"
	now := "# Alpha\n\nNo links now.\n"
	b := func(heading string) string {
		return approved("B-1", "Bravo", "1.0", `["5.1(b)"]`, "# Bravo\n\n## "+heading+"\n\nText.\n")
	}
	r := testrepo.New(t)
	day := 0
	commit := func(files map[string]string, remove ...string) {
		day++
		r.Commit(testrepo.Commit{Message: "change", When: testStart.AddDate(0, 0, day), Files: files, Remove: remove})
	}
	commit(map[string]string{
		"content/a.md": approved("A-1", "Alpha", "1.0", `["5.1(a)"]`, old),
		"content/b.md": b("Two"),
		"content/d.md": approved("D-1", "Delta", "1.0", `["5.1(c)"]`, "# Delta\n\n## One\n"),
		"content/e.md": approved("E-1", "Echo", "1.0", `["5.1(d)"]`, "# Echo\n"),
		"guide/g.md":   "# Guide\n",
	})
	commit(map[string]string{"content/a.md": approved("A-1", "Alpha", "2.0", `["5.1(a)"]`, now)})
	dir := t.TempDir()
	build := func(warm bool, content string) string {
		var c *cache.Cache
		if warm {
			var err error
			if c, err = cache.Open(dir, cache.Options{Version: "v1"}); err != nil {
				t.Fatal(err)
			}
		}
		m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: testAsOf, Cache: c, Content: content})
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if err := RenderWith(out, m, check.Run(m, check.Rules()), themes.FS(), Options{NoPDF: true, Cache: c}); err != nil {
			t.Fatal(err)
		}
		c.FlushMemos()
		return out
	}
	same := func(step, content string) {
		t.Helper()
		warm := build(true, content)
		if t.Failed() {
			return
		}
		cold := build(false, content)
		sameFiles(t, warm, cold)
		if t.Failed() {
			t.Fatalf("after %s", step)
		}
	}
	same("the first build", "")
	same("nothing", "")
	for _, c := range []struct {
		step   string
		files  map[string]string
		remove []string
	}{
		// A file no link's result depends on (the picture is not linked
		// from the current version): the kept page is used, and its
		// entry keeps the new digest, with the documents its links land
		// on, so a target's anchors changing next still counts.
		{"the picture appearing", map[string]string{"content/img/p.png": testrepo.BombPNG(2, 2)}, nil},
		{"c.md appearing", map[string]string{"content/c.md": approved("C-1", "Charlie", "1.0", `["5.1(e)"]`, "# Charlie\n")}, nil},
		{"b.md's heading renamed", map[string]string{"content/b.md": b("Deux")}, nil},
		{"b.md's heading back", map[string]string{"content/b.md": b("Two")}, nil},
		{"another picture appearing", map[string]string{"content/img/q.png": testrepo.BombPNG(2, 2)}, nil},
		{"b.md's heading renamed again", map[string]string{"content/b.md": b("Trois")}, nil},
		{"d.md disappearing", nil, []string{"content/d.md"}},
		{"e.md's ID and title changing", map[string]string{"content/e.md": approved("E-2", "Echo two", "1.0", `["5.1(d)"]`, "# Echo\n")}, nil},
		{"e.md renamed", map[string]string{"content/e/index.md": approved("E-2", "Echo two", "1.0", `["5.1(d)"]`, "# Echo\n")}, []string{"content/e.md"}},
	} {
		commit(c.files, c.remove...)
		same(c.step, "")
	}
	same("the content directory changing", ".")
	same("the content directory back", "")
	hist := readOut(t, build(true, ""), "docs/a.history.html")
	if !strings.Contains(hist, `href="../docs/c.html"`) {
		t.Error("the kept history page does not link to the document that appeared")
	}
}

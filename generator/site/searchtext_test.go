package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

// TestWarmBuildParsesNoASTForAnUnchangedDocument: after a commit that
// changed another document, a build with the cache takes the unchanged
// one from it and neither its kept page nor its search text nor its
// title heading parses its body; what the site shows of it is what a
// build without the cache shows.
func TestWarmBuildParsesNoASTForAnUnchangedDocument(t *testing.T) {
	t.Parallel()
	r := testrepo.New(t)
	r.Commit(testrepo.Commit{Message: "add", When: testStart, Files: map[string]string{
		"content/policies/isp.md": approved("POL-1", "Security Policy", "1.0", `["5.1(a)"]`,
			"# Security Policy\n\nEvery zebrafinch is *classified*.\n\n    quagga code\n"),
		"content/plans/plan.md": approved("PLN-1", "Plan", "1.0", `["5.1(b)"]`, "# Plan\n\nFirst text.\n"),
	}})
	dir := t.TempDir()
	build := func(warm bool) (string, *isms.Model) {
		var c *cache.Cache
		if warm {
			var err error
			if c, err = cache.Open(dir, cache.Options{Version: "v1"}); err != nil {
				t.Fatal(err)
			}
		}
		m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: testAsOf, Cache: c})
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if err := RenderWith(out, m, check.Run(m, check.Rules()), themes.FS(), Options{NoPDF: true, Cache: c}); err != nil {
			t.Fatal(err)
		}
		c.FlushMemos()
		return out, m
	}
	build(true)
	r.Commit(testrepo.Commit{Message: "edit the plan", When: testStart.AddDate(0, 0, 1), Files: map[string]string{
		"content/plans/plan.md": approved("PLN-1", "Plan", "1.0", `["5.1(b)"]`, "# Plan\n\nSecond text.\n"),
	}})
	warm, m := build(true)
	for _, d := range m.Docs {
		if d.Path == "content/policies/isp.md" && d.HasAST() {
			t.Error("the unchanged document's body was parsed again")
		}
	}
	search := readOut(t, warm, searchIndexPath)
	for _, w := range []string{"zebrafinch", "quagga", "Second"} {
		if !strings.Contains(search, `"`+w+`"`) {
			t.Errorf("the search index lacks %q", w)
		}
	}
	if s := readOut(t, warm, "docs/policies/isp.html"); !strings.Contains(s, `<h1 id="security-policy">Security Policy</h1>`) {
		t.Error("the unchanged document's title does not carry its heading's id")
	}
	cold, _ := build(false)
	sameFiles(t, warm, cold)
}

// sameFiles fails unless two output directories hold the same files,
// byte for byte.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	files := func(dir string) map[string][]byte {
		m := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			m[rel], err = os.ReadFile(p)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) != len(fb) {
		t.Errorf("%d files, %d without the cache", len(fa), len(fb))
	}
	for p, x := range fa {
		if y, ok := fb[p]; !ok || !bytes.Equal(x, y) {
			t.Errorf("%s differs from the build without the cache", p)
		}
	}
}

package build_test

import (
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// TestOutputNamesFitAndStayApart builds a document with a 248-byte file
// name, whose history page name would pass 255 bytes, and two documents
// whose names differ only in case: the build succeeds, every output name
// fits, no two files are one on a case-insensitive file system, and the
// links between the documents reach the renamed pages.
func TestOutputNamesFitAndStayApart(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 245)
	all := `["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"]`
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/" + long + ".md": testrepo.Doc(map[string]string{"id": "POL-001", "title": "Long", "requirements": all}, "# Long\n\nSee [the policy](Policy.md) and [the other](policy.md).\n"),
		"content/Policy.md":       testrepo.Doc(map[string]string{"id": "POL-002", "title": "Upper"}, "# Upper\n\nSee [the long one]("+long+".md).\n"),
		"content/policy.md":       testrepo.Doc(map[string]string{"id": "POL-003", "title": "Lower"}, "# Lower\n\nSee [the upper one](Policy.md).\n"),
	}})
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	warned := map[string]bool{}
	for _, f := range res.Findings {
		if f.Rule == "output-name" {
			warned[f.Path] = true
		}
	}
	for _, p := range []string{"content/" + long + ".md", "content/policy.md"} {
		if !warned[p] {
			t.Errorf("no output-name warning for %.40s", p)
		}
	}
	if len(warned) != 2 {
		t.Errorf("output-name warnings for %d documents, want 2: %v", len(warned), warned)
	}

	folded := map[string]string{}
	href := regexp.MustCompile(`href="([^"#?]+)`)
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if len(d.Name()) > 255 {
			t.Errorf("%.60s…: a %d-byte name", rel, len(d.Name()))
		}
		if other, ok := folded[strings.ToLower(rel)]; ok {
			t.Errorf("%s and %s are one file on macOS and Windows", rel, other)
		}
		folded[strings.ToLower(rel)] = rel
		if d.IsDir() || !strings.HasSuffix(p, ".html") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range href.FindAllStringSubmatch(string(b), -1) {
			u, err := url.Parse(m[1])
			if err != nil || u.Scheme != "" {
				continue
			}
			target := path.Join(path.Dir(filepath.ToSlash(rel)), u.Path)
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
				t.Errorf("%.60s links to %.60s…, which was not written", rel, target)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Model.Docs {
		for _, f := range []string{d.Out.Page, d.Out.History, d.Out.PDF} {
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
				t.Errorf("%.40s: %.60s not written", d.Path, f)
			}
		}
	}
}

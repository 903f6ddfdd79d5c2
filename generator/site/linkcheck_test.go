package site

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// htmlPage is what the link checker needs from one output page.
type htmlPage struct {
	ids  map[string]int
	refs []ref
}

type ref struct {
	tag, attr, url string
}

// parseSite reads every .html file under dir.
func parseSite(t testing.TB, dir string) map[string]*htmlPage {
	t.Helper()
	pages := map[string]*htmlPage{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		root, err := html.Parse(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		pg := &htmlPage{ids: map[string]int{}}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				for _, a := range n.Attr {
					switch {
					case a.Key == "id":
						pg.ids[a.Val]++
					case a.Key == "href" || a.Key == "src":
						pg.refs = append(pg.refs, ref{n.Data, a.Key, a.Val})
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(root)
		rel, _ := filepath.Rel(dir, p)
		pages[filepath.ToSlash(rel)] = pg
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// linkProblems checks every relative href and src in the site: the file
// must exist under dir and the fragment must be an id on the target page.
// Links for which external returns true (the PDF renderer's files) are
// only checked for their shape. It also reports duplicate ids.
func linkProblems(t testing.TB, dir string, external func(p string) bool) []string {
	t.Helper()
	pages := parseSite(t, dir)
	var problems []string
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		pg := pages[name]
		for id, n := range pg.ids {
			if n > 1 {
				problems = append(problems, fmt.Sprintf("%s: id %q used %d times", name, id, n))
			}
		}
		for _, r := range pg.refs {
			u, err := url.Parse(r.url)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: <%s %s=%q>: %v", name, r.tag, r.attr, r.url, err))
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // external, checked by TestNoOutsideRequests
			}
			target := name
			if u.Path != "" {
				if strings.HasPrefix(u.Path, "/") {
					problems = append(problems, fmt.Sprintf("%s: %q is root-relative: breaks under a sub-path and from file://", name, r.url))
					continue
				}
				target = path.Join(path.Dir(name), u.Path)
				if target == ".." || strings.HasPrefix(target, "../") {
					problems = append(problems, fmt.Sprintf("%s: %q leaves the site", name, r.url))
					continue
				}
			}
			if u.Path != "" && external != nil && external(target) {
				continue
			}
			if u.Path != "" && (strings.HasSuffix(u.Path, "/") || !exists(dir, target)) {
				problems = append(problems, fmt.Sprintf("%s: %q: no file %s", name, r.url, target))
				continue
			}
			if u.Fragment == "" {
				if strings.HasSuffix(r.url, "#") {
					problems = append(problems, fmt.Sprintf("%s: %q: empty fragment", name, r.url))
				}
				continue
			}
			tp := pages[target]
			if tp == nil {
				problems = append(problems, fmt.Sprintf("%s: %q: fragment on a file that is not a page", name, r.url))
				continue
			}
			if tp.ids[u.Fragment] == 0 {
				problems = append(problems, fmt.Sprintf("%s: %q: no id %q in %s", name, r.url, u.Fragment, target))
			}
		}
	}
	return problems
}

func exists(dir, p string) bool {
	fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
	return err == nil && !fi.IsDir()
}

// pdfOutput reports the files the PDF renderer writes beside the site.
func pdfOutput(p string) bool {
	return p == "pack.pdf" || (strings.HasPrefix(p, "pdf/") && strings.HasSuffix(p, ".pdf"))
}

func assertLinksResolve(t *testing.T, dir string) {
	t.Helper()
	problems := linkProblems(t, dir, pdfOutput)
	for i, p := range problems {
		if i == 30 {
			t.Errorf("... and %d more", len(problems)-30)
			break
		}
		t.Error(p)
	}
}

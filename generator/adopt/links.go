package adopt

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/ismspack/ismspack/generator/config"
)

// LinkRoot is a proposed links.roots entry: site paths starting with
// Prefix are files under Dir.
type LinkRoot struct {
	Prefix, Dir string
	Why         string
}

// siteLink is a link written as a path of the published site.
type siteLink struct {
	segs []string // the path's segments; the last is "" for a trailing /
	dest string
}

// chooseLinkRoots finds the links written as the published site's paths
// (/security-policies/vendor/) that lead to no file of the repository as
// written, and the site prefixes and repository directories that make
// them lead to one: the links.roots that the model resolves them with.
func (in *inspection) chooseLinkRoots() {
	p := in.p
	var links []siteLink
	docs := map[string]bool{}
	for _, d := range in.docs {
		for _, l := range d.Links {
			if l.Auto || !strings.HasPrefix(l.Dest, "/") || strings.HasPrefix(l.Dest, "//") {
				continue
			}
			u, err := url.Parse(l.Dest)
			if err != nil || u.Path == "" || u.Path == "/" {
				continue
			}
			if in.resolves(strings.TrimPrefix(u.Path, "/")) {
				continue // the repository root is the site root already
			}
			links = append(links, siteLink{segs: strings.Split(strings.TrimPrefix(u.Path, "/"), "/"), dest: l.Dest})
			docs[d.Path] = true
		}
	}
	if len(links) == 0 {
		return
	}
	dirs := in.dirs()
	type pair struct{ prefix, dir string }
	covers := map[pair][]int{}
	for i, l := range links {
		for k := 0; k < len(l.segs); k++ {
			rest := strings.Join(l.segs[k:], "/")
			if rest == "" {
				continue
			}
			prefix := "/" + strings.Join(l.segs[:k], "/")
			if k > 0 {
				prefix += "/"
			}
			for _, dir := range dirs {
				if (prefix == "/" && dir == ".") || !in.resolves(path.Join(dir, rest)) {
					continue
				}
				pr := pair{prefix, dir}
				covers[pr] = append(covers[pr], i)
			}
		}
	}
	done := make([]bool, len(links))
	left := len(links)
	for left > 0 {
		var best pair
		bestN := 0
		for _, pr := range sortedPairs(covers) {
			n := 0
			for _, i := range covers[pr] {
				if !done[i] {
					n++
				}
			}
			if n > bestN || (n == bestN && n > 0 && len(pr.prefix) < len(best.prefix)) {
				best, bestN = pr, n
			}
		}
		if bestN == 0 {
			break
		}
		var ex string
		for _, i := range covers[best] {
			if !done[i] {
				if ex == "" {
					ex = links[i].dest
				}
				done[i] = true
				left--
			}
		}
		p.LinkRoots = append(p.LinkRoots, LinkRoot{Prefix: best.prefix, Dir: best.dir,
			Why: fmt.Sprintf("%s → %s: leads %s of the %d written as site paths to a file, e.g. %s", best.prefix, best.dir, plural(bestN, "link"), len(links), ex)})
	}
	sort.Slice(p.LinkRoots, func(i, j int) bool { return p.LinkRoots[i].Prefix < p.LinkRoots[j].Prefix })
	if left > 0 {
		var ex []string
		for i, l := range links {
			if !done[i] && len(ex) < 3 && !slices.Contains(ex, l.dest) {
				ex = append(ex, l.dest)
			}
		}
		p.Undecided = append(p.Undecided, fmt.Sprintf("links: %s written as site paths lead to no file of the repository under any root, e.g. %s; they stay link-broken until the pages they name are committed or the links changed", plural(left, "link"), strings.Join(ex, ", ")))
	}
	p.LinkDocs = len(docs)
}

func sortedPairs[P interface{ comparable }, V any](m map[P]V) []P {
	out := make([]P, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]) < fmt.Sprint(out[j]) })
	return out
}

// dirs are the directories of the repository's documents and their
// parents: where a site's pages may be generated from.
func (in *inspection) dirs() []string {
	set := map[string]bool{".": true}
	for _, d := range in.docs {
		for dir := path.Dir(d.Path); dir != "." && !set[dir]; dir = path.Dir(dir) {
			set[dir] = true
		}
	}
	return slices.Sorted(mapKeys(set))
}

// resolves reports whether a repository path p, written as a site path,
// names a file as the model resolves links with the default
// links.extensions: the file itself, a directory's index document, a page
// (x.html) or a clean URL (x, x/) from the Markdown it is made from, or
// index.html from its directory's index document.
func (in *inspection) resolves(p string) bool {
	p = strings.Trim(path.Clean("/"+p), "/")
	if p == "" {
		return false
	}
	if _, ok := in.byPath[p]; ok {
		return true
	}
	if in.hasIndex(p) {
		return true
	}
	ext := path.Ext(path.Base(p))
	stem := strings.TrimSuffix(p, ext)
	for _, e := range config.DefaultLinkExtensions()[ext] {
		if _, ok := in.byPath[stem+e]; ok {
			return true
		}
	}
	return path.Base(stem) == "index" && in.hasIndex(path.Dir(stem))
}

// hasIndex reports whether directory dir has an index document.
func (in *inspection) hasIndex(dir string) bool {
	for _, idx := range []string{"index.md", "_index.md", "README.md", "readme.md", "index.markdown"} {
		if _, ok := in.byPath[path.Join(dir, idx)]; ok {
			return true
		}
	}
	return false
}

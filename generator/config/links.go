package config

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
)

// Links says how links written for the site a repository was published
// with (/standards/hosting.html, ../manuals/x.html, /policies/) lead to
// the files they were generated from. The isms package resolves every
// link with it, once; check, the site and the PDF read that result.
type Links struct {
	// Roots maps the start of a site path to the repository directory
	// its pages are generated from: {"/": handbook} reads
	// /security/x as handbook/security/x. A site path no root matches
	// starts at the repository root.
	Roots map[string]string `yaml:"roots"`
	// Extensions maps the extension of a published page to the
	// extensions of the files it may be generated from, tried in order:
	// {".html": [".md", ".html.md.erb"]}. The key "" is for links with
	// no extension (clean URLs: /policies/access-control). A link whose
	// file is not in the commit is tried with each; one to index.html
	// (or index with no extension) leads to its directory's index
	// document.
	Extensions map[string][]string `yaml:"extensions"`
}

// DefaultLinkExtensions are the extensions tried when the configuration
// sets none: a page published as .html, or with no extension, from
// Markdown of the same name.
func DefaultLinkExtensions() map[string][]string {
	return map[string][]string{
		".html": {".md", ".markdown", ".html.md"},
		".htm":  {".md", ".markdown"},
		"":      {".md", ".markdown"},
	}
}

// Root is one entry of Links.Roots, normalised.
type Root struct {
	// Prefix starts and ends with "/".
	Prefix string
	// Dir is a cleaned repository path; "." is the root.
	Dir string
}

// SiteRoots returns the roots longest prefix first, so the most specific
// one wins.
func (l Links) SiteRoots() []Root {
	rs := make([]Root, 0, len(l.Roots))
	for p, d := range l.Roots {
		rs = append(rs, Root{Prefix: rootPrefix(p), Dir: cleanRepoPath(strings.TrimPrefix(d, "/"))})
	}
	sort.Slice(rs, func(i, j int) bool {
		if len(rs[i].Prefix) != len(rs[j].Prefix) {
			return len(rs[i].Prefix) > len(rs[j].Prefix)
		}
		return rs[i].Prefix < rs[j].Prefix
	})
	for i := range rs {
		if rs[i].Dir == "" {
			rs[i].Dir = "."
		}
	}
	return rs
}

func rootPrefix(p string) string {
	p = "/" + strings.Trim(path.Clean("/"+p), "/") + "/"
	if p == "//" {
		return "/"
	}
	return p
}

// SourceExtensions returns the extensions a page with output extension
// ext (".html", or "" for none) may be generated from; nil when none is
// configured for it.
func (l Links) SourceExtensions(ext string) []string {
	if l.Extensions == nil {
		return DefaultLinkExtensions()[ext]
	}
	return l.Extensions[ext]
}

// OutputExtensions lists the output extensions configured, longest first.
func (l Links) OutputExtensions() []string {
	m := l.Extensions
	if m == nil {
		m = DefaultLinkExtensions()
	}
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return out
}

// validate reports a root that leaves the repository or an extension
// that is not one.
func (l Links) validate() error {
	for _, p := range slices.Sorted(maps.Keys(l.Roots)) {
		if !strings.HasPrefix(p, "/") {
			return &SettingError{[]string{"links", "roots", p}, fmt.Sprintf("%q is not a site path: write it from the site's root, like /policies/", p)}
		}
		d := cleanRepoPath(l.Roots[p])
		if d == ".." || strings.HasPrefix(d, "../") || path.IsAbs(d) && d != "/" {
			return &SettingError{[]string{"links", "roots", p}, fmt.Sprintf("%q is not a directory of the repository: name one relative to its root, like handbook or .", l.Roots[p])}
		}
	}
	for _, e := range slices.Sorted(maps.Keys(l.Extensions)) {
		if e != "" && (!strings.HasPrefix(e, ".") || strings.Contains(e, "/")) {
			return &SettingError{[]string{"links", "extensions", e}, fmt.Sprintf("%q is not an extension: write it with its dot, like .html, or \"\" for links with none", e)}
		}
		for _, s := range l.Extensions[e] {
			if !strings.HasPrefix(s, ".") || strings.Contains(s, "/") {
				return &SettingError{[]string{"links", "extensions", e}, fmt.Sprintf("%q is not an extension: write it with its dot, like .md or .html.md.erb", s)}
			}
		}
	}
	return nil
}

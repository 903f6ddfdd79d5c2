package source

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// DefaultInclude is what a Selector reads when the configuration names no
// include patterns: Markdown files, as ismspack always has.
var DefaultInclude = []string{"**/*.md", "**/*.markdown"}

// Selector decides which files under the content directory are documents.
// It is the one place that decides it: the snapshot, the history walk,
// the model and the scaffold all ask it. Patterns are doublestar globs
// (`**` crosses directories) matched against the path relative to the
// content directory, without regard to case, as the file extension always
// was.
type Selector struct {
	content          string
	include, exclude []string
}

// NewSelector returns the selector for content (a directory relative to
// the repository root) with include and exclude patterns; an empty
// include means DefaultInclude. A pattern that is not a valid glob is an
// error naming it.
func NewSelector(content string, include, exclude []string) (*Selector, error) {
	if len(include) == 0 {
		include = DefaultInclude
	}
	s := &Selector{content: strings.Trim(content, "/")}
	for _, l := range []struct {
		dst *[]string
		src []string
	}{{&s.include, include}, {&s.exclude, exclude}} {
		for _, p := range l.src {
			if err := CheckPattern(p); err != nil {
				return nil, err
			}
			*l.dst = append(*l.dst, strings.ToLower(p))
		}
	}
	return s, nil
}

// Markdown returns the default selector for content: DefaultInclude,
// nothing excluded.
func Markdown(content string) *Selector {
	s, err := NewSelector(content, nil, nil)
	if err != nil {
		panic(err) // DefaultInclude is valid
	}
	return s
}

// CheckPattern reports whether p is a glob a Selector accepts.
func CheckPattern(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("an empty pattern matches nothing: write one like **/*.md")
	case strings.HasPrefix(p, "/"):
		return fmt.Errorf("%q starts with /: patterns are relative to the content directory, like **/*.md", p)
	case !doublestar.ValidatePattern(p):
		return fmt.Errorf("%q is not a valid glob: check its brackets and braces, like **/*.{md,markdown}", p)
	}
	return nil
}

// rel returns p relative to the content directory, and false when p is
// not under it.
func (s *Selector) rel(p string) (string, bool) {
	if s.content == "" || s.content == "." {
		return p, true
	}
	r, ok := strings.CutPrefix(p, s.content+"/")
	return r, ok
}

// IsDocument reports whether the repository path p is a document: under
// the content directory, matched by an include pattern and by no exclude
// pattern.
func (s *Selector) IsDocument(p string) bool {
	r, ok := s.rel(p)
	return ok && matchAny(s.include, r) && !matchAny(s.exclude, r)
}

// Excluded reports whether p is matched by an exclude pattern: left out on
// purpose.
func (s *Selector) Excluded(p string) bool {
	r, ok := s.rel(p)
	return ok && matchAny(s.exclude, r)
}

func matchAny(patterns []string, p string) bool {
	p = strings.ToLower(p)
	for _, pat := range patterns {
		if ok, _ := doublestar.Match(pat, p); ok {
			return true
		}
	}
	return false
}

// markup are file extensions of text documents in a markup language. A
// file with one that is not a document was probably meant to be one, so
// it is reported; any other file (an image, a PDF) is an asset.
var markup = []string{".md", ".markdown", ".mdown", ".mkd", ".mdx", ".erb", ".liquid", ".rst", ".adoc", ".asciidoc", ".org", ".textile", ".txt"}

// Skipped is a group of files that look like documents (their name ends
// in a markup extension) but that no include pattern reads.
type Skipped struct {
	// Pattern is the glob of the group, *.html.md.erb: everything from the
	// first dot of the base name.
	Pattern string
	// Paths are the files, sorted.
	Paths []string
}

// Skip returns the files among files that look like documents but are
// neither documents nor excluded on purpose, grouped by their extension,
// largest group first.
func (s *Selector) Skip(files []File) []Skipped {
	by := map[string]*Skipped{}
	var out []*Skipped
	for _, f := range files {
		if s.IsDocument(f.Path) || s.Excluded(f.Path) || !slices.Contains(markup, strings.ToLower(path.Ext(f.Path))) {
			continue
		}
		base := path.Base(f.Path)
		ext := base[strings.IndexByte(base[1:], '.')+1:] // a leading dot is part of the name
		g := by[strings.ToLower(ext)]
		if g == nil {
			g = &Skipped{Pattern: "*" + ext}
			by[strings.ToLower(ext)] = g
			out = append(out, g)
		}
		g.Paths = append(g.Paths, f.Path)
	}
	slices.SortStableFunc(out, func(a, b *Skipped) int { return len(b.Paths) - len(a.Paths) })
	res := make([]Skipped, len(out))
	for i, g := range out {
		slices.Sort(g.Paths)
		res[i] = *g
	}
	return res
}

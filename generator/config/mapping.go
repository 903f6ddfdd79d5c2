package config

import (
	"fmt"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	yaml "go.yaml.in/yaml/v3"

	"github.com/ismspack/ismspack/generator/internal/bounded"
	"github.com/ismspack/ismspack/generator/source"
)

// Mapping maps documents to requirements from the configuration, so a
// repository adopted as it stands can evidence clause 5.1 without an edit
// to its files:
//
//	map:
//	  policies/leadership.md: ["5.1(a)", "5.1(d)"]
//	  "minutes/**": "5.1(e)"
//
// Patterns are globs relative to the content directory, as include and
// exclude are. The model adds what they map to what each document
// declares. Every rule keeps its place in the file, so a requirement no
// set defines and a pattern that matches no document are reported at
// their line of ismspack.yaml.
type Mapping []MapRule

// MapRule is one pattern of map: and the requirements it maps to.
type MapRule struct {
	// Pattern is the glob as written.
	Pattern string
	// Line and Col are where the pattern is written.
	Line, Col int
	// Requirements are the requirement ids, as written, with their places.
	Requirements []MapItem
}

// MapItem is one requirement id a rule maps to.
type MapItem struct {
	ID        string
	Line, Col int
}

// Where names the rule's place in the configuration for people:
// "ismspack.yaml:12", or the pattern alone when the file is unknown.
func (r *MapRule) Where(file string) string {
	if file == "" || r.Line == 0 {
		return "map: " + r.Pattern
	}
	return fmt.Sprintf("%s:%d", file, r.Line)
}

// Matches reports whether rel, a path relative to the content directory,
// is matched by the rule's pattern, without regard to case, as include
// patterns match.
func (r *MapRule) Matches(rel string) bool {
	ok, _ := doublestar.Match(strings.ToLower(r.Pattern), strings.ToLower(rel))
	return ok
}

// decodeYAML reads map: keeping the place of every pattern and id. A
// pattern maps to one id or a list of them.
func (m *Mapping) decodeYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &bounded.Error{Line: n.Line, Col: n.Column, Msg: `map: takes path patterns and the requirements each maps to, like "policies/leadership.md": ["5.1(a)", "5.1(d)"]`}
	}
	out := make(Mapping, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		r := MapRule{Pattern: k.Value, Line: k.Line, Col: k.Column}
		items := []*yaml.Node{v}
		if v.Kind == yaml.SequenceNode {
			items = v.Content
		}
		for _, it := range items {
			if it.Kind == yaml.AliasNode {
				it = it.Alias
			}
			if it.Kind != yaml.ScalarNode || strings.TrimSpace(it.Value) == "" {
				return &bounded.Error{Line: it.Line, Col: it.Column, Msg: fmt.Sprintf("map: %q maps to requirement ids, one or a list, like [\"5.1(a)\", \"5.1(d)\"]", k.Value)}
			}
			r.Requirements = append(r.Requirements, MapItem{ID: strings.TrimSpace(it.Value), Line: it.Line, Col: it.Column})
		}
		out = append(out, r)
	}
	*m = out
	return nil
}

// validate checks every pattern is a glob a Selector would accept.
func (m Mapping) validate() error {
	for _, r := range m {
		if err := source.CheckPattern(r.Pattern); err != nil {
			return &SettingError{[]string{"map", r.Pattern}, err.Error()}
		}
	}
	return nil
}

// Package framework holds requirement sets: the items an auditor checks and
// what evidence each expects. ISO/IEC 27001:2022 clause 5.1 ships embedded,
// in ismspack's own words; users may add sets in the same YAML format.
package framework

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
)

//go:embed *.yaml
var builtin embed.FS

// Set is a requirement set such as a clause of a standard.
type Set struct {
	ID     string `yaml:"id"`
	Title  string `yaml:"title"`
	Source string `yaml:"source"`
	Note   string `yaml:"note"`
	Items  []Item `yaml:"items"`
}

// Item is one requirement: what it asks, the evidence an auditor expects,
// and how it is audited.
type Item struct {
	ID        string   `yaml:"id"`
	Title     string   `yaml:"title"`
	Statement string   `yaml:"statement"`
	Evidence  []string `yaml:"evidence"`
	Audit     []string `yaml:"audit"`
}

// Slug is a file-name-safe form of the item ID: 5.1(a) -> 5.1a.
func (it *Item) Slug() string {
	return strings.NewReplacer("(", "", ")", "", " ", "-", "/", "-").Replace(it.ID)
}

// Builtin returns the embedded requirement sets, freshly decoded so callers
// may not change each other's copies.
func Builtin() ([]*Set, error) {
	entries, err := builtin.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var sets []*Set
	for _, e := range entries {
		data, err := builtin.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		s, err := Parse(e.Name(), data)
		if err != nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	sort.Slice(sets, func(i, j int) bool { return sets[i].ID < sets[j].ID })
	return sets, nil
}

// Parse reads a requirement set, naming the file and line of any error.
func Parse(name string, data []byte) (*Set, error) {
	var s Set
	if err := yaml.UnmarshalWithOptions(bytes.TrimSpace(data), &s, yaml.Strict()); err != nil {
		var ye yaml.Error
		if errors.As(err, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			return nil, fmt.Errorf("%s:%d:%d: %s", name, p.Line, p.Column, ye.GetMessage())
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if s.ID == "" || len(s.Items) == 0 {
		return nil, fmt.Errorf("%s: a requirement set needs an id and at least one item", name)
	}
	seen := map[string]bool{}
	for _, it := range s.Items {
		if it.ID == "" || seen[it.ID] {
			return nil, fmt.Errorf("%s: item %q: every item needs a unique id", name, it.ID)
		}
		seen[it.ID] = true
	}
	return &s, nil
}

// Index finds items by ID across sets.
type Index struct {
	Sets  []*Set
	items map[string]*Item
	set   map[string]*Set
}

// NewIndex indexes sets.
func NewIndex(sets []*Set) *Index {
	x := &Index{Sets: sets, items: map[string]*Item{}, set: map[string]*Set{}}
	for _, s := range sets {
		for i := range s.Items {
			it := &s.Items[i]
			x.items[it.ID] = it
			x.set[it.ID] = s
		}
	}
	return x
}

// Item returns the item with a normalised ID.
func (x *Index) Item(id string) (*Item, bool) { it, ok := x.items[id]; return it, ok }

// SetOf returns the set an item belongs to.
func (x *Index) SetOf(id string) *Set { return x.set[id] }

// Items returns every item in set order.
func (x *Index) Items() []*Item {
	var out []*Item
	for _, s := range x.Sets {
		for i := range s.Items {
			out = append(out, &s.Items[i])
		}
	}
	return out
}

var clauseRE = regexp.MustCompile(`^(\d+(?:\.\d+)*)[.\s]?\(?([a-z])\)?$`)

// Normalize rewrites the ways people write an item ID to the canonical
// one: "5.1a", "5.1.a", "5.1 (a)" and "5.1(A)" all become "5.1(a)".
func Normalize(id string) string {
	s := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(id), " ", ""))
	if m := clauseRE.FindStringSubmatch(s); m != nil {
		return m[1] + "(" + m[2] + ")"
	}
	return strings.TrimSpace(id)
}

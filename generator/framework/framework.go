// Package framework holds requirement sets: the items an auditor checks and
// what evidence each expects. ISO/IEC 27001:2022 clause 5.1 ships embedded,
// in ismspack's own words; users may add sets in the same YAML format.
package framework

import (
	"bytes"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/ismspack/ismspack/generator/internal/bounded"
)

//go:embed *.yaml
var builtin embed.FS

// Set is a requirement set such as a clause of a standard.
type Set struct {
	ID      string `yaml:"id"`
	Title   string `yaml:"title"`
	Version string `yaml:"version"`
	Source  string `yaml:"source"`
	Note    string `yaml:"note"`
	// Prefix, when set, may be left off an item's ID where no other set
	// in use has the shorter ID: Annex A's "A.5.1" is also "5.1".
	Prefix string  `yaml:"prefix"`
	Groups []Group `yaml:"groups"`
	Items  []Item  `yaml:"items"`
}

// Group gathers items under a heading: a clause, a theme, a family.
type Group struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
}

// Item is one requirement: what it asks, the evidence an auditor expects,
// and how it is audited.
type Item struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	// Group is the ID of the set's group the item sits in, if any.
	Group     string `yaml:"group"`
	Statement string `yaml:"statement"`
	// Evidence is what an auditor expects to see. An entry with a key is
	// judged: documents and records are matched to it (evidence.go).
	Evidence []Evidence `yaml:"evidence"`
	Audit    []string   `yaml:"audit"`
}

// Slug is a file-name-safe form of the item ID: 5.1(a) -> 5.1a.
func (it *Item) Slug() string {
	return strings.NewReplacer("(", "", ")", "", " ", "-", "/", "-").Replace(it.ID)
}

// Builtin returns the embedded requirement sets, each caller its own deep
// copy, so callers may not change each other's sets. They are decoded
// once per process (parsedBuiltin); copying is a fraction of decoding,
// which every model load and every check fixture paid twice over.
func Builtin() ([]*Set, error) {
	sets, err := parsedBuiltin()
	if err != nil {
		return nil, err
	}
	out := make([]*Set, len(sets))
	for i, s := range sets {
		out[i] = s.clone()
	}
	return out, nil
}

// parsedBuiltin holds the embedded sets as decoded once. Nothing changes
// them after: Builtin hands out copies only.
var parsedBuiltin = sync.OnceValues(decodeBuiltin)

// clone is a deep copy of s: no slice of it is shared with s.
func (s *Set) clone() *Set {
	c := *s
	c.Groups = slices.Clone(s.Groups)
	c.Items = slices.Clone(s.Items)
	for i := range c.Items {
		it := &c.Items[i]
		it.Evidence = slices.Clone(it.Evidence)
		for j := range it.Evidence {
			it.Evidence[j].Types = slices.Clone(it.Evidence[j].Types)
		}
		it.Audit = slices.Clone(it.Audit)
	}
	return &c
}

func decodeBuiltin() ([]*Set, error) {
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
// A set may be committed by anyone who can open a pull request, so it is
// parsed within the bounds of package bounded first (size, depth, values),
// then decoded strictly: a misspelt key is an error, not a silent gap.
func Parse(name string, data []byte) (*Set, error) {
	if _, err := bounded.YAML(data); err != nil {
		return nil, fmt.Errorf("%s:%w", name, err)
	}
	var s Set
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&s); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
		if m := lineRE.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, fmt.Errorf("%s:%d:%d: %s", name, line, keyColumn(data, line, m[2]), strings.TrimSpace(m[2]))
		}
		return nil, fmt.Errorf("%s: %s", name, strings.TrimSpace(msg))
	}
	if s.ID == "" || len(s.Items) == 0 {
		return nil, fmt.Errorf("%s: a requirement set needs an id and at least one item", name)
	}
	groups := map[string]bool{}
	for _, g := range s.Groups {
		if g.ID == "" || groups[g.ID] {
			return nil, fmt.Errorf("%s: group %q: every group needs a unique id", name, g.ID)
		}
		groups[g.ID] = true
	}
	seen := map[string]bool{}
	for _, it := range s.Items {
		if it.ID == "" || seen[it.ID] {
			return nil, fmt.Errorf("%s: item %q: every item needs a unique id", name, it.ID)
		}
		if it.Group != "" && !groups[it.Group] {
			return nil, fmt.Errorf("%s: item %q: group %q is not among the set's groups", name, it.ID, it.Group)
		}
		seen[it.ID] = true
	}
	if err := checkEvidence(&s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &s, nil
}

// keyColumn finds the column of the unknown key the decoder names on a
// line ("field titel not found …"), or 1.
func keyColumn(data []byte, line int, msg string) int {
	key, ok := strings.CutPrefix(msg, "field ")
	if !ok {
		return 1
	}
	key, _, _ = strings.Cut(key, " ")
	lines := strings.SplitN(string(data), "\n", line+1)
	if line < 1 || line > len(lines) {
		return 1
	}
	if i := strings.Index(lines[line-1], key); i >= 0 {
		return utf8.RuneCountInString(lines[line-1][:i]) + 1
	}
	return 1
}

var lineRE = regexp.MustCompile(`^\s*line (\d+): (.*)`)

// DefaultSets are the sets in use when the configuration names none:
// ISO/IEC 27001:2022 clause 5.1, the pack's headline.
var DefaultSets = []string{"iso27001-2022-5.1"}

// Default returns the sets in use by default, freshly decoded.
func Default() ([]*Set, error) {
	var out []*Set
	for _, id := range DefaultSets {
		s, ok, err := Lookup(id)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("default requirement set %s is not built in", id)
		}
		out = append(out, s)
	}
	return out, nil
}

// Lookup returns the built-in set with the given id, or false.
func Lookup(id string) (*Set, bool, error) {
	sets, err := Builtin()
	if err != nil {
		return nil, false, err
	}
	for _, s := range sets {
		if s.ID == id {
			return s, true, nil
		}
	}
	return nil, false, nil
}

// Index finds items by ID across the sets in use.
type Index struct {
	Sets  []*Set
	items map[string]*Item
	set   map[string]*Set
	in    map[*Set]map[string]*Item
	keys  map[string]keyRef
}

type keyRef struct {
	item *Item
	ev   *Evidence
}

// NewIndex indexes sets. Where two sets have an item with the same ID,
// the first set listed has it.
func NewIndex(sets []*Set) *Index {
	x := &Index{Sets: sets, items: map[string]*Item{}, set: map[string]*Set{}, in: map[*Set]map[string]*Item{}, keys: map[string]keyRef{}}
	for _, s := range sets {
		x.in[s] = make(map[string]*Item, len(s.Items))
		for i := range s.Items {
			it := &s.Items[i]
			x.in[s][it.ID] = it
			if _, ok := x.items[it.ID]; ok {
				continue
			}
			for j := range it.Evidence {
				if k := strings.ToLower(it.Evidence[j].Key); k != "" {
					if _, dup := x.keys[k]; !dup {
						x.keys[k] = keyRef{it, &it.Evidence[j]}
					}
				}
			}
			x.items[it.ID] = it
			x.set[it.ID] = s
		}
	}
	return x
}

// Item returns the item with a normalised ID. An ID that no set has as
// written is tried with each set's prefix, so "8.13" finds Annex A's
// "A.8.13" when no set in use has an item "8.13".
func (x *Index) Item(id string) (*Item, bool) {
	if it, ok := x.items[id]; ok {
		return it, true
	}
	for _, s := range x.Sets {
		if s.Prefix == "" {
			continue
		}
		if it, ok := x.items[s.Prefix+id]; ok && x.set[it.ID] == s {
			return it, true
		}
	}
	return nil, false
}

// Set returns the set in use named name, by its ID or title, ignoring
// case: comply's `satisfies: {TSC: …}` names the set TSC.
func (x *Index) Set(name string) *Set {
	name = strings.TrimSpace(name)
	for _, s := range x.Sets {
		if strings.EqualFold(s.ID, name) || strings.EqualFold(s.Title, name) {
			return s
		}
	}
	return nil
}

// ItemIn returns the item of set s that id names, as written or with the
// set's prefix: the ids under a framework's name are that set's alone.
func (x *Index) ItemIn(s *Set, id string) (*Item, bool) {
	id = Normalize(id)
	if it, ok := x.in[s][id]; ok {
		return it, true
	}
	if s.Prefix != "" {
		if it, ok := x.in[s][s.Prefix+id]; ok {
			return it, true
		}
	}
	return nil, false
}

// Canonical returns the ID of the item id resolves to, or id itself.
func (x *Index) Canonical(id string) string {
	if it, ok := x.Item(id); ok {
		return it.ID
	}
	return id
}

// Names lists the IDs of the sets in use.
func (x *Index) Names() []string {
	names := make([]string, len(x.Sets))
	for i, s := range x.Sets {
		names[i] = s.ID
	}
	return names
}

// SetOf returns the set an item belongs to.
func (x *Index) SetOf(id string) *Set {
	if it, ok := x.Item(id); ok {
		return x.set[it.ID]
	}
	return nil
}

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

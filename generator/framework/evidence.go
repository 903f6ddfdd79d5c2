package framework

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Evidence is one thing an auditor expects to see for an item: "an
// approved information security policy", "management review minutes".
//
// Written as a plain string it is guidance, listed but not judged. Given
// a key it is judged: a document or record is matched to it when the
// document's type is among Types (and it evidences the item), when its
// front matter names the key under evidence:, or when a declared table
// names the key; the item is then present, stale (matched only by
// documents not in good standing, or records whose cadence has lapsed)
// or missing, and coverage is amber until every keyed entry is present.
type Evidence struct {
	// Key names the entry for front matter and configuration: unique in
	// its set, lower-case letters, digits and hyphens.
	Key string `yaml:"key"`
	// Text is what the auditor expects, in words.
	Text string `yaml:"text"`
	// Types are the document types that are this evidence when they
	// evidence the item: [policy], [minutes].
	Types []string `yaml:"types"`
}

// Judged reports whether documents are matched to the entry.
func (e *Evidence) Judged() bool { return e.Key != "" }

// UnmarshalYAML reads an entry written as a string or as keys and values,
// holding the keys to those Evidence has, as the rest of the file is held.
func (e *Evidence) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*e = Evidence{Text: n.Value}
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			switch k := n.Content[i]; k.Value {
			case "key", "text", "types":
			default:
				return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: field %s not found in an evidence entry (key, text, types)", k.Line, k.Value)}}
			}
		}
		type plain Evidence // without this method
		var p plain
		if err := n.Decode(&p); err != nil {
			return err
		}
		*e = Evidence(p)
		return nil
	}
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: an evidence entry is a string, or key, text and types", n.Line)}}
}

var keyRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkEvidence holds a set's keyed entries to unique, well-formed keys
// with text.
func checkEvidence(s *Set) error {
	seen := map[string]string{}
	for _, it := range s.Items {
		for _, ev := range it.Evidence {
			if ev.Key == "" {
				if strings.TrimSpace(ev.Text) == "" {
					return fmt.Errorf("item %q: an evidence entry needs text", it.ID)
				}
				continue
			}
			if !keyRE.MatchString(ev.Key) {
				return fmt.Errorf("item %q: evidence key %q: write keys in lower case with hyphens, like management-review-minutes", it.ID, ev.Key)
			}
			if other, ok := seen[ev.Key]; ok {
				return fmt.Errorf("item %q: evidence key %q is also used by item %q: give each entry its own key", it.ID, ev.Key, other)
			}
			seen[ev.Key] = it.ID
			if strings.TrimSpace(ev.Text) == "" {
				return fmt.Errorf("item %q: evidence %q needs text saying what the auditor expects", it.ID, ev.Key)
			}
		}
	}
	return nil
}

// Texts returns the entries' texts, for renderers that list them.
func Texts(evs []Evidence) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Text
	}
	return out
}

// EvidenceKey finds the item and entry a key names across the index's
// sets, ignoring case.
func (x *Index) EvidenceKey(key string) (*Item, *Evidence, bool) {
	r, ok := x.keys[strings.ToLower(strings.TrimSpace(key))]
	return r.item, r.ev, ok
}

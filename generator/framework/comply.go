package framework

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ismspack/ismspack/generator/internal/bounded"
)

// IsComply reports whether data looks like a comply standards file: a
// mapping with a top-level `name:` and no `items:`, every other key an
// item keyed by its ID.
func IsComply(data []byte) bool {
	root, err := bounded.YAML(data)
	if err != nil || root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	m := root
	var name, items bool
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch m.Content[i].Value {
		case "name":
			name = true
		case "items":
			items = true
		}
	}
	return name && !items
}

// ParseComply reads a standards file in strongDM comply's format, as comply
// users keep it, with no conversion:
//
//	name: TSC
//	CC1.1:
//	  family: CC1
//	  name: Integrity and Ethics
//	  description: The entity demonstrates …
//
// The set's ID is its name; items keep the file's order; families become
// groups. Errors name the file, line and column.
func ParseComply(file string, data []byte) (*Set, error) {
	root, err := bounded.YAML(data)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", file, err)
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:1:1: a comply standards file is a mapping: name, then items keyed by id", file)
	}
	m := root
	s := &Set{Source: file}
	families := map[string]bool{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value == "name" {
			if v.Kind != yaml.ScalarNode || strings.TrimSpace(v.Value) == "" {
				return nil, fmt.Errorf("%s:%d:%d: name must be the standard's name, such as TSC", file, v.Line, v.Column)
			}
			s.ID, s.Title = strings.TrimSpace(v.Value), strings.TrimSpace(v.Value)
			continue
		}
		id := strings.TrimSpace(k.Value)
		if v.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d:%d: item %s must be a mapping with family, name and description", file, v.Line, v.Column, id)
		}
		if id == "" || seen[id] {
			return nil, fmt.Errorf("%s:%d:%d: item %q: every item needs a unique id", file, k.Line, k.Column, id)
		}
		seen[id] = true
		it := Item{ID: id}
		for j := 0; j+1 < len(v.Content); j += 2 {
			fk, fv := v.Content[j], v.Content[j+1]
			if fv.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("%s:%d:%d: %s of item %s must be text", file, fv.Line, fv.Column, fk.Value, id)
			}
			switch fk.Value {
			case "family":
				it.Group = strings.TrimSpace(fv.Value)
			case "name":
				it.Title = strings.TrimSpace(fv.Value)
			case "description":
				it.Statement = strings.TrimSpace(fv.Value)
			}
		}
		if it.Group != "" && !families[it.Group] {
			families[it.Group] = true
			s.Groups = append(s.Groups, Group{ID: it.Group, Title: it.Group})
		}
		s.Items = append(s.Items, it)
	}
	if s.ID == "" {
		return nil, fmt.Errorf("%s:1:1: a comply standards file needs a top-level name, such as `name: TSC`", file)
	}
	if len(s.Items) == 0 {
		return nil, fmt.Errorf("%s:1:1: standards file %s has no items", file, s.ID)
	}
	return s, nil
}

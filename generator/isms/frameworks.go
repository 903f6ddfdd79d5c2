package isms

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/bounded"
	"github.com/ismspack/ismspack/generator/source"
)

// readFrameworks returns the requirement sets the configuration puts in
// use, in its order: built-in sets by id, others read from the commit as
// ismspack's YAML format or comply's standards format.
func readFrameworks(repo *source.Repo, c *object.Commit, cfg config.Config) ([]*framework.Set, error) {
	var sets []*framework.Set
	ids := map[string]string{}
	names := cfg.FrameworkList()
	if len(names) == 0 {
		names = framework.DefaultSets
	}
	builtin, err := framework.Builtin() // decoded once, whatever the names
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		s, err := readFramework(repo, c, cfg, builtin, name)
		if err != nil {
			return nil, err
		}
		if prev, ok := ids[s.ID]; ok {
			return nil, fmt.Errorf("%s: frameworks: %s and %s are both set %q: list one of them", configName(cfg), prev, name, s.ID)
		}
		ids[s.ID] = name
		sets = append(sets, s)
	}
	return sets, nil
}

func readFramework(repo *source.Repo, c *object.Commit, cfg config.Config, builtin []*framework.Set, name string) (*framework.Set, error) {
	if !config.IsFrameworkFile(name) {
		var ids []string
		for _, s := range builtin {
			if s.ID == name {
				return s, nil
			}
			ids = append(ids, s.ID)
		}
		return nil, fmt.Errorf("%s: frameworks: %q is not a built-in requirement set (%s) nor a .yaml or .yml file: name one of those", configName(cfg), name, strings.Join(ids, ", "))
	}
	f, err := repo.ReadBlob(c, name, bounded.MaxBytes)
	if errors.Is(err, fs.ErrNotExist) && cfg.Content != "" {
		f, err = repo.ReadBlob(c, cfg.Content+"/"+name, bounded.MaxBytes)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: frameworks: no file %s in commit %s (nor under %s/): commit the requirement set there", configName(cfg), name, c.Hash.String()[:7], cfg.Content)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: frameworks: %w", configName(cfg), err)
	}
	if framework.IsComply(f.Data) {
		return framework.ParseComply(f.Path, f.Data)
	}
	return framework.Parse(f.Path, f.Data)
}

// unusedSets indexes the built-in sets that are not among sets, read once
// per model so each unknown requirement does not parse them again.
func unusedSets(sets []*framework.Set) *framework.Index {
	all, err := framework.Builtin()
	if err != nil {
		return framework.NewIndex(nil) // the embedded sets are tested to parse
	}
	in := map[string]bool{}
	for _, s := range sets {
		in[s.ID] = true
	}
	var out []*framework.Set
	for _, s := range all {
		if !in[s.ID] {
			out = append(out, s)
		}
	}
	return framework.NewIndex(out)
}

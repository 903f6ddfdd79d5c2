package isms

import "github.com/ismspack/ismspack/generator/source"

// Documents reads which documents o.Ref holds, with the configuration
// committed there unless o names one: path, blob, id, title and version
// of each, without history. verify compares them with a pack's commit.
func Documents(o Options) (*Base, error) {
	repo, err := source.Open(o.Dir)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	commit, err := repo.Resolve(o.Ref)
	if err != nil {
		return nil, err
	}
	cfg, _, err := loadConfig(repo, commit, o)
	if err != nil {
		return nil, err
	}
	ref := o.Ref
	if ref == "" {
		ref = "HEAD"
	}
	return readBase(repo, ref, cfg)
}

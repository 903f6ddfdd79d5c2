package config

import (
	"fmt"

	"github.com/ismspack/ismspack/generator/document"
)

// The values of front_matter. The key says whether a document must open
// with front matter; "optional" is for a repository that writes its
// document control in the text (labelled lines, key/value tables), where
// a file without front matter is normal rather than a mistake.
const (
	FrontMatterRequired = "required"
	FrontMatterOptional = "optional"
)

// validateDialects checks the settings that say how documents are written.
func (c *Config) validateDialects() error {
	switch c.FrontMatter {
	case "", FrontMatterRequired, FrontMatterOptional:
	default:
		return &SettingError{[]string{"front_matter"}, fmt.Sprintf("%q is not required or optional", c.FrontMatter)}
	}
	return nil
}

// DocumentOptions returns how every document is parsed under this
// configuration: the one place the parse options are made from it.
func (c *Config) DocumentOptions() document.Options {
	return document.Options{
		Aliases:             c.Aliases,
		RevisionColumns:     c.RevisionTable.Columns,
		FrontMatterOptional: c.FrontMatter == FrontMatterOptional,
	}
}

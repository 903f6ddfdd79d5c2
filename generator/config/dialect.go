package config

import (
	"fmt"
	"slices"
	"strings"

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
	if c.Template != "" && !slices.Contains(document.TemplateLanguages, c.Template) {
		return &SettingError{[]string{"template"}, fmt.Sprintf("%q is not a template language ismspack reads: use one of %s", c.Template, strings.Join(document.TemplateLanguages, ", "))}
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
		Template:            c.Template,
		Organisation:        c.Organisation,
	}
}

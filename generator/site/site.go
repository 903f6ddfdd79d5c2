// Package site renders the intranet site.
package site

import (
	"errors"
	"io/fs"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/isms"
)

// Render writes the site into dir.
func Render(dir string, m *isms.Model, findings []check.Finding, theme fs.FS) error {
	return errors.New("site: not written yet")
}

// Package pdf draws the audit pack.
package pdf

import (
	"errors"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/isms"
)

// Render writes pack.pdf and pdf/<slug>.pdf into dir.
func Render(dir string, m *isms.Model, findings []check.Finding) error {
	return errors.New("pdf: not written yet")
}

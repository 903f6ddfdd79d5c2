package config

import (
	"fmt"
	"strings"
)

// SoA names the Statement of Applicability: a table declared under
// tables: (a Markdown table in a controlled document, or a CSV) that says
// for each control of a requirement set whether it applies, why, and how
// far it is implemented. ISO/IEC 27001 asks for one when Annex A is used.
type SoA struct {
	// Table is the key under tables: that holds the statement.
	Table string `yaml:"table"`
	// Set is the requirement set whose controls it decides; default
	// iso27001-2022-annex-a.
	Set string `yaml:"set"`
	// The columns, by header: defaults Control, Applicable,
	// Justification and Status.
	Control       string `yaml:"control"`
	Applicable    string `yaml:"applicable"`
	Justification string `yaml:"justification"`
	Status        string `yaml:"status"`
	// At is where soa: is written.
	At Pos `yaml:"-"`
}

// DefaultSoASet is the set a Statement of Applicability decides when
// soa: names none.
const DefaultSoASet = "iso27001-2022-annex-a"

// Columns returns the header of each column the statement is read from,
// the defaults where soa: is silent.
func (s SoA) Columns() (control, applicable, justification, status string) {
	or := func(v, d string) string {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
		return d
	}
	return or(s.Control, "Control"), or(s.Applicable, "Applicable"), or(s.Justification, "Justification"), or(s.Status, "Status")
}

// SetID is the requirement set the statement decides.
func (s SoA) SetID() string {
	if v := strings.TrimSpace(s.Set); v != "" {
		return v
	}
	return DefaultSoASet
}

func (c *Config) validateSoA() error {
	s := c.SoA
	if s == (SoA{At: s.At}) {
		return nil
	}
	if strings.TrimSpace(s.Table) == "" {
		return &SettingError{[]string{"soa"}, "soa: needs table: the key under tables: that holds the Statement of Applicability"}
	}
	if _, ok := c.Tables[s.Table]; !ok {
		return &SettingError{[]string{"soa", "table"}, fmt.Sprintf("%q is not a table declared under tables:; declare the statement there (file: registers/soa.md) and name its key here", s.Table)}
	}
	return nil
}

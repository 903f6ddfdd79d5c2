package config

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// Pos is where a setting was written in the configuration file, for
// findings about what the setting declares (a record type with no record
// yet, a table whose file is missing). Zero when the setting came from
// the defaults.
type Pos struct{ Line, Col int }

// TypeSpec is what the configuration says about one document type.
//
// A type is a record when it has a cadence (every) or says record: true.
// Records are evidence that something happened (a management review, a
// training round, an audit): they are not reviewed on an interval like a
// policy, so the review rules pass them by and last_reviewed is not
// required of them; instead, when a cadence is set, the newest record of
// the type must be younger than the cadence.
type TypeSpec struct {
	// Every is how often a record of this type is made: 6m for the
	// minutes of a six-monthly management review.
	Every Duration `yaml:"every"`
	// Record marks the type as a record without a cadence (incident
	// reports, say, which happen when they happen).
	Record bool `yaml:"record"`
	// At is where the type is declared.
	At Pos `yaml:"-"`
}

// Table declares a tabular record: a CSV file committed under the content
// directory, or the first table of a Markdown document, whose rows are
// events or actions (training completions, communications sent,
// corrective actions, acknowledgements).
type Table struct {
	// File is the CSV file (or Markdown document holding the table),
	// relative to the content directory.
	File string `yaml:"file"`
	// Title names the table on the site and in the pack; default the key.
	Title string `yaml:"title"`
	// Columns are the header cells the table must have, in any order;
	// other columns are kept and shown.
	Columns []string `yaml:"columns"`
	// Requirements are the requirement items the table evidences.
	Requirements []string `yaml:"requirements"`
	// Evidence are the keys of the expected-evidence items the table is
	// (see docs/frameworks.md).
	Evidence []string `yaml:"evidence"`
	// Status is the column saying whether a row is open; Closed lists
	// the values that close it (default closed, done, complete,
	// completed, cancelled), any case.
	Status string   `yaml:"status"`
	Closed []string `yaml:"closed"`
	// Due is the column with the date an open row is due by.
	Due string `yaml:"due"`
	// Count counts the rows done against how many are expected.
	Count *Count `yaml:"count"`
	// At is where the table is declared.
	At Pos `yaml:"-"`
}

// Count is "training completed: 41 of 45 staff": the rows with a value in
// Done, against Of, or else against the distinct values of People.
type Count struct {
	// Label leads the count; default "completed".
	Label string `yaml:"label"`
	// Done is the column whose non-empty value marks a row done.
	Done string `yaml:"done"`
	// People is the column naming who a row is about; when set, each
	// person counts once.
	People string `yaml:"people"`
	// Of is how many are expected (the staff count); default the number
	// of distinct People, else of rows.
	Of int `yaml:"of"`
	// Unit follows the total: "staff".
	Unit string `yaml:"unit"`
}

// DefaultClosed are the status values that close a row when a table does
// not list its own.
var DefaultClosed = []string{"closed", "done", "complete", "completed", "cancelled"}

// TypeFor returns what the configuration says about a document type
// (types are matched ignoring case, as the type field is read).
func (c *Config) TypeFor(docType string) (TypeSpec, bool) {
	if docType == "" {
		return TypeSpec{}, false
	}
	if t, ok := c.Types[docType]; ok {
		return t, true
	}
	for k, t := range c.Types {
		if strings.EqualFold(k, docType) {
			return t, true
		}
	}
	return TypeSpec{}, false
}

// IsRecord reports whether documents of a type are records: declared
// with a cadence or with record: true.
func (c *Config) IsRecord(docType string) bool {
	t, ok := c.TypeFor(docType)
	return ok && (t.Record || !t.Every.IsZero())
}

// RequiredFor returns the fields a document of the type must have: the
// configured list, less the review fields for records, which are not
// reviewed on an interval.
func (c *Config) RequiredFor(docType string) []string {
	if !c.IsRecord(docType) {
		return c.Required
	}
	var out []string
	for _, f := range c.Required {
		if f != "last_reviewed" && f != "review_interval" {
			out = append(out, f)
		}
	}
	return out
}

// Cadences returns the record types with a cadence, sorted by name.
func (c *Config) Cadences() []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(c.Types)) {
		if !c.Types[k].Every.IsZero() {
			out = append(out, k)
		}
	}
	return out
}

// TableNames returns the declared tables' keys, sorted.
func (c *Config) TableNames() []string { return slices.Sorted(maps.Keys(c.Tables)) }

// validateRecords holds types and tables to what can work.
func (c *Config) validateRecords() error {
	for _, k := range slices.Sorted(maps.Keys(c.Types)) {
		if strings.TrimSpace(k) == "" {
			return &SettingError{[]string{"types"}, "a type needs a name, like minutes"}
		}
	}
	for _, k := range c.TableNames() {
		t := c.Tables[k]
		at := func(key, msg string) error { return &SettingError{[]string{"tables", k, key}, msg} }
		f := cleanRepoPath(t.File)
		switch {
		case f == "":
			return at("file", "a table needs the file it is in, relative to the content directory, like records/training.csv")
		case strings.HasPrefix(f, "/") || f == ".." || strings.HasPrefix(f, "../"):
			return at("file", fmt.Sprintf("%q is outside the content directory; give a path inside it", t.File))
		}
		if ext := strings.ToLower(path.Ext(f)); ext != ".csv" && ext != ".md" && ext != ".markdown" {
			return at("file", fmt.Sprintf("%q is neither a CSV file nor a Markdown document: tables are read from .csv files or from the first table of a .md document", t.File))
		}
		cols := map[string]bool{}
		for _, col := range t.Columns {
			cols[strings.ToLower(strings.TrimSpace(col))] = true
		}
		named := []struct{ key, col string }{{"status", t.Status}, {"due", t.Due}}
		if t.Count != nil {
			named = append(named, struct{ key, col string }{"count", t.Count.Done}, struct{ key, col string }{"count", t.Count.People})
			if t.Count.Done == "" {
				return at("count", "a count needs done: the column whose value marks a row done")
			}
			if t.Count.Of < 0 {
				return at("count", "of must be a positive number of people")
			}
		}
		for _, n := range named {
			if n.col != "" && len(t.Columns) > 0 && !cols[strings.ToLower(strings.TrimSpace(n.col))] {
				return at(n.key, fmt.Sprintf("column %q is not among the table's columns (%s)", n.col, strings.Join(t.Columns, ", ")))
			}
		}
	}
	return nil
}

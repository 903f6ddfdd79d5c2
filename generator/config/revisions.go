package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ismspack/ismspack/generator/document"
)

// RevisionTable configures how revision tables are read: tables in the
// body, or lists in front matter, whose headings name a version or a
// date and at least one other revision column. They are the document's
// declared revision history.
type RevisionTable struct {
	// Columns adds headings to the built-in ones of each column, by column
	// name: version, date, author, approver, approved_on, comment. For
	// example {version: [Ver.], approver: [Signed off]}. Headings match
	// without case, emphasis or a trailing full stop or colon.
	Columns map[string][]string `yaml:"columns"`
}

// validate refuses a column the reader does not know, naming those it does.
func (r RevisionTable) validate() error {
	for _, col := range slices.Sorted(maps.Keys(r.Columns)) {
		if !document.IsRevisionColumn(col) {
			var names []string
			for _, c := range document.RevisionColumns {
				names = append(names, c.Name)
			}
			return &SettingError{[]string{"revision_table", "columns", col},
				fmt.Sprintf("%q is not a revision-table column: add headings to one of %s", col, strings.Join(names, ", "))}
		}
		for _, h := range r.Columns[col] {
			if strings.TrimSpace(h) == "" {
				return &SettingError{[]string{"revision_table", "columns", col}, "an empty heading matches nothing: remove it"}
			}
		}
	}
	return nil
}

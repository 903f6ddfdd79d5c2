// Package check runs the document-control rules over a loaded ISMS. Rules
// report findings, which are values; the caller decides how to print them
// and whether they fail the build.
package check

import (
	"sort"
	"strconv"
	"strings"

	"github.com/ismspack/ismspack/generator/isms"
)

// Severity orders findings by how much they matter.
type Severity int

// Severities, least first.
const (
	Info Severity = iota
	Warning
	Error
)

// String returns the lower-case name used in config and output.
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// ParseSeverity reads a severity name.
func ParseSeverity(s string) (Severity, bool) {
	switch strings.ToLower(s) {
	case "error":
		return Error, true
	case "warning", "warn":
		return Warning, true
	case "info", "note":
		return Info, true
	}
	return 0, false
}

// DocsURL is where each rule is documented; a finding's URL adds the rule
// ID as the anchor.
const DocsURL = "https://github.com/ismspack/ismspack/blob/main/docs/rules.md#"

// Finding is one thing wrong, at one place.
type Finding struct {
	Path     string   `json:"path"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"column,omitempty"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"-"`
	Message  string   `json:"message"`
	URL      string   `json:"url"`
	// DocID is the id of the document the finding is about, if any.
	DocID string `json:"doc_id,omitempty"`
	// Requirement is the requirement item a coverage finding is about, so
	// renderers can link to it without reading the message.
	Requirement string `json:"requirement,omitempty"`
	// Suppressed findings were accepted in the document's front matter;
	// they are shown as exceptions and never fail a build.
	Suppressed bool   `json:"suppressed,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// Location renders path:line:col, leaving out what is unknown. Every
// renderer asks it of every finding, so it makes one string, not the
// three fmt.Sprintf made.
func (f *Finding) Location() string {
	if f.Line <= 0 {
		return f.Path
	}
	var buf [96]byte
	b := append(buf[:0], f.Path...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(f.Line), 10)
	if f.Col > 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(f.Col), 10)
	}
	return string(b)
}

func suppress(m *isms.Model, fs []Finding) []Finding {
	for i := range fs {
		d := m.Doc(fs[i].Path)
		if d == nil || d.Meta.Ignore == nil || fs[i].Requirement != "" {
			continue
		}
		if reason, ok := d.Meta.Ignore[fs[i].Rule]; ok && reason != "" {
			fs[i].Suppressed, fs[i].Reason = true, reason
		}
	}
	return fs
}

// Sort orders findings by path, line, column, rule and message.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

// Count returns how many unsuppressed findings have each severity.
func Count(fs []Finding) map[Severity]int {
	n := map[Severity]int{}
	for _, f := range fs {
		if !f.Suppressed {
			n[f.Severity]++
		}
	}
	return n
}

// Fails reports whether any unsuppressed finding is at or above threshold.
func Fails(fs []Finding, threshold Severity) bool {
	for _, f := range fs {
		if !f.Suppressed && f.Severity >= threshold {
			return true
		}
	}
	return false
}

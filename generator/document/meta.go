package document

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Meta is the document-control schema decoded from the fields. Raw values
// are kept as written; typed values are zero when absent or invalid, and the
// reason is in the Document's Problems.
type Meta struct {
	ID             string
	Title          string
	Owner          string
	Version        string
	Status         Status
	Classification string
	Type           string
	ApprovedBy     string
	ApprovedOn     Date
	LastReviewed   Date
	ReviewInterval string
	Requirements   []string
	// Date is when the event a record records happened (a meeting, an
	// audit); records without one are dated by the commit that added them.
	Date Date
	// Evidence are the keys of the expected-evidence items the document
	// is, named explicitly (see docs/frameworks.md).
	Evidence []string
	// Ignore maps rule IDs to the reason they are accepted for this document.
	Ignore map[string]string
	// Extra holds fields outside the schema, kept and shown, never lost.
	Extra []Field
	// keys maps schema field names to the field that supplied them.
	keys map[string]Field
	// text holds each single-valued schema field as read, folded where
	// the schema says.
	text map[string]string
	// declared holds the fields the declared revision history supplied.
	declared map[string]RevisionRow
}

// Date is a calendar date as written, with the day it names.
type Date struct {
	Text string
	Time time.Time // zero when Text is not a date
}

// IsZero reports whether the date is absent or unreadable.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String returns the date as YYYY-MM-DD, or the text when unreadable.
func (d Date) String() string {
	if d.Time.IsZero() {
		return d.Text
	}
	return d.Time.Format("2006-01-02")
}

// IgnoreKey is the front-matter key that accepts findings with a reason.
const IgnoreKey = "ismspack-ignore"

// Has reports whether the field was given, under its name or an alias.
func (m *Meta) Has(field string) bool { _, ok := m.keys[field]; return ok }

// Value returns a single-valued schema field as read: the text written,
// lower-cased for the fields the schema folds; "" when absent.
func (m *Meta) Value(field string) string { return m.text[field] }

// FieldFor returns the front-matter field that supplied a schema field.
func (m *Meta) FieldFor(field string) (Field, bool) { f, ok := m.keys[field]; return f, ok }

// frontMatterField returns the front-matter field that gives spec: under
// its name, else its first alias that has a value. A "body:" alias is
// read from the text only.
func (d *Document) frontMatterField(spec Spec, aliases map[string][]string) (Field, bool) {
	for _, keys := range [][]string{{spec.Name}, spec.Aliases, aliases[spec.Name]} {
		for _, k := range keys {
			if strings.HasPrefix(k, BodyAlias) {
				continue
			}
			f, ok := d.Field(k)
			if !ok || f.Kind == Null || (f.Kind == Scalar && strings.TrimSpace(f.Value) == "") {
				continue
			}
			return f, true
		}
	}
	return Field{}, false
}

func metaFrom(d *Document, aliases map[string][]string) Meta {
	m := Meta{keys: map[string]Field{}, text: map[string]string{}}
	used := map[string]bool{}
	for _, spec := range Fields {
		if f, ok := d.frontMatterField(spec, aliases); ok {
			used[f.Key] = true
			m.keys[spec.Name] = f
		}
	}
	// What the front matter does not give, the text may: the first
	// labelled line or table row for the field wins, and a later one
	// that says otherwise is reported where it stands.
	for _, f := range d.BodyFields {
		first, ok := m.keys[f.name]
		switch {
		case !ok:
			m.keys[f.name] = f
		case first.Origin != FromFrontMatter && first.Origin != FromTitleBlock && strings.TrimSpace(first.Value) != strings.TrimSpace(f.Value):
			d.Problems = append(d.Problems, Problem{Rule: "field-invalid", Pos: f.KeyPos,
				Message: fmt.Sprintf("%q gives %s again here, as %q (first at line %d, %q): keep one, the first is used", f.Key, f.name, f.Value, first.KeyPos.Line, first.Value)})
		}
	}
	str := func(name string) string {
		f, ok := m.keys[name]
		if !ok {
			return ""
		}
		if f.Kind != Scalar {
			d.Problems = append(d.Problems, Problem{Rule: "field-invalid", Pos: f.ValuePos,
				Message: fmt.Sprintf("%s must be a single value, not a list or a map", f.Key)})
			return ""
		}
		return strings.TrimSpace(f.Value)
	}
	for _, spec := range Fields {
		if spec.Type == ListType {
			continue
		}
		v := str(spec.Name)
		if spec.Fold {
			v = strings.ToLower(v)
		}
		m.text[spec.Name] = v
		if spec.Type != DateType || v == "" {
			continue
		}
		t, ok := ParseDate(v)
		if !ok {
			f := m.keys[spec.Name]
			d.Problems = append(d.Problems, Problem{Rule: "date-invalid", Pos: f.ValuePos,
				Message: fmt.Sprintf("%s: %q is not a date: write it as YYYY-MM-DD", f.Key, v)})
		}
		switch spec.Name {
		case "approved_on":
			m.ApprovedOn = Date{v, t}
		case "last_reviewed":
			m.LastReviewed = Date{v, t}
		case "date":
			m.Date = Date{v, t}
		}
	}
	m.ID, m.Title, m.Owner, m.Version = m.text["id"], m.text["title"], m.text["owner"], m.text["version"]
	m.Status, m.Classification, m.Type = Status(m.text["status"]), m.text["classification"], m.text["type"]
	m.ApprovedBy, m.ReviewInterval = m.text["approved_by"], m.text["review_interval"]
	m.Requirements = m.list(d, "requirements", `["5.1(a)", "5.1(d)"]`)
	m.Evidence = m.list(d, "evidence", `[policy, objectives]`)
	if f, ok := d.Field(IgnoreKey); ok {
		used[f.Key] = true
		m.Ignore = map[string]string{}
		if f.Kind != Map {
			d.Problems = append(d.Problems, Problem{Rule: "field-invalid", Pos: f.ValuePos,
				Message: IgnoreKey + " must map rule IDs to reasons, like {review-overdue: \"review moved to Q1 by the board\"}"})
		}
		for _, e := range f.Map {
			m.Ignore[e.Key] = strings.TrimSpace(e.Value)
		}
	}
	m.Extra = make([]Field, 0, max(0, len(d.Fields)-len(used)))
	for _, f := range d.Fields {
		if !used[f.Key] {
			m.Extra = append(m.Extra, f)
		}
	}
	return m
}

// list reads a list field; a scalar is split at commas.
func (m *Meta) list(d *Document, name, example string) []string {
	f, ok := m.keys[name]
	if !ok {
		return nil
	}
	var out []string
	switch f.Kind {
	case List:
		out = f.List
	case Scalar:
		for _, r := range strings.Split(f.Value, ",") {
			if r = strings.TrimSpace(r); r != "" {
				out = append(out, r)
			}
		}
	default:
		d.Problems = append(d.Problems, Problem{Rule: "field-invalid", Pos: f.ValuePos,
			Message: name + " must be a list, like " + example})
	}
	return out
}

// BodyAlias prefixes an alias that is a label in the text only, never a
// front-matter key: `owner: ["body:Policy owner"]`. Any alias is also
// a label (see Spec.Labels), so the prefix is needed only to keep a
// front-matter key of that name from being read.
const BodyAlias = "body:"

// ParseVersion reads MAJOR.MINOR, with an optional leading v and
// surrounding space. It returns ok false for anything else. Checks read
// every revision's version more than once, so this is not a regexp.
func ParseVersion(s string) (major, minor int, ok bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	a, b, found := strings.Cut(s, ".")
	if !found || !asciiDigits(a) || !asciiDigits(b) {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	return major, minor, err1 == nil && err2 == nil
}

// asciiDigits reports whether s is one or more of 0-9.
func asciiDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// CompareVersions compares two MAJOR.MINOR versions; ok is false when
// either is not one.
func CompareVersions(a, b string) (c int, ok bool) {
	am, an, ok1 := ParseVersion(a)
	bm, bn, ok2 := ParseVersion(b)
	if !ok1 || !ok2 {
		return 0, false
	}
	switch {
	case am != bm:
		return sign(am - bm), true
	default:
		return sign(an - bn), true
	}
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05",
	"2006-01-02T15:04:05", "2 January 2006", "January 2, 2006", "January 2 2006",
	"2 Jan 2006", "Jan 2, 2006", "Jan 2 2006", "02 Jan 2006", "Monday, January 2, 2006",
	"02.01.2006", "2.1.2006", // dotted dates are day first wherever they are written
}

// ParseDate reads the unambiguous ways people write dates. 03/04/2025 is
// refused: it means two different days on two sides of the Atlantic;
// 03.04.2025 is the 3rd of April, as everywhere that writes dots.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	s = ordinal.ReplaceAllString(s, "$1")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			y, mo, dd := t.Date()
			return time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

var ordinal = regexp.MustCompile(`\b(\d{1,2})(st|nd|rd|th)\b`)

package isms

import (
	"sort"
	"strings"
	"time"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
)

// Cadence is a record type that recurs, with where its newest record
// leaves it: the one judgement of when the next record is due that the
// record-overdue rule, the requirement pages and the pack read.
type Cadence struct {
	// Type is the document type as configured; Every how often it recurs.
	Type  string
	Every config.Duration
	// At is where the configuration declares the type.
	At config.Pos
	// Docs are the records of the type that count, newest first: every
	// document of the type but drafts (a template or an unfinished record
	// is not evidence that the event happened).
	Docs []*Doc
	// Due is the newest record's date plus Every; zero when there is no
	// record.
	Due time.Time
}

// Newest returns the newest record, or nil.
func (c *Cadence) Newest() *Doc {
	if len(c.Docs) == 0 {
		return nil
	}
	return c.Docs[0]
}

// Overdue reports whether the next record was due before asOf, or there
// is none at all.
func (c *Cadence) Overdue(asOf time.Time) bool {
	return len(c.Docs) == 0 || c.Due.Before(asOf)
}

// recordDate dates a record: its date field when readable, else the day
// of the commit that added it (the oldest the history holds).
func recordDate(d *Doc) (time.Time, string) {
	if !d.Meta.Date.IsZero() {
		return d.Meta.Date.Time, "date"
	}
	if n := len(d.History); n > 0 {
		w := d.History[n-1].Commit.When
		y, mo, dd := w.Date()
		return time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC), "commit"
	}
	return time.Time{}, ""
}

// records marks the documents whose type is a record, dates them, and
// gathers each cadence's records.
func (m *Model) records() {
	byType := map[string]*Cadence{}
	for _, t := range m.Config.Cadences() {
		spec := m.Config.Types[t]
		c := &Cadence{Type: t, Every: spec.Every, At: spec.At}
		m.Cadences = append(m.Cadences, c)
		byType[strings.ToLower(t)] = c
	}
	for _, d := range m.Docs {
		if !d.Record {
			continue
		}
		d.RecordDate, d.RecordDatedBy = recordDate(d)
		if c := byType[strings.ToLower(d.Meta.Type)]; c != nil && d.Meta.Status != document.Draft && !d.RecordDate.IsZero() {
			c.Docs = append(c.Docs, d)
		}
	}
	for _, c := range m.Cadences {
		sort.SliceStable(c.Docs, func(i, j int) bool { return c.Docs[i].RecordDate.After(c.Docs[j].RecordDate) })
		if n := c.Newest(); n != nil {
			c.Due = c.Every.AddTo(n.RecordDate)
		}
	}
}

// CadenceOf returns the cadence of a document's type, or nil.
func (m *Model) CadenceOf(d *Doc) *Cadence {
	for _, c := range m.Cadences {
		if strings.EqualFold(c.Type, d.Meta.Type) {
			return c
		}
	}
	return nil
}

package isms

import (
	"slices"
	"strings"

	"github.com/ismspack/ismspack/generator/framework"
)

// Coverage is how one requirement item is evidenced.
type Coverage struct {
	Item *framework.Item
	// Docs evidence the item: they list it (or map: gives it to them),
	// or name one of its evidence keys. Good are those approved, in date
	// and owned.
	Docs []*Doc
	Good []*Doc
	// Tables are the tabular records that evidence the item.
	Tables []*Table
	// Expected are the item's evidence entries, in the set's order, each
	// with what matched it; entries without a key are guidance and have
	// State NotJudged.
	Expected []*Expected
}

// EvidenceState is where an expected piece of evidence stands.
type EvidenceState string

// Evidence states.
const (
	Present   EvidenceState = "present"
	Stale     EvidenceState = "stale"
	Missing   EvidenceState = "missing"
	NotJudged EvidenceState = "guidance"
)

// Expected is one evidence entry of an item and what matched it: the one
// judgement the evidence-missing rule, the requirement pages, the
// dashboard and the pack all read.
type Expected struct {
	*framework.Evidence
	State EvidenceState
	// Docs and Tables matched the entry; Why says, for a stale entry, why
	// none of them counts.
	Docs   []*Doc
	Tables []*Table
	Why    []string
}

// State is green when a document that is approved, in date and owned
// evidences the item and every judged evidence entry is present; amber
// when documents evidence it but none is in good standing, or an entry
// is missing or stale; red when nothing evidences it.
func (c *Coverage) State() string {
	switch {
	case len(c.Docs) == 0 && len(c.Tables) == 0:
		return "red"
	case len(c.Good) == 0 || len(c.Lacking()) > 0:
		return "amber"
	}
	return "green"
}

// Lacking returns the judged entries that are missing or stale.
func (c *Coverage) Lacking() []*Expected {
	var out []*Expected
	for _, e := range c.Expected {
		if e.State == Missing || e.State == Stale {
			out = append(out, e)
		}
	}
	return out
}

// cover works out, for each item, what evidences it and where each of its
// expected entries stands. Each document and table is looked at once
// per item it names, so the work is linear in what is written.
func (m *Model) cover() {
	items := m.Framework.Items()
	byItem := make(map[string]*Coverage, len(items))
	for _, it := range items {
		c := &Coverage{Item: it}
		byItem[it.ID] = c
		m.Coverage = append(m.Coverage, c)
	}
	add := func(c *Coverage, d *Doc) {
		if c == nil || slices.Contains(c.Docs, d) {
			return
		}
		c.Docs = append(c.Docs, d)
		if m.InGoodStanding(d) {
			c.Good = append(c.Good, d)
		}
	}
	for _, d := range m.Docs {
		for _, r := range d.Requirements {
			add(byItem[r], d)
		}
		for _, k := range d.Meta.Evidence {
			if it, _, ok := m.Framework.EvidenceKey(k); ok {
				add(byItem[it.ID], d)
			}
		}
	}
	for _, t := range m.Tables {
		seen := map[*Coverage]bool{}
		for _, r := range t.Requirements {
			if c := byItem[m.Framework.Canonical(r)]; c != nil && !seen[c] {
				seen[c] = true
				c.Tables = append(c.Tables, t)
			}
		}
		for _, k := range t.Spec.Evidence {
			if it, _, ok := m.Framework.EvidenceKey(k); ok && !seen[byItem[it.ID]] {
				seen[byItem[it.ID]] = true
				byItem[it.ID].Tables = append(byItem[it.ID].Tables, t)
			}
		}
	}
	for _, c := range m.Coverage {
		for i := range c.Item.Evidence {
			c.Expected = append(c.Expected, m.expect(c, &c.Item.Evidence[i]))
		}
	}
}

// expect matches an entry against the documents and tables evidencing
// its item: by type, or by the key named in front matter or config.
func (m *Model) expect(c *Coverage, ev *framework.Evidence) *Expected {
	e := &Expected{Evidence: ev, State: NotJudged}
	if !ev.Judged() {
		return e
	}
	good := false
	for _, d := range c.Docs {
		named := containsFold(d.Meta.Evidence, ev.Key)
		typed := containsFold(ev.Types, d.Meta.Type) && slices.Contains(d.Requirements, c.Item.ID)
		if !named && !typed {
			continue
		}
		e.Docs = append(e.Docs, d)
		why := m.Shortfalls(d)
		if cd := m.CadenceOf(d); cd != nil && cd.Overdue(m.AsOf) {
			why = append(why, cd.Type+" overdue since "+cd.Due.Format("2006-01-02"))
		}
		if len(why) == 0 {
			good = true
			continue
		}
		e.Why = append(e.Why, docName(d)+": "+strings.Join(why, "; "))
	}
	for _, t := range c.Tables {
		if !containsFold(t.Spec.Evidence, ev.Key) {
			continue
		}
		e.Tables = append(e.Tables, t)
		if len(t.Problems) == 0 {
			good = true
			continue
		}
		e.Why = append(e.Why, t.Title()+": cannot be read whole")
	}
	switch {
	case good:
		e.State, e.Why = Present, nil
	case len(e.Docs)+len(e.Tables) > 0:
		e.State = Stale
	default:
		e.State = Missing
	}
	return e
}

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
}

// docName names a document for people: its id, else its path.
func docName(d *Doc) string {
	if d.Meta.ID != "" {
		return d.Meta.ID
	}
	return d.Path
}

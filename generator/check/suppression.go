package check

import (
	"sort"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/suggest"
)

// suppressionRules judge a document's ismspack-ignore entries, which
// accept findings and so must say why and name a real rule.
func suppressionRules() []*Rule {
	return []*Rule{
		{ID: "suppression-no-reason", Doc: "An ismspack-ignore entry gives no reason.", Severity: Error, Run: suppressionNoReason},
		{ID: "suppression-unknown", Doc: "An ismspack-ignore entry names a rule that does not exist.", Severity: Warning, Run: suppressionUnknown},
	}
}

func suppressionNoReason(p *Pass) {
	d := p.Doc
	f, ok := d.Field(document.IgnoreKey)
	if !ok {
		return
	}
	var rules []string
	for r := range d.Meta.Ignore {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		if d.Meta.Ignore[r] == "" {
			p.Report(f.KeyPos, "%s: %s is accepted without a reason: say why, e.g. {%s: \"agreed at management review 2026-03\"}", document.IgnoreKey, r, r)
		}
	}
}

// suppressionUnknown catches a misspelt rule ID in ismspack-ignore, which
// otherwise accepts nothing while looking as if it did.
func suppressionUnknown(p *Pass) {
	f, ok := p.Doc.Field(document.IgnoreKey)
	if !ok {
		return
	}
	known := map[string]bool{}
	for _, r := range Rules() {
		known[r.ID] = true
	}
	for _, e := range f.Map {
		if !known[e.Key] {
			p.Report(e.KeyPos, "%s: no rule is called %q, so nothing is accepted: run `ismspack rules` for the rule IDs%s", document.IgnoreKey, e.Key, closest(e.Key, known))
		}
	}
}

// closest suggests the known rule ID nearest to id by edit distance.
func closest(id string, known map[string]bool) string {
	best, bestD := "", 4
	for k := range known {
		if d := suggest.Distance(id, k); d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

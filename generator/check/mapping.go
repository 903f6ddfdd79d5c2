package check

import (
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/framework"
)

// mappingRules judge config's map:, at its lines of ismspack.yaml: the
// model has already added what it maps to the documents.
func mappingRules() []*Rule {
	return []*Rule{
		{ID: "map-requirement-unknown", Doc: "The configuration's map: names a requirement no requirement set defines.", Severity: Error, Scope: ScopeModel, Run: mapRequirementUnknown},
		{ID: "map-unmatched", Doc: "A pattern in the configuration's map: matches no document, so it maps nothing.", Severity: Info, Scope: ScopeModel, Run: mapUnmatched},
	}
}

func mapRequirementUnknown(p *Pass) {
	for _, r := range p.Model.Config.Map {
		for _, it := range r.Requirements {
			if _, ok := p.Model.Framework.Item(framework.Normalize(it.ID)); !ok {
				p.Report(document.Pos{Line: it.Line, Col: it.Col}, "map: %q maps to requirement %q, which is not an item of %s: correct the id or remove it%s", r.Pattern, it.ID, setsTried(p), hintSet(p, framework.Normalize(it.ID)))
			}
		}
	}
}

func mapUnmatched(p *Pass) {
	for i, r := range p.Model.Config.Map {
		if p.Model.MapMatches[i] == 0 {
			p.Report(document.Pos{Line: r.Line, Col: r.Col}, "map: %q matches no document under %s, so it maps nothing: patterns are relative to the content directory, like policies/**/*.md", r.Pattern, contentName(p.Model.Config.Content))
		}
	}
}

func contentName(c string) string {
	if c == "" || c == "." {
		return "the repository root"
	}
	return c + "/"
}

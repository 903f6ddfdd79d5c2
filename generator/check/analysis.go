package check

import (
	"fmt"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/isms"
)

// Scope says what a rule looks at. The runner does the looping, so a rule
// is the judgement about one thing, and what every rule of a scope needs
// about a document is worked out once, while that document is in hand.
type Scope int

// Scopes a rule can declare.
const (
	// ScopeDocument runs the rule once per document, with Pass.Doc set.
	ScopeDocument Scope = iota
	// ScopeRevisions runs the rule once per pair of consecutive revisions
	// of a document, newest pair first, with Pass.Doc, Pass.Cur and
	// Pass.Prev set (Prev is the commit before Cur in Doc's history).
	ScopeRevisions
	// ScopeVersionSteps runs the rule once per version step of a
	// document: each revision with a MAJOR.MINOR version (Pass.Cur) and
	// the nearest older revision that has one (Pass.Prev), oldest first,
	// so a commit that dropped or garbled the version does not hide the
	// step across it.
	ScopeVersionSteps
	// ScopeModel runs the rule once over the whole model; Pass.Doc is nil.
	ScopeModel
)

// Rule is one registered check: an analyzer in the manner of
// golang.org/x/tools/go/analysis, with the judgement in Run and the
// looping in the runner.
type Rule struct {
	// ID is stable kebab-case; configs and suppressions name it.
	ID  string
	Doc string
	// Severity is the default, overridable in config.
	Severity Severity
	// Scope is what one call of Run looks at.
	Scope Scope
	// Requires lists the analyses whose results Run reads with
	// Pass.ResultOf; each is computed at most once per document however
	// many rules read it, and only when first asked for.
	Requires []*Analysis
	Run      func(*Pass)
}

// Analysis is a fact about one document that several rules need (where
// its code is, where its comments are). It reports nothing.
type Analysis struct {
	Name string
	Run  func(*isms.Model, *isms.Doc) any
}

// Pass carries one call of a rule: the model, and for the narrower scopes
// the document and revisions in hand.
type Pass struct {
	Model *isms.Model
	// Doc is the document in hand; nil for ScopeModel.
	Doc *isms.Doc
	// Cur and Prev are the revisions in hand for ScopeRevisions and
	// ScopeVersionSteps: Cur the newer, Prev the older.
	Cur, Prev *isms.Revision

	rule    *Rule
	out     *[]Finding
	results map[*Analysis]any // per document, shared by every rule
}

// ResultOf returns analysis a's result for the document in hand,
// computing it on first use. a must be among the rule's Requires, so a
// rule's dependencies are written where it is declared.
func (p *Pass) ResultOf(a *Analysis) any {
	if v, ok := p.results[a]; ok {
		return v
	}
	declared := false
	for _, r := range p.rule.Requires {
		declared = declared || r == a
	}
	if !declared {
		panic(fmt.Sprintf("check: rule %s reads analysis %s without requiring it", p.rule.ID, a.Name))
	}
	v := a.Run(p.Model, p.Doc)
	p.results[a] = v
	return v
}

// Report records a finding about the document in hand (for ScopeModel,
// the ISMS as a whole) at pos.
func (p *Pass) Report(pos document.Pos, format string, args ...any) {
	p.ReportDoc(p.Doc, pos, format, args...)
}

// ReportDoc records a finding about document d (nil for the ISMS as a
// whole) at pos; model rules name the document they found something in.
func (p *Pass) ReportDoc(d *isms.Doc, pos document.Pos, format string, args ...any) {
	f := Finding{Rule: p.rule.ID, Severity: p.rule.Severity, Message: fmt.Sprintf(format, args...), URL: DocsURL + p.rule.ID}
	if d != nil {
		f.Path, f.DocID = d.Path, d.Meta.ID
	} else {
		f.Path = p.Model.Config.Content
		if p.Model.Config.Path != "" {
			f.Path = p.Model.Config.Path
		}
	}
	f.Line, f.Col = pos.Line, pos.Col
	*p.out = append(*p.out, f)
}

// RootPath is where a finding about the repository as a whole is filed
// when no file holds what it is about: the repository root.
const RootPath = "."

// ReportRequirement records a finding about a requirement item as a whole.
// It is filed where a user can open it: at the requirements field of
// document at, one that lists the item, or at the repository root when no
// document does (the requirement sets are built in, so no file of the
// repository declares the item). Either way it is about the item, not
// the document: Finding.Requirement names the item, and a document's
// ismspack-ignore cannot accept it.
func (p *Pass) ReportRequirement(item string, at *isms.Doc, format string, args ...any) {
	f := Finding{Path: RootPath, Rule: p.rule.ID, Severity: p.rule.Severity, Message: fmt.Sprintf(format, args...),
		URL: DocsURL + p.rule.ID, Requirement: item}
	if at != nil {
		pos := fieldPos(at, "requirements")
		f.Path, f.Line, f.Col = at.Path, pos.Line, pos.Col
	}
	*p.out = append(*p.out, f)
}

// ReportPath records a finding about a file that is not a parsed document.
func (p *Pass) ReportPath(path string, pos document.Pos, format string, args ...any) {
	*p.out = append(*p.out, Finding{Path: path, Line: pos.Line, Col: pos.Col, Rule: p.rule.ID, Severity: p.rule.Severity,
		Message: fmt.Sprintf(format, args...), URL: DocsURL + p.rule.ID})
}

// Run runs rules over m, applies the configured severities and the
// documents' suppressions, and returns the findings in a stable order.
// Document rules run document by document, so the analyses they share are
// computed once per document and dropped when it is done; documents are
// judged in parallel, so a document rule must only read the model.
func Run(m *isms.Model, rules []*Rule) []Finding {
	var byScope [ScopeModel + 1][]*Rule
	for _, r := range rules {
		sev := r.Severity
		if s, ok := m.Config.Severity[r.ID]; ok {
			if s == "off" {
				continue
			}
			sev, _ = ParseSeverity(s)
		}
		rr := *r
		rr.Severity = sev
		byScope[rr.Scope] = append(byScope[rr.Scope], &rr)
	}
	// Documents are judged apart, so on goroutines of their own, each
	// with its own findings, joined in the documents' order: the order
	// one goroutine would have found them in.
	perDoc := make([][]Finding, len(m.Docs))
	parallel.Each(len(m.Docs), 0, func(i int) {
		d := m.Docs[i]
		p := &Pass{Model: m, Doc: d, out: &perDoc[i], results: map[*Analysis]any{}}
		for _, r := range byScope[ScopeDocument] {
			p.rule = r
			r.Run(p)
		}
		for _, r := range byScope[ScopeRevisions] {
			p.rule = r
			for j := 0; j+1 < len(d.History); j++ {
				p.Cur, p.Prev = d.History[j], d.History[j+1]
				r.Run(p)
			}
		}
		for _, r := range byScope[ScopeVersionSteps] {
			p.rule = r
			versionSteps(d, func(cur, prev *isms.Revision) {
				p.Cur, p.Prev = cur, prev
				r.Run(p)
			})
		}
	})
	var all []Finding
	for _, fs := range perDoc {
		all = append(all, fs...)
	}
	p := &Pass{Model: m, out: &all, results: map[*Analysis]any{}}
	for _, r := range byScope[ScopeModel] {
		p.rule = r
		r.Run(p)
	}
	all = suppress(m, all)
	Sort(all)
	return all
}

// versionSteps pairs each revision that has a MAJOR.MINOR version with
// the nearest older revision that has one.
func versionSteps(d *isms.Doc, f func(cur, prev *isms.Revision)) {
	var older *isms.Revision
	for i := len(d.History) - 1; i >= 0; i-- {
		r := d.History[i]
		if _, _, ok := document.ParseVersion(r.Version); !ok {
			continue
		}
		if older != nil {
			f(r, older)
		}
		older = r
	}
}

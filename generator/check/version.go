package check

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// versionRules judge a document's version across its history and against
// what its body says.
func versionRules() []*Rule {
	return []*Rule{
		{ID: "version-not-bumped", Doc: "A commit changed the body but not the version.", Severity: Error, Scope: ScopeRevisions, Run: versionNotBumped},
		{ID: "version-regressed", Doc: "The version went backwards across the document's history.", Severity: Error, Scope: ScopeVersionSteps, Run: versionRegressed},
		{ID: "version-jumped", Doc: "The version skipped numbers between two commits.", Severity: Warning, Scope: ScopeVersionSteps, Run: versionJumped},
		{ID: "version-body-mismatch", Doc: "A version written in the body disagrees with the front matter.", Severity: Error, Run: versionBodyMismatch},
		{ID: "revision-date-after-commit", Doc: "A row of the revision history is dated after the commit that added it.", Severity: Warning, Run: revisionDateAfterCommit},
		{ID: "history-truncated", Doc: "The clone is shallow: history and version checks are partial.", Severity: Warning, Scope: ScopeModel, Run: historyTruncated},
	}
}

// versionNotBumped compares a body-changing commit with the revision
// before it. The version at the ref is checked against the field; older
// ones can only point at the field too, naming the commit. When the
// document's declared revision history gives its version (or nothing
// else does, as in comply's majorRevisions), the commit must have added
// a row instead.
func versionNotBumped(p *Pass) {
	cur, prev := p.Cur, p.Prev
	if !cur.BodyChanged {
		return
	}
	if p.Doc.VersionFromDeclared() {
		if len(cur.NewRows) > 0 {
			return
		}
		at, newest := declaredRowAt(p.Doc, prev)
		p.Report(at, "commit %s (%s, %q) changed the text but added no row to the revision history, %s: add a row for the change, with its version and date",
			cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), cur.Commit.Subject, newest)
		return
	}
	if c, ok := document.CompareVersions(cur.Version, prev.Version); ok && c == 0 {
		p.Report(fieldPos(p.Doc, "version"), "commit %s (%s, %q) changed the body but left the version at %s: bump the version with every change to the text",
			cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), cur.Commit.Subject, cur.Version)
	}
}

// declaredRowAt finds, in the document as it is at the ref, the row that
// was newest at revision r, and says which it is; a row since removed is
// named by its values, at the first revision table.
func declaredRowAt(d *isms.Doc, r *isms.Revision) (document.Pos, string) {
	at := document.Pos{Line: 1, Col: 1}
	if len(d.RevisionTables) > 0 {
		at = d.RevisionTables[0].Pos
	}
	if !r.HasDeclared {
		return at, "which it had none of then"
	}
	for _, row := range d.RevisionRows {
		if row.Key == r.Latest.Key {
			return row.Pos, "whose newest row was still " + row.Label()
		}
	}
	return at, "whose newest row was still " + r.Latest.Label() + " (since removed)"
}

// revisionDateAfterCommit holds each row of the declared history to the
// commit that added it: a row cannot record a change made after it was
// written down, so a later date is a typo or a row written in advance of
// an approval that had not happened yet.
func revisionDateAfterCommit(p *Pass) {
	for _, r := range p.Doc.Declared {
		if r.AddedIn == nil || r.Date.IsZero() {
			continue
		}
		c := r.AddedIn
		if day := c.When.Format("2006-01-02"); r.Date.String() > day {
			p.Report(r.CellPos(document.ColDate), "revision history %s is dated %s, after commit %s (%s, %q) that added it: date a row on or before the day it is committed",
				r.Label(), r.Date, c.Short(), day, c.Subject)
		}
	}
}

func versionRegressed(p *Pass) {
	cur, prev := p.Cur, p.Prev
	if c, _ := document.CompareVersions(cur.Version, prev.Version); c < 0 {
		p.Report(fieldPos(p.Doc, "version"), "commit %s (%s) took the version back from %s to %s: versions only go up; use %s or later",
			cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), prev.Version, cur.Version, next(prev.Version))
	}
}

// next returns the minor bump of a MAJOR.MINOR version.
func next(v string) string {
	m, n, _ := document.ParseVersion(v)
	return fmt.Sprintf("%d.%d", m, n+1)
}

// versionJumped accepts a minor bump (1.3 -> 1.4) and a major bump that
// starts the minor again (1.3 -> 2.0); anything further skips versions an
// auditor will ask about.
func versionJumped(p *Pass) {
	cur, prev := p.Cur, p.Prev
	am, an, _ := document.ParseVersion(prev.Version)
	bm, bn, _ := document.ParseVersion(cur.Version)
	if (bm == am && bn > an+1) || bm > am+1 || (bm == am+1 && bn > 0) {
		p.Report(fieldPos(p.Doc, "version"), "commit %s (%s) moved the version from %s to %s, skipping versions: the next is %s, or %d.0 for a major change",
			cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), prev.Version, cur.Version, next(prev.Version), am+1)
	}
}

var bodyVersionRE = regexp.MustCompile(`(?i)^\W*(?:document\s+)?version\W*[:：]\W*v?(\d+\.\d+(?:\.\d+)*)\b`)

// mayStateVersion reports whether body may hold a line bodyVersionRE
// matches: one with "version", in any case as (?i) folds it, then
// non-word characters up to a colon. A body without one has no line to
// judge, and its AST need not be walked. It looks only behind colons,
// which is far cheaper than matching the body.
func mayStateVersion(body []byte) bool {
	for _, colon := range []string{":", "："} {
		for i := 0; ; {
			j := bytes.Index(body[i:], []byte(colon))
			if j < 0 {
				break
			}
			if versionBefore(body[:i+j]) {
				return true
			}
			i += j + len(colon)
		}
	}
	return false
}

// versionBefore reports whether b ends with "version" (folded as (?i)
// folds it) and then non-word characters (\W: any but ASCII letters,
// digits and _).
func versionBefore(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeLastRune(b)
		if r < utf8.RuneSelf && (r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			break
		}
		b = b[:len(b)-n]
	}
	start := len(b)
	for range len("version") {
		_, n := utf8.DecodeLastRune(b[:start])
		if n == 0 {
			return false
		}
		start -= n
	}
	return bytes.EqualFold(b[start:], []byte("version"))
}

// versionBodyMismatch looks for "Version: x.y" lines and revision tables
// with a version column: the newest version the body states must be the
// front-matter one. A version the revision table itself supplies has
// nothing to disagree with.
func versionBodyMismatch(p *Pass) {
	d := p.Doc
	fm := d.Meta.Version
	if _, _, ok := document.ParseVersion(fm); !ok {
		return
	}
	if _, declared := d.Meta.Declared("version"); !declared {
		for _, t := range d.RevisionTables {
			checkRevisionTable(p, t, fm)
		}
	}
	if !mayStateVersion(d.Body) {
		return
	}
	_ = ast.Walk(d.AST(), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *east.Table:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			// Tight list items hold TextBlocks: "- Version: 1.2".
			for i := 0; i < v.Lines().Len(); i++ {
				seg := v.Lines().At(i)
				if m := bodyVersionRE.FindSubmatchIndex(seg.Value(d.Body)); m != nil {
					got := string(seg.Value(d.Body)[m[2]:m[3]])
					if !sameVersion(got, fm) {
						p.Report(d.Pos(seg.Start+m[2]), "the body says version %s but the front matter says %s", got, fm)
					}
				}
			}
		}
		return ast.WalkContinue, nil
	})
}

// sameVersion compares dotted versions numerically, so the body's 1.0.0
// agrees with the front matter's 1.0 and 1.2.3 does not agree with 1.2.
func sameVersion(a, b string) bool {
	pa, pb := strings.Split(strings.TrimPrefix(a, "v"), "."), strings.Split(strings.TrimPrefix(b, "v"), ".")
	for len(pa) < len(pb) {
		pa = append(pa, "0")
	}
	for len(pb) < len(pa) {
		pb = append(pb, "0")
	}
	for i := range pa {
		x, err1 := strconv.Atoi(pa[i])
		y, err2 := strconv.Atoi(pb[i])
		if err1 != nil || err2 != nil || x != y {
			return false
		}
	}
	return true
}

// checkRevisionTable compares the newest MAJOR.MINOR version of a
// revision table with the front matter's.
func checkRevisionTable(p *Pass, t document.RevisionTable, fm string) {
	var rows []document.RevisionRow
	for _, r := range t.Rows {
		if _, _, ok := document.ParseVersion(r.Version); ok {
			rows = append(rows, r)
		}
	}
	best, ok := document.LatestRevision(rows)
	if !ok {
		return
	}
	if c, _ := document.CompareVersions(best.Version, fm); c != 0 {
		p.Report(best.CellPos(document.ColVersion), "the revision table's newest version is %s but the front matter says %s",
			strings.TrimPrefix(best.Version, "v"), fm)
	}
}

func historyTruncated(p *Pass) {
	if !p.Model.Snapshot.Truncated {
		return
	}
	n := 0
	for _, d := range p.Model.Docs {
		if d.Truncated {
			n++
		}
	}
	p.Report(document.Pos{}, "the clone is shallow: the history of %d of %d documents stops at the oldest fetched commit, so the version and approval checks are partial: fetch the full history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)", n, len(p.Model.Docs))
}

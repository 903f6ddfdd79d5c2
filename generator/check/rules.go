package check

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/pdf/fonts"
)

// Rules returns the rule catalogue, a fresh copy each call.
func Rules() []*Rule {
	return []*Rule{
		{"document-unreadable", "A file under the content directory cannot be read as a UTF-8 Markdown document.", Error, documentProblems("document-unreadable")},
		{"file-unreadable", "A file in the content directory is a submodule, symlink, LFS pointer or too large to read.", Error, fileNotices},
		{"front-matter-missing", "A document has no front matter, so it has no document control at all.", Error, documentProblems("front-matter-missing")},
		{"front-matter-invalid", "The front matter is not valid YAML, TOML or JSON.", Error, documentProblems("front-matter-invalid")},
		{"field-invalid", "A front-matter field has the wrong shape (a list where one value belongs, or the reverse).", Error, documentProblems("field-invalid")},
		{"field-missing", "A required document-control field is missing.", Error, fieldMissing},
		{"date-invalid", "A date field is not a date.", Error, documentProblems("date-invalid")},
		{"date-in-future", "An approval or review date lies after the as-of date.", Error, dateInFuture},
		{"version-invalid", "The version is not MAJOR.MINOR.", Error, versionInvalid},
		{"status-invalid", "The status is not draft, review, approved or retired.", Error, enumField("status", "draft", "review", "approved", "retired")},
		{"classification-invalid", "The classification is not public, internal, confidential or restricted.", Error, enumField("classification", "public", "internal", "confidential", "restricted")},
		{"review-interval-invalid", "The review interval cannot be read (write 12m, 6 months, 1y).", Error, intervalInvalid},
		{"id-duplicate", "Two documents share an id.", Error, idDuplicate},
		{"requirement-unknown", "A document lists a requirement no requirement set defines.", Error, requirementUnknown},
		{"review-overdue", "The last review plus the review interval is before the as-of date.", Error, reviewOverdue},
		{"review-due-soon", "The next review falls within the due-soon window.", Warning, reviewDueSoon},
		{"approval-missing", "An approved document lacks approved_by or approved_on.", Error, approvalMissing},
		{"approval-stale", "The approval predates the last commit that changed the body.", Error, approvalStale},
		{"review-stale", "last_reviewed predates the last commit that changed the body.", Warning, reviewStale},
		{"approver-not-leadership", "A document evidencing clause 5.1 is approved by someone outside the leadership roles.", Error, approverNotLeadership},
		{"owner-unknown", "The owner is not in the roles register.", Warning, ownerUnknown},
		{"version-not-bumped", "A commit changed the body but not the version.", Error, versionNotBumped},
		{"version-regressed", "The version went backwards across the document's history.", Error, versionRegressed},
		{"version-jumped", "The version skipped numbers between two commits.", Warning, versionJumped},
		{"version-body-mismatch", "A version written in the body disagrees with the front matter.", Error, versionBodyMismatch},
		{"history-truncated", "The clone is shallow: history and version checks are partial.", Warning, historyTruncated},
		{"leftover-comment", "An HTML comment is left in the document.", Error, leftovers(comment, "leftover-comment")},
		{"leftover-marker", "A TODO, FIXME, TBD or XXX marker is left in the document.", Error, leftoverMarker},
		{"leftover-criticmarkup", "CriticMarkup review marks are left in the document.", Error, leftovers(critic, "leftover-criticmarkup")},
		{"leftover-placeholder", "A template placeholder was never filled in.", Error, leftoverPlaceholder},
		{"leftover-lorem", "Lorem ipsum filler text is left in the document.", Error, leftovers(lorem, "leftover-lorem")},
		{"merge-conflict", "Unresolved merge-conflict markers are in the document.", Error, mergeConflict},
		{"link-broken", "A link to another document, file or heading points nowhere.", Error, linkBroken},
		{"link-outside", "A link climbs out of the repository or the content directory.", Error, linkOutside},
		{"image-missing", "An image is not in the repository.", Error, imageMissing},
		{"image-unusable", "An image cannot be drawn: unreadable, not PNG, JPEG or GIF, or more than 40 megapixels.", Warning, imageUnusable},
		{"glyph-missing", "A character no PDF font can draw; the pack shows a replacement box in its place.", Warning, glyphMissing},
		{"raw-html", "Raw HTML is not rendered on the site or in the pack.", Warning, rawHTML},
		{"suppression-no-reason", "An ismspack-ignore entry gives no reason.", Error, suppressionNoReason},
		{"suppression-unknown", "An ismspack-ignore entry names a rule that does not exist.", Warning, suppressionUnknown},
		{"coverage-gap", "A requirement has no document that is approved, in date and owned.", Error, coverageGap},
	}
}

func documentProblems(rule string) func(*Pass) {
	return func(p *Pass) {
		for _, d := range p.Model.Docs {
			for _, pr := range d.Problems {
				if pr.Rule == rule {
					p.Report(d, pr.Pos, "%s", pr.Message)
				}
			}
		}
	}
}

func fileNotices(p *Pass) {
	for _, n := range p.Model.Snapshot.Notices {
		p.ReportPath(n.Path, document.Pos{}, "%s", n.Message)
	}
}

// fieldPos returns where to point for a schema field: the field if given,
// else the top of the front matter.
func fieldPos(d *isms.Doc, name string) document.Pos {
	if f, ok := d.Meta.FieldFor(name); ok {
		return f.ValuePos
	}
	return document.Pos{Line: 1, Col: 1}
}

// controlled reports whether a document has front matter worth checking:
// a file without it, or whose front matter does not parse, already has its
// one finding, and eight "missing" fields on top would bury it.
func controlled(d *isms.Doc) bool {
	if d.Format == document.NoFrontMatter {
		return false
	}
	for _, pr := range d.Problems {
		if pr.Rule == "front-matter-invalid" {
			return false
		}
	}
	return true
}

func fieldMissing(p *Pass) {
	for _, d := range p.Model.Docs {
		if !controlled(d) {
			continue
		}
		for _, name := range p.Model.Config.Required {
			if !d.Meta.Has(name) {
				hint := ""
				if as := p.Model.Config.Aliases[name]; len(as) > 0 {
					hint = " (or " + strings.Join(as, ", ") + ")"
				}
				p.Report(d, document.Pos{Line: 1, Col: 1}, "missing %s%s: add it to the front matter", name, hint)
			}
		}
	}
}

func dateInFuture(p *Pass) {
	for _, d := range p.Model.Docs {
		for name, dt := range map[string]document.Date{"approved_on": d.Meta.ApprovedOn, "last_reviewed": d.Meta.LastReviewed} {
			if !dt.IsZero() && dt.Time.After(p.Model.AsOf) {
				p.Report(d, fieldPos(d, name), "%s %s is after the as-of date %s", name, dt, p.Model.AsOf.Format("2006-01-02"))
			}
		}
	}
}

func versionInvalid(p *Pass) {
	for _, d := range p.Model.Docs {
		if v := d.Meta.Version; v != "" {
			if _, _, ok := document.ParseVersion(v); !ok {
				p.Report(d, fieldPos(d, "version"), "version %q is not MAJOR.MINOR: write it like 1.0 or 2.3", v)
			}
		}
	}
}

func enumField(name string, allowed ...string) func(*Pass) {
	return func(p *Pass) {
		for _, d := range p.Model.Docs {
			var v string
			switch name {
			case "status":
				v = d.Meta.Status
			case "classification":
				v = d.Meta.Classification
			}
			if v == "" {
				continue
			}
			ok := false
			for _, a := range allowed {
				ok = ok || v == a
			}
			if !ok {
				p.Report(d, fieldPos(d, name), "%s %q is not one of %s", name, v, strings.Join(allowed, ", "))
			}
		}
	}
}

func intervalInvalid(p *Pass) {
	for _, d := range p.Model.Docs {
		if d.IntervalErr != nil {
			p.Report(d, fieldPos(d, "review_interval"), "review_interval %s", d.IntervalErr)
		}
	}
}

func idDuplicate(p *Pass) {
	first := map[string]*isms.Doc{}
	for _, d := range p.Model.Docs {
		id := d.Meta.ID
		if id == "" {
			continue
		}
		if o, ok := first[id]; ok {
			p.Report(d, fieldPos(d, "id"), "id %s is also used by %s: give each document its own id", id, o.Path)
			continue
		}
		first[id] = d
	}
}

func requirementUnknown(p *Pass) {
	for _, d := range p.Model.Docs {
		for i, r := range d.Requirements {
			if _, ok := p.Model.Framework.Item(r); !ok {
				p.Report(d, fieldPos(d, "requirements"), "requirement %q is not defined by any requirement set (known: %s)", d.Meta.Requirements[i], knownItems(p))
			}
		}
	}
}

func knownItems(p *Pass) string {
	var ids []string
	for _, it := range p.Model.Framework.Items() {
		ids = append(ids, it.ID)
	}
	if len(ids) > 10 {
		ids = append(ids[:10], "…")
	}
	return strings.Join(ids, ", ")
}

func reviewOverdue(p *Pass) {
	for _, d := range p.Model.Docs {
		if p.Model.ReviewState(d) == isms.Overdue {
			p.Report(d, fieldPos(d, "last_reviewed"), "review overdue: last reviewed %s, due every %s, so due %s; review it and update last_reviewed",
				d.Meta.LastReviewed, d.Interval, d.NextReview.Format("2006-01-02"))
		}
	}
}

func reviewDueSoon(p *Pass) {
	for _, d := range p.Model.Docs {
		if p.Model.ReviewState(d) == isms.DueSoon {
			p.Report(d, fieldPos(d, "last_reviewed"), "review due %s (within %s)", d.NextReview.Format("2006-01-02"), p.Model.Config.Review.DueSoon)
		}
	}
}

func approvalMissing(p *Pass) {
	for _, d := range p.Model.Docs {
		if d.Meta.Status != "approved" {
			continue
		}
		for _, name := range []string{"approved_by", "approved_on"} {
			if !d.Meta.Has(name) {
				p.Report(d, fieldPos(d, "status"), "status is approved but %s is missing: record who approved it and when", name)
			}
		}
	}
}

func approvalStale(p *Pass) {
	for _, d := range p.Model.Docs {
		if d.Meta.Status != "approved" || d.Meta.ApprovedOn.IsZero() {
			continue
		}
		if r := d.LastBodyChange(); r != nil && before(d.Meta.ApprovedOn, r) {
			p.Report(d, fieldPos(d, "approved_on"), "approved on %s, but the body changed after that in %s (%s, %s): have the change approved and update approved_on",
				d.Meta.ApprovedOn, r.Commit.Short(), r.Commit.When.Format("2006-01-02"), r.Commit.Subject)
		}
	}
}

func reviewStale(p *Pass) {
	for _, d := range p.Model.Docs {
		if d.Meta.LastReviewed.IsZero() {
			continue
		}
		if r := d.LastBodyChange(); r != nil && before(d.Meta.LastReviewed, r) {
			p.Report(d, fieldPos(d, "last_reviewed"), "last reviewed %s, but the body changed after that in %s (%s, %s): review the text as it is now and update last_reviewed",
				d.Meta.LastReviewed, r.Commit.Short(), r.Commit.When.Format("2006-01-02"), r.Commit.Subject)
		}
	}
}

// before compares a date with a commit's day, in the commit's own time zone
// so a commit at 00:30 local time is not judged a day early.
func before(dt document.Date, r *isms.Revision) bool {
	return dt.Time.Format("2006-01-02") < r.Commit.When.Format("2006-01-02")
}

func evidencesClause51(d *isms.Doc) bool {
	for _, r := range d.Requirements {
		if strings.HasPrefix(r, "5.1(") {
			return true
		}
	}
	return false
}

func approverNotLeadership(p *Pass) {
	roles := p.Model.Config.LeadershipRoles
	if len(roles) == 0 {
		return
	}
	for _, d := range p.Model.Docs {
		if d.Meta.ApprovedBy == "" || !evidencesClause51(d) || contains(roles, d.Meta.ApprovedBy) {
			continue
		}
		p.Report(d, fieldPos(d, "approved_by"), "approved by %q, who is not in leadership_roles (%s): clause 5.1 evidence must be approved by top management",
			d.Meta.ApprovedBy, strings.Join(roles, ", "))
	}
}

func ownerUnknown(p *Pass) {
	roles := p.Model.Config.Roles
	if len(roles) == 0 {
		return
	}
	for _, d := range p.Model.Docs {
		if d.Meta.Owner != "" && !contains(roles, d.Meta.Owner) {
			p.Report(d, fieldPos(d, "owner"), "owner %q is not in the roles register: add the role to roles in %s or fix the spelling",
				d.Meta.Owner, configName(p))
		}
	}
}

func configName(p *Pass) string {
	if p.Model.Config.Path != "" {
		return p.Model.Config.Path
	}
	return "ismspack.yaml"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

// versionNotBumped compares each body-changing commit with the revision
// before it. The version at the ref is checked against the field; older
// ones can only point at the field too, naming the commit.
func versionNotBumped(p *Pass) {
	for _, d := range p.Model.Docs {
		h := d.History
		for i := 0; i+1 < len(h); i++ {
			cur, prev := h[i], h[i+1]
			if !cur.BodyChanged {
				continue
			}
			if c, ok := document.CompareVersions(cur.Version, prev.Version); ok && c == 0 {
				p.Report(d, fieldPos(d, "version"), "commit %s (%s, %q) changed the body but left the version at %s: bump the version with every change to the text",
					cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), cur.Commit.Subject, cur.Version)
			}
		}
	}
}

// versionSteps pairs each revision that has a MAJOR.MINOR version with
// the nearest older revision that has one, so a commit that dropped or
// garbled the version does not hide the step across it.
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

func versionRegressed(p *Pass) {
	for _, d := range p.Model.Docs {
		versionSteps(d, func(cur, prev *isms.Revision) {
			if c, _ := document.CompareVersions(cur.Version, prev.Version); c < 0 {
				p.Report(d, fieldPos(d, "version"), "commit %s (%s) took the version back from %s to %s: versions only go up; use %s or later",
					cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), prev.Version, cur.Version, next(prev.Version))
			}
		})
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
	for _, d := range p.Model.Docs {
		versionSteps(d, func(cur, prev *isms.Revision) {
			am, an, _ := document.ParseVersion(prev.Version)
			bm, bn, _ := document.ParseVersion(cur.Version)
			if (bm == am && bn > an+1) || bm > am+1 || (bm == am+1 && bn > 0) {
				p.Report(d, fieldPos(d, "version"), "commit %s (%s) moved the version from %s to %s, skipping versions: the next is %s, or %d.0 for a major change",
					cur.Commit.Short(), cur.Commit.When.Format("2006-01-02"), prev.Version, cur.Version, next(prev.Version), am+1)
			}
		})
	}
}

var bodyVersionRE = regexp.MustCompile(`(?i)^\W*(?:document\s+)?version\W*[:：]\W*v?(\d+\.\d+(?:\.\d+)*)\b`)

// versionBodyMismatch looks for "Version: x.y" lines and revision tables
// (a column headed Version): the newest version the body states must be
// the front-matter one.
func versionBodyMismatch(p *Pass) {
	for _, d := range p.Model.Docs {
		fm := d.Meta.Version
		if _, _, ok := document.ParseVersion(fm); !ok {
			continue
		}
		_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch v := n.(type) {
			case *east.Table:
				checkRevisionTable(p, d, v, fm)
				return ast.WalkSkipChildren, nil
			case *ast.Paragraph, *ast.TextBlock:
				// Tight list items hold TextBlocks: "- Version: 1.2".
				for i := 0; i < v.Lines().Len(); i++ {
					seg := v.Lines().At(i)
					if m := bodyVersionRE.FindSubmatchIndex(seg.Value(d.Body)); m != nil {
						got := string(seg.Value(d.Body)[m[2]:m[3]])
						if !sameVersion(got, fm) {
							p.Report(d, d.Pos(seg.Start+m[2]), "the body says version %s but the front matter says %s", got, fm)
						}
					}
				}
			}
			return ast.WalkContinue, nil
		})
	}
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

// versionHeader reports whether a table column heading names versions.
func versionHeader(s string) bool {
	switch strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), ".")) {
	case "version", "ver", "rev", "revision", "document version":
		return true
	}
	return false
}

func checkRevisionTable(p *Pass, d *isms.Doc, t *east.Table, fm string) {
	col := -1
	header := t.FirstChild()
	if header == nil {
		return
	}
	i := 0
	for c := header.FirstChild(); c != nil; c = c.NextSibling() {
		if versionHeader(document.PlainText(c, d.Body)) {
			col = i
		}
		i++
	}
	if col < 0 {
		return
	}
	best, bestAt := "", -1
	for row := header.NextSibling(); row != nil; row = row.NextSibling() {
		cell := row.FirstChild()
		for j := 0; j < col && cell != nil; j++ {
			cell = cell.NextSibling()
		}
		if cell == nil {
			continue
		}
		v := strings.TrimPrefix(strings.TrimSpace(document.PlainText(cell, d.Body)), "v")
		if _, _, ok := document.ParseVersion(v); !ok {
			continue
		}
		if c, ok := document.CompareVersions(v, best); best == "" || (ok && c > 0) {
			best, bestAt = v, document.InlineStart(cell)
		}
	}
	if best == "" {
		return
	}
	for bestAt < len(d.Body) && (d.Body[bestAt] == ' ' || d.Body[bestAt] == '\t') {
		bestAt++ // the cell's text starts after its padding
	}
	if c, _ := document.CompareVersions(best, fm); c != 0 {
		p.Report(d, d.Pos(bestAt), "the revision table's newest version is %s but the front matter says %s", best, fm)
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
	p.Report(nil, document.Pos{}, "the clone is shallow: the history of %d of %d documents stops at the oldest fetched commit, so the version and approval checks are partial: fetch the full history (git fetch --unshallow, or fetch-depth: 0 in actions/checkout)", n, len(p.Model.Docs))
}

// A leftover is a pattern and the literals without which it cannot match:
// a body holding none of them is skipped without running the regexp, which
// on a thousand clean documents is most of the work saved.
type leftover struct {
	re *regexp.Regexp
	// any lists the literals; fold makes the search case-insensitive.
	any  []string
	fold bool
}

func (l *leftover) mayMatch(b []byte) bool {
	for _, s := range l.any {
		if l.fold && containsFold(b, s) || !l.fold && bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return len(l.any) == 0
}

// containsFold reports whether b contains the lower-case ASCII s in any case.
func containsFold(b []byte, s string) bool {
	first := [2]byte{s[0], s[0]}
	if 'a' <= s[0] && s[0] <= 'z' {
		first[1] = s[0] - 'a' + 'A'
	}
	for i := 0; i+len(s) <= len(b); i++ {
		j := bytes.IndexAny(b[i:], string(first[:]))
		if j < 0 {
			return false
		}
		i += j
		if i+len(s) <= len(b) && bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return true
		}
	}
	return false
}

var (
	commentRE   = regexp.MustCompile(`(?s)<!--.*?-->`)
	comment     = []leftover{{re: commentRE, any: []string{"<!--"}}}
	markerRE    = regexp.MustCompile(`\b(TODO|FIXME|TBD|XXX)\b`)
	marker      = []leftover{{re: markerRE, any: []string{"TODO", "FIXME", "TBD", "XXX"}}}
	critic      = []leftover{{re: regexp.MustCompile(`(?s)\{(>>.*?<<|\+\+.*?\+\+|--.*?--|==.*?==|~~.*?~~)\}`), any: []string{"{>>", "{++", "{--", "{==", "{~~"}}}
	lorem       = []leftover{{re: regexp.MustCompile(`(?i)\blorem ipsum\b`), any: []string{"lorem"}, fold: true}}
	placeholder = []leftover{
		// Each pattern starts with a literal, so the regexp engine can jump
		// between candidates instead of trying every position.
		{re: regexp.MustCompile(`\{\{\s*[\w. -]+\s*\}\}`), any: []string{"{{"}},
		{re: regexp.MustCompile(`\[\s*(?i:insert|enter|add|your)\b[^\]\n]*\]`), any: []string{"["}},
		{re: regexp.MustCompile(`<(?i:company|organi[sz]ation|name|date|owner|insert)[ \w]*>`), any: []string{"<"}},
		{re: regexp.MustCompile(`\[(?i:day|dd)/(?i:month|mm)/(?i:year|yyyy)\]`), any: []string{"/"}},
		{re: regexp.MustCompile(`(?i)\b(xx/xx/xxxx|YYYY-MM-DD)\b`), any: []string{"xx/xx/", "yyyy-mm-dd"}, fold: true},
	}
)

// placeholderText reports whether s holds a placeholder (raw-html leaves
// those to leftover-placeholder).
func placeholderText(s string) bool {
	for _, l := range placeholder {
		if l.re.MatchString(s) {
			return true
		}
	}
	return false
}

// leftovers reports each match of ls in the body where it starts.
func leftovers(ls []leftover, rule string) func(*Pass) {
	return func(p *Pass) {
		for _, d := range p.Model.Docs {
			scanBody(p, d, ls, rule, nil)
		}
	}
}

// scanBody reports the matches of ls in d's body, skipping code (the AST
// says where code is, and is asked only once a match needs it) unless
// config asks otherwise, and those skip rejects.
func scanBody(p *Pass, d *isms.Doc, ls []leftover, rule string, skip func(m []int) bool) {
	var code [][2]int
	codeDone := p.Model.Config.CheckCode
	for i := range ls {
		l := &ls[i]
		if !l.mayMatch(d.Body) {
			continue
		}
		for _, m := range l.re.FindAllIndex(d.Body, -1) {
			if !codeDone {
				code, codeDone = codeRanges(d), true
			}
			if inRanges(code, m[0]) || (skip != nil && skip(m)) {
				continue
			}
			p.Report(d, d.Pos(m[0]), "%s: %q", leftoverMessage(rule), excerpt(d.Body[m[0]:m[1]]))
		}
	}
}

// scanFields reports matches of re in front-matter values: "owner: TBD"
// passes every field check while naming no one.
func scanFields(p *Pass, d *isms.Doc, ls []leftover, rule string) {
	var walk func(fs []document.Field)
	walk = func(fs []document.Field) {
		for _, f := range fs {
			if f.Key == document.IgnoreKey {
				continue
			}
			vals := append([]string{f.Value}, f.List...)
			for _, v := range vals {
				for _, l := range ls {
					if m := l.re.FindStringIndex(v); m != nil {
						p.Report(d, f.ValuePos, "%s: %q in %s", leftoverMessage(rule), excerpt([]byte(v[m[0]:m[1]])), f.Key)
					}
				}
			}
			walk(f.Map)
		}
	}
	walk(d.Fields)
}

// excerpt shortens matched text for a message, on a rune boundary.
func excerpt(b []byte) string {
	text := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(text); len(r) > 60 {
		text = string(r[:57]) + "…"
	}
	return text
}

// leftoverMarker reports TODO, FIXME, TBD and XXX in the body and in the
// front matter. A marker inside an HTML comment belongs to that comment's
// finding, unless leftover-comment is turned off.
func leftoverMarker(p *Pass) {
	commentsReported := p.Model.Config.Severity["leftover-comment"] != "off"
	for _, d := range p.Model.Docs {
		var comments [][2]int
		if commentsReported && bytes.Contains(d.Body, []byte("<!--")) {
			for _, m := range commentRE.FindAllIndex(d.Body, -1) {
				comments = append(comments, [2]int{m[0], m[1]})
			}
		}
		scanFields(p, d, marker, "leftover-marker")
		scanBody(p, d, marker, "leftover-marker", func(m []int) bool { return inRanges(comments, m[0]) })
	}
}

// leftoverPlaceholder reports template placeholders. "[Add …]" and
// "[Your …]" are placeholders only when they are not link text:
// "[Add a user](add-user.md)" is a link.
func leftoverPlaceholder(p *Pass) {
	for _, d := range p.Model.Docs {
		body := d.Body
		scanFields(p, d, placeholder, "leftover-placeholder")
		scanBody(p, d, placeholder, "leftover-placeholder", func(m []int) bool {
			text := strings.ToLower(string(body[m[0]:m[1]]))
			if !strings.HasPrefix(text, "[") || m[1] >= len(body) || (body[m[1]] != '(' && body[m[1]] != '[') {
				return false
			}
			verb := strings.TrimSpace(strings.TrimPrefix(text, "["))
			return strings.HasPrefix(verb, "add") || strings.HasPrefix(verb, "your")
		})
	}
}

// mergeConflict reports each unresolved conflict once, at its <<<<<<<
// line, and markers left behind by a half-resolved one. A lone =======
// line is not a conflict: it underlines a setext heading.
func mergeConflict(p *Pass) {
	for _, d := range p.Model.Docs {
		if !bytes.Contains(d.Body, []byte("<<<<<<<")) && !bytes.Contains(d.Body, []byte(">>>>>>>")) {
			continue
		}
		var code [][2]int
		if !p.Model.Config.CheckCode {
			code = codeRanges(d)
		}
		open := -1 // body offset of the unclosed <<<<<<< line
		for off := 0; off < len(d.Body); {
			end := bytes.IndexByte(d.Body[off:], '\n')
			if end < 0 {
				end = len(d.Body)
			} else {
				end += off
			}
			line := strings.TrimRight(string(d.Body[off:end]), "\r")
			kind := conflictMarker(line)
			switch {
			case kind == 0 || inRanges(code, off):
			case kind == '<':
				if open >= 0 {
					p.Report(d, d.Pos(open), "merge-conflict marker %q with no >>>>>>> after it: resolve the conflict and delete the markers", excerpt(d.Body[open:open+7]))
				}
				open = off
			case kind == '>' && open >= 0:
				p.Report(d, d.Pos(open), "unresolved merge conflict (lines %d–%d): keep the right text and delete the <<<<<<<, ======= and >>>>>>> lines",
					d.Pos(open).Line, d.Pos(off).Line)
				open = -1
			case kind == '>':
				p.Report(d, d.Pos(off), "merge-conflict marker %q left after a partly resolved conflict: delete it", excerpt([]byte(line)))
			}
			off = end + 1
		}
		if open >= 0 {
			p.Report(d, d.Pos(open), "merge-conflict marker %q with no >>>>>>> after it: resolve the conflict and delete the markers", excerpt(d.Body[open:open+7]))
		}
	}
}

// conflictMarker returns '<' or '>' for a line that opens or closes a
// conflict as git writes them (seven characters, then a space or nothing).
func conflictMarker(line string) byte {
	for _, c := range []byte{'<', '>'} {
		m := strings.Repeat(string(c), 7)
		if line == m || strings.HasPrefix(line, m+" ") {
			return c
		}
	}
	return 0
}

func leftoverMessage(rule string) string {
	switch rule {
	case "leftover-comment":
		return "HTML comment left in; it is hidden on the site but still in the file, so remove it"
	case "leftover-marker":
		return "unfinished-work marker left in: finish the text and remove it"
	case "leftover-criticmarkup":
		return "review mark left in: accept or reject it"
	case "leftover-placeholder":
		return "template placeholder never filled in"
	case "leftover-lorem":
		return "filler text left in: write the real text"
	}
	return rule
}

// codeRanges returns the body byte ranges of code spans and code blocks.
func codeRanges(d *isms.Doc) [][2]int {
	var out [][2]int
	_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			l := v.Lines()
			if l.Len() > 0 {
				out = append(out, [2]int{l.At(0).Start, l.At(l.Len() - 1).Stop})
			}
			if fc, ok := v.(*ast.FencedCodeBlock); ok && fc.Info != nil {
				out = append(out, [2]int{fc.Info.Segment.Start, fc.Info.Segment.Stop})
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			start, stop := -1, -1
			for c := v.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					if start < 0 {
						start = t.Segment.Start
					}
					stop = t.Segment.Stop
				}
			}
			if start >= 0 {
				out = append(out, [2]int{start, stop})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

func inRanges(rs [][2]int, off int) bool {
	for _, r := range rs {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}

func linkBroken(p *Pass) {
	m := p.Model
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if l.Image {
				continue
			}
			switch l.Kind {
			case document.Anchor:
				if l.Fragment != "" && !hasHeading(d.Document, l.Fragment) && !strings.HasPrefix(l.Fragment, "fn") {
					p.Report(d, l.Pos, "no heading with anchor #%s in this document%s", l.Fragment, suggest(d.Document))
				}
			case document.Internal:
				if !inside(l.Target, m.Config.Content) {
					continue // linkOutside reports it
				}
				t := m.Doc(l.Target)
				if t == nil {
					if _, ok := m.Assets[l.Target]; !ok && !isDir(m, l.Target) {
						p.Report(d, l.Pos, "link to %s, which is not in commit %s", l.Dest, m.Snapshot.Commit.Short())
					}
					continue
				}
				if l.Fragment != "" && !hasHeading(t.Document, l.Fragment) {
					p.Report(d, l.Pos, "%s has no heading with anchor #%s%s", t.Path, l.Fragment, suggest(t.Document))
				}
			}
		}
	}
}

func isDir(m *isms.Model, p string) bool {
	for _, d := range m.Docs {
		if strings.HasPrefix(d.Path, p+"/") {
			return true
		}
	}
	return false
}

func inside(p, dir string) bool {
	return dir == "" || dir == "." || p == dir || strings.HasPrefix(p, dir+"/")
}

func hasHeading(d *document.Document, id string) bool {
	for _, h := range d.Headings {
		if h.ID == id {
			return true
		}
	}
	return false
}

func suggest(d *document.Document) string {
	var ids []string
	for _, h := range d.Headings {
		ids = append(ids, "#"+h.ID)
	}
	if len(ids) == 0 {
		return ""
	}
	if len(ids) > 6 {
		ids = append(ids[:6], "…")
	}
	return " (it has " + strings.Join(ids, ", ") + ")"
}

func linkOutside(p *Pass) {
	m := p.Model
	for _, d := range m.Docs {
		for _, l := range d.Links {
			switch {
			case l.Kind == document.Outside:
				p.Report(d, l.Pos, "link %s climbs out of the repository; it cannot work on the site or in the pack", l.Dest)
			case l.Kind == document.Internal && !inside(l.Target, m.Config.Content):
				p.Report(d, l.Pos, "link %s points at %s, outside the content directory %s/, which is not published: link inside %s/ or use a full https:// URL", l.Dest, l.Target, m.Config.Content, m.Config.Content)
			}
		}
	}
}

func imageMissing(p *Pass) {
	m := p.Model
	for _, d := range m.Docs {
		for _, l := range d.Links {
			if !l.Image || l.Kind != document.Internal || !inside(l.Target, m.Config.Content) {
				continue
			}
			if _, ok := m.Assets[l.Target]; !ok {
				p.Report(d, l.Pos, "image %s is not in commit %s", l.Dest, m.Snapshot.Commit.Short())
			}
		}
	}
}

// imageUnusable reports, where a document shows it, an image the model's
// header probe judged undrawable; the PDF draws a box saying the same.
// A file too large to read is file-unreadable's finding.
func imageUnusable(p *Pass) {
	for _, d := range p.Model.Docs {
		for _, l := range d.Links {
			if !l.Image || l.Kind != document.Internal {
				continue
			}
			if pic := p.Model.Picture(l.Target); pic != nil && !pic.Usable() && pic.File.Data != nil {
				p.Report(d, l.Pos, "image %s", pic.Why())
			}
		}
	}
}

func rawHTML(p *Pass) {
	for _, d := range p.Model.Docs {
		code := codeRanges(d)
		_ = ast.Walk(d.AST, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			var off int
			var text string
			switch v := n.(type) {
			case *ast.HTMLBlock:
				if v.HTMLBlockType == ast.HTMLBlockType2 || v.Lines().Len() == 0 {
					return ast.WalkContinue, nil // comments are leftover-comment's
				}
				seg := v.Lines().At(0)
				off = seg.Start
				text = string(seg.Value(d.Body))
			case *ast.RawHTML:
				if v.Segments.Len() == 0 {
					return ast.WalkContinue, nil
				}
				seg := v.Segments.At(0)
				off = seg.Start
				text = string(seg.Value(d.Body))
			default:
				return ast.WalkContinue, nil
			}
			// Comments are leftover-comment's and placeholders leftover-placeholder's;
			// a closing tag belongs to the opening tag's finding.
			if strings.HasPrefix(text, "<!--") || strings.HasPrefix(text, "</") || inRanges(code, off) || placeholderText(text) {
				return ast.WalkContinue, nil
			}
			p.Report(d, d.Pos(off), "raw HTML %q is not rendered on the site or in the pack: use Markdown instead", excerpt([]byte(text)))
			return ast.WalkContinue, nil
		})
	}
}

// glyphMissing asks the PDF's fonts, DejaVu plus any configured fallbacks,
// which characters they cannot draw, so the gap is reported before an
// auditor finds a box in the pack.
func glyphMissing(p *Pass) {
	miss, err := fonts.MissingInModel(p.Model)
	if err != nil {
		p.Report(nil, document.Pos{}, "cannot load the PDF fonts to check characters: %v", err)
		return
	}
	for _, d := range p.Model.Docs {
		for _, g := range miss[d.Path] {
			times := ""
			if g.Count > 1 {
				times = fmt.Sprintf(" (%d times in this document)", g.Count)
			}
			p.Report(d, g.Pos, "%s cannot be drawn in the PDF%s: add a TrueType font that has it under fonts: in ismspack.yaml", g, times)
		}
	}
}

func suppressionNoReason(p *Pass) {
	for _, d := range p.Model.Docs {
		f, ok := d.Field(document.IgnoreKey)
		if !ok {
			continue
		}
		var rules []string
		for r := range d.Meta.Ignore {
			rules = append(rules, r)
		}
		sort.Strings(rules)
		for _, r := range rules {
			if d.Meta.Ignore[r] == "" {
				p.Report(d, f.KeyPos, "%s: %s is accepted without a reason: say why, e.g. {%s: \"agreed at management review 2026-03\"}", document.IgnoreKey, r, r)
			}
		}
	}
}

// suppressionUnknown catches a misspelt rule ID in ismspack-ignore, which
// otherwise accepts nothing while looking as if it did.
func suppressionUnknown(p *Pass) {
	known := map[string]bool{}
	for _, r := range Rules() {
		known[r.ID] = true
	}
	for _, d := range p.Model.Docs {
		f, ok := d.Field(document.IgnoreKey)
		if !ok {
			continue
		}
		for _, e := range f.Map {
			if !known[e.Key] {
				p.Report(d, e.KeyPos, "%s: no rule is called %q, so nothing is accepted: run `ismspack rules` for the rule IDs%s", document.IgnoreKey, e.Key, closest(e.Key, known))
			}
		}
	}
}

// closest suggests the known rule ID nearest to id by edit distance.
func closest(id string, known map[string]bool) string {
	best, bestD := "", 4
	for k := range known {
		if d := editDistance(id, k); d < bestD || (d == bestD && k < best) {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func coverageGap(p *Pass) {
	for _, c := range p.Model.Coverage {
		if len(c.Good) > 0 {
			continue
		}
		if len(c.Docs) == 0 {
			p.ReportRequirement(c.Item.ID, "%s %s: no document evidences it; add the requirement to an approved document's requirements", c.Item.ID, c.Item.Title)
			continue
		}
		var why []string
		for _, d := range c.Docs {
			why = append(why, fmt.Sprintf("%s (%s)", path.Base(d.Path), standing(p.Model, d)))
		}
		p.ReportRequirement(c.Item.ID, "%s %s: no document that evidences it is approved, in date and owned: %s", c.Item.ID, c.Item.Title, strings.Join(why, ", "))
	}
}

func standing(m *isms.Model, d *isms.Doc) string {
	var out []string
	if d.Meta.Status != "approved" {
		out = append(out, "status "+orNone(d.Meta.Status))
	}
	if d.Meta.Owner == "" {
		out = append(out, "no owner")
	}
	switch m.ReviewState(d) {
	case isms.Overdue:
		out = append(out, "review overdue")
	case isms.Unknown:
		out = append(out, "no review date")
	}
	return strings.Join(out, ", ")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

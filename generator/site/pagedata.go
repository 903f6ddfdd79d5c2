package site

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

const searchIndexPath = "search-index.js"

// site is one render: the model, the views computed from it once, and
// the lookups the body renderer needs. It is read-only once built, except
// for docInfo.text, which each document's job fills in its own slot.
type site struct {
	m    *isms.Model
	opt  Options
	info *Site

	docs   []*docInfo
	byPath map[string]*docInfo
	reqs   []*ReqRef
	reqBy  map[string]*ReqRef
	owners []*OwnerGroup

	assets    map[string]*asset // by repository path
	assetList []*asset

	findings []*FindingView
	// rows are the requirements' coverage rows by item ID, made once for
	// the dashboard, the set pages and the SoA; setPages and soa are those
	// pages' data.
	rows     map[string]*CoverageRow
	setPages []*SetPage
	soa      *SoAPage
	// tables are the tabular records' views, made once each.
	tables map[*isms.Table]*TableView
	// memos are the results kept between builds; modelReads counts the
	// calls of DocRef.Doc (see pagememo.go).
	memos      memos
	modelReads atomic.Int64
	// texts are the search texts kept between builds.
	texts searchTexts
	// keptAsked and keptHits count the pages looked up in the cache and
	// those found (see exec).
	keptAsked, keptHits atomic.Int64
	// types groups the register by document type, for the navigation
	// on document pages.
	types []typeGroup
	// links hashes what resolving a kept body's links reads (see
	// linkState).
	links linkState
}

// typeGroup is one document type and its documents in register order.
type typeGroup struct {
	typ  string
	docs []*DocRef
	// at is each document's index in docs.
	at map[*DocRef]int
}

type docInfo struct {
	d   *isms.Doc
	ref *DocRef
	// file is docs/<slug>.html; history is the page beside it holding
	// every revision, docs/<slug>.history.html, written when revs is not
	// empty. Beside, so that both pages lead to the root the same way.
	file, history string
	revs          []*RevisionRef
	findings      []*FindingView
	// text is the body as plain text for the search index.
	text string
}

type asset struct {
	file *source.File
	out  string
	url  string
}

func newSite(m *isms.Model, findings []check.Finding, o Options) *site {
	s := &site{m: m, opt: o, byPath: map[string]*docInfo{}, reqBy: map[string]*ReqRef{}, assets: map[string]*asset{}, memos: newMemos(o.Cache, m)}
	s.texts = newSearchTexts(s)
	snap := m.Snapshot
	s.info = &Site{Title: m.Config.Title, Organisation: m.Config.Organisation, Language: m.Config.Language, AsOf: m.AsOf, PDF: !o.NoPDF,
		Documents: len(m.Docs)}
	if snap != nil {
		s.info.Ref, s.info.Commit, s.info.Truncated = snap.Ref, snap.Commit, snap.Truncated
	}
	if s.info.PDF {
		s.info.Pack = "pack.pdf"
	}
	for _, c := range m.Coverage {
		r := &ReqRef{ID: c.Item.ID, Title: c.Item.Title, Slug: c.Item.Slug(), State: c.State()}
		r.URL = "req/" + escapePath(r.Slug) + ".html"
		s.reqs = append(s.reqs, r)
		s.reqBy[r.ID] = r
	}
	s.info.Requirements = s.reqs

	// Output names are the model's (isms.OutputNames): the site only
	// reads them, so its links, its files and the PDFs agree.
	files := map[string]bool{}
	for _, d := range m.Docs {
		di := &docInfo{d: d, file: d.Out.Page}
		files[di.file] = true
		di.ref = s.docRef(d, strings.TrimSuffix(strings.TrimPrefix(d.Out.Page, "docs/"), ".html"))
		s.docs = append(s.docs, di)
		s.byPath[d.Path] = di
	}
	for _, di := range s.docs {
		if len(di.d.History) == 0 {
			continue
		}
		di.history = di.d.Out.History
		files[di.history] = true
		di.revs = s.revisions(di)
	}
	s.collectAssets(files)
	s.ownerGroups()
	s.findingViews(findings)
	return s
}

// escapePath percent-escapes each segment of a slash-separated path, so
// a file named "a#b c.md" still links.
func escapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, x := range parts {
		parts[i] = url.PathEscape(x)
	}
	return strings.Join(parts, "/")
}

// rootOf returns the prefix leading from the page at file to the root.
func rootOf(file string) string { return strings.Repeat("../", strings.Count(file, "/")) }

func (s *site) docRef(d *isms.Doc, slug string) *DocRef {
	r := &DocRef{Path: d.Path, Slug: slug, URL: escapePath("docs/" + slug + ".html"),
		ID: d.Meta.ID, Title: d.Title, Type: d.Meta.Type, Owner: d.Meta.Owner, Version: d.Meta.Version,
		Classification: d.Meta.Classification, ApprovedBy: d.Meta.ApprovedBy, Status: string(d.Meta.Status),
		ApprovedOn: d.Meta.ApprovedOn, LastReviewed: d.Meta.LastReviewed, NextReview: d.NextReview,
		Review: string(s.m.ReviewState(d)), Good: s.m.InGoodStanding(d), VersionKey: versionKey(d.Meta.Version), doc: d, reads: &s.modelReads}
	if !d.Interval.IsZero() {
		r.Interval = d.Interval.String()
	}
	if s.info.PDF {
		r.PDF = escapePath(d.Out.PDF)
	}
	if a := d.Approval(); a != nil {
		r.Approval = approvalView(a, escapePath(d.Out.History)+"#r-"+a.Commit.Short())
	}
	return r
}

// approvalView is an approval as the site shows it; url leads to its
// revision.
func approvalView(a *isms.Approval, url string) *ApprovalView {
	v := &ApprovalView{Version: a.Version, Person: a.Person(), Registered: true, Claimed: a.ClaimedBy,
		Hash: a.Commit.Hash, Short: a.Commit.Short(), When: a.Commit.When,
		Signed: a.Signature.Label(), State: string(a.Signature.State), URL: url}
	if v.Person == "" {
		v.Person, v.Registered = a.Commit.Author, false
	}
	return v
}

// versionKey pads MAJOR.MINOR so that text order is numeric order.
func versionKey(v string) string {
	major, minor, ok := document.ParseVersion(v)
	if !ok {
		return v
	}
	return fmt.Sprintf("%06d.%06d", major, minor)
}

// revisions lists a document's history with a section id per commit on
// its history page: r- and the short hash, lengthened in the unlikely case
// two share a prefix.
func (s *site) revisions(di *docInfo) []*RevisionRef {
	n := 7
	for {
		seen := map[string]bool{}
		clash := false
		for _, r := range di.d.History {
			h := r.Commit.Hash
			if len(h) > n {
				h = h[:n]
			}
			if seen[h] {
				clash = true
				break
			}
			seen[h] = true
		}
		if !clash || n >= 40 {
			break
		}
		n += 5
	}
	page := escapePath(di.history)
	out := make([]*RevisionRef, len(di.d.History))
	for i, r := range di.d.History {
		c := r.Commit
		short := c.Hash
		if len(short) > n {
			short = short[:n]
		}
		out[i] = &RevisionRef{Hash: c.Hash, Short: short, Author: c.Author, Email: c.Email, Subject: c.Subject,
			When: c.When, Date: formatDate(c.When), DateTime: formatDateTime(c.When), Action: string(r.Action), From: r.From, Path: r.Path, Version: r.Version,
			BodyChanged: r.BodyChanged, Latest: i == 0, Anchor: "r-" + short}
		out[i].URL = page + "#" + out[i].Anchor
		if r.Approval != nil {
			out[i].Approval = approvalView(r.Approval, out[i].URL)
		}
	}
	return out
}

// collectAssets picks the files documents link to or embed and places
// them under docs/ with their layout under the content directory, so a
// relative link written in Markdown keeps pointing the same way.
func (s *site) collectAssets(pages map[string]bool) {
	content := ""
	if s.m.Snapshot != nil {
		content = s.m.Snapshot.Content
	}
	add := func(f *source.File) {
		if s.assets[f.Path] != nil {
			return
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(f.Path, content), "/")
		if content == "" || content == "." {
			rel = f.Path
		}
		out := "docs/" + rel
		if pages[out] || strings.HasSuffix(out, ".html") {
			out = "files/" + rel // would overwrite a page
		}
		a := &asset{file: f, out: out, url: escapePath(out)}
		s.assets[f.Path] = a
		s.assetList = append(s.assetList, a)
	}
	for _, d := range s.m.Docs {
		for _, l := range d.Links {
			if l.Kind == isms.ToAsset {
				add(l.Asset)
			}
		}
	}
	for _, t := range s.m.Tables { // a table's file is published whole beside the rows shown
		if f := s.m.Assets[t.Path]; t.Doc == nil && f != nil && f.Data != nil {
			add(f)
		}
	}
	sort.Slice(s.assetList, func(i, j int) bool { return s.assetList[i].out < s.assetList[j].out })
}

func (s *site) ownerGroups() {
	by := map[string]*OwnerGroup{}
	for _, di := range s.docs {
		name := di.d.Meta.Owner
		g := by[name]
		if g == nil {
			g = &OwnerGroup{Name: name}
			by[name] = g
			s.owners = append(s.owners, g)
		}
		g.Docs = append(g.Docs, di.ref)
		switch isms.ReviewState(di.ref.Review) {
		case isms.Overdue:
			g.Overdue++
		case isms.DueSoon:
			g.DueSoon++
		}
	}
	sort.Slice(s.owners, func(i, j int) bool {
		a, b := s.owners[i].Name, s.owners[j].Name
		if (a == "") != (b == "") {
			return b == "" // no owner last
		}
		return strings.ToLower(a) < strings.ToLower(b) || (strings.EqualFold(a, b) && a < b)
	})
	used := map[string]bool{}
	for _, g := range s.owners {
		base := "owner-" + anchorSlug(g.Name)
		if g.Name == "" {
			base = "no-owner"
		}
		id := base
		for n := 2; used[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		used[id] = true
		g.Anchor = id
		for _, r := range g.Docs {
			r.OwnerURL = "owners.html#" + id
		}
		sort.SliceStable(g.Docs, func(i, j int) bool { return docLess(g.Docs[i], g.Docs[j]) })
	}
}

// anchorSlug makes an id-safe fragment from a name.
func anchorSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		out = "x"
	}
	return out
}

// docLess orders documents by id, those without an id last, then path.
func docLess(a, b *DocRef) bool {
	if (a.ID == "") != (b.ID == "") {
		return b.ID == ""
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Path < b.Path
}

func (s *site) findingViews(fs []check.Finding) {
	secs := map[*docInfo]*sections{}
	for _, f := range fs {
		v := &FindingView{Finding: f, Location: f.Location()}
		if it, ok := s.m.Framework.Item(f.Requirement); ok && f.Requirement != "" {
			// A finding about a requirement lives on the requirement's page,
			// wherever the command line files it.
			v.Location, v.Href = it.ID, "req/"+it.Slug()+".html"
		} else if di := s.byPath[f.Path]; di != nil {
			v.Doc = di.ref
			di.findings = append(di.findings, v)
			v.Anchor = "Finding-" + strconv.Itoa(len(di.findings))
			sec := secs[di]
			if sec == nil {
				sec = newSections(di.d)
				secs[di] = sec
			}
			v.Href = di.ref.URL + "#" + sec.of(f.Line, v.Anchor)
		}
		s.findings = append(s.findings, v)
	}
}

// sectionOf names the anchor on a document page nearest to a line of the
// file: the control block for the front matter, else the heading the line
// falls under, else the body.
func sectionOf(d *isms.Doc, line int, fallback string) string {
	if line <= 0 {
		return fallback
	}
	if d.Lines != nil && line < d.Lines.Pos(d.BodyOffset).Line {
		return "Control"
	}
	id := "Body"
	for _, h := range d.Headings {
		if h.Pos.Line > line {
			break
		}
		if h.ID != "" {
			id = h.ID
		}
	}
	return id
}

// sections is sectionOf for the lines of one document, a binary search
// of its headings: a document of n headings and n findings cost n²
// looking at every heading before each finding's line.
type sections struct {
	d *isms.Doc
	// body is the line the body starts on, when d.Lines is set.
	body int
	// lines and ids are the headings with an id, in order.
	lines []int
	ids   []string
	// sorted: the headings are in line order, as a parsed document's
	// are. Else of looks at them as sectionOf does.
	sorted bool
}

func newSections(d *isms.Doc) *sections {
	s := &sections{d: d, sorted: true}
	if d.Lines != nil {
		s.body = d.Lines.Pos(d.BodyOffset).Line
	}
	for i, h := range d.Headings {
		if i > 0 && h.Pos.Line < d.Headings[i-1].Pos.Line {
			s.sorted = false
			return s
		}
		if h.ID != "" {
			s.lines = append(s.lines, h.Pos.Line)
			s.ids = append(s.ids, h.ID)
		}
	}
	return s
}

// of is sectionOf(s.d, line, fallback).
func (s *sections) of(line int, fallback string) string {
	switch {
	case !s.sorted:
		return sectionOf(s.d, line, fallback)
	case line <= 0:
		return fallback
	case s.d.Lines != nil && line < s.body:
		return "Control"
	}
	// The headings at or before line are the first i.
	if i := sort.SearchInts(s.lines, line+1); i > 0 {
		return s.ids[i-1]
	}
	return "Body"
}

func (s *site) counts() Counts {
	var c Counts
	for _, f := range s.findings {
		switch {
		case f.Suppressed:
			c.Accepted++
		case f.Severity == check.Error:
			c.Error++
		case f.Severity == check.Warning:
			c.Warning++
		default:
			c.Info++
		}
	}
	return c
}

// page starts a page at file with the shared site data.
func (s *site) page(kind, file, title string) *Page {
	return &Page{Site: s.info, Kind: kind, Title: title, Root: rootOf(file), Path: escapePath(file), file: file}
}

// jobs lists every page to render, in a fixed order.
func (s *site) jobs(th *theme) []job {
	s.info.Counts = s.counts()
	var jobs []job
	simple := func(p *Page) job { return func(w *worker) error { return w.exec(p.Kind, p) } }

	p := s.page(KindIndex, "index.html", s.info.Title)
	p.Dashboard = s.dashboard()
	jobs = append(jobs, simple(p))

	p = s.page(KindRegister, "register.html", "Document register")
	p.Register = s.register()
	s.types = groupByType(p.Register)
	jobs = append(jobs, s.registerJobs(th, p, simple)...)

	p = s.page(KindOwners, "owners.html", "Owners")
	p.Owners = s.owners
	jobs = append(jobs, simple(p))

	p = s.page(KindFindings, "findings.html", "Findings")
	p.Findings = s.findingsPage()
	jobs = append(jobs, simple(p))

	p = s.page(KindChanges, "changes.html", "Changes")
	p.Changes = s.changes()
	jobs = append(jobs, simple(p))

	jobs = append(jobs, simple(s.page(KindSearch, "search.html", "Search")))

	for _, sp := range s.setPages {
		p := s.page(KindSet, sp.URL, sp.Title) // setSlug leaves nothing to escape
		p.Set = sp
		jobs = append(jobs, simple(p))
	}
	if s.soa != nil {
		p := s.page(KindSoA, "soa.html", "Statement of Applicability")
		p.SoA = s.soa
		jobs = append(jobs, simple(p))
	}

	for i, c := range s.m.Coverage {
		r := s.reqs[i]
		p := s.page(KindRequirement, "req/"+r.Slug+".html", r.ID+" "+r.Title)
		p.Requirement = s.requirement(c, r)
		jobs = append(jobs, simple(p))
	}
	// The pages above go first: each lists every document, finding or
	// commit, so they are the site's longest jobs in a build after a small
	// commit, when the cache gives almost every other page; queued last,
	// one worker made them alone after the others had finished. Then the
	// history pages, longest first, so that a document with a long history
	// does not start last and keep one worker busy alone in a build
	// without the cache.
	hist := make([]*docInfo, 0, len(s.docs))
	for _, di := range s.docs {
		if len(di.revs) > 0 {
			hist = append(hist, di)
		}
	}
	sort.SliceStable(hist, func(i, j int) bool { return len(hist[i].revs) > len(hist[j].revs) })
	docs := make([]job, 0, 2*len(s.docs))
	for _, di := range hist {
		docs = append(docs, func(w *worker) error { return w.historyPage(di) })
	}
	for _, di := range s.docs {
		docs = append(docs, func(w *worker) error { return w.docPage(di) })
	}
	return append(jobs, docs...)
}

func (s *site) register() []*DocRef {
	refs := make(map[*isms.Doc]*DocRef, len(s.docs))
	for _, di := range s.docs {
		refs[di.d] = di.ref
	}
	out := make([]*DocRef, 0, len(s.docs))
	for _, d := range s.m.Register() {
		out = append(out, refs[d])
	}
	return out
}

// groupByType splits the register by document type, types in name order
// (documents without one last), each keeping the register's order.
func groupByType(reg []*DocRef) []typeGroup {
	at := map[string]int{}
	var out []typeGroup
	for _, r := range reg {
		i, ok := at[r.Type]
		if !ok {
			i = len(out)
			at[r.Type] = i
			out = append(out, typeGroup{typ: r.Type})
		}
		out[i].docs = append(out[i].docs, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].typ == "") != (out[j].typ == "") {
			return out[j].typ == ""
		}
		return out[i].typ < out[j].typ
	})
	for i := range out {
		out[i].at = make(map[*DocRef]int, len(out[i].docs))
		for j, d := range out[i].docs {
			out[i].at[d] = j
		}
	}
	return out
}

// navWindow bounds how many documents of one type a document page lists,
// so that every page stays small with thousands of documents: a longer
// type shows the documents around the current one and says how many more
// the register has.
const navWindow = 40

// navAll is how many documents an ISMS may have for every document page
// to list all of them by type. A larger one lists only the current
// document's type, windowed; the other types show their counts and point
// at the register. Listing every type on every page made the pages of a
// 1,000-document ISMS grow by hundreds of links each and the site build
// a third slower.
const navAll = 2 * navWindow

// nav is the navigation of a document page: every type, its documents
// (at most navWindow of them, and only the current type's in a large
// ISMS), the current one marked.
func (s *site) nav(cur *DocRef) []*NavGroup {
	out := make([]*NavGroup, len(s.types))
	total := 0
	for _, g := range s.types {
		total += len(g.docs)
	}
	listAll := total <= navAll
	for i, g := range s.types {
		ng := &NavGroup{Type: g.typ, Count: len(g.docs), Current: g.typ == cur.Type}
		out[i] = ng
		if !ng.Current && !listAll {
			ng.After = len(g.docs)
			continue
		}
		lo := 0
		if ng.Current {
			if at := g.at[cur]; at > navWindow/2 {
				lo = at - navWindow/2
			}
		}
		hi := min(lo+navWindow, len(g.docs))
		lo = max(0, hi-navWindow)
		for _, d := range g.docs[lo:hi] {
			ng.Docs = append(ng.Docs, NavDoc{DocRef: d, Current: d == cur})
		}
		ng.Before, ng.After = lo, len(g.docs)-hi
	}
	return out
}

const dashboardDocs = 8

func (s *site) dashboard() *Dashboard {
	db := &Dashboard{Counts: s.info.Counts}
	var first map[string]bool // the first set's items: its matrix is shown in full
	if sets := s.m.Framework.Sets; len(sets) > 0 {
		db.SetTitle, db.SetNote = sets[0].Title, sets[0].Note
		first = map[string]bool{}
		for _, it := range sets[0].Items {
			first[it.ID] = true
		}
	}
	s.rows = map[string]*CoverageRow{}
	for i, c := range s.m.Coverage {
		row := &CoverageRow{ReqRef: s.reqs[i], Total: len(c.Docs), Good: len(c.Good)}
		refs := s.refs(c.Docs)
		sort.SliceStable(refs, func(i, j int) bool {
			if refs[i].Good != refs[j].Good {
				return refs[i].Good
			}
			return docLess(refs[i], refs[j])
		})
		if len(refs) > dashboardDocs {
			row.More = len(refs) - dashboardDocs
			refs = refs[:dashboardDocs]
		}
		row.Docs = refs
		s.rows[c.Item.ID] = row
		if first[c.Item.ID] && s.m.Framework.SetOf(c.Item.ID) == s.m.Framework.Sets[0] {
			db.Coverage = append(db.Coverage, row)
		}
	}
	db.Sets, s.setPages = s.sets(s.rows)
	if len(db.Sets) < 2 {
		db.Sets = nil // the matrix above is the only set
	}
	if s.soa = s.soaPage(db.Sets); s.soa != nil {
		db.SoA = "soa.html"
	}
	statuses := map[string]int{}
	for _, di := range s.docs {
		statuses[string(di.d.Meta.Status)]++
	}
	for _, st := range []document.Status{document.Approved, document.InReview, document.Draft, document.Retired} {
		db.Statuses = append(db.Statuses, StatusCount{string(st), statuses[string(st)]})
		delete(statuses, string(st))
	}
	var other []string
	for st := range statuses {
		other = append(other, st)
	}
	sort.Strings(other)
	for _, st := range other {
		db.Statuses = append(db.Statuses, StatusCount{st, statuses[st]})
	}
	db.Windows = []DueWindow{{Days: 30}, {Days: 60}, {Days: 90}}
	for _, di := range s.docs {
		if di.ref.NextReview.IsZero() || di.d.Meta.Status == document.Retired {
			continue
		}
		days := daysBetween(s.m.AsOf, di.ref.NextReview)
		if days < 0 {
			db.Overdue++
		}
		if days > 90 {
			continue
		}
		for k := range db.Windows {
			if days >= 0 && days <= db.Windows[k].Days {
				db.Windows[k].Count++
			}
		}
		db.Due = append(db.Due, &DueDoc{DocRef: di.ref, Days: days})
	}
	sort.SliceStable(db.Due, func(i, j int) bool {
		a, b := db.Due[i], db.Due[j]
		if !a.NextReview.Equal(b.NextReview) {
			return a.NextReview.Before(b.NextReview)
		}
		return docLess(a.DocRef, b.DocRef)
	})
	return db
}

// daysBetween counts calendar days from a to b.
func daysBetween(a, b time.Time) int {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	da := time.Date(ay, am, ad, 0, 0, 0, 0, time.UTC)
	dbb := time.Date(by, bm, bd, 0, 0, 0, 0, time.UTC)
	return int(dbb.Sub(da).Hours() / 24)
}

func (s *site) refs(ds []*isms.Doc) []*DocRef {
	out := make([]*DocRef, 0, len(ds))
	for _, d := range ds {
		if di := s.byPath[d.Path]; di != nil {
			out = append(out, di.ref)
		}
	}
	return out
}

func (s *site) requirement(c *isms.Coverage, r *ReqRef) *RequirementPage {
	it := c.Item
	p := &RequirementPage{ReqRef: r, Statement: it.Statement, Evidence: framework.Texts(it.Evidence), Audit: it.Audit, Good: len(c.Good)}
	for _, v := range s.findings {
		if v.Requirement == it.ID {
			p.Findings = append(p.Findings, v)
		}
	}
	if set := s.m.Framework.SetOf(it.ID); set != nil {
		p.SetTitle, p.SetNote = set.Title, set.Note
	}
	for _, ref := range s.refs(c.Docs) {
		p.Docs = append(p.Docs, &ReqDoc{DocRef: ref, Problems: s.m.Shortfalls(ref.doc)})
	}
	sort.SliceStable(p.Docs, func(i, j int) bool {
		if p.Docs[i].Good != p.Docs[j].Good {
			return p.Docs[i].Good
		}
		return docLess(p.Docs[i].DocRef, p.Docs[j].DocRef)
	})
	switch {
	case len(c.Docs) == 0:
		p.Missing = append(p.Missing, fmt.Sprintf("No document lists %s. Add \"%s\" to the requirements of the document that evidences it, or write one.", it.ID, it.ID))
	case len(c.Good) == 0:
		p.Missing = append(p.Missing, fmt.Sprintf("No document listing %s is approved, owned and in date, so an auditor has no accepted evidence for it. Fix the problems listed against the documents below.", it.ID))
	}
	for _, e := range c.Expected {
		v := &ExpectedView{Key: e.Key, Text: e.Text, State: string(e.State), Docs: s.refs(e.Docs), Why: e.Why}
		for _, t := range e.Tables {
			v.Tables = append(v.Tables, t.Title())
		}
		p.Expected = append(p.Expected, v)
		switch e.State {
		case isms.Missing:
			p.Missing = append(p.Missing, fmt.Sprintf("Expected evidence missing: %s. Add evidence: [%s] to the document or record that is it, or write one.", e.Text, e.Key))
		case isms.Stale:
			p.Missing = append(p.Missing, fmt.Sprintf("Expected evidence stale: %s (%s).", e.Text, strings.Join(e.Why, "; ")))
		}
	}
	for _, t := range c.Tables {
		p.Tables = append(p.Tables, s.table(t))
	}
	return p
}

// MaxRows bounds the rows of a table one page shows; the file is
// published whole beside the site.
const MaxRows = 500

// table is a tabular record's view, made once per table however many
// requirement pages show it.
func (s *site) table(t *isms.Table) *TableView {
	if v, ok := s.tables[t]; ok {
		return v
	}
	v := &TableView{Name: t.Name, Title: t.Title(), File: t.Path, Count: t.CountText(), Header: t.Header, HasDue: t.Spec.Due != "", Overdue: len(t.Overdue)}
	if t.Doc != nil {
		if di := s.byPath[t.Doc.Path]; di != nil {
			v.URL = di.ref.URL
		}
	} else if a := s.assets[t.Path]; a != nil {
		v.URL = a.url
	}
	overdue := map[int]bool{}
	for _, i := range t.Overdue {
		overdue[i] = true
	}
	for i, r := range t.Rows {
		if i == MaxRows {
			v.More = len(t.Rows) - MaxRows
			break
		}
		v.Rows = append(v.Rows, &TableRowView{Line: r.Line, Cells: r.Cells, Overdue: overdue[i]})
	}
	for _, pr := range t.Problems {
		where := pr.Path
		if pr.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", pr.Path, pr.Line, pr.Col)
		}
		if where == "" {
			v.Problems = append(v.Problems, pr.Message)
			continue
		}
		v.Problems = append(v.Problems, where+": "+pr.Message)
	}
	if s.tables == nil {
		s.tables = map[*isms.Table]*TableView{}
	}
	s.tables[t] = v
	return v
}

func (s *site) findingsPage() *FindingsPage {
	p := &FindingsPage{All: s.findings, Counts: s.info.Counts}
	by := map[string]*RuleCount{}
	for _, f := range s.findings {
		if f.Suppressed {
			continue
		}
		rc := by[f.Rule]
		if rc == nil {
			rc = &RuleCount{Rule: f.Rule, Severity: f.Severity.String()}
			by[f.Rule] = rc
		}
		rc.Count++
	}
	for _, rc := range by {
		p.Rules = append(p.Rules, *rc)
	}
	sort.Slice(p.Rules, func(i, j int) bool {
		if p.Rules[i].Count != p.Rules[j].Count {
			return p.Rules[i].Count > p.Rules[j].Count
		}
		return p.Rules[i].Rule < p.Rules[j].Rule
	})
	return p
}

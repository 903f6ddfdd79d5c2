// Package isms loads the model every later stage reads: the parsed
// documents with their git history, backlinks, review dates and the
// coverage of each requirement. It is built once and not changed after.
package isms

import (
	"bytes"
	"crypto/sha256"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/source"
)

// Model is a loaded ISMS at one commit.
type Model struct {
	Config   config.Config
	Snapshot *source.Snapshot
	// AsOf is the date reviews are judged against.
	AsOf time.Time
	// Docs are sorted by path.
	Docs []*Doc
	// Assets are the other files under the content directory (images), by path.
	Assets map[string]*source.File
	// Skipped are the files that look like documents but that the include
	// patterns do not read, grouped by extension: never left out silently.
	Skipped   []source.Skipped
	Framework *framework.Index
	// Unused indexes the built-in sets not in use, so a message about an
	// id no set in use has can name the built-in set that has it.
	Unused   *framework.Index
	Coverage []*Coverage
	// MapMatches counts, per entry of Config.Map, the documents it matched.
	MapMatches []int
	// Cadences are the record types that recur, sorted by type; Tables
	// the tabular records, sorted by key (records.go, tables.go).
	Cadences []*Cadence
	Tables   []*Table
	// SoA is the Statement of Applicability (soa.go); nil when soa: is
	// not set.
	SoA *SoA
	// Base is the earlier ref the changes page compares with; nil when
	// none was asked for.
	Base *Base
	// Changes are the documents changed, added and removed since Base;
	// nil without one.
	Changes *Since
	// Inputs are the theme and fonts, already read.
	Inputs Inputs

	byPath map[string]*Doc
	// pictures are the headers of the assets documents show as images.
	pictures map[string]*Picture
	links    *linkIndex
	roots    []config.Root
}

// Base is the state of the documents at an earlier ref.
type Base struct {
	Ref    string
	Commit *source.Commit
	// Docs are sorted by path.
	Docs []BaseDoc
}

// BaseDoc is a document as the earlier ref had it.
type BaseDoc struct {
	Path, Blob, ID, Title, Version string
}

// Doc is a document with what the repository knows about it.
type Doc struct {
	*document.Document
	// Slug is the document's path under the content directory without
	// its extension, as written; Out holds the output names made from it.
	Slug string
	// Out are the document's page, history page and PDF in the output.
	Out OutputNames
	// History is newest first.
	History []*Revision
	// Truncated is set when the history does not reach the commit that
	// added the document (a shallow clone).
	Truncated bool
	// Declared is the document's declared revision history (its revision
	// tables, comply's majorRevisions), each row with the commit that
	// added it; in the order written.
	Declared []DeclaredRevision
	// Requirements are the normalised requirement IDs the document lists.
	Requirements []string
	// Mapped are those of Requirements that config's map: gave (mapping.go).
	Mapped []Mapped
	// References are requirements of other frameworks the document says
	// it meets (references.go): kept and shown, not judged.
	References []Reference
	Interval   config.Duration
	// IntervalErr explains a review_interval that could not be read.
	IntervalErr error
	// NextReview is LastReviewed plus Interval; zero without a review date.
	NextReview time.Time
	// Record is set when the document's type is a record (config types:);
	// records are not reviewed on an interval. RecordDate is the day the
	// record is of: its date field, else the day of the commit that
	// added it, as RecordDatedBy says ("date" or "commit").
	Record        bool
	RecordDate    time.Time
	RecordDatedBy string
	Backlinks     []*Doc
	// MissingGlyphs are the characters of the document that no font in
	// Inputs.Fonts draws, each once, in order of first appearance: the
	// glyph-missing rule reports them and the PDF draws fonts.Replacement
	// for them.
	MissingGlyphs []fonts.Glyph
	// Links are the document's links and images, each resolved against
	// the model when it was loaded: the one judgement of where a link
	// leads that the rules, the site and the PDF all read. (The parsed
	// links, as written, are Document.Links.)
	Links []*Link
	// byNode finds the links by their AST node; made on first use, since
	// a document read from the cache parses its AST only when asked.
	byNodeOnce sync.Once
	byNode     map[ast.Node]*Link
	// Approvals are the commits that approved each version, newest first,
	// one per version (the newest event for it): see Approval.
	Approvals []*Approval
	// byOffset finds the links of raw HTML by their tag's body offset.
	byOffset map[int]*Link
}

// Revision is the document as one commit left it.
type Revision struct {
	Commit *source.Commit
	Action source.Action
	Path   string
	From   string
	Blob   string
	// Version, ID, Title and Status are the front matter's at that commit,
	// as written (status lower-cased): what the history shows per version.
	Version, ID, Title, Status string
	// BodyChanged reports that the body differs from the previous revision;
	// a commit that only edits front matter (a new owner, a review date)
	// leaves it false.
	BodyChanged bool
	// src is the document as that commit left it, or nil until Source
	// reads it by the blob id when the load left it in the repository
	// (read is then set); bodyOff is where its Markdown after the front
	// matter starts, -1 when it has none. sum is the SHA-256 of that
	// Markdown without its surrounding space, set when the revision's
	// facts came from the cache.
	src     []byte
	bodyOff int
	sum     *[sha256.Size]byte
	read    func(blob string) []byte
	srcOnce sync.Once
	// hasText is what HasText reports, known when the revision is made.
	hasText bool
	// For a document with a declared revision history: NewRows are the
	// rows this revision holds that the one before did not (all of them
	// for the oldest), and Latest its newest row (HasDeclared says there
	// is one).
	NewRows     []document.RevisionRow
	Latest      document.RevisionRow
	HasDeclared bool
	// declared is what reconcile needs of the revision's bytes, when the
	// cache had it: a load after a new commit reads no old revision of a
	// document with a declared history.
	declared *declaredFacts
	// ApprovedBy and ApprovedOn are the front matter's at that commit, as
	// written.
	ApprovedBy, ApprovedOn string
	// Approval is set when this commit approved its version: it set
	// status: approved or moved approved_on.
	Approval *Approval

	aliases  map[string][]string
	metaOnce sync.Once
	meta     document.Meta
	// prev is the revision before, nil for the oldest; see Redline.
	prev *Revision
}

// Meta returns the front matter at that commit. It is parsed on first use:
// the checks need only versions, which the load reads on a fast path.
func (r *Revision) Meta() document.Meta {
	r.metaOnce.Do(func() {
		src, _ := r.Source()
		r.meta = document.Parse(r.Path, src, document.Options{Aliases: r.aliases, MetaOnly: true}).Meta
	})
	return r.meta
}

// Source returns the document as that commit left it and its Markdown
// after the front matter; both are nil when the file could not be read
// (it was over source.MaxFileSize). A check that found what it needs of
// a revision in the cache leaves its bytes in the repository, and they
// are read here on first use.
func (r *Revision) Source() (src, body []byte) {
	r.srcOnce.Do(func() {
		if r.src == nil && r.read != nil {
			r.src = r.read(r.Blob)
		}
		r.read = nil
	})
	if r.src == nil || r.bodyOff < 0 || r.bodyOff > len(r.src) {
		return r.src, nil
	}
	return r.src, r.src[r.bodyOff:]
}

// HasText reports whether Source returns the revision's text, without
// reading it: a page kept in the cache asks only this of revisions whose
// bytes stay in the repository.
func (r *Revision) HasText() bool { return r.hasText }

// Comparable reports whether Compared (and Redline) find both texts,
// without reading them.
func (r *Revision) Comparable() bool {
	return r.prev != nil && r.hasText && r.prev.hasText
}

// sameBody reports whether r and o have the same Markdown after the
// front matter, surrounding space aside.
func (r *Revision) sameBody(o *Revision) bool {
	if r.src != nil && o.src != nil {
		_, a := r.Source()
		_, b := o.Source()
		return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
	}
	return r.bodySum() == o.bodySum()
}

// bodySum is the SHA-256 of r's Markdown after the front matter without
// its surrounding space.
func (r *Revision) bodySum() [sha256.Size]byte {
	if r.sum == nil {
		_, body := r.Source()
		sum := sha256.Sum256(bytes.TrimSpace(body))
		r.sum = &sum
	}
	return *r.sum
}

// Load builds the model from a snapshot, with the default theme and the
// built-in fonts only (Open reads those the configuration names).
func Load(snap *source.Snapshot, cfg config.Config, sets []*framework.Set, asOf time.Time) (*Model, error) {
	faces, err := fonts.DejaVu()
	if err != nil {
		return nil, err
	}
	return load(snap, cfg, sets, asOf, Inputs{Fonts: faces}, nil, nil)
}

// revisions is where a load finds what the walk did not read of old
// revisions: their facts, from the cache, and their bytes, from the
// repository, one by one (one) or many at once in the order the pack
// holds them (many).
type revisions struct {
	facts *revCache
	one   func(blob string) []byte
	many  func(ids []string) (map[string][]byte, error)
}

// load makes the model of snap. tip, when not nil, holds the documents at
// the ref already parsed, with the options documentOptions gives for cfg.
// revs, when not nil, has what the walk left out of snap's history.
func load(snap *source.Snapshot, cfg config.Config, sets []*framework.Set, asOf time.Time, in Inputs, tip *early, revs *revisions) (*Model, error) {
	if revs == nil {
		revs = &revisions{}
	}
	opt := documentOptions(cfg)
	cfg.FillDefaults() // the one place defaults come from; renderers read them here
	m := &Model{Config: cfg, Snapshot: snap, AsOf: asOf, Assets: map[string]*source.File{},
		Framework: framework.NewIndex(sets), Unused: unusedSets(sets), Inputs: in, byPath: map[string]*Doc{}}
	sel := snap.Select
	if sel == nil { // a snapshot built by hand: Markdown, as by default
		sel = source.Markdown(snap.Content)
	}
	var files []*source.File
	for i := range snap.Files {
		f := &snap.Files[i]
		if sel.IsDocument(f.Path) && (f.Data != nil || f.Kept) { // a kept file's document is tip's
			files = append(files, f)
		} else {
			m.Assets[f.Path] = f
		}
	}
	m.Skipped = sel.Skip(snap.Files)
	m.Docs = make([]*Doc, len(files))
	tip.wait()
	parallel.Each(len(files), 0, func(i int) { // parsing dominates loading
		f := files[i]
		d := &Doc{Document: tip.parsed(f)}
		if d.Document == nil {
			d.Document = document.Parse(f.Path, f.Data, opt)
		}
		d.Blob = f.Blob
		d.Slug = document.Stem(strings.TrimPrefix(strings.TrimPrefix(f.Path, snap.Content), "/"))
		d.History, d.Truncated = history(snap, f.Path, opt, revs.facts, revs.one, f.Blob, d.Src)
		d.MissingGlyphs = fonts.Missing(d.Document, in.Fonts)
		d.References = readReferences(d)
		m.Docs[i] = d
	})
	// A declared revision history is reconciled with the text of every
	// revision: those the walk left in the repository are read first, all
	// at once.
	var declared []*Doc
	var unread []string
	for _, d := range m.Docs {
		if len(d.RevisionRows) == 0 {
			continue
		}
		declared = append(declared, d)
		for _, r := range d.History {
			if r.src == nil && r.read != nil && r.declared == nil {
				unread = append(unread, r.Blob)
			}
		}
	}
	if len(unread) > 0 && revs.many != nil {
		data, err := revs.many(unread)
		if err != nil {
			return nil, err
		}
		for _, d := range declared {
			for _, r := range d.History {
				if r.src == nil && r.read != nil && r.declared == nil {
					r.src = data[r.Blob]
				}
			}
		}
	}
	parallel.Each(len(declared), 0, func(i int) { reconcile(declared[i], opt, revs.facts) })
	for _, d := range m.Docs {
		m.byPath[d.Path] = d
		m.schedule(d)
		for _, r := range d.Meta.Requirements {
			d.Requirements = append(d.Requirements, m.RequirementID(r))
		}
		m.resolveReferences(d)
	}
	m.mapRequirements()
	m.nameOutputs()
	m.resolveLinks()
	m.link()
	m.probePictures()
	m.approve()
	m.records()
	m.tables()
	m.cover()
	m.soa()
	return m, nil
}

// RequirementID is the ID of the item a requirement written as r names
// in the sets in use: "5.1a" is 5.1(a), and "8.13" is A.8.13 when Annex A
// is in use and no set has an item 8.13. An unknown r comes back
// normalised only. Documents' and map:'s requirements both pass here.
func (m *Model) RequirementID(r string) string {
	return m.Framework.Canonical(framework.Normalize(r))
}

// history makes the revisions of the document at path p. A revision
// whose facts known holds takes them from there (a blob id names its
// bytes), and its bytes, when the walk left them in the repository (see
// source.Repo.Need), from read when asked for; any other is parsed, and
// known learns its facts. A revision whose blob is tip's, the file at the
// ref, holds tipSrc, its bytes, whether the walk read them or not.
func history(snap *source.Snapshot, p string, opt document.Options, known *revCache, read func(string) []byte, tip string, tipSrc []byte) ([]*Revision, bool) {
	changes := snap.History[p]
	revs := make([]*Revision, len(changes))
	all := make([]Revision, len(changes)) // one allocation for the document's revisions
	s := shardOf(p)
	for i, ch := range changes {
		data := ch.Data
		if data == nil && ch.Blob == tip {
			data = tipSrc
		}
		if ch.Path != p {
			s = shardOf(ch.Path) // a revision from before a rename
		}
		f, ok := known.get(s, ch.Path, ch.Blob)
		if !ok {
			var body []byte
			f, body = parseFacts(ch.Path, data, opt)
			known.learn(ch.Path, ch.Blob, &f, body)
		}
		rev := &all[i]
		*rev = Revision{Commit: ch.Commit, Action: ch.Action, Path: ch.Path, From: ch.From, Blob: ch.Blob,
			Version: f.Version, ID: f.ID, Title: f.Title, Status: f.Status,
			ApprovedBy: f.ApprovedBy, ApprovedOn: f.ApprovedOn,
			src: data, bodyOff: f.BodyOff, aliases: opt.Aliases, hasText: data != nil}
		if ok {
			rev.sum, rev.declared = &f.BodySum, f.Declared
			if data == nil && read != nil {
				rev.read, rev.hasText = read, !f.NoText
			}
		}
		revs[i] = rev
	}
	for i := range revs {
		revs[i].BodyChanged = i == len(revs)-1 || !revs[i].sameBody(revs[i+1])
		if i+1 < len(revs) {
			revs[i].prev = revs[i+1]
		}
	}
	truncated := len(changes) == 0 || changes[len(changes)-1].Boundary
	return revs, truncated
}

func (m *Model) schedule(d *Doc) {
	if d.Record = m.Config.IsRecord(d.Meta.Type); d.Record {
		return // a record is of an event, not reviewed on an interval
	}
	d.Interval = m.Config.IntervalFor(d.Meta.Type)
	if d.Meta.ReviewInterval != "" {
		if iv, err := config.ParseDuration(d.Meta.ReviewInterval); err != nil {
			d.IntervalErr = err
		} else {
			d.Interval = iv
		}
	}
	if !d.Meta.LastReviewed.IsZero() {
		d.NextReview = d.Interval.AddTo(d.Meta.LastReviewed.Time)
	}
}

func (m *Model) link() {
	for _, d := range m.Docs {
		seen := map[*Doc]bool{}
		for _, l := range d.Links {
			if !l.OK() || l.Local {
				continue
			}
			if t := l.Doc; t != nil && t != d && !seen[t] {
				seen[t] = true
				t.Backlinks = append(t.Backlinks, d)
			}
		}
	}
	for _, d := range m.Docs {
		sort.Slice(d.Backlinks, func(i, j int) bool { return d.Backlinks[i].Path < d.Backlinks[j].Path })
	}
}

// Doc returns the document at a repository path.
func (m *Model) Doc(p string) *Doc { return m.byPath[p] }

// Register is the documents in register order, the one order the site's
// register and the pack's share: by id, documents without one last, then
// by path.
func (m *Model) Register() []*Doc {
	out := slices.Clone(m.Docs)
	slices.SortStableFunc(out, func(a, b *Doc) int {
		if (a.Meta.ID == "") != (b.Meta.ID == "") {
			if a.Meta.ID == "" {
				return 1
			}
			return -1
		}
		if c := strings.Compare(a.Meta.ID, b.Meta.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out
}

// InGoodStanding reports whether d is approved, owned and reviewed within
// its interval as of the model's date: what an auditor accepts as evidence.
func (m *Model) InGoodStanding(d *Doc) bool {
	return len(m.Shortfalls(d)) == 0
}

// Shortfalls says why d is not evidence an auditor accepts, one short
// phrase per reason: not approved, no owner, review overdue or undated.
// None means d is in good standing. The coverage-gap finding and the
// site's requirement pages both read these, so they give the same reasons.
func (m *Model) Shortfalls(d *Doc) []string {
	var out []string
	switch d.Meta.Status {
	case document.Approved:
	case "":
		out = append(out, "no status, so not approved")
	default:
		out = append(out, "status "+string(d.Meta.Status)+", not approved")
	}
	if d.Meta.Owner == "" {
		out = append(out, "no owner")
	}
	switch m.ReviewState(d) {
	case Overdue:
		out = append(out, "review overdue since "+d.NextReview.Format("2006-01-02"))
	case Unknown:
		out = append(out, "no readable last_reviewed date")
	}
	return out
}

// ReviewState is where a document stands against its review date.
type ReviewState string

// Review states.
const (
	InDate        ReviewState = "in-date"
	DueSoon       ReviewState = "due-soon"
	Overdue       ReviewState = "overdue"
	Unknown       ReviewState = "unknown" // no readable last_reviewed
	NotApplicable ReviewState = "not-applicable"
)

// ReviewState judges d's next review against the as-of date.
func (m *Model) ReviewState(d *Doc) ReviewState {
	if d.Meta.Status == document.Retired || d.Record {
		return NotApplicable
	}
	if d.NextReview.IsZero() {
		return Unknown
	}
	if d.NextReview.Before(m.AsOf) {
		return Overdue
	}
	if !m.Config.Review.DueSoon.AddTo(m.AsOf).Before(d.NextReview) {
		return DueSoon
	}
	return InDate
}

// LastBodyChange returns the newest commit that edited the body of a
// document the history already held. The commit that added the document
// (or the oldest one a shallow clone shows) is not an edit: documents are
// often approved before they are first committed, or imported with their
// approval dates, and that text is what was approved.
func (d *Doc) LastBodyChange() *Revision {
	for i := 0; i+1 < len(d.History); i++ {
		if d.History[i].BodyChanged {
			return d.History[i]
		}
	}
	return nil
}

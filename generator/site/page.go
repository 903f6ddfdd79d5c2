package site

import (
	"html/template"
	"sync/atomic"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/source"
)

// The types below are the template data, documented for theme authors in
// docs/theme.md. Every URL field is relative to the site root and already
// escaped; templates prefix it with Page.Root. Values are computed once
// and shared by the pages that show them, so templates must treat them as
// read-only.

// Page is what every template receives: the layout reads Site, Root,
// Kind, Title and Print, and the page template reads the one field that
// matches Kind.
type Page struct {
	Site *Site
	// Kind names the page template: index, register, doc, history,
	// requirement, owners, findings, changes, search, set or soa.
	Kind  string
	Title string
	// Root leads from this page back to the site root: "" for top-level
	// pages, "../" one level down, and so on.
	Root string
	// Path is this page's URL from the root.
	Path string
	// Print, when set, is the label every printed page carries. History
	// pages leave it nil: each of their sections has its own.
	Print *PrintLabel

	Dashboard   *Dashboard
	Register    []*DocRef
	Doc         *DocPage
	History     *HistoryPage
	Requirement *RequirementPage
	Owners      []*OwnerGroup
	Findings    *FindingsPage
	Changes     *Changes
	Set         *SetPage
	SoA         *SoAPage

	// RegisterShown are the rows the register page holds itself: all of
	// Register, or in a large ISMS the first of them. RegisterRows is
	// then the URL of the script holding the rest (the "register-rows"
	// template rendered into window.ISMSPACK_REGISTER_ROWS), and
	// RegisterAll that of a page listing every row; both are empty when
	// RegisterShown is all of Register.
	RegisterShown             []*DocRef
	RegisterRows, RegisterAll string

	file string // output path, unescaped
}

// Site is what every page knows about the build.
type Site struct {
	Title        string
	Organisation string
	// Language is the documents' language tag, for <html lang>.
	Language string
	// Ref is the branch, tag or commit the site was built from.
	Ref    string
	Commit *source.Commit
	// AsOf is the date review states are judged against.
	AsOf time.Time
	// Truncated is set when the clone was shallow and histories are partial.
	Truncated bool
	// PDF reports that pdf/ and pack.pdf exist beside the site.
	PDF bool
	// Pack is the URL of the PDF audit pack, empty without PDF.
	Pack   string
	Counts Counts
	// Documents is how many documents the site shows.
	Documents int
	// Requirements lists every requirement item, for navigation.
	Requirements []*ReqRef
}

// Counts are finding totals. Accepted findings are those a document's
// front matter accepts with a reason; they are not in the other counts.
type Counts struct {
	Error, Warning, Info, Accepted int
}

// Open is how many findings are not accepted.
func (c Counts) Open() int { return c.Error + c.Warning + c.Info }

// PrintLabel is printed on every page of a printed document.
type PrintLabel struct {
	ID, Version, Status string
	// Note says the copy is uncontrolled (and which commit it is, on a
	// section of a history page).
	Note string
}

// DocRef is a document as lists show it.
type DocRef struct {
	// Path is the repository path; Slug the path under the content
	// directory without extension.
	Path, Slug string
	URL        string
	// PDF is the URL of the document's PDF, empty when there is none.
	PDF string
	// OwnerURL leads to the owner's section of the owners page.
	OwnerURL string

	ID, Title, Type, Owner, Version, Classification, ApprovedBy string
	// Status is lower-case as written: draft, review, approved, retired,
	// something invalid, or empty.
	Status                   string
	ApprovedOn, LastReviewed document.Date
	// Interval is the review interval in words, e.g. "12 months".
	Interval   string
	NextReview time.Time
	// Review is in-date, due-soon, overdue, unknown or not-applicable.
	Review string
	// Good reports approved, owned and in date: evidence an auditor accepts.
	Good bool
	// VersionKey sorts versions numerically (1.10 after 1.9).
	VersionKey string
	// Approval is the commit that approved the current version; nil when
	// the document is not approved or history does not show the commit.
	Approval *ApprovalView
	// doc is the model's document; reads counts the calls of Doc.
	doc   *isms.Doc
	reads *atomic.Int64
}

// Doc is the model's document, for themes that need more. A page whose
// templates call it is not kept between builds (see pagememo.go): the
// cache cannot tell what of the model it read.
func (r *DocRef) Doc() *isms.Doc {
	if r.reads != nil {
		r.reads.Add(1)
	}
	return r.doc
}

// Field is one front-matter field outside the schema, kept and shown.
type Field struct {
	Key, Value string
}

// RevisionRef is one commit in a document's history.
type RevisionRef struct {
	Hash, Short, Author, Email, Subject string
	When                                time.Time
	// Date and DateTime are When as the date and datetime functions write
	// it, computed once: history pages show them for every revision.
	Date, DateTime string
	// Action is added, modified or renamed; From is the old path of a rename.
	Action, From, Path string
	// Version is the front-matter version as that commit left it.
	Version string
	// BodyChanged is false when the commit changed only front matter.
	BodyChanged bool
	// Anchor is the id of the revision's section on the history page,
	// r-<Short>; URL leads to that section.
	Anchor, URL string
	// Latest marks the newest revision, the one the document page shows.
	Latest bool
	// Approval is set when this commit approved its version.
	Approval *ApprovalView
}

// ApprovalView is the commit that approved a version, as the site shows
// it beside the version: who (the people register's name for the signer,
// author or committer, else the commit's author), which commit, and what
// its signature proves.
type ApprovalView struct {
	Version string
	// Person is who approved; Registered reports that the people register
	// names them (otherwise Person is the commit's author as git records it).
	Person     string
	Registered bool
	// Claimed is approved_by as the approval commit left it.
	Claimed     string
	Hash, Short string
	When        time.Time
	// Signed says what the signature proves in words: "signed by Alice
	// Example", "unsigned", "signature invalid", "signed, key not in
	// register"; State is verified, unsigned, invalid or unknown-key.
	Signed, State string
	// URL leads to the revision on the document's history page.
	URL string
}

// DeclaredRef is one row of a document's declared revision history.
type DeclaredRef struct {
	Version, Author, Approver, Comment string
	Date, ApprovedOn                   document.Date
	// Line is the row's line in the file; Href leads to the part of the
	// page holding it.
	Line int
	Href string
	// Added is the commit that added the row, nil when the history does
	// not show it.
	Added *RevisionRef
	// Latest marks the row that gives the document's version and approval.
	Latest bool
}

// ReqRef is a requirement item as lists show it.
type ReqRef struct {
	ID, Title, Slug, URL string
	// State is green, amber or red (see isms.Coverage.State).
	State string
	// Via, on a document's page, names the configuration's map: entry
	// that gave the document this requirement ("ismspack.yaml:12"); empty
	// when the document declares it.
	Via string
}

// FrameworkRef is one other framework a document refers to and the ids
// it names: TSC and CC6.1, CC6.2.
type FrameworkRef struct {
	Name string
	IDs  []string
}

// DocPage is a document's page.
type DocPage struct {
	*DocRef
	Blob string
	// Extra are front-matter fields outside the schema.
	Extra []Field
	// Frameworks are requirements of other frameworks the document says it
	// meets (comply's satisfies:, a compliance mapping table), as written.
	Frameworks []FrameworkRef
	// Body is the rendered Markdown. When it opened with an H1 repeating
	// the title, that heading is left out and TitleID holds its anchor,
	// for the page's own h1.
	Body    template.HTML
	TitleID string
	// Contents are the headings of levels 2 and 3, for a table of contents.
	Contents []document.Heading
	History  []*RevisionRef
	// Declared is the revision history the document declares (its
	// revision tables, comply's majorRevisions), each row with the commit
	// that added it; DeclaredFrom says where it is written.
	Declared     []*DeclaredRef
	DeclaredFrom string
	// Truncated: the history does not reach the document's creation.
	Truncated    bool
	Requirements []*ReqRef
	// Unknown are requirement IDs no requirement set defines.
	Unknown    []string
	Backlinks  []*DocRef
	Findings   []*FindingView
	Exceptions []*FindingView
	// Nav lists the documents by type, this one marked.
	Nav []*NavGroup
	// splice is set while a worker that can splice executes the page.
	splice *splicer
}

// NavGroup is one document type in a document page's navigation.
type NavGroup struct {
	// Type is empty for documents without one.
	Type string
	// Count is how many documents have this type; Docs lists at most 40
	// of them, Before and After count those left out on either side.
	Count         int
	Docs          []NavDoc
	Before, After int
	// Current: the page's document has this type.
	Current bool
}

// NavDoc is a document in the navigation; Current marks the page's own.
type NavDoc struct {
	*DocRef
	Current bool
}

// HistoryPage is a document's whole history on one page: a section per
// revision, newest first. One file per document rather than one per
// revision, because creating files is what costs most: the page shows one
// section at a time with CSS :target (the URL's #r-<short>) and an index
// of the revisions when no section is targeted.
type HistoryPage struct {
	// Doc is the document as it is now.
	Doc       *DocRef
	Revisions []*RevisionSection
	// Truncated: the history does not reach the document's creation.
	Truncated bool
	// splice is set while a worker that can splice executes the page.
	splice *splicer
}

// RevisionSection is the document as one commit left it. It is kept
// cheap, since a long history makes many of them: the front matter is
// shown as committed rather than decoded, and only id, title and status
// are read from it.
type RevisionSection struct {
	// Rev is the commit; Rev.Anchor is the section's id.
	Rev *RevisionRef
	// ID, Title, Version and Status are the front matter at the revision;
	// Title falls back to the current title.
	ID, Title, Version, Status string
	// FrontMatter is the front matter block exactly as committed.
	FrontMatter string
	// Body is the rendered Markdown. Every id in it (headings, footnotes)
	// and every link to one starts with Rev.Anchor + "-", so the sections
	// of one page never share an id.
	Body template.HTML
	// TitleID is the id of the section's title: the anchor of the body's
	// opening H1 when that was left out for repeating the title (see
	// DocPage), else Rev.Anchor + "-Title".
	TitleID string
	// Newer and Older are the neighbouring revisions, nil at the ends.
	Newer, Older *RevisionRef
	// Missing is set when the content of the revision could not be read.
	Missing bool
	// Print is the label the section carries when printed: the commit it
	// is a copy of, superseded or not.
	Print *PrintLabel
	// Redline is what the revision changed since the one before; nil for
	// the oldest.
	Redline *RedlineView
}

// RequirementPage is one requirement item.
type RequirementPage struct {
	*ReqRef
	SetTitle, SetNote string
	Statement         string
	Evidence, Audit   []string
	Docs              []*ReqDoc
	// Good counts the documents an auditor accepts as evidence.
	Good int
	// Missing says in words what is lacking; empty when nothing is.
	Missing []string
	// Findings are the findings about the item as a whole (coverage-gap),
	// accepted ones included.
	Findings []*FindingView
	// Expected are the evidence entries with where each stands; Evidence
	// holds their texts alone, for themes written before entries were
	// judged.
	Expected []*ExpectedView
	// Tables are the tabular records evidencing the item.
	Tables []*TableView
}

// ExpectedView is one evidence entry of a requirement and what matched it.
type ExpectedView struct {
	Key, Text string
	// State is present, stale, missing, or guidance (not judged).
	State  string
	Docs   []*DocRef
	Tables []string
	// Why says, for a stale entry, why nothing matched counts.
	Why []string
}

// TableView is a tabular record as the site shows it: at most MaxRows
// rows, the rest counted in More (the file is published beside it).
type TableView struct {
	Name, Title string
	// File is the table's file as committed; URL its copy on the site,
	// or its document's page for a Markdown table.
	File, URL string
	// Count is "training completed: 41 of 45 staff"; empty without one.
	Count  string
	Header []string
	// HasDue is set when the table has a due column.
	HasDue bool
	Rows   []*TableRowView
	// More counts the rows not shown; Overdue the open rows past due.
	More, Overdue int
	// Problems say what stopped the table being read whole.
	Problems []string
}

// TableRowView is one row; Overdue marks an open row past its due date.
type TableRowView struct {
	Line    int
	Cells   []string
	Overdue bool
}

// ReqDoc is a document mapped to a requirement, with why it does not count.
type ReqDoc struct {
	*DocRef
	Problems []string
}

// Dashboard is the index page.
type Dashboard struct {
	SetTitle, SetNote string
	Coverage          []*CoverageRow
	Counts            Counts
	Statuses          []StatusCount
	// Windows count reviews due within 30, 60 and 90 days.
	Windows []DueWindow
	Overdue int
	// Due lists the overdue documents and those due within 90 days.
	Due []*DueDoc
	// Sets are the requirement sets in use, a line each, when there is
	// more than one; Coverage above is the first set's matrix.
	Sets []*SetSummary
	// SoA is the Statement of Applicability's URL; empty without one.
	SoA string
}

// CoverageRow is one requirement on the dashboard.
type CoverageRow struct {
	*ReqRef
	// Docs are the first documents listing it; More counts the rest.
	Docs        []*DocRef
	More        int
	Total, Good int
}

// StatusCount counts documents with one status.
type StatusCount struct {
	Status string
	Count  int
}

// DueWindow counts reviews due within Days of the as-of date.
type DueWindow struct {
	Days, Count int
}

// DueDoc is a document with its next review and the days until it (negative
// when overdue).
type DueDoc struct {
	*DocRef
	Days int
}

// FindingView is a finding with where to see it.
type FindingView struct {
	check.Finding
	// Location is path:line:col.
	Location string
	// Doc is the document it is about, nil for other files.
	Doc *DocRef
	// Href leads to the part of the document page holding its line.
	Href string
	// Anchor is the finding's id on its document page.
	Anchor string
}

// FindingsPage lists every finding.
type FindingsPage struct {
	All    []*FindingView
	Counts Counts
	Rules  []RuleCount
	// splice is set while a worker that can splice executes the page.
	splice *splicer
}

// RuleCount counts open findings of one rule.
type RuleCount struct {
	Rule     string
	Severity string
	Count    int
}

// OwnerGroup is one owner's documents.
type OwnerGroup struct {
	// Name is empty for documents without an owner.
	Name, Anchor     string
	Docs             []*DocRef
	Overdue, DueSoon int
}

// Changes is the changes page: what changed against a base. Today the
// base is a time window before the as-of date; a --since REF would set
// Base and fill Removed from the base ref's documents.
type Changes struct {
	// Base is the ref compared with, empty for a time window.
	Base string
	// Since is the start of the window; Days its length.
	Since time.Time
	Days  int
	// Added are documents created since the base, Changed those edited,
	// Removed those gone (only known when comparing with a ref).
	Added, Changed, Removed []*DocChange
	Unchanged               int
	// Commits are the commits since the base, newest first.
	Commits []*CommitChange
}

// DocChange is one document's change since the base.
type DocChange struct {
	*DocRef
	// Before is the version at the base (empty when added); After now.
	Before, After string
	Commits       int
	Last          *RevisionRef
}

// CommitChange is one commit and the documents it changed.
type CommitChange struct {
	Hash, Short, Author, Subject string
	When                         time.Time
	Docs                         []*CommitDoc
}

// CommitDoc is one document in a commit, with the versions either side.
type CommitDoc struct {
	*DocRef
	Action, Before, After string
	// URL shows the document as of the commit.
	URL string
}

package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	tparse "text/template/parse"

	"github.com/ismspack/ismspack/themes"
)

// A history page repeats its revision row and section for every commit
// of a document: some 11,000 sections and 190,000 redline spans on a
// history of 5,000 commits, and every document page lists its history
// and up to 40 neighbouring documents. html/template makes a reflective
// call for each value it writes, which made executing the history pages
// cost as much as everything else about them. So the default theme puts
// these repeated parts in definitions of their own (fastDefs), and when a
// theme's definitions of them, and of the partials they call, are the
// default's, the page set runs them as Go code instead that writes the
// same bytes. A theme that changes any of them gets its own templates
// run, as before; TestFastDefinitionsWriteWhatTheTemplatesWrite holds
// the two ways to the same output.

// fastDef is a definition of the default theme written in Go: the page
// kind whose set has it, its name, and the call that replaces it.
type fastDef struct {
	kind, name, call string
	fn               any
}

var fastDefs = []fastDef{
	{KindHistory, "history-rows", "ismspackHistoryRows .Root .History", historyRows},
	{KindHistory, "history-sections", "ismspackHistorySections .Root .History", historySections},
	{KindDoc, "doc-history-rows", "ismspackDocHistoryRows .Root .Doc", docHistoryRows},
	{KindDoc, "doc-nav", "ismspackDocNav .Root .Doc", docNav},
	{KindDoc, "doc-findings", "ismspackDocFindings .Root .Doc", docFindings},
	{KindDoc, "doc-exceptions", "ismspackDocExceptions .Root .Doc", docExceptions},
	{KindRegister, "register-rows", "ismspackRegisterRows .Root .Rows", registerRows},
	{KindOwners, "owners-sections", "ismspackOwnersSections .Root .Owners", ownersSections},
	{KindFindings, "findings-rows", "ismspackFindingsRows .Root .Findings", findingsRows},
	{KindChanges, "changes-added-rows", "ismspackChangesAddedRows .Root .Changes", changesAddedRows},
	{KindChanges, "changes-changed-rows", "ismspackChangesChangedRows .Root .Changes", changesChangedRows},
	{KindChanges, "changes-commits", "ismspackChangesCommits .Root .Changes", changesCommits},
	{KindRequirement, "requirement-doc-rows", "ismspackRequirementDocRows .Root .Requirement", requirementDocRows},
}

// useFastDefs swaps each page set whose fast definitions, and every
// template they call, are the default theme's for a clone that runs them
// as Go code.
func (th *theme) useFastDefs() error {
	byKind := map[string][]fastDef{}
	var kinds []string
	for _, d := range fastDefs {
		if byKind[d.kind] == nil {
			kinds = append(kinds, d.kind)
		}
		byKind[d.kind] = append(byKind[d.kind], d)
	}
	shared, err := defaultShared()
	if err != nil {
		return err
	}
	for _, kind := range kinds {
		defs := byKind[kind]
		t := th.pages[kind]
		def, err := defaultSet(shared, kind)
		if err != nil {
			return err
		}
		names := make([]string, len(defs))
		for i, d := range defs {
			names[i] = d.name
		}
		if !sameDefs(def, t, names) {
			continue
		}
		fast, err := t.Clone()
		if err != nil {
			return fmt.Errorf("theme: %w", err)
		}
		fm := template.FuncMap{}
		for _, d := range defs {
			fn, _, _ := strings.Cut(d.call, " ")
			fm[fn] = d.fn
		}
		fast.Funcs(fm)
		for _, d := range defs {
			if _, err := fast.New(d.name).Parse("{{" + d.call + "}}"); err != nil {
				return fmt.Errorf("theme: %w", err)
			}
		}
		th.pages[kind] = fast
	}
	return nil
}

// defaultShared parses the default theme's layout and partials.
func defaultShared() (*template.Template, error) {
	fsys := themes.FS()
	shared, err := fs.Glob(fsys, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	t := template.New("").Funcs(funcs())
	for _, name := range shared {
		if err := parse(fsys, t, name); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// defaultSet parses the default theme's template set for a page kind
// onto a clone of its layout and partials.
func defaultSet(shared *template.Template, kind string) (*template.Template, error) {
	t, err := shared.Clone()
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if err := parse(themes.FS(), t, "templates/"+kind+".html"); err != nil {
		return nil, err
	}
	return t, nil
}

// sameDefs reports whether t defines the named templates, and every
// template they call, as def does.
func sameDefs(def, t *template.Template, names []string) bool {
	seen := map[string]bool{}
	var same func(name string) bool
	same = func(name string) bool {
		if seen[name] {
			return true
		}
		seen[name] = true
		a, b := def.Lookup(name), t.Lookup(name)
		if a == nil || b == nil || a.Tree == nil || b.Tree == nil || a.Tree.Root == nil || b.Tree.Root == nil {
			return false
		}
		if a.Tree.Root.String() != b.Tree.Root.String() {
			return false
		}
		ok := true
		walkNodes(a.Tree.Root, func(n tparse.Node) {
			if tn, is := n.(*tparse.TemplateNode); is && ok {
				ok = same(tn.Name)
			}
		})
		return ok
	}
	for _, name := range names {
		if !same(name) {
			return false
		}
	}
	return true
}

// historyRows writes the default "history-rows": a row of the index
// table per revision.
func historyRows(root string, h *HistoryPage) template.HTML {
	var b bytes.Buffer
	revs := h.Revisions
	b.Grow(len(revs) * 600)
	for _, s := range revs {
		b.WriteString("\n<tr><td class=\"nowrap\">")
		escText(&b, s.Rev.Date)
		b.WriteString("</td><td>")
		escText(&b, s.Version)
		b.WriteString("</td><td><a href=\"#")
		escFrag(&b, s.Rev.Anchor)
		b.WriteString("\"><code>")
		escText(&b, s.Rev.Short)
		b.WriteString("</code><span class=\"visually-hidden\"> view version ")
		escText(&b, s.Version)
		b.WriteString("</span></a></td><td>")
		escText(&b, s.Rev.Author)
		b.WriteString("</td><td>")
		escText(&b, s.Rev.Subject)
		b.WriteString("</td><td>")
		statusBadge(&b, s.Status)
		if !s.Rev.BodyChanged {
			b.WriteString(" <span class=\"muted\">(text unchanged)</span>")
		}
		b.WriteString("</td><td>")
		if a := s.Rev.Approval; a != nil {
			b.WriteString("Version ")
			escText(&b, a.Version)
			b.WriteString(" approved by ")
			approval(&b, root, a)
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// historySections writes the default "history-sections": the document
// as each revision left it, with its redline. They are most of the
// page, a few hundred kilobytes on a long history, and text/template
// copies what a function returns once more than the page (fmt.Fprint
// into a buffer of its own, then into the page): so when the page is
// being executed by a worker that can splice (h.splice), they are
// written to the worker's buffer for them and a mark is returned, which
// the worker replaces with them.
func historySections(root string, h *HistoryPage) template.HTML {
	return spliced(h.splice, sectionsSize(h.Revisions), func(b *bytes.Buffer) {
		for _, s := range h.Revisions {
			writeSection(b, root, s)
		}
	})
}

// spliced is what a fast definition returns for the output write
// writes, about size bytes: with a splicer (sp) it is written to the
// worker's parts and a mark returned in its place; else it is returned. A page of a hundred thousand findings
// holds tens of megabytes of them, which text/template copied twice.
func spliced(sp *splicer, size int, write func(*bytes.Buffer)) template.HTML {
	if sp != nil {
		lo := sp.parts.Len()
		sp.parts.Grow(size)
		write(&sp.parts)
		sp.at = append(sp.at, splice{off: sp.page.Len(), lo: lo, hi: sp.parts.Len()})
		return spliceMark
	}
	var b bytes.Buffer
	b.Grow(size)
	write(&b)
	return template.HTML(b.String())
}

// sectionsSize is about how many bytes the sections take.
func sectionsSize(revs []*RevisionSection) int {
	n := 0
	for _, s := range revs {
		n += 3000 + len(s.Body) + len(s.FrontMatter)*11/10
		if s.Redline != nil {
			for _, h := range s.Redline.Hunks {
				for _, sp := range h.Spans {
					n += len(sp.Text)*11/10 + 80
				}
			}
		}
	}
	return n
}

// splicer holds output a fast definition left out of the page being
// executed, for the worker to put in place of its mark (see
// historySections and worker.run).
type splicer struct {
	// page is where the template writes: the mark of a part written
	// when page held off bytes is at off, if anywhere.
	page  *bytes.Buffer
	parts bytes.Buffer
	at    []splice
	// out is the page with the parts in place.
	out []byte
}

// splice is a part, parts[lo:hi], to go where the page has the mark at off.
type splice struct{ off, lo, hi int }

// spliceMark stands for a part in the page. html/template writes it as
// it is only where it writes template.HTML as it is, in text: in an
// attribute, RCDATA, a script, a style or a URL, the < at least is
// escaped or the whole stripped. So a mark found where the part was
// asked for shows that the part would have been written there as it
// is. The bytes 0xfe and 0xff, never valid UTF-8, keep text the page
// shows from reading as one.
const spliceMark template.HTML = "\xfe\xff<ismspack-part>\xff\xfe"

// apply returns the page with every part in place of its mark, or false
// when some mark is not where its part was asked for: the page must
// then be executed with the parts written in place.
func (sp *splicer) apply() ([]byte, bool) {
	page, parts := sp.page.Bytes(), sp.parts.Bytes()
	out := sp.out[:0]
	prev := 0
	for _, s := range sp.at {
		end := s.off + len(spliceMark)
		if s.off < prev || end > len(page) || string(page[s.off:end]) != string(spliceMark) {
			return nil, false
		}
		out = append(append(out, page[prev:s.off]...), parts[s.lo:s.hi]...)
		prev = end
	}
	sp.out = append(out, page[prev:]...)
	return sp.out, true
}

func writeSection(b *bytes.Buffer, root string, s *RevisionSection) {
	a := s.Rev.Anchor
	b.WriteString("\n\n<section id=\"")
	escText(b, a)
	b.WriteString("\" class=\"rev\">")
	if pl := s.Print; pl != nil {
		b.WriteString("\n<p class=\"print-only print-label\">")
		escText(b, pl.ID)
		b.WriteString(" · version ")
		escText(b, pl.Version)
		b.WriteString(" · ")
		escText(b, pl.Note)
		b.WriteString("</p>")
	}
	b.WriteString("\n<p class=\"notice notice-history\">")
	if s.Rev.Latest {
		b.WriteString("<strong>The document as its latest commit left it.</strong>")
	} else {
		b.WriteString("<strong>A superseded version.</strong>")
	}
	b.WriteString(" ")
	escText(b, s.Rev.Path)
	b.WriteString(" at commit <code title=\"")
	escText(b, s.Rev.Hash)
	b.WriteString("\">")
	escText(b, s.Rev.Short)
	b.WriteString("</code>, ")
	escText(b, s.Rev.DateTime)
	b.WriteString(", by ")
	escText(b, s.Rev.Author)
	b.WriteString(": ")
	escText(b, s.Rev.Subject)
	b.WriteString(".")
	if ap := s.Rev.Approval; ap != nil {
		b.WriteString(" This commit approved version ")
		escText(b, ap.Version)
		b.WriteString(": ")
		approval(b, root, ap)
		b.WriteString(".")
	}
	b.WriteString("</p>\n<p class=\"rev-nav\">")
	if o := s.Older; o != nil {
		b.WriteString("<a href=\"#")
		escFrag(b, o.Anchor)
		b.WriteString("\" rel=\"prev\">← Older (")
		versionOrCommit(b, o)
		b.WriteString(")</a> · ")
	}
	b.WriteString("<a href=\"#Revisions\">All revisions</a>")
	if nw := s.Newer; nw != nil {
		b.WriteString(" · <a href=\"#")
		escFrag(b, nw.Anchor)
		b.WriteString("\" rel=\"next\">Newer (")
		versionOrCommit(b, nw)
		b.WriteString(") →</a>")
	}
	b.WriteString("</p>\n<header class=\"doc-header\">\n<p class=\"doc-meta-line\">")
	if s.ID != "" {
		b.WriteString("<span class=\"doc-id\">")
		escText(b, s.ID)
		b.WriteString("</span> · ")
	}
	b.WriteString("Version ")
	escText(b, s.Version)
	b.WriteString(" · ")
	escText(b, s.Rev.Date)
	b.WriteString("</p>\n<h2 class=\"rev-title\" id=\"")
	escText(b, s.TitleID)
	b.WriteString("\">")
	escText(b, s.Title)
	b.WriteString("</h2>\n<p class=\"badges\">")
	statusBadge(b, s.Status)
	b.WriteString("</p>\n</header>")
	if s.Missing {
		b.WriteString("\n<p class=\"missing\">The content of this revision could not be read.</p>")
	} else {
		b.WriteString("\n<details class=\"front-matter\"><summary>Front matter as committed</summary><pre>")
		escText(b, s.FrontMatter)
		b.WriteString("</pre></details>")
		if r := s.Redline; r != nil {
			redlineHTML(b, a, r)
		}
		b.WriteString("\n<article class=\"doc-body\" aria-label=\"Document text at version ")
		escText(b, s.Version)
		b.WriteString("\">\n")
		b.WriteString(string(s.Body))
		b.WriteString("\n</article>")
	}
	b.WriteString("\n</section>")
}

func redlineHTML(b *bytes.Buffer, anchor string, r *RedlineView) {
	b.WriteString("\n<div class=\"redline\">\n<h3 id=\"")
	escText(b, anchor)
	b.WriteString("-changes\">Changes from ")
	if pr := r.Prev; pr != nil {
		versionOrCommit(b, pr)
	}
	b.WriteString("</h3>")
	switch {
	case r.Unchanged:
		b.WriteString("\n<p class=\"redline-summary\">The text did not change: this commit changed only the front matter.</p>")
	case r.Mode == "rewritten":
		b.WriteString("\n<p class=\"notice notice-review\">Rewritten: the text changed too much to mark word by word or line by line (")
		escText(b, r.DeletedWords)
		b.WriteString(" before, ")
		escText(b, r.InsertedWords)
		b.WriteString(" after). Compare the two versions side by side.</p>")
	default:
		b.WriteString("\n<p class=\"redline-summary\">")
		escText(b, r.InsertedWords)
		b.WriteString(" inserted, ")
		escText(b, r.DeletedWords)
		b.WriteString(" deleted")
		if r.Mode == "lines" {
			b.WriteString(", marked line by line: the versions are too far apart to mark word by word")
		}
		b.WriteString(". Inserted text is <ins>underlined</ins>, deleted text <del>struck through</del>.</p>\n<div class=\"redline-text\">")
		for _, h := range r.Hunks {
			if h.Skipped != 0 {
				b.WriteString("<p class=\"redline-skip\">… ")
				escText(b, h.SkippedLines)
				b.WriteString(" …</p>")
			}
			b.WriteString("\n<pre>")
			for _, sp := range h.Spans {
				switch {
				case sp.Ins:
					b.WriteString("<ins><span class=\"visually-hidden\">[inserted: </span>")
					escText(b, sp.Text)
					b.WriteString("<span class=\"visually-hidden\">]</span></ins>")
				case sp.Del:
					b.WriteString("<del><span class=\"visually-hidden\">[deleted: </span>")
					escText(b, sp.Text)
					b.WriteString("<span class=\"visually-hidden\">]</span></del>")
				default:
					escText(b, sp.Text)
				}
			}
			b.WriteString("</pre>")
		}
		if r.After != 0 {
			b.WriteString("<p class=\"redline-skip\">… ")
			escText(b, r.AfterLines)
			b.WriteString(" …</p>")
		}
		b.WriteString("\n</div>")
	}
	b.WriteString("\n</div>")
}

// versionOrCommit writes "version V", or "commit SHORT" without one.
func versionOrCommit(b *bytes.Buffer, r *RevisionRef) {
	if r.Version != "" {
		b.WriteString("version ")
		escText(b, r.Version)
		return
	}
	b.WriteString("commit ")
	escText(b, r.Short)
}

// statusBadge writes the default partial "status".
func statusBadge(b *bytes.Buffer, status string) {
	switch status {
	case "approved":
		b.WriteString("<span class=\"badge status-approved\">Approved</span>")
	case "draft":
		b.WriteString("<span class=\"badge status-draft\">Draft</span>")
	case "review":
		b.WriteString("<span class=\"badge status-review\">In review</span>")
	case "retired":
		b.WriteString("<span class=\"badge status-retired\">Retired</span>")
	case "":
		b.WriteString("<span class=\"badge status-invalid\">No status</span>")
	default:
		b.WriteString("<span class=\"badge status-invalid\">Status: ")
		escText(b, status)
		b.WriteString("</span>")
	}
}

// approval writes the default partial "approval".
func approval(b *bytes.Buffer, root string, a *ApprovalView) {
	b.WriteString("<span class=\"approval\">")
	escText(b, a.Person)
	if !a.Registered {
		b.WriteString(" <span class=\"muted\">(not in the people register)</span>")
	}
	b.WriteString(" · <a href=\"")
	escURL(b, root)
	escURL(b, a.URL)
	b.WriteString("\"><code title=\"")
	escText(b, a.Hash)
	b.WriteString("\">")
	escText(b, a.Short)
	b.WriteString("</code></a> <span class=\"nowrap\">")
	escText(b, formatDate(a.When))
	b.WriteString("</span> · <span class=\"sig sig-")
	escText(b, a.State)
	b.WriteString("\">")
	escText(b, a.Signed)
	b.WriteString("</span></span>")
}

// docHistoryRows writes the default "doc-history-rows": a row of a
// document page's history table per commit.
func docHistoryRows(root string, d *DocPage) template.HTML {
	var b bytes.Buffer
	b.Grow(len(d.History) * 500)
	for _, r := range d.History {
		b.WriteString("\n<tr><td class=\"nowrap\">")
		escText(&b, r.Date)
		b.WriteString("</td><td>")
		escText(&b, r.Version)
		b.WriteString("</td><td><a href=\"")
		escURL(&b, root)
		escURL(&b, r.URL)
		b.WriteString("\"><code>")
		escText(&b, r.Short)
		b.WriteString("</code><span class=\"visually-hidden\"> view version ")
		escText(&b, r.Version)
		b.WriteString("</span></a></td><td>")
		escText(&b, r.Author)
		b.WriteString("</td><td>")
		escText(&b, r.Subject)
		b.WriteString("</td><td>")
		escText(&b, r.Action)
		if r.From != "" {
			b.WriteString(" from <code>")
			escText(&b, r.From)
			b.WriteString("</code>")
		}
		if !r.BodyChanged {
			b.WriteString(" <span class=\"muted\">(text unchanged)</span>")
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// docFindings writes the default "doc-findings": an item per open
// finding about a document. A broken pull request can give one
// document a hundred thousand, each of which html/template executed
// with a dozen reflective calls and a hundred allocations.
func docFindings(root string, d *DocPage) template.HTML {
	return spliced(d.splice, findingsSize(root, d.Findings), func(b *bytes.Buffer) {
		for _, f := range d.Findings {
			b.WriteString("\n<li id=\"")
			escText(b, f.Anchor)
			b.WriteString("\">")
			severityBadge(b, f.Severity.String())
			findingItem(b, root, f)
			b.WriteString("</li>")
		}
	})
}

// docExceptions writes the default "doc-exceptions": an item per
// finding a document accepts, with its reason.
func docExceptions(root string, d *DocPage) template.HTML {
	return spliced(d.splice, findingsSize(root, d.Exceptions), func(b *bytes.Buffer) {
		for _, f := range d.Exceptions {
			b.WriteString("\n<li id=\"")
			escText(b, f.Anchor)
			b.WriteString("\"><span class=\"badge accepted\">accepted</span>")
			findingItem(b, root, f)
			b.WriteString("<br><span class=\"reason\">Reason: ")
			escText(b, f.Reason)
			b.WriteString("</span></li>")
		}
	})
}

// findingItem writes what an item of docFindings and docExceptions
// holds after its badge: the rule, the message and a link to the line.
func findingItem(b *bytes.Buffer, root string, f *FindingView) {
	b.WriteString(" <code>")
	escText(b, f.Rule)
	b.WriteString("</code> ")
	escText(b, f.Message)
	b.WriteString(" ")
	if f.Line != 0 {
		b.WriteString("<a class=\"small\" href=\"")
		escURL(b, root)
		escURL(b, f.Href)
		b.WriteString("\">line ")
		var n [20]byte
		b.Write(strconv.AppendInt(n[:0], int64(f.Line), 10))
		b.WriteString("</a>")
	}
}

// findingsSize is about how many bytes docFindings or docExceptions
// write for fs.
func findingsSize(root string, fs []*FindingView) int {
	n := 0
	for _, f := range fs {
		n += 160 + len(root) + len(f.Anchor) + len(f.Rule) + len(f.Message) + len(f.Href) + len(f.Reason)
	}
	return n
}

// docNav writes the default "doc-nav": the documents by type beside a
// document page.
func docNav(root string, d *DocPage) template.HTML {
	if len(d.Nav) == 0 {
		return ""
	}
	var b bytes.Buffer
	n := 300
	for _, g := range d.Nav {
		n += 300 + len(g.Docs)*(120+len(root))
	}
	b.Grow(n)
	b.WriteString("\n\n<nav id=\"Documents\" class=\"doc-nav no-print\" aria-labelledby=\"Documents-h\">\n<h2 id=\"Documents-h\">Documents by type</h2>")
	more := func(n int) {
		b.WriteString("<li class=\"muted\"><a href=\"")
		escURL(&b, root)
		b.WriteString("register.html\">")
		b.WriteString(strconv.Itoa(n))
		b.WriteString(" more in the register</a></li>")
	}
	for _, g := range d.Nav {
		b.WriteString("\n<details class=\"doc-nav-type\"")
		if g.Current {
			b.WriteString(" open")
		}
		b.WriteString("><summary>")
		if g.Type != "" {
			escText(&b, g.Type)
		} else {
			b.WriteString("No type")
		}
		b.WriteString(" <span class=\"muted\">(")
		b.WriteString(strconv.Itoa(g.Count))
		b.WriteString(")</span></summary>\n<ul>")
		if g.Before != 0 {
			more(g.Before)
		}
		for _, nd := range g.Docs {
			b.WriteString("\n<li><a href=\"")
			escURL(&b, root)
			escURL(&b, nd.URL)
			b.WriteString("\"")
			if nd.Current {
				b.WriteString(" aria-current=\"page\"")
			}
			b.WriteString(">")
			if nd.ID != "" {
				b.WriteString("<span class=\"doc-id\">")
				escText(&b, nd.ID)
				b.WriteString("</span> ")
			}
			escText(&b, nd.Title)
			b.WriteString("</a></li>")
		}
		if g.After != 0 {
			more(g.After)
		}
		b.WriteString("\n</ul>\n</details>")
	}
	b.WriteString("\n</nav>")
	return template.HTML(b.String())
}

// escText writes s as html/template writes a string in text or in a
// quoted attribute value (its htmlEscaper and attrEscaper). It runs over
// every redline and front matter, so a byte that needs nothing costs a
// table look-up.
func escText(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if !escapedByte[s[i]] {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(textEscapes[s[i]])
		last = i + 1
	}
	b.WriteString(s[last:])
}

// textEscapes is what escText writes for each byte it replaces.
var textEscapes = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapedByte says which bytes textEscapes replaces: a byte to look at
// for each byte of a redline's texts, where a string is sixteen.
var escapedByte = func() (t [256]bool) {
	for c, r := range textEscapes {
		t[c] = r != ""
	}
	return t
}()

// escURL writes s as html/template writes a string at the start of a
// quoted href: refused unless relative or http(s)/mailto, normalized,
// then escaped for the attribute.
func escURL(b *bytes.Buffer, s string) {
	if proto, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(proto, "/") &&
		!strings.EqualFold(proto, "http") && !strings.EqualFold(proto, "https") && !strings.EqualFold(proto, "mailto") {
		s = "#ZgotmplZ"
	}
	escText(b, processURL(s, true))
}

// escFrag writes s as html/template writes a string after the # of a
// quoted href: percent-encoded, then escaped for the attribute.
func escFrag(b *bytes.Buffer, s string) {
	escText(b, processURL(s, false))
}

// processURL is html/template's URL normalizer (norm) or escaper. A URL
// that needs nothing, which is nearly every one a page writes, is
// returned as it is, without allocating.
func processURL(s string, norm bool) string {
	var b []byte
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[written:i]...)
		b = append(b, '%', lowerHex[c>>4], lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	return string(append(b, s[written:]...))
}

// lowerHex are the digits html/template percent-encodes a byte with.
const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

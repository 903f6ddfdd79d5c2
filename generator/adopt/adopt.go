// Package adopt inspects a repository that was not written for ismspack,
// as committed at a ref, and proposes the ismspack.yaml that reads it as
// it stands: where the documents are, which files are not documents,
// which of its keys and labelled lines carry the document-control fields,
// who owns the documents, and which documents name a requirement. Every
// decision is written into the file as a comment with the evidence for it,
// and what it could not decide is said there too, so the proposal can be
// reviewed like any change.
//
// It proposes only keys the configuration accepts: the printed file loads
// with config.Parse.
package adopt

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/source"
)

// Options say what to inspect.
type Options struct {
	// Ref is how the commit was named, for the header.
	Ref string
	// Content, when set, is the directory to read, relative to the
	// repository root, instead of the one adopt would choose.
	Content string
}

// Proposal is what adopt decided, with its evidence.
type Proposal struct {
	Ref    string
	Commit *source.Commit
	// Files is how many files the commit holds.
	Files int
	// Content is the proposed content directory ("." for the root) and
	// ContentWhy the evidence.
	Content    string
	ContentWhy []string
	// Include and Exclude are the proposed patterns.
	Include []Decision
	Exclude []Decision
	// Documents is how many files the proposal reads as documents.
	Documents int
	// Fields says, per schema field, where it was found.
	Fields []FieldFinding
	// Aliases are the proposed aliases, in schema order.
	Aliases []Alias
	// Roles is the proposed roles register: the owners found.
	Roles    []string
	RolesWhy string
	// LinkRoots say where links written as the published site's paths
	// lead; LinkDocs is how many documents have such links.
	LinkRoots []LinkRoot
	LinkDocs  int
	// FrontMatterOptional is proposed when documents without front matter
	// give their fields in the text.
	FrontMatterOptional bool
	FrontMatterWhy      string
	// Frameworks are the requirement sets proposed in use (built-in ids
	// and committed files), with why; empty leaves the default.
	Frameworks    []string
	FrameworksWhy []string
	// Template is the template language proposed (erb, go, liquid,
	// comply), with why; empty when the documents hold no expressions.
	Template    string
	TemplateWhy string
	// Organisation is proposed from comply's comply.yml; OrganisationWhy
	// says so.
	Organisation    string
	OrganisationWhy string
	// Map suggests requirements for documents that name one in their title.
	Map []MapSuggestion
	// Notes are observations for the reader: dialects seen that another
	// setting handles, or that ismspack cannot read yet.
	Notes []string
	// Undecided is what adopt could not decide, said in the file.
	Undecided []string
}

// Decision is one proposed pattern and why.
type Decision struct {
	Pattern string
	Why     string
}

// Alias is a proposed alias: field ← key, with the evidence.
type Alias struct {
	Field, Key string
	Why        string
}

// FieldFinding says where a schema field was found in the documents.
type FieldFinding struct {
	Field string
	// Found is how many documents give it, by its own name or an alias.
	Found int
	// From is where: "front matter", "front matter (name)", "body label Policy owner".
	From string
}

// MapSuggestion maps one document to requirements its title names.
type MapSuggestion struct {
	Path string // relative to the content directory
	IDs  []string
	Why  string
}

// maxFiles bounds what adopt reads: it inspects, it does not build.
const maxFiles = 20000

// Inspect reads the repository at commit c and decides.
func Inspect(repo *source.Repo, c *object.Commit, opt Options) (*Proposal, error) {
	files, err := repo.Files(c, "")
	if err != nil {
		return nil, fmt.Errorf("reading the files of commit %s: %w", c.Hash.String()[:7], err)
	}
	if len(files) > maxFiles {
		return nil, fmt.Errorf("commit %s holds %d files, more than the %d adopt inspects: name the directory of the documents with --content", c.Hash.String()[:7], len(files), maxFiles)
	}
	p := &Proposal{Ref: opt.Ref, Commit: source.CommitOf(c), Files: len(files)}
	in := inspection{p: p}
	in.classify(files)
	in.chooseContent(strings.Trim(opt.Content, "/"))
	in.chooseInclude()
	in.parse()
	in.chooseFields()
	in.final()
	in.chooseLinkRoots()
	in.chooseFrameworks()
	in.suggestMap()
	in.noteDialects()
	return p, nil
}

// inspection is the state of one Inspect.
type inspection struct {
	p *Proposal
	// markup are the files that may be documents, non are those that are
	// not, each with its reason.
	markup []source.File
	non    map[string]nonDoc
	// docs are the files under the content directory the proposal reads.
	docs   []*document.Document
	byPath map[string]source.File
	other  map[string]int // unreadable markup by extension: .rst, .adoc
}

// nonDoc is why a markup file is not a controlled document.
type nonDoc struct {
	pattern string // the exclude pattern's base: README.md, .github
	dir     bool   // a directory: exclude dir/**
	why     string
}

// documentExts are the compound extensions of files ismspack reads as
// Markdown, longest first, with the include pattern each proposes.
var documentExts = []struct{ ext, pattern string }{
	{".html.md.erb", "**/*.html.md.erb"},
	{".md.erb", "**/*.md.erb"},
	{".html.md", "**/*.md"},
	{".markdown", "**/*.markdown"},
	{".mdown", "**/*.mdown"},
	{".mkd", "**/*.mkd"},
	{".mdx", "**/*.mdx"},
	{".md", "**/*.md"},
}

// otherMarkup are text formats ismspack does not read.
var otherMarkup = []string{".rst", ".adoc", ".asciidoc", ".org", ".textile"}

func docExt(p string) (string, string) {
	lp := strings.ToLower(p)
	for _, e := range documentExts {
		if strings.HasSuffix(lp, e.ext) {
			return e.ext, e.pattern
		}
	}
	return "", ""
}

// byName are files that are about the repository, not controlled
// documents, by base name without extension (lower case).
var byName = map[string]string{
	"readme":          "a readme, about the repository, not a controlled document",
	"todo":            "a task list, not a controlled document",
	"changelog":       "the repository's change log, not a controlled document",
	"contributing":    "how to contribute to the repository, not a controlled document",
	"code_of_conduct": "the repository's code of conduct, not a controlled document",
	"license":         "a licence, not a controlled document",
	"_index":          "a site generator's section page (Hugo _index.md), not a controlled document",
	"summary":         "a book's table of contents (GitBook SUMMARY.md), not a controlled document",
}

// byDir are directories whose files are not controlled documents.
var byDir = map[string]string{
	".github":      "GitHub's own files (issue templates, workflows), not ISMS documents",
	".gitlab":      "GitLab's own files, not ISMS documents",
	"node_modules": "installed packages, not ISMS documents",
	"templates":    "templates for new documents, not controlled documents",
	"testdata":     "test fixtures, not ISMS documents",
	"fixtures":     "test fixtures, not ISMS documents",
}

// classify sorts the commit's files into possible documents and files
// that are not documents, with reasons.
func (in *inspection) classify(files []source.File) {
	in.non = map[string]nonDoc{}
	in.byPath = map[string]source.File{}
	in.other = map[string]int{}
	for _, f := range files {
		in.byPath[f.Path] = f
		ext, _ := docExt(f.Path)
		if ext == "" {
			if e := strings.ToLower(path.Ext(f.Path)); slices.Contains(otherMarkup, e) {
				in.other[e]++
			}
			continue
		}
		if nd, ok := nonDocument(f.Path); ok {
			in.non[f.Path] = nd
			continue
		}
		in.markup = append(in.markup, f)
	}
}

func nonDocument(p string) (nonDoc, bool) {
	dirs := strings.Split(p, "/")
	for _, d := range dirs[:len(dirs)-1] {
		if why, ok := byDir[strings.ToLower(d)]; ok {
			return nonDoc{pattern: d, dir: true, why: why}, true
		}
	}
	base := path.Base(p)
	stem := strings.ToLower(base)
	if i := strings.IndexByte(stem, '.'); i > 0 {
		stem = stem[:i]
	}
	if why, ok := byName[stem]; ok {
		return nonDoc{pattern: base, why: why}, true
	}
	return nonDoc{}, false
}

// chooseContent picks the content directory: the one given, else the
// deepest directory holding every possible document, else, when the
// repository keeps several sets of the same documents (an example and a
// theme), the largest set.
func (in *inspection) chooseContent(given string) {
	p := in.p
	if given != "" && given != "." {
		p.Content = given
		p.ContentWhy = append(p.ContentWhy, "content "+given+": named with --content")
		return
	}
	if given == "." {
		p.Content = "."
		p.ContentWhy = append(p.ContentWhy, "content .: named with --content")
		return
	}
	if len(in.markup) == 0 {
		p.Content = "."
		p.Undecided = append(p.Undecided, "content: no Markdown file found in the commit; set content to the directory of the documents and include to their file names")
		return
	}
	var paths []string
	for _, f := range in.markup {
		paths = append(paths, f.Path)
	}
	root := commonDir(paths)
	sets := parallelSets(paths, root)
	if len(sets) > 1 {
		var desc []string
		for _, s := range sets {
			desc = append(desc, fmt.Sprintf("%s/ (%s)", s.dir, plural(s.files, "file")))
		}
		p.Content = sets[0].dir
		p.ContentWhy = append(p.ContentWhy,
			fmt.Sprintf("content %s: the repository keeps %d sets of documents with the same names, %s; one configuration reads one ISMS, so the largest (the first of equals) is proposed", p.Content, len(sets), strings.Join(desc, ", ")))
		for _, s := range sets[1:] {
			p.Undecided = append(p.Undecided, fmt.Sprintf("content: %s/ is another set of the same documents; to read it, run ismspack adopt --content %s", s.dir, s.dir))
		}
		return
	}
	p.Content = root
	if root == "." {
		p.ContentWhy = append(p.ContentWhy, fmt.Sprintf("content .: the %s that may be documents are spread over the repository root", plural(len(paths), "Markdown file")))
	} else {
		p.ContentWhy = append(p.ContentWhy, fmt.Sprintf("content %s: all %s that may be documents are under it", root, plural(len(paths), "Markdown file")))
	}
}

func commonDir(paths []string) string {
	if len(paths) == 0 {
		return "."
	}
	common := strings.Split(path.Dir(paths[0]), "/")
	for _, p := range paths[1:] {
		parts := strings.Split(path.Dir(p), "/")
		n := 0
		for n < len(common) && n < len(parts) && common[n] == parts[n] {
			n++
		}
		common = common[:n]
	}
	if len(common) == 0 || (len(common) == 1 && common[0] == ".") {
		return "."
	}
	return strings.Join(common, "/")
}

type set struct {
	dir   string
	files int
}

// parallelSets finds directories under root that hold the same documents
// by name: two paths ending in the same directory and file name
// (policies/access.md) under different directories. They are sets when
// more than half the files are such repeats. Largest first.
func parallelSets(paths []string, root string) []set {
	byKey := map[string][]string{}
	for _, p := range paths {
		dir, base := path.Split(p)
		dir = strings.TrimSuffix(dir, "/")
		parent := path.Base(dir)
		if dir == "" || dir == "." {
			continue
		}
		prefix := path.Dir(dir)
		if prefix == "." || (root != "." && !strings.HasPrefix(prefix+"/", root+"/")) {
			continue
		}
		k := parent + "/" + base
		byKey[k] = append(byKey[k], prefix)
	}
	count := map[string]int{}
	repeated := 0
	for _, prefixes := range byKey {
		if len(prefixes) < 2 {
			continue
		}
		repeated += len(prefixes)
		for _, pr := range prefixes {
			count[pr]++
		}
	}
	if repeated*2 <= len(paths) || len(count) < 2 {
		return nil
	}
	var out []set
	for d := range count {
		n := 0
		for _, p := range paths {
			if strings.HasPrefix(p, d+"/") {
				n++
			}
		}
		out = append(out, set{d, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].files != out[j].files {
			return out[i].files > out[j].files
		}
		return out[i].dir < out[j].dir
	})
	return out
}

// under reports whether p is under the content directory, and its path
// relative to it.
func (in *inspection) under(p string) (string, bool) {
	c := in.p.Content
	if c == "" || c == "." {
		return p, true
	}
	return strings.CutPrefix(p, c+"/")
}

// chooseInclude proposes an include pattern per kind of Markdown file
// under the content directory, and an exclude pattern per kind of file
// that is not a document.
func (in *inspection) chooseInclude() {
	p := in.p
	type group struct {
		pattern string
		files   []string
	}
	groups := map[string]*group{}
	for _, f := range in.markup {
		if _, ok := in.under(f.Path); !ok {
			continue
		}
		_, pat := docExt(f.Path)
		g := groups[pat]
		if g == nil {
			g = &group{pattern: pat}
			groups[pat] = g
		}
		g.files = append(g.files, f.Path)
	}
	for _, pat := range slices.Sorted(mapKeys(groups)) {
		p.Include = append(p.Include, Decision{Pattern: pat})
	}
	if len(p.Include) == 0 {
		p.Include = append(p.Include, Decision{Pattern: "**/*.md", Why: "no Markdown file under the content directory: the default"})
		p.Undecided = append(p.Undecided, "include: no Markdown file under "+p.Content+"; name the documents' file names")
	}
	// Exclusions: one pattern per reason that matches a file under content.
	ex := map[string]*Decision{}
	counts := map[string]int{}
	for fp, nd := range in.non {
		if _, ok := in.under(fp); !ok {
			continue
		}
		pat := "**/" + nd.pattern
		if nd.dir {
			pat = "**/" + nd.pattern + "/**"
		}
		counts[pat]++
		if ex[pat] == nil {
			ex[pat] = &Decision{Pattern: pat, Why: nd.why}
		}
	}
	for _, pat := range slices.Sorted(mapKeys(ex)) {
		d := ex[pat]
		d.Why = plural(counts[pat], "file") + ": " + d.Why
		if !matchesInclude(p.Include, pat) && !strings.HasSuffix(pat, "/**") {
			continue // not read anyway (LICENSE, CHANGELOG.txt)
		}
		p.Exclude = append(p.Exclude, *d)
	}
	if len(p.Include) == 1 && p.Include[0].Pattern == "**/*.md" {
		return
	}
	_ = groups
}

// matchesInclude reports whether a file named like the base of pattern
// pat would be read by one of the include patterns.
func matchesInclude(include []Decision, pat string) bool {
	base := path.Base(pat)
	for _, d := range include {
		if ok, _ := path.Match(strings.ToLower(path.Base(d.Pattern)), strings.ToLower(base)); ok {
			return true
		}
	}
	return false
}

// parse reads the documents the proposal would read.
func (in *inspection) parse() {
	p := in.p
	var inc, exc []string
	for _, d := range p.Include {
		inc = append(inc, d.Pattern)
	}
	for _, d := range p.Exclude {
		exc = append(exc, d.Pattern)
	}
	content := p.Content
	if content == "." {
		content = ""
	}
	sel, err := source.NewSelector(content, inc, exc)
	if err != nil { // the patterns are ours; a bad one is a bug
		panic(err)
	}
	paths := slices.Sorted(mapKeys(in.byPath))
	withFM := map[string]int{}
	total := map[string]int{}
	for _, fp := range paths {
		f := in.byPath[fp]
		if !sel.IsDocument(fp) || f.Data == nil {
			continue
		}
		d := document.Parse(fp, f.Data, document.Options{})
		in.docs = append(in.docs, d)
		_, pat := docExt(fp)
		total[pat]++
		if d.Format != document.NoFrontMatter {
			withFM[pat]++
		}
	}
	p.Documents = len(in.docs)
	for i := range p.Include {
		pat := p.Include[i].Pattern
		if p.Include[i].Why == "" {
			p.Include[i].Why = fmt.Sprintf("%s, %d with front matter", plural(total[pat], "file"), withFM[pat])
		}
	}
}

// noteDialects says what the documents are written in that other settings
// or later versions handle: template expressions, revision tables, links
// written for a published site, formats ismspack does not read.
func (in *inspection) noteDialects() {
	p := in.p
	var erb, gotmpl, liquid, revTables int
	revSrc := map[string]int{}
	for _, d := range in.docs {
		b := string(d.Body)
		if strings.Contains(b, "<%") && strings.Contains(b, "%>") {
			erb++
		}
		if goTemplate.MatchString(b) {
			gotmpl++
		}
		if strings.Contains(b, "{%") && strings.Contains(b, "%}") {
			liquid++
		}
		if len(d.RevisionTables) > 0 {
			revTables++
			t := d.RevisionTables[0]
			src := t.Source
			if src != "table" && src != "html" {
				src = "front-matter list " + src
			} else {
				src += " with columns"
			}
			revSrc[src+" "+strings.Join(t.Headings, ", ")]++
		}
	}
	in.chooseTemplate(erb, gotmpl, liquid)
	if revTables > 0 {
		var kinds []string
		for _, k := range slices.Sorted(mapKeys(revSrc)) {
			kinds = append(kinds, fmt.Sprintf("%s (%d)", k, revSrc[k]))
		}
		p.Notes = append(p.Notes, fmt.Sprintf("revision histories found in %s, read as each one's declared history: %s", plural(revTables, "document"), strings.Join(kinds, "; ")))
	}
	for _, e := range slices.Sorted(mapKeys(in.other)) {
		p.Notes = append(p.Notes, fmt.Sprintf("not read: %s ending in %s (ismspack reads Markdown)", plural(in.other[e], "file"), e))
	}
}

var goTemplate = regexp.MustCompile(`\{\{-?\s*[.$]`)

// chooseTemplate proposes the template language most documents are
// written in, so its expressions are filled in or marked rather than
// reported as leftovers; strongdm comply's own when the repository keeps a
// comply.yml, whose name: is then the organisation its {{.Name}} means.
func (in *inspection) chooseTemplate(erb, gotmpl, liquid int) {
	p := in.p
	n := len(in.docs)
	type lang struct {
		name, what string
		docs       int
	}
	langs := []lang{{"erb", "ERB expressions (<%= … %>)", erb}, {"go", "Go template expressions ({{ .Field }})", gotmpl}, {"liquid", "Liquid tags ({% … %})", liquid}}
	best := langs[0]
	for _, l := range langs[1:] {
		if l.docs > best.docs {
			best = l
		}
	}
	if best.docs == 0 {
		return
	}
	for _, l := range langs {
		if l.docs > 0 && l.name != best.name {
			p.Notes = append(p.Notes, fmt.Sprintf("templates: also %s in %s; only one language is read, the others stay leftovers", l.what, plural(l.docs, "document")))
		}
	}
	p.Template = best.name
	p.TemplateWhy = fmt.Sprintf("template %s: %s in %d of %d documents, filled in where they name the document's own field and marked otherwise, not reported as leftovers", best.name, best.what, best.docs, n)
	if best.name != "go" {
		return
	}
	for _, name := range []string{"comply.yml", "comply.yml.example"} {
		fp := path.Join(in.p.Content, name)
		f, ok := in.byPath[strings.TrimPrefix(fp, "./")]
		if !ok || f.Data == nil {
			continue
		}
		p.Template = "comply"
		p.TemplateWhy = fmt.Sprintf("template comply: Go template expressions in %d of %d documents, and %s beside them: strongdm comply's, whose {{.Name}} is the organisation", best.docs, n, fp)
		if m := complyName.FindSubmatch(f.Data); m != nil {
			p.Organisation = strings.Trim(strings.TrimSpace(string(m[1])), `"'`)
			p.OrganisationWhy = fmt.Sprintf("organisation %s: the name: of %s, which comply fills in for {{.Name}}", p.Organisation, fp)
		}
		return
	}
	comply := 0
	for _, d := range in.docs {
		if _, ok := d.Field("majorRevisions"); ok {
			comply++
		}
	}
	if comply > 0 {
		p.Template = "comply"
		p.TemplateWhy = fmt.Sprintf("template comply: Go template expressions in %d of %d documents, and %d written in strongdm comply's dialect (a majorRevisions header), whose {{.Name}} is the organisation", best.docs, n, comply)
		p.Undecided = append(p.Undecided, "organisation: comply fills {{.Name}} with the organisation, and no comply.yml names it here; set organisation: so they are filled in")
	}
}

var complyName = regexp.MustCompile(`(?m)^name:[ \t]*(.+?)[ \t]*$`)

// suggestMap maps documents whose title names a requirement of a built-in
// set ("Leadership commitment (5.1 a)") to it.
func (in *inspection) suggestMap() {
	sets, err := framework.Builtin()
	if err != nil {
		return
	}
	idx := framework.NewIndex(sets)
	for _, d := range in.docs {
		rel, _ := in.under(d.Path)
		var ids []string
		for _, m := range clauseInTitle.FindAllStringSubmatch(d.Title, -1) {
			id := framework.Normalize("5.1(" + strings.ToLower(m[1]) + ")")
			if _, ok := idx.Item(id); ok && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			in.p.Map = append(in.p.Map, MapSuggestion{Path: rel, IDs: ids, Why: fmt.Sprintf("its title names it: %q", d.Title)})
		}
	}
}

var clauseInTitle = regexp.MustCompile(`\b5\.1\s*[.(]?\s*([a-hA-H])\b\)?`)

// chooseFrameworks puts a committed standards file in use (comply keeps
// standards/TSC-2017.yml) when documents say which of its requirements
// they meet under its name (satisfies: {TSC: [...]}): their references
// then count towards its coverage and a wrong id is reported.
func (in *inspection) chooseFrameworks() {
	p := in.p
	named := map[string]int{} // framework name, lower case -> documents
	for _, d := range in.docs {
		f, ok := d.Field("satisfies")
		if !ok || f.Kind != document.Map {
			continue
		}
		for _, e := range f.Map {
			named[strings.ToLower(strings.TrimSpace(e.Key))]++
		}
	}
	if len(named) == 0 {
		return
	}
	// Files under the content directory first: of two sets of one name
	// (comply's example and theme each keep TSC-2017.yml), the one that
	// goes with these documents.
	paths := slices.Sorted(mapKeys(in.byPath))
	slices.SortStableFunc(paths, func(a, b string) int {
		_, ua := in.under(a)
		_, ub := in.under(b)
		switch {
		case ua && !ub:
			return -1
		case ub && !ua:
			return 1
		}
		return 0
	})
	chosen := map[string]bool{}
	for _, fp := range paths {
		ext := strings.ToLower(path.Ext(fp))
		f := in.byPath[fp]
		if (ext != ".yml" && ext != ".yaml") || f.Data == nil || !framework.IsComply(f.Data) {
			continue
		}
		set, err := framework.ParseComply(fp, f.Data)
		if err != nil {
			p.Notes = append(p.Notes, fmt.Sprintf("%s looks like a comply standards file but does not read: %v", fp, err))
			continue
		}
		n := max(named[strings.ToLower(set.ID)], named[strings.ToLower(set.Title)])
		if n == 0 || chosen[strings.ToLower(set.ID)] {
			continue
		}
		chosen[strings.ToLower(set.ID)] = true
		if len(p.Frameworks) == 0 {
			p.Frameworks = append(p.Frameworks, "iso27001-2022-5.1")
			p.FrameworksWhy = append(p.FrameworksWhy, "iso27001-2022-5.1: clause 5.1, the default, kept in use")
		}
		p.Frameworks = append(p.Frameworks, fp)
		p.FrameworksWhy = append(p.FrameworksWhy, fmt.Sprintf("%s: comply's standards file for %s (%s), whose ids %s name in satisfies:", fp, set.ID, plural(len(set.Items), "item"), plural(n, "document")))
	}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

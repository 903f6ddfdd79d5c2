package adopt

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/source"
)

// propose commits files and inspects the commit as `ismspack adopt` does.
func propose(t *testing.T, files map[string]string) *Proposal {
	t.Helper()
	r := testrepo.Make(t, testrepo.Commit{Files: files})
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, err := repo.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Inspect(repo, c, Options{Ref: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	// Whatever it decides, the file it prints loads.
	if _, err := config.Parse(FileName, p.YAML()); err != nil {
		t.Fatalf("the proposal does not load: %v\n%s", err, p.YAML())
	}
	return p
}

func aliases(p *Proposal) map[string]string {
	out := map[string]string{}
	for _, a := range p.Aliases {
		out[a.Field] = a.Key
	}
	return out
}

func patternsOf(ds []Decision) []string { return patterns(ds) }

func TestContentIsTheDirectoryHoldingTheDocuments(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"README.md":                         "# The repository\n",
		"LICENSE":                           "MIT\n",
		"handbook/security/a.md":            "---\ntitle: A\n---\n# A\n",
		"handbook/security/sub/b.md":        "---\ntitle: B\n---\n# B\n",
		"handbook/engineering/image.png":    "png",
		"handbook/security/sub/diagram.png": "png",
	})
	if p.Content != "handbook/security" || p.Documents != 2 {
		t.Errorf("content %q with %d documents, want handbook/security with 2 (the root README is not one)", p.Content, p.Documents)
	}
}

func TestOfTwoSetsOfTheSameDocumentsTheLargerIsProposed(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"example/policies/access.md":     "name: Access\nacronym: AP\n---\n# A\n",
		"example/policies/backup.md":     "name: Backup\nacronym: BP\n---\n# B\n",
		"example/policies/extra.md":      "name: Extra\nacronym: EP\n---\n# E\n",
		"themes/soc2/policies/access.md": "name: Access\nacronym: AP\n---\n# A\n",
		"themes/soc2/policies/backup.md": "name: Backup\nacronym: BP\n---\n# B\n",
	})
	if p.Content != "example" {
		t.Errorf("content %q, want example, the larger set", p.Content)
	}
	if !slices.ContainsFunc(p.Undecided, func(s string) bool { return strings.Contains(s, "adopt --content themes/soc2") }) {
		t.Errorf("the other set is not named with how to read it: %q", p.Undecided)
	}
}

func TestFilesAboutTheRepositoryAreExcludedWithTheirReason(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"policies/README.md":            "# How to edit\n",
		"TODO.md":                       "- [ ] backup policy\n",
		"_index.md":                     "---\ntitle: Section\n---\n",
		".github/ISSUE_TEMPLATE/bug.md": "# Bug\n",
		"policies/access.md":            "---\ntitle: Access\n---\n# Access\n",
		"vendor/index.md":               "---\ntitle: Vendor management\n---\n# Vendors\n",
	})
	got := strings.Join(patternsOf(p.Exclude), " ")
	if got != "**/.github/** **/README.md **/TODO.md **/_index.md" {
		t.Errorf("exclude %s", got)
	}
	for _, d := range p.Exclude {
		if d.Pattern == "**/TODO.md" && d.Why != "1 file: a task list, not a controlled document" {
			t.Errorf("TODO.md excluded because %q", d.Why)
		}
	}
	if p.Documents != 2 {
		t.Errorf("%d documents, want 2: access and the vendor policy (a directory named vendor holds a policy here)", p.Documents)
	}
}

func TestIncludeFollowsTheFilesAndCountsFrontMatter(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"source/a.html.md.erb": "---\ntitle: A\n---\n# A\n",
		"source/b.html.md.erb": "# B without front matter\n",
		"source/c.md":          "---\ntitle: C\n---\n# C\n",
	})
	want := []Decision{{"**/*.html.md.erb", "2 files, 1 with front matter"}, {"**/*.md", "1 file, 1 with front matter"}}
	if !slices.Equal(p.Include, want) {
		t.Errorf("include %+v, want %+v", p.Include, want)
	}
}

func TestAliasesAreProposedFromNamesAndValues(t *testing.T) {
	t.Parallel()
	doc := func(slug, owner, updated, extra string) string {
		return "---\ntitle: T " + slug + "\nslug: " + slug + "\nowner_slack: \"" + owner + "\"\nlast_updated: " + updated + "\npolicy: true\nweight: 7\n" + extra + "---\n# T\n"
	}
	p := propose(t, map[string]string{
		"a.md": doc("access", "@jane", "2026-01-12", "category: policy\n"),
		"b.md": doc("backup", "@jane", "2026-01-13", ""),
		"c.md": doc("crypto", "@sam", "not yet", ""),
		"d.md": doc("data", "@sam", "2026-02-01", ""),
		"e.md": doc("email", "@sam", "2026-02-02", ""),
	})
	got := aliases(p)
	want := map[string]string{"id": "slug", "owner": "owner_slack", "last_reviewed": "last_updated"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("%s ← %q, want %s", f, got[f], k)
		}
	}
	// policy: true is not a title; category is in one of five documents.
	if got["title"] != "" || got["type"] != "" || len(got) != 3 {
		t.Errorf("aliases %v, want only %v", got, want)
	}
	if p.Aliases[1].Why != `owner ← owner_slack: found in 5 of 5 documents, e.g. "@sam"; its name holds owner` {
		t.Errorf("evidence %q", p.Aliases[1].Why)
	}
	if !slices.Equal(p.Roles, []string{"@jane", "@sam"}) {
		t.Errorf("roles %q, want the two owners", p.Roles)
	}
}

func TestAnIDThatDoesNotTellDocumentsApartIsNotProposed(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"a.md": "---\ntitle: A\nslug: same\n---\n# A\n",
		"b.md": "---\ntitle: B\nslug: same\n---\n# B\n",
	})
	if k := aliases(p)["id"]; k != "" {
		t.Errorf("id ← %s, though its values repeat", k)
	}
}

func TestLabelledLinesTheReaderDoesNotKnowAreAliased(t *testing.T) {
	t.Parallel()
	doc := "---\ntitle: X\n---\n# X\n\n- **Policy owner:** Jane Doe\n- **Effective Date:** 2025-01-03\n\n## Purpose\n\nText.\n"
	p := propose(t, map[string]string{"a.md": doc, "b.md": doc, "c.md": doc})
	got := aliases(p)
	if got["last_reviewed"] != "body:Effective Date" {
		t.Errorf("last_reviewed ← %q, want body:Effective Date", got["last_reviewed"])
	}
	if got["owner"] != "" {
		t.Errorf("owner ← %q, but the reader reads Policy owner by itself", got["owner"])
	}
	for _, f := range p.Fields {
		if f.Field == "owner" && f.Found != 3 {
			t.Errorf("owner found in %d documents, want 3", f.Found)
		}
	}
}

func TestTitlesNamingARequirementAreMapped(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"content/leadership.md": "---\ntitle: Leadership and commitment (5.1 a, 5.1(d))\n---\n# L\n",
		"content/other.md":      "---\ntitle: Backup 5.1 policy\n---\n# B\n",
	})
	if len(p.Map) != 1 || p.Map[0].Path != "leadership.md" || !slices.Equal(p.Map[0].IDs, []string{"5.1(a)", "5.1(d)"}) {
		t.Errorf("map %+v, want leadership.md → 5.1(a), 5.1(d)", p.Map)
	}
}

func TestSiteLinksGetTheRootThatLeadsThemToFiles(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"handbook/security/a.md":     "---\ntitle: A\n---\n# A\n\nSee [B](/security/sub/b) and [C](/security/c.html) and [gone](/pdfs/x.pdf).\n",
		"handbook/security/c.md":     "---\ntitle: C\n---\n# C\n",
		"handbook/security/sub/b.md": "---\ntitle: B\n---\n# B\n\n[A](/security/a/).\n",
	})
	if len(p.LinkRoots) != 1 || p.LinkRoots[0].Prefix != "/" || p.LinkRoots[0].Dir != "handbook" {
		t.Fatalf("link roots %+v, want / → handbook", p.LinkRoots)
	}
	if !strings.Contains(p.LinkRoots[0].Why, "leads 3 links of the 4") {
		t.Errorf("evidence %q", p.LinkRoots[0].Why)
	}
	if !slices.ContainsFunc(p.Undecided, func(s string) bool { return strings.Contains(s, "/pdfs/x.pdf") }) {
		t.Errorf("the link no root resolves is not named: %q", p.Undecided)
	}
}

func TestTheProposalIsTheSameBytesEveryTime(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	for _, n := range []string{"a", "b", "c", "d", "e", "f"} {
		files["docs/"+n+".md"] = "---\ntitle: " + n + "\nslug: " + n + "\nowner_team: Team " + n + "\n---\n# " + n + "\n"
	}
	first := propose(t, files).YAML()
	for range 5 {
		if again := propose(t, files).YAML(); !bytes.Equal(first, again) {
			t.Fatalf("two proposals differ:\n%s\n---\n%s", first, again)
		}
	}
}

func TestHostileKeysStayInsideCommentsAndQuotes(t *testing.T) {
	t.Parallel()
	doc := "---\ntitle: X\n\"owner\\nroles: [x]\": a\n\"policy_owner\": \"Jane\\n# evil: [\\\"y\\\"]\\u2028z\"\n---\n# X\n"
	p := propose(t, map[string]string{"a.md": doc, "b.md": doc})
	c, err := config.Parse(FileName, p.YAML())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Roles) != 1 || c.Roles[0] != "Jane\n# evil: [\"y\"]\u2028z" {
		t.Errorf("roles %q, want the owner's value as written, one role\n%s", c.Roles, p.YAML())
	}
}

func TestWriteRefusesToOverwriteAndABareRepository(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := Write(dir, true, []byte("x: 1"), false); err == nil {
		t.Error("wrote into a bare repository")
	}
	if _, err := Write(filepath.Join(dir, ".git"), false, []byte("x: 1"), false); err == nil {
		t.Error("wrote into a .git directory")
	}
	dst, err := Write(dir, false, []byte("content: a"), false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(dir, false, []byte("content: b"), false); !errors.Is(err, ErrExists) {
		t.Errorf("second write: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "content: a\n" {
		t.Errorf("file now %q", b)
	}
	if _, err := Write(dir, false, []byte("content: b"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "content: b\n" {
		t.Errorf("after --force the file is %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind %d entries, want only ismspack.yaml", len(entries))
	}
}

func TestFrontMatterIsOptionalWhenTheTextGivesTheFields(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"policies/a.md": "# Access\n\n**Owner:** Jane Doe\n**Version:** 1.2\n\nText.\n",
		"policies/b.md": "---\ntitle: B\nowner: Jane Doe\n---\n# B\n",
	})
	if !p.FrontMatterOptional || !strings.Contains(p.FrontMatterWhy, "1 of 2 documents have no front matter, and 1 of those give control fields in the text") {
		t.Errorf("front_matter optional %v: %q", p.FrontMatterOptional, p.FrontMatterWhy)
	}
	p = propose(t, map[string]string{
		"policies/a.md": "# Notes\n\nJust text.\n",
		"policies/b.md": "---\ntitle: B\nowner: Jane Doe\n---\n# B\n",
	})
	if p.FrontMatterOptional {
		t.Error("front_matter optional proposed, but the file without front matter gives no field in its text either")
	}
}

func TestAComplyStandardsFileTheDocumentsNameIsPutInUse(t *testing.T) {
	t.Parallel()
	std := "name: TSC\nCC6.1:\n  family: CC6\n  name: Logical Access\n  description: x\nCC6.2:\n  family: CC6\n  name: Registration\n  description: y\n"
	p := propose(t, map[string]string{
		"example/standards/TSC-2017.yml": std,
		"example/standards/other.yml":    "name: Other\nX1:\n  family: X\n  name: X\n  description: x\n",
		"example/policies/access.md":     "name: Access\nacronym: AP\nsatisfies:\n  TSC:\n    - CC6.1\n---\n# A\n",
		"example/policies/backup.md":     "name: Backup\nacronym: BP\nsatisfies:\n  TSC: [CC6.2]\n---\n# B\n",
	})
	if !slices.Equal(p.Frameworks, []string{"iso27001-2022-5.1", "example/standards/TSC-2017.yml"}) {
		t.Errorf("frameworks %q, want clause 5.1 and the TSC file the documents name (not the other)", p.Frameworks)
	}
	c, err := config.Parse(FileName, p.YAML())
	if err != nil || len(c.Frameworks) != 2 {
		t.Errorf("frameworks do not load: %v %q", err, c.Frameworks)
	}
}

func TestOfTwoStandardsFilesOfOneNameTheOneWithTheDocumentsIsUsed(t *testing.T) {
	t.Parallel()
	std := "name: TSC\nCC6.1:\n  family: CC6\n  name: Logical Access\n  description: x\n"
	doc := "name: Access\nacronym: AP\nsatisfies:\n  TSC: [CC6.1]\n---\n# A\n"
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"a/standards/TSC.yml": std, "a/policies/access.md": doc, "a/narratives/n.md": "# N\n",
		"b/standards/TSC.yml": std, "b/policies/access.md": doc, "b/narratives/n.md": "# N\n",
	}})
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, _ := repo.Resolve("HEAD")
	p, err := Inspect(repo, c, Options{Content: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Frameworks, []string{"iso27001-2022-5.1", "b/standards/TSC.yml"}) {
		t.Errorf("frameworks %q, want b's own TSC file only", p.Frameworks)
	}
}

func TestTheTemplateLanguageOfMostDocumentsIsProposed(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"source/a.html.md.erb": "---\ntitle: A\n---\n# <%= current_page.data.title %>\n",
		"source/b.html.md.erb": "---\ntitle: B\n---\n# B\n\nOwned by <%= data.owners.b %>.\n",
		"source/c.html.md.erb": "---\ntitle: C\n---\n# C {{ page.title }}\n",
	})
	if p.Template != "erb" || !strings.Contains(p.TemplateWhy, "in 2 of 3 documents") {
		t.Errorf("template %q: %q, want erb in 2 of 3", p.Template, p.TemplateWhy)
	}
	if p.Organisation != "" {
		t.Errorf("organisation %q proposed without a comply.yml", p.Organisation)
	}
}

func TestComplyTemplatesAreComplysWithTheOrganisationFromComplyYML(t *testing.T) {
	t.Parallel()
	p := propose(t, map[string]string{
		"example/comply.yml.example": "name: \"Acme\"\nfilePrefix: \"Acme\"\n",
		"example/policies/a.md":      "name: Access\nacronym: AP\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# A\n\n{{.Name}} grants access.\n",
		"example/narratives/n.md":    "name: Narrative\nacronym: N\n---\n# N\n",
	})
	if p.Template != "comply" || p.Organisation != "Acme" {
		t.Errorf("template %q, organisation %q: want comply and Acme from comply.yml.example", p.Template, p.Organisation)
	}
	p = propose(t, map[string]string{
		"theme/policies/a.md":   "name: Access\nacronym: AP\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# A\n\n{{.Name}} grants access.\n",
		"theme/narratives/n.md": "name: Narrative\nacronym: N\n---\n# N\n",
	})
	if p.Template != "comply" || p.Organisation != "" || !slices.ContainsFunc(p.Undecided, func(s string) bool { return strings.HasPrefix(s, "organisation:") }) {
		t.Errorf("template %q, organisation %q, undecided %q: want comply, and the organisation left to the user", p.Template, p.Organisation, p.Undecided)
	}
}

package document

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

const policy = `---
id: ISMS-POL-001
title: Information Security Policy
owner: Chief Executive Officer
version: 1.10
status: approved
requirements: [5.1(a), "5.1(d)"]
review_in: 6 months
---
# Information Security Policy

See the [plan](../plans/comms.md#audience) and [top](#scope).

## Scope

Text with <!-- a comment --> inside.
`

func TestVersionKeptAsWritten(t *testing.T) {
	d := Parse("content/policies/isp.md", []byte(policy), Options{})
	if d.Meta.Version != "1.10" {
		t.Errorf("version = %q, want 1.10 as written", d.Meta.Version)
	}
	if len(d.Problems) != 0 {
		t.Errorf("problems: %+v", d.Problems)
	}
}

func TestFieldsKeepTheirLines(t *testing.T) {
	d := Parse("content/policies/isp.md", []byte(policy), Options{})
	f, ok := d.Meta.FieldFor("version")
	if !ok || f.KeyPos != (Pos{5, 1}) || f.ValuePos != (Pos{5, 10}) {
		t.Errorf("version field at %v/%v, want 5:1 and 5:10", f.KeyPos, f.ValuePos)
	}
	if got := strings.Join(d.Meta.Requirements, ","); got != "5.1(a),5.1(d)" {
		t.Errorf("requirements = %s", got)
	}
}

func TestUnknownKeysKeptAndAliasesApplied(t *testing.T) {
	d := Parse("content/policies/isp.md", []byte(policy), Options{})
	if len(d.Meta.Extra) != 1 || d.Meta.Extra[0].Key != "review_in" {
		t.Errorf("extra = %+v, want review_in kept", d.Meta.Extra)
	}
	d = Parse("content/policies/isp.md", []byte(policy), Options{Aliases: map[string][]string{"review_interval": {"review_in"}}})
	if d.Meta.ReviewInterval != "6 months" || len(d.Meta.Extra) != 0 {
		t.Errorf("alias not applied: interval %q, extra %+v", d.Meta.ReviewInterval, d.Meta.Extra)
	}
}

func TestLinksKeepTheirDestinationAndPlace(t *testing.T) {
	d := Parse("content/policies/isp.md", []byte(policy), Options{})
	if len(d.Links) != 2 {
		t.Fatalf("links = %d, want 2", len(d.Links))
	}
	if l := d.Links[0]; l.Dest != "../plans/comms.md#audience" || l.Pos != (Pos{12, 9}) {
		t.Errorf("link = %q at %v, want ../plans/comms.md#audience at 12:9", l.Dest, l.Pos)
	}
	if d.Links[1].Dest != "#scope" {
		t.Errorf("anchor link = %q", d.Links[1].Dest)
	}
}

func TestAnchorsNameHeadingsAndFootnotes(t *testing.T) {
	src := "---\nid: X\n---\n# Scope\n\nText[^a] and again[^a], then[^b].\n\n[^a]: First.\n[^b]: Second.\n[^c]: Never cited.\n"
	d := Parse("content/x.md", []byte(src), Options{})
	want := map[string]Anchor{
		"scope":    {Heading: true},
		"fn:1":     {Footnote: 1},
		"fn:2":     {Footnote: 2},
		"fnref:1":  {Footnote: 1, Ref: true},
		"fnref1:1": {Footnote: 1, Ref: true},
		"fnref:2":  {Footnote: 2, Ref: true},
	}
	if len(d.Anchors) != len(want) {
		t.Errorf("anchors = %v, want %v", d.Anchors, want)
	}
	for id, a := range want {
		if d.Anchors[id] != a {
			t.Errorf("anchor %s = %+v, want %+v", id, d.Anchors[id], a)
		}
	}
	if got := Anchors(d.AST()); len(got) != len(d.Anchors) {
		t.Errorf("Anchors(AST) = %v, want what Parse found", got)
	}
}

func TestHeadingsHaveIDsAndLines(t *testing.T) {
	d := Parse("content/policies/isp.md", []byte(policy), Options{})
	if len(d.Headings) != 2 || d.Headings[1].ID != "scope" || d.Headings[1].Pos.Line != 14 {
		t.Errorf("headings = %+v", d.Headings)
	}
}

func TestYAMLErrorPointsAtFileLine(t *testing.T) {
	src := "---\nid: X\ntitle: [unclosed\nowner: me\n---\nbody\n"
	d := Parse("content/x.md", []byte(src), Options{})
	if len(d.Problems) == 0 || d.Problems[0].Rule != "front-matter-invalid" || d.Problems[0].Pos.Line < 3 {
		t.Fatalf("problems = %+v, want front-matter-invalid at line 3 or later", d.Problems)
	}
}

func TestUnclosedFrontMatterIsReported(t *testing.T) {
	d := Parse("content/x.md", []byte("---\nid: X\ntitle: Y\n# Heading\n"), Options{})
	if len(d.Problems) != 1 || !strings.Contains(d.Problems[0].Message, "never closed") {
		t.Fatalf("problems = %+v", d.Problems)
	}
}

func TestMissingFrontMatterSaysHowToFix(t *testing.T) {
	d := Parse("content/x.md", []byte("# Just a heading\n"), Options{})
	if len(d.Problems) != 1 || d.Problems[0].Rule != "front-matter-missing" || !strings.Contains(d.Problems[0].Message, "---") {
		t.Fatalf("problems = %+v", d.Problems)
	}
	if d.Title != "Just a heading" {
		t.Errorf("title = %q, want the first heading", d.Title)
	}
}

func TestTOMLAndJSONKeepVersionText(t *testing.T) {
	for name, src := range map[string]string{
		"toml": "+++\nid = \"A\"\nversion = 1.10\ntitle = \"T\"\n+++\nbody\n",
		"json": "---json\n{\"id\": \"A\",\n \"version\": 1.10, \"title\": \"T\"}\n---\nbody\n",
	} {
		d := Parse("content/x.md", []byte(src), Options{})
		if d.Meta.Version != "1.10" || d.Meta.ID != "A" || len(d.Problems) != 0 {
			t.Errorf("%s: version %q id %q problems %+v", name, d.Meta.Version, d.Meta.ID, d.Problems)
		}
		f, _ := d.Meta.FieldFor("version")
		if f.KeyPos.Line != 3 {
			t.Errorf("%s: version at line %d, want 3", name, f.KeyPos.Line)
		}
	}
}

func TestHostileBytesAreProblemsNotPanics(t *testing.T) {
	for _, src := range []string{"\xff\xfe-\x00-\x00", "---\nid: \x00\n---\n", "ok\n\xc3\x28 bad", "---\n: : :\n---\n", "---\n- a\n- b\n---\n", "{\n\"a\": \n"} {
		d := Parse("content/x.md", []byte(src), Options{})
		if len(d.Problems) == 0 {
			t.Errorf("%q: no problem reported", src)
		}
	}
}

func TestDatesReadTheUnambiguousWays(t *testing.T) {
	for _, s := range []string{"2026-11-28", "28 November 2026", "November 28, 2026", "Nov 28th, 2026"} {
		if tm, ok := ParseDate(s); !ok || tm.Format("2006-01-02") != "2026-11-28" {
			t.Errorf("%q read as %v %v", s, tm, ok)
		}
	}
	if _, ok := ParseDate("03/04/2025"); ok {
		t.Error("ambiguous 03/04/2025 accepted")
	}
}

func TestBodyAliasesReadLabelledLines(t *testing.T) {
	src := "---\ntitle: Access control policy\n---\n\n# Access control policy\n\n- **Policy owner:** Pedro Piñera\n- **Effective Date:** 03.01.2025\n\n## Purpose\n\nPolicy owner: not this one\n"
	aliases := map[string][]string{"owner": {"policy_owner", "body:Policy owner"}, "last_reviewed": {"body:effective date"}}
	d := Parse("content/x.md", []byte(src), Options{Aliases: aliases})
	if d.Meta.Owner != "Pedro Piñera" {
		t.Errorf("owner = %q", d.Meta.Owner)
	}
	f, _ := d.Meta.FieldFor("owner")
	if f.ValuePos != (Pos{7, 21}) || f.KeyPos != (Pos{7, 5}) || f.Origin != FromLabel {
		t.Errorf("owner label at %v, value at %v, from %v; want 7:5, 7:21, a labelled line", f.KeyPos, f.ValuePos, f.Origin)
	}
	if got := d.Meta.LastReviewed.String(); got != "2025-01-03" {
		t.Errorf("last reviewed = %q, want 2025-01-03 (dotted dates are day first)", got)
	}
	if len(d.Problems) != 1 || d.Problems[0].Rule != "field-invalid" || d.Problems[0].Pos != (Pos{12, 1}) {
		t.Errorf("problems: %+v, want the second, different owner at 12:1 reported", d.Problems)
	}
	r := ParseRevision("content/x.md", []byte(src), Options{Aliases: aliases}, "owner")
	if r.Values["owner"] != "Pedro Piñera" {
		t.Errorf("revision owner = %q: the fast path must defer body aliases to Parse", r.Values["owner"])
	}
}

// labelled is a document without front matter whose control fields are
// written in the text in the ways handbooks write them.
const labelled = `# Acceptable Use Policy

**Policy Owner:** Head of IT
*Version*: 1.2

- Status: Approved
- Document ID: AUP-001

Text of the policy. Status: this sentence is not read.

` + "```" + `
Classification: restricted
` + "```" + `

    Approved by: an indented example

` + "`Last reviewed: 2020-01-01`" + ` (an example)

Last reviewed: 2 March 2026
`

func TestLabelledLinesAnywhereInTheText(t *testing.T) {
	d := Parse("content/aup.md", []byte(labelled), Options{Aliases: map[string][]string{"owner": {"Policy Owner"}}})
	want := map[string]string{"owner": "Head of IT", "version": "1.2", "status": "approved", "id": "AUP-001", "last_reviewed": "2 March 2026", "classification": "", "approved_by": ""}
	for k, v := range want {
		if got := d.Meta.Value(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	for name, at := range map[string]Pos{"owner": {3, 3}, "version": {4, 2}, "status": {6, 3}, "last_reviewed": {19, 1}} {
		f, ok := d.Meta.FieldFor(name)
		if !ok || f.KeyPos != at || f.Origin != FromLabel {
			t.Errorf("%s at %v from %v, want %v from a labelled line", name, f.KeyPos, f.Origin, at)
		}
	}
	if d.Title != "Acceptable Use Policy" {
		t.Errorf("title = %q, want the first heading", d.Title)
	}
}

func TestFrontMatterWinsOverTheText(t *testing.T) {
	src := "---\nowner: CISO\n---\n# P\n\nOwner: Someone else\nVersion: 1.0\n"
	d := Parse("content/p.md", []byte(src), Options{})
	if f, _ := d.Meta.FieldFor("owner"); d.Meta.Owner != "CISO" || f.Origin != FromFrontMatter {
		t.Errorf("owner = %q from %v, want CISO from the front matter", d.Meta.Owner, f.Origin)
	}
	if d.Meta.Version != "1.0" {
		t.Errorf("version = %q, want 1.0 from the text where the front matter is silent", d.Meta.Version)
	}
	if len(d.Problems) != 0 {
		t.Errorf("problems: %+v", d.Problems)
	}
}

func TestProseIsNotReadAsALabel(t *testing.T) {
	src := "# P\n\n- Type: laptops and phones\n- Requirements: encrypted disks\n\nClassification: information shall be classified by its owner according to the sensitivity of what it holds and the harm its loss would do.\n\nThe policy is kept by the document\nowner: the security team.\n\nNote: see the annex.\n\n- **Policy Owner:** Responsible for overseeing the implementation of the policy.\n"
	d := Parse("content/p.md", []byte(src), Options{})
	if len(d.BodyFields) != 0 {
		t.Errorf("read %+v from prose", d.BodyFields)
	}
}

func TestKeyValueTablesAreRead(t *testing.T) {
	src := "# P\n\n| Field | Value |\n|---|---|\n| Owner | Jane Doe |\n| **Version:** | 2.1 |\n| Pages | 4 |\n\n| Role | Duty |\n|---|---|\n| Owner | keeps the policy |\n| Reader | reads it |\n| Editor | edits it |\n\n| Item | Note |\n|---|---|---|\n| a | **Status:** Draft |\n"
	d := Parse("content/p.md", []byte(src), Options{})
	if d.Meta.Owner != "Jane Doe" || d.Meta.Version != "2.1" {
		t.Errorf("owner %q version %q, want Jane Doe and 2.1 from the key/value table", d.Meta.Owner, d.Meta.Version)
	}
	if f, _ := d.Meta.FieldFor("version"); f.Origin != FromTable || f.KeyPos != (Pos{6, 5}) || f.ValuePos != (Pos{6, 18}) {
		t.Errorf("version at %v/%v from %v, want 6:5/6:18 from a table row", f.KeyPos, f.ValuePos, f.Origin)
	}
	if d.Meta.Status != Draft {
		t.Errorf("status = %q, want draft from the labelled cell", d.Meta.Status)
	}
	for _, pr := range d.Problems {
		if pr.Rule != "front-matter-missing" {
			t.Errorf("problem %+v: the roles table is not a key/value table", pr)
		}
	}
}

// BenchmarkParseManyKeys parses front matter of many keys at two sizes
// per syntax: the time doubles with the keys (it quadrupled with
// goccy/go-yaml's parser: 10k/20k/40k keys took 0.48/1.35/4.72 s).
func BenchmarkParseManyKeys(b *testing.B) {
	for _, syntax := range []string{"yaml", "toml", "json"} {
		for _, n := range []int{20_000, 40_000} {
			var sb strings.Builder
			switch syntax {
			case "yaml":
				sb.WriteString("---\nid: X\n")
				for i := range n {
					fmt.Fprintf(&sb, "k%d: v\n", i)
				}
				sb.WriteString("---\n# X\n")
			case "toml":
				sb.WriteString("+++\nid = \"X\"\n")
				for i := range n {
					fmt.Fprintf(&sb, "k%d = \"v\"\n", i)
				}
				sb.WriteString("+++\n# X\n")
			case "json":
				sb.WriteString(";;;\n{\"id\": \"X\"")
				for i := range n {
					fmt.Fprintf(&sb, ",\n\"k%d\": \"v\"", i)
				}
				sb.WriteString("}\n;;;\n# X\n")
			}
			src := []byte(sb.String())
			b.Run(fmt.Sprintf("%s/%d", syntax, n), func(b *testing.B) {
				for b.Loop() {
					d := Parse("content/x.md", src, Options{})
					if len(d.Meta.Extra) != n {
						b.Fatalf("%d extra fields, want %d: %v", len(d.Meta.Extra), n, d.Problems)
					}
				}
			})
		}
	}
}

func TestEmptyFirstHeadingFallsBackToTheID(t *testing.T) {
	for src, want := range map[string]string{
		"---\nid: POL-9\n---\n#\n\nText\n":   "POL-9",
		"---\nowner: x\n---\n#   \n\nText\n": "Access rules",
	} {
		d := Parse("content/access-rules.md", []byte(src), Options{})
		if d.Title != want {
			t.Errorf("%q: title %q, want %q", src, d.Title, want)
		}
		if len(d.Problems) != 1 || d.Problems[0].Rule != "heading-empty" || d.Problems[0].Pos.Line != 4 {
			t.Errorf("%q: problems %+v, want one heading-empty at line 4", src, d.Problems)
		}
	}
}

// TestMapFieldsKeepWrittenOrder: a map-valued field reads in the order it
// was written in every syntax, every time, so two builds of one document
// give the same bytes.
func TestMapFieldsKeepWrittenOrder(t *testing.T) {
	want := []string{"zeta", "alpha", "mike", "delta", "kilo", "bravo", "yankee", "echo"}
	var yml, tml, jsn strings.Builder
	yml.WriteString("---\nid: X\nextra:\n")
	tml.WriteString("+++\nid = \"X\"\nextra = {")
	jsn.WriteString(";;;\n{\"id\": \"X\", \"extra\": {")
	for i, k := range want {
		fmt.Fprintf(&yml, "  %s: %d\n", k, i)
		sep := ", "
		if i == len(want)-1 {
			sep = ""
		}
		fmt.Fprintf(&tml, "%s = %d%s", k, i, sep)
		fmt.Fprintf(&jsn, "%q: %d%s", k, i, sep)
	}
	yml.WriteString("---\n# X\n")
	tml.WriteString("}\n+++\n# X\n")
	jsn.WriteString("}}\n;;;\n# X\n")
	for _, src := range []string{yml.String(), tml.String(), jsn.String()} {
		for range 20 {
			d := Parse("content/x.md", []byte(src), Options{})
			f, ok := d.Field("extra")
			if !ok || f.Kind != Map {
				t.Fatalf("%q: no map field extra: %+v", src, d.Problems)
			}
			var got []string
			for i, e := range f.Map {
				got = append(got, e.Key)
				if e.Value != fmt.Sprint(i) {
					t.Fatalf("%q: %s = %q, want %d", src, e.Key, e.Value, i)
				}
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("%.12q: keys in order %v, want %v as written", src, got, want)
			}
		}
	}
}

// TestLabelsDocumented holds docs/rules.md to the schema: each field's
// labels are listed there as the schema has them.
func TestLabelsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range Fields {
		row := "| " + spec.Name + " | " + strings.Join(spec.Labels, ", ") + " |"
		if len(spec.Labels) == 0 {
			row = "| " + spec.Name + " | (aliases only) |"
		}
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/rules.md lacks the row %s", row)
		}
	}
}

func TestHTMLKeyValueTablesAreRead(t *testing.T) {
	src := "# P\n\n<table>\n  <tr><th>Owner</th><td>Jane &amp; John</td></tr>\n  <tr><td>Version</td>\n      <td>1.2</td></tr>\n\n  <tr><td>Last reviewed:</td><td>2026-01-05</td></tr>\n</table>\n\n<table><tr><td>Role</td><td>Duty</td></tr><tr><td>Owner</td><td>keeps it</td></tr><tr><td>Reader</td><td>reads it</td></tr></table>\n\n<table><tr><td>x</td><td>y</td><td><b>Status:</b> Draft</td></tr></table>\n"
	d := Parse("content/p.md", []byte(src), Options{})
	for k, v := range map[string]string{"owner": "Jane & John", "version": "1.2", "last_reviewed": "2026-01-05", "status": "draft"} {
		if got := d.Meta.Value(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if f, _ := d.Meta.FieldFor("version"); f.Origin != FromTable || f.KeyPos != (Pos{5, 11}) || f.ValuePos != (Pos{6, 11}) {
		t.Errorf("version at %v/%v from %v, want 5:11/6:11 from a table row", f.KeyPos, f.ValuePos, f.Origin)
	}
	for _, pr := range d.Problems {
		if pr.Rule != "front-matter-missing" {
			t.Errorf("problem %+v: the roles table is not a key/value table", pr)
		}
	}
}

func TestPandocTitleBlockIsFrontMatter(t *testing.T) {
	src := "% Access Control\n  Policy\n%\n% 2 March 2026\n\n# Purpose\n\nOwner: Head of IT\n"
	d := Parse("content/p.md", []byte(src), Options{Aliases: map[string][]string{"last_reviewed": {"date"}}})
	if d.Format != PandocTitle || d.Title != "Access Control Policy" || d.Meta.LastReviewed.String() != "2026-03-02" {
		t.Errorf("format %q, title %q, reviewed %q; want pandoc, Access Control Policy, 2026-03-02", d.Format, d.Title, d.Meta.LastReviewed)
	}
	if f, _ := d.Meta.FieldFor("last_reviewed"); f.Origin != FromTitleBlock || f.ValuePos != (Pos{4, 3}) {
		t.Errorf("date at %v from %v, want 4:3 from the title block", f.ValuePos, f.Origin)
	}
	if _, ok := d.Field("author"); ok {
		t.Error("an empty author line gave an author")
	}
	if d.Meta.Owner != "Head of IT" || len(d.Problems) != 0 {
		t.Errorf("owner %q, problems %+v: the text after a title block is the body", d.Meta.Owner, d.Problems)
	}
	if h := d.Headings; len(h) != 1 || h[0].Pos != (Pos{6, 3}) {
		t.Errorf("headings %+v, want Purpose at 6:3", h)
	}
}

func TestPandocMetadataBlocks(t *testing.T) {
	for name, src := range map[string]string{
		"closed by ...":   "---\ntitle: Access\nversion: \"1.2\"\n...\n\n# Access\n\n---\n\nText.\n",
		"after the title": "% Access\n---\nversion: \"1.2\"\n---\n# Access\n",
		"title then dots": "% Access\n---\nversion: \"1.2\"\n...\n# Access\n",
	} {
		d := Parse("content/p.md", []byte(src), Options{})
		if d.Meta.Title != "Access" || d.Meta.Version != "1.2" || len(d.Problems) != 0 {
			t.Errorf("%s: title %q version %q problems %+v", name, d.Meta.Title, d.Meta.Version, d.Problems)
		}
		if !strings.HasPrefix(string(d.Body), "\n# Access") && !strings.HasPrefix(string(d.Body), "# Access") {
			t.Errorf("%s: body %q, want it to start at the heading", name, d.Body)
		}
	}
}

func TestFrontMatterOptionalWhenTheTextGivesFields(t *testing.T) {
	rules := func(src string, opt Options) []string {
		var out []string
		for _, p := range Parse("content/p.md", []byte(src), opt).Problems {
			out = append(out, p.Rule)
		}
		return out
	}
	withLabels, without := "# P\n\nOwner: Head of IT\n", "# P\n\nText.\n"
	if got := rules(withLabels, Options{FrontMatterOptional: true}); len(got) != 0 {
		t.Errorf("optional, with a labelled line: %v, want nothing", got)
	}
	for _, c := range []struct {
		src string
		opt Options
	}{{without, Options{FrontMatterOptional: true}}, {withLabels, Options{}}, {without, Options{}}} {
		if got := rules(c.src, c.opt); len(got) != 1 || got[0] != "front-matter-missing" {
			t.Errorf("%q optional=%v: %v, want front-matter-missing", c.src, c.opt.FrontMatterOptional, got)
		}
	}
}

func TestFieldsSayWhereTheyCameFrom(t *testing.T) {
	src := "name: Access Policy\nmajorRevisions:\n  - date: Jun 1 2018\n    comment: Initial document\n---\n# Access\n\n**Owner:** Head of IT\n"
	d := Parse("content/access.md", []byte(src), Options{Aliases: map[string][]string{"title": {"name"}}})
	for field, want := range map[string]Origin{"title": FromFrontMatter, "owner": FromLabel, "last_reviewed": FromRevisionHistory} {
		if f, ok := d.Meta.FieldFor(field); !ok || f.Origin != want {
			t.Errorf("%s from %v (%v), want %v", field, f.Origin, ok, want)
		}
	}
}

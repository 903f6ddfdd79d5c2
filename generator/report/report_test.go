package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/report"
)

// findings covers the shapes a report must handle: a positioned error, a
// warning, an accepted (suppressed) finding, a note, a file-level finding
// with no line, a finding about the ISMS on its config file, and text that
// needs escaping in every format.
func findings() []check.Finding {
	fs := []check.Finding{
		{Path: "content/a.md", Line: 3, Col: 5, Rule: "field-missing", Severity: check.Error, Message: "missing owner: add it to the front matter"},
		{Path: "content/a.md", Line: 9, Col: 1, Rule: "field-missing", Severity: check.Error, Message: "missing version: add it"},
		{Path: "content/a.md", Line: 12, Col: 2, Rule: "raw-html", Severity: check.Warning, Message: `raw HTML "<kbd>" & <b> 100%, a:b` + "\nsecond line \x01"},
		{Path: "content/b.md", Line: 7, Col: 16, Rule: "review-overdue", Severity: check.Error, Message: "review overdue", Suppressed: true, Reason: "moved to July by the board"},
		{Path: "content/b.md", Line: 1, Col: 1, Rule: "review-due-soon", Severity: check.Info, Message: "review due 2026-06-20"},
		{Path: "content/lfs.md", Rule: "file-unreadable", Severity: check.Error, Message: "is a Git LFS pointer"},
		{Path: "ismspack.yaml", Rule: "coverage-gap", Severity: check.Error, Message: "5.1(c): no document evidences it"},
	}
	for i := range fs {
		fs[i].URL = check.DocsURL + fs[i].Rule
	}
	check.Sort(fs)
	return fs
}

func options() report.Options {
	return report.Options{Rules: check.Rules(), Docs: []string{"content/a.md", "content/b.md", "content/c.md"}, Version: "v1.2.3"}
}

func write(t *testing.T, format string, fs []check.Finding, o report.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(&b, format, fs, o); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.String()
}

func TestLineFormatIsPathLineColSeverityRuleMessage(t *testing.T) {
	got := write(t, "line", findings()[:1], options())
	want := "content/a.md:3:5: error: field-missing: missing owner: add it to the front matter\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	out := write(t, "line", findings(), options())
	if n := strings.Count(out, "\n"); n != len(findings()) {
		t.Errorf("%d lines for %d findings: a message's newline must not split a finding", n, len(findings()))
	}
	for _, want := range []string{
		"content/b.md:7:16: error: review-overdue: review overdue [accepted: moved to July by the board]\n",
		"content/lfs.md: error: file-unreadable: is a Git LFS pointer\n",
		"ismspack.yaml: error: coverage-gap: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("line output lacks %q:\n%s", want, out)
		}
	}
}

func TestTextGroupsByFileAndShowsAcceptedFindings(t *testing.T) {
	out := write(t, "text", findings(), options())
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes without a terminal")
	}
	for _, want := range []string{"content/a.md\n", "  3:5     error    missing owner", "accepted", "reason: moved to July by the board", "4 errors, 1 warnings, 1 notes\n", `raw HTML "<kbd>" & <b> 100%, a:b second line`} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
	o := options()
	o.Color = true
	if !strings.Contains(write(t, "text", findings(), o), "\x1b[31merror\x1b[0m") {
		t.Error("no colour on a terminal")
	}
}

func TestJSONCarriesSeverityAndSuppression(t *testing.T) {
	var got []map[string]any
	if err := json.Unmarshal([]byte(write(t, "json", findings(), options())), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(findings()) {
		t.Fatalf("%d findings, want %d", len(got), len(findings()))
	}
	b := got[4]
	if b["path"] != "content/b.md" || b["severity"] != "error" || b["suppressed"] != true || b["reason"] != "moved to July by the board" ||
		b["url"] != check.DocsURL+"review-overdue" || b["line"] != 7.0 || b["column"] != 16.0 {
		t.Errorf("suppressed finding as JSON: %v", b)
	}
	if _, ok := got[5]["line"]; ok || got[5]["rule"] != "file-unreadable" {
		t.Errorf("a finding with no line has one in JSON: %v", got[5])
	}
}

// TestSARIFIsStructurallyValid checks what SARIF 2.1.0 and code scanning
// need: the version, a driver with rules that each carry an ID, a short
// description, a help URI and a default level; results that name a
// registered rule by ID and index, with a level, a message and a physical
// location whose region has a start line (code scanning places nothing
// without one); and accepted findings marked as suppressed in source with
// their reason.
func TestSARIFIsStructurallyValid(t *testing.T) {
	type region struct {
		StartLine   *int `json:"startLine"`
		StartColumn int  `json:"startColumn"`
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID               string `json:"id"`
						ShortDescription struct {
							Text string `json:"text"`
						} `json:"shortDescription"`
						HelpURI string `json:"helpUri"`
						Default struct {
							Level string `json:"level"`
						} `json:"defaultConfiguration"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					Physical struct {
						Artifact struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region *region `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				Suppressions []struct {
					Kind          string `json:"kind"`
					Justification string `json:"justification"`
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	out := write(t, "sarif", findings(), options())
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("SARIF does not decode into the expected shape: %v", err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-2.1.0") || len(log.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "ismspack" || d.Version != "v1.2.3" || d.InformationURI == "" {
		t.Errorf("driver %+v", d)
	}
	levels := map[string]bool{"error": true, "warning": true, "note": true}
	if len(d.Rules) != len(check.Rules()) {
		t.Errorf("%d rules, want every registered rule (%d)", len(d.Rules), len(check.Rules()))
	}
	for _, r := range d.Rules {
		if r.ID == "" || r.ShortDescription.Text == "" || r.HelpURI != check.DocsURL+r.ID || !levels[r.Default.Level] {
			t.Errorf("rule %+v", r)
		}
	}
	if len(run.Results) != len(findings()) {
		t.Fatalf("%d results, want %d", len(run.Results), len(findings()))
	}
	for i, res := range run.Results {
		f := findings()[i]
		if res.RuleIndex == nil || *res.RuleIndex >= len(d.Rules) || d.Rules[*res.RuleIndex].ID != res.RuleID || res.RuleID != f.Rule {
			t.Errorf("result %d: ruleId %q does not match its ruleIndex", i, res.RuleID)
		}
		if !levels[res.Level] || res.Message.Text != f.Message || len(res.Locations) != 1 {
			t.Errorf("result %d: level %q, message %q, %d locations", i, res.Level, res.Message.Text, len(res.Locations))
			continue
		}
		loc := res.Locations[0].Physical
		if loc.Artifact.URI != f.Path || loc.Region == nil || loc.Region.StartLine == nil || *loc.Region.StartLine < 1 {
			t.Errorf("result %d: location %+v", i, loc)
			continue
		}
		if f.Line > 0 && (*loc.Region.StartLine != f.Line || loc.Region.StartColumn != f.Col) {
			t.Errorf("result %d: region %d:%d, want %d:%d", i, *loc.Region.StartLine, loc.Region.StartColumn, f.Line, f.Col)
		}
		if f.Suppressed != (len(res.Suppressions) == 1) || f.Suppressed && (res.Suppressions[0].Kind != "inSource" || res.Suppressions[0].Justification != f.Reason) {
			t.Errorf("result %d: suppressions %+v for suppressed=%v", i, res.Suppressions, f.Suppressed)
		}
	}
	if run.Results[3].RuleID != "review-due-soon" || run.Results[3].Level != "note" {
		t.Errorf("an info finding is SARIF level %q, want note", run.Results[3].Level)
	}
	var b bytes.Buffer
	if err := report.Write(&b, "sarif", findings(), report.Options{}); err == nil {
		t.Error("a finding of a rule the driver does not list was accepted")
	}
}

// TestJUnitHasOneCasePerDocumentAndRule checks the XML is well formed and
// that each document gets a suite with a case per rule: failed when the
// rule reported there, skipped when the finding was accepted, passed
// otherwise, even for a document with no findings at all.
func TestJUnitHasOneCasePerDocumentAndRule(t *testing.T) {
	out := write(t, "junit", findings(), options())
	if !strings.HasPrefix(out, xml.Header) {
		t.Error("no XML declaration")
	}
	dec := xml.NewDecoder(strings.NewReader(out))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, out)
		}
	}
	type tcase struct {
		Name      string `xml:"name,attr"`
		Classname string `xml:"classname,attr"`
		Failure   *struct {
			Message string `xml:"message,attr"`
			Type    string `xml:"type,attr"`
			Text    string `xml:",chardata"`
		} `xml:"failure"`
		Skipped *struct {
			Message string `xml:"message,attr"`
		} `xml:"skipped"`
		SystemOut string `xml:"system-out"`
	}
	var doc struct {
		XMLName  xml.Name
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string  `xml:"name,attr"`
			Tests    int     `xml:"tests,attr"`
			Failures int     `xml:"failures,attr"`
			Skipped  int     `xml:"skipped,attr"`
			Cases    []tcase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	rules := len(check.Rules())
	var names []string
	for _, s := range doc.Suites {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "content/a.md content/b.md content/c.md content/lfs.md ismspack.yaml" {
		t.Fatalf("suites %s: want the documents in order, then the other paths sorted", got)
	}
	total, failures := 0, 0
	for _, s := range doc.Suites {
		want := rules
		if !strings.HasPrefix(s.Name, "content/") || s.Name == "content/lfs.md" {
			want = 1 // not a document: only the rule that reported there
		}
		if len(s.Cases) != want || s.Tests != want {
			t.Errorf("%s: %d cases (tests=%d), want %d", s.Name, len(s.Cases), s.Tests, want)
		}
		total += s.Tests
		failures += s.Failures
		seen := map[string]bool{}
		for _, c := range s.Cases {
			if seen[c.Name] || c.Classname != s.Name {
				t.Errorf("%s: case %s repeated or misfiled (%s)", s.Name, c.Name, c.Classname)
			}
			seen[c.Name] = true
		}
	}
	if doc.Tests != total || doc.Failures != failures || failures != 4 {
		t.Errorf("totals tests=%d failures=%d, suites add up to %d and %d; want 4 failures (field-missing and raw-html on a.md, lfs.md, ismspack.yaml)", doc.Tests, doc.Failures, total, failures)
	}
	a := doc.Suites[0]
	for _, c := range a.Cases {
		switch c.Name {
		case "field-missing":
			if c.Failure == nil || c.Failure.Type != "field-missing" || strings.Count(c.Failure.Text, "\n") != 2 ||
				!strings.Contains(c.Failure.Text, "content/a.md:9:1: error: missing version") {
				t.Errorf("field-missing on a.md: %+v", c.Failure)
			}
		case "raw-html":
			if c.Failure == nil || !strings.Contains(c.Failure.Message, `"<kbd>" & <b> 100%`) {
				t.Errorf("raw-html on a.md: %+v", c.Failure)
			}
		default:
			if c.Failure != nil || c.Skipped != nil {
				t.Errorf("%s on a.md should pass: %+v", c.Name, c)
			}
		}
	}
	b := doc.Suites[1]
	if b.Skipped != 1 || b.Failures != 0 {
		t.Errorf("b.md: %d skipped, %d failures; want the accepted finding skipped and the note not failing", b.Skipped, b.Failures)
	}
	for _, c := range b.Cases {
		if c.Name == "review-overdue" && (c.Skipped == nil || c.Skipped.Message != "accepted: moved to July by the board") {
			t.Errorf("accepted review-overdue: %+v", c)
		}
		if c.Name == "review-due-soon" && (c.Failure != nil || !strings.Contains(c.SystemOut, "review due 2026-06-20")) {
			t.Errorf("a note fails its case or is lost: %+v", c)
		}
	}
}

func TestGitHubAnnotationsUseWorkflowCommands(t *testing.T) {
	out := write(t, "github", findings(), options())
	want := strings.Join([]string{
		"::error file=content/a.md,line=3,col=5,title=field-missing::missing owner: add it to the front matter",
		"::error file=content/a.md,line=9,col=1,title=field-missing::missing version: add it",
		"::warning file=content/a.md,line=12,col=2,title=raw-html::raw HTML \"<kbd>\" & <b> 100%25, a:b%0Asecond line \x01",
		"::notice file=content/b.md,line=1,col=1,title=review-due-soon::review due 2026-06-20",
		"::error file=content/lfs.md,title=file-unreadable::is a Git LFS pointer",
		"::error file=ismspack.yaml,title=coverage-gap::5.1(c): no document evidences it",
	}, "\n") + "\n"
	if out != want {
		t.Errorf("got:\n%s\nwant:\n%s", out, want)
	}
	var b bytes.Buffer
	f := check.Finding{Path: "content/x,y:z.md", Line: 1, Col: 1, Rule: "raw-html", Severity: check.Warning, Message: "m"}
	if err := report.Write(&b, "github", []check.Finding{f}, report.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "::warning file=content/x%2Cy%3Az.md,line=1,col=1,title=raw-html::m\n" {
		t.Errorf("properties not escaped: %q", got)
	}
}

func TestUnknownFormatNamesTheFormats(t *testing.T) {
	err := report.Write(io.Discard, "xml", nil, report.Options{})
	if err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("error %v", err)
	}
}

func TestEmptyReports(t *testing.T) {
	if out := write(t, "json", nil, options()); strings.TrimSpace(out) != "[]" {
		t.Errorf("json with no findings: %q, want []", out)
	}
	if out := write(t, "sarif", nil, options()); !strings.Contains(out, `"results": []`) {
		t.Errorf("sarif with no findings must still list results: %s", out)
	}
	if out := write(t, "line", nil, options()); out != "" {
		t.Errorf("line with no findings: %q", out)
	}
}

func TestRulesListing(t *testing.T) {
	var b bytes.Buffer
	if err := report.WriteRules(&b, "json", check.Rules()); err != nil {
		t.Fatal(err)
	}
	var rules []struct{ ID, Severity, Doc, URL string }
	if err := json.Unmarshal(b.Bytes(), &rules); err != nil {
		t.Fatal(err)
	}
	if len(rules) != len(check.Rules()) || rules[0].URL != check.DocsURL+rules[0].ID || rules[0].Doc == "" {
		t.Errorf("rules json: %+v", rules[:1])
	}
	b.Reset()
	if err := report.WriteRules(&b, "text", check.Rules()); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n != len(check.Rules()) {
		t.Errorf("%d lines of rules, want %d", n, len(check.Rules()))
	}
}

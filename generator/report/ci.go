package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"

	"github.com/ismspack/ismspack/generator/check"
)

// SARIF 2.1.0, the format code-scanning services turn into annotations.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	HelpURI          string       `json:"helpUri"`
	Default          sarifConfig  `json:"defaultConfiguration"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID       string            `json:"ruleId"`
	RuleIndex    int               `json:"ruleIndex"`
	Level        string            `json:"level"`
	Message      sarifMessage      `json:"message"`
	Locations    []sarifLocation   `json:"locations"`
	Suppressions []sarifSuppressed `json:"suppressions,omitempty"`
}

type sarifSuppressed struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

type sarifLocation struct {
	Physical sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	Artifact sarifArtifact `json:"artifactLocation"`
	Region   *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

func sarifLevel(s check.Severity) string {
	switch s {
	case check.Error:
		return "error"
	case check.Warning:
		return "warning"
	}
	return "note"
}

func writeSARIF(w io.Writer, fs []check.Finding, o Options) error {
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "ismspack", Version: o.Version,
		InformationURI: "https://github.com/ismspack/ismspack"}}, Results: []sarifResult{}}
	index := map[string]int{}
	for _, r := range o.Rules {
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: r.ID, ShortDescription: sarifMessage{r.Doc},
			HelpURI: check.DocsURL + r.ID, Default: sarifConfig{sarifLevel(r.Severity)}})
	}
	for _, f := range fs {
		i, ok := index[f.Rule]
		if !ok {
			return fmt.Errorf("finding for unregistered rule %s", f.Rule)
		}
		// Code scanning places a result only with region.startLine; a
		// finding about a whole file (or the whole ISMS, on its config
		// file) is placed on the file's first line.
		region := &sarifRegion{StartLine: 1}
		if f.Line > 0 {
			region = &sarifRegion{StartLine: f.Line, StartColumn: f.Col}
		}
		res := sarifResult{RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifMessage{f.Message},
			Locations: []sarifLocation{{Physical: sarifPhysical{Artifact: sarifArtifact{URI: f.Path}, Region: region}}}}
		if f.Suppressed {
			res.Suppressions = []sarifSuppressed{{Kind: "inSource", Justification: f.Reason}}
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}})
}

// JUnit: one test suite per document, one test case per rule, so a CI's
// test view shows which document failed which control.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	// SystemOut carries notes: they never fail a build, so they do not
	// fail the test case either.
	SystemOut string `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit writes one test suite per document with one test case per
// rule, passing or failing, so a CI's test history tracks each control on
// each document. Findings about other paths (a file that could not be
// read, the ISMS as a whole on its config file) get a suite holding only
// the rules that reported there.
func writeJUnit(w io.Writer, fs []check.Finding, o Options) error {
	byPath := map[string][]check.Finding{}
	isDoc := map[string]bool{}
	for _, d := range o.Docs {
		isDoc[d] = true
	}
	var extra []string
	for _, f := range fs {
		if _, ok := byPath[f.Path]; !ok && !isDoc[f.Path] {
			extra = append(extra, f.Path)
		}
		byPath[f.Path] = append(byPath[f.Path], f)
	}
	sort.Strings(extra)
	paths := append(append([]string(nil), o.Docs...), extra...)
	out := junitSuites{Name: "ismspack"}
	for _, p := range paths {
		s := junitSuite{Name: p}
		for _, r := range o.Rules {
			if !isDoc[p] && !reported(byPath[p], r.ID) {
				continue
			}
			c := junitCase{Name: r.ID, Classname: p}
			var text, first string
			accepted := ""
			for _, f := range byPath[p] {
				if f.Rule != r.ID {
					continue
				}
				if f.Suppressed {
					accepted = f.Reason
					continue
				}
				if f.Severity < check.Warning {
					c.SystemOut += fmt.Sprintf("%s: %s: %s\n", f.Location(), f.Severity, f.Message)
					continue
				}
				if first == "" {
					first = f.Message
				}
				text += fmt.Sprintf("%s: %s: %s\n", f.Location(), f.Severity, f.Message)
			}
			switch {
			case text != "":
				c.Failure = &junitFailure{Message: first, Type: r.ID, Text: text}
				s.Failures++
			case accepted != "":
				c.Skipped = &junitSkipped{Message: "accepted: " + accepted}
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
			s.Tests++
		}
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Suites = append(out.Suites, s)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func reported(fs []check.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

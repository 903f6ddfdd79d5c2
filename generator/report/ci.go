package report

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"

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
		res := sarifResult{RuleID: f.Rule, RuleIndex: i, Level: sarifLevel(f.Severity), Message: sarifMessage{f.Message},
			Locations: []sarifLocation{{Physical: sarifPhysical{Artifact: sarifArtifact{URI: f.Path}}}}}
		if f.Line > 0 {
			res.Locations[0].Physical.Region = &sarifRegion{StartLine: f.Line, StartColumn: f.Col}
		}
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
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func writeJUnit(w io.Writer, fs []check.Finding, o Options) error {
	byPath := map[string][]check.Finding{}
	paths := append([]string(nil), o.Docs...)
	for _, f := range fs {
		if _, ok := byPath[f.Path]; !ok && !containsStr(paths, f.Path) {
			paths = append(paths, f.Path)
		}
		byPath[f.Path] = append(byPath[f.Path], f)
	}
	out := junitSuites{Name: "ismspack"}
	for _, p := range paths {
		s := junitSuite{Name: p}
		for _, r := range o.Rules {
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

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

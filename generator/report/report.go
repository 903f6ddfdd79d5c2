// Package report prints findings in the formats people and CI tools read.
package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ismspack/ismspack/generator/check"
)

// Formats lists the names Write accepts.
var Formats = []string{"text", "line", "json", "sarif", "junit", "github"}

// Options shape the output.
type Options struct {
	// Color adds ANSI colours to text; set it only for a terminal.
	Color bool
	// Rules describes the rules, for formats that list them (SARIF, JUnit).
	Rules []*check.Rule
	// Docs lists every document path, for JUnit's passing test cases.
	Docs []string
	// Tool version for SARIF.
	Version string
}

// Write prints findings to w in format.
func Write(w io.Writer, format string, fs []check.Finding, o Options) error {
	// Buffered: the line and text forms write a finding at a time, a
	// system call each on a terminal, pipe or file.
	bw := bufio.NewWriterSize(w, 64<<10)
	err := write(bw, format, fs, o)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

func write(w io.Writer, format string, fs []check.Finding, o Options) error {
	switch format {
	case "text", "":
		return writeText(w, fs, o)
	case "line":
		return writeLine(w, fs)
	case "json":
		return writeJSON(w, fs)
	case "github":
		return writeGitHub(w, fs)
	case "sarif":
		return writeSARIF(w, fs, o)
	case "junit":
		return writeJUnit(w, fs, o)
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// writeLine is the path:line:col: rule: message form editors and vale use.
func writeLine(w io.Writer, fs []check.Finding) error {
	for _, f := range fs {
		suffix := ""
		if f.Suppressed {
			suffix = " [accepted: " + f.Reason + "]"
		}
		if _, err := fmt.Fprintf(w, "%s: %s: %s: %s%s\n", f.Location(), f.Severity, f.Rule, oneLine(f.Message), oneLine(suffix)); err != nil {
			return err
		}
	}
	return nil
}

func writeText(w io.Writer, fs []check.Finding, o Options) error {
	paint := func(code, s string) string {
		if !o.Color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	groups := map[string][]check.Finding{}
	var paths []string
	for _, f := range fs {
		if _, ok := groups[f.Path]; !ok {
			paths = append(paths, f.Path)
		}
		groups[f.Path] = append(groups[f.Path], f)
	}
	sort.Strings(paths)
	for _, p := range paths {
		fmt.Fprintln(w, paint("1", p))
		for _, f := range groups[p] {
			sev := f.Severity.String()
			switch {
			case f.Suppressed:
				sev = paint("2", "accepted")
			case f.Severity == check.Error:
				sev = paint("31", sev)
			case f.Severity == check.Warning:
				sev = paint("33", sev)
			}
			at := ""
			if f.Line > 0 {
				at = fmt.Sprintf("%d:%d", f.Line, f.Col)
			}
			fmt.Fprintf(w, "  %-7s %-8s %s  %s\n", at, sev, oneLine(f.Message), paint("2", f.Rule))
			if f.Suppressed {
				fmt.Fprintf(w, "  %-7s %-8s reason: %s\n", "", "", oneLine(f.Reason))
			}
		}
		fmt.Fprintln(w)
	}
	n := check.Count(fs)
	_, err := fmt.Fprintf(w, "%d errors, %d warnings, %d notes\n", n[check.Error], n[check.Warning], n[check.Info])
	return err
}

// oneLine keeps a finding on its line: line-oriented tools split on
// newlines, and a message quoting a document can hold one.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return lineBreaks.Replace(s)
}

// lineBreaks replaces each line break with a space; made once, as a
// Replacer builds its tables on first use.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

type jsonFinding struct {
	check.Finding
	Severity string `json:"severity"`
}

func writeJSON(w io.Writer, fs []check.Finding) error {
	out := make([]jsonFinding, len(fs))
	for i, f := range fs {
		out[i] = jsonFinding{f, f.Severity.String()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeGitHub prints workflow commands, which GitHub Actions turns into
// annotations on the pull request's files.
func writeGitHub(w io.Writer, fs []check.Finding) error {
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		kind := "notice"
		switch f.Severity {
		case check.Error:
			kind = "error"
		case check.Warning:
			kind = "warning"
		}
		props := "file=" + ghProp(f.Path)
		if f.Line > 0 {
			props += fmt.Sprintf(",line=%d,col=%d", f.Line, f.Col)
		}
		props += ",title=" + ghProp(f.Rule)
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", kind, props, ghData(f.Message)); err != nil {
			return err
		}
	}
	return nil
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// WriteRules prints the rule catalogue as text or JSON.
func WriteRules(w io.Writer, format string, rules []*check.Rule) error {
	switch format {
	case "json":
		type rule struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Doc      string `json:"doc"`
			URL      string `json:"url"`
		}
		out := make([]rule, len(rules))
		for i, r := range rules {
			out[i] = rule{r.ID, r.Severity.String(), r.Doc, check.DocsURL + r.ID}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "text", "":
		for _, r := range rules {
			if _, err := fmt.Fprintf(w, "%-26s %-8s %s\n", r.ID, r.Severity, r.Doc); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown format %q: use text or json", format)
}

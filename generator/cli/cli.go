// Package cli is the ismspack command line. Commands are option structs;
// all input and output goes through Streams so tests run the real commands
// in-process, with or without a terminal.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/progress"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/report"
)

// Version is set at link time with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "dev"

// Exit codes, mapped in one place by Main.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitFailure  = 2
)

// Streams are the command's input, outputs and environment.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// OutIsTTY enables colour in text output.
	OutIsTTY bool
	// ErrIsTTY enables the progress line on Err.
	ErrIsTTY bool
	// Env is the environment, passed in so tests control it.
	Env map[string]string
	// Dir is the working directory.
	Dir string
	// Now is the clock, for the default as-of date.
	Now func() time.Time
}

// errFindings means the run worked and found problems at or above --fail-on.
var errFindings = errors.New("findings at or above the failure threshold")

// usageError marks a mistake in how the command was called.
type usageError struct{ error }

// Main runs the command line and returns the exit code.
func Main(args []string, s Streams) int {
	if s.Now == nil {
		s.Now = time.Now
	}
	root := newRoot(&s)
	root.SetArgs(args)
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	err := root.Execute()
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errFindings):
		return ExitFindings
	case errors.As(err, &ue):
		fmt.Fprintf(s.Err, "ismspack: %s\n", ue.error)
		if !strings.Contains(ue.Error(), "--help") {
			fmt.Fprintf(s.Err, "Run 'ismspack --help' for usage.\n")
		}
		return ExitFailure
	default:
		fmt.Fprintf(s.Err, "ismspack: %s\n", err)
		return ExitFailure
	}
}

func newRoot(s *Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "ismspack",
		Short: "Document control, an intranet site and an audit pack for an ISMS kept in git",
		Long: `ismspack reads an ISMS kept as Markdown with front matter in git, as committed at a ref,
checks document control against the git history, and builds a cross-linked HTML site
and a PDF audit pack mapped to ISO/IEC 27001:2022 clause 5.1.

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or runtime failure.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newBuild(s), newCheck(s), newRules(s), newInit(s), newNew(s), newServe(s), newVerify(s), newAdopt(s))
	return root
}

// common holds the flags build and check share.
type common struct {
	repo, ref, at, config, content, asOf, format, failOn string
	fonts                                                []string
	cache                                                string
	noCache                                              bool
}

func (c *common) flags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.repo, "repo", "", "repository directory (default: found from the working directory upward)")
	f.StringVar(&c.ref, "ref", "HEAD", "branch, tag or commit to read")
	f.StringVar(&c.at, "at", "", "read the ISMS as it was on this date (YYYY-MM-DD): the last commit on --ref's first-parent line by then; also the default --as-of")
	f.StringVar(&c.config, "config", "", "read this ismspack.yaml from disk instead of from the commit")
	f.StringVar(&c.content, "content", "", "content directory, relative to the repository root")
	f.StringArrayVar(&c.fonts, "font", nil, "a TrueType font on this machine for characters DejaVu lacks, tried before the configuration's fonts (repeatable)")
	f.StringVar(&c.asOf, "as-of", "", "judge review dates as of this date (YYYY-MM-DD; default SOURCE_DATE_EPOCH, else today)")
	f.StringVar(&c.format, "format", "text", "findings format: "+strings.Join(report.Formats, ", "))
	f.StringVar(&c.failOn, "fail-on", "error", "exit 1 on findings of this severity or worse: error, warning, never")
	f.StringVar(&c.cache, "cache", "", "keep the history walk and per-document PDFs here for the next build (default $ISMSPACK_CACHE, else the user cache directory)")
	f.BoolVar(&c.noCache, "no-cache", false, "neither read nor write the cache")
}

func (c *common) options(s *Streams) (build.Options, error) {
	o := build.Options{Options: isms.Options{Dir: s.Dir, Ref: c.ref, ConfigFile: c.config, Content: c.content, Env: map[string]string{}, Log: s.Err}}
	if c.repo != "" {
		o.Dir = s.abs(c.repo)
		if fi, err := os.Stat(o.Dir); err != nil || !fi.IsDir() {
			return o, usageError{fmt.Errorf("--repo %s: the directory does not exist; give the directory of a git clone", c.repo)}
		}
	}
	if o.ConfigFile != "" {
		o.ConfigFile = s.abs(o.ConfigFile)
	}
	for _, f := range c.fonts {
		o.Fonts = append(o.Fonts, s.abs(f))
	}
	for k, v := range s.Env {
		if strings.HasPrefix(k, "ISMSPACK_") {
			o.Env[k] = v
		}
	}
	if c.at != "" {
		at, ok := document.ParseDate(c.at)
		if !ok {
			return o, usageError{fmt.Errorf("--at %q is not a date: write YYYY-MM-DD", c.at)}
		}
		o.At = at
		if c.asOf == "" {
			c.asOf = c.at
		}
	}
	asOf, err := c.date(s)
	if err != nil {
		return o, err
	}
	o.AsOf = asOf
	if !slices.Contains(report.Formats, c.format) {
		return o, usageError{fmt.Errorf("--format %q: use one of %s", c.format, strings.Join(report.Formats, ", "))}
	}
	if _, err := c.threshold(); err != nil {
		return o, err
	}
	if o.Cache, err = c.openCache(s); err != nil {
		return o, err
	}
	o.Progress = progress.New(s.Err, s.ErrIsTTY, s.Now)
	return o, nil
}

// date is the as-of date: --as-of, else SOURCE_DATE_EPOCH, else today. It
// is a whole day in UTC, so two builds on one day give the same bytes.
func (c *common) date(s *Streams) (time.Time, error) {
	if c.asOf != "" {
		t, ok := document.ParseDate(c.asOf)
		if !ok {
			return t, usageError{fmt.Errorf("--as-of %q is not a date: write YYYY-MM-DD", c.asOf)}
		}
		return t, nil
	}
	if v := s.Env["SOURCE_DATE_EPOCH"]; v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, usageError{fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)}
		}
		return time.Unix(n, 0).UTC().Truncate(24 * time.Hour), nil
	}
	return s.Now().UTC().Truncate(24 * time.Hour), nil
}

func (c *common) threshold() (check.Severity, error) {
	switch c.failOn {
	case "error":
		return check.Error, nil
	case "warning":
		return check.Warning, nil
	case "never":
		return check.Error + 1, nil
	}
	return 0, usageError{fmt.Errorf("--fail-on %q: use error, warning or never", c.failOn)}
}

func (c *common) report(s *Streams, r *build.Result) error {
	docs := make([]string, len(r.Model.Docs))
	for i, d := range r.Model.Docs {
		docs[i] = d.Path
	}
	err := report.Write(s.Out, c.format, r.Findings, report.Options{Color: s.OutIsTTY, Rules: check.Rules(), Docs: docs, Version: Version})
	if err != nil {
		return err
	}
	th, _ := c.threshold()
	if check.Fails(r.Findings, th) {
		return errFindings
	}
	return nil
}

func newCheck(s *Streams) *cobra.Command {
	var c common
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check document control and render nothing (for CI)",
		Long: `check reads the ISMS as committed at --ref, runs every rule and prints the findings.
It renders nothing, so it is the quick gate for CI.
` + exitCodes,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := c.options(s)
			if err != nil {
				return err
			}
			r, err := build.Check(o)
			if err != nil {
				return err
			}
			return c.report(s, r)
		},
	}
	c.flags(cmd)
	return cmd
}

func newBuild(s *Streams) *cobra.Command {
	var c common
	var out string
	var noPDF bool
	var since, theme string
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Check, then build the site and the PDF audit pack",
		Long: `build runs check, then writes the site (index.html), the PDF audit pack (pack.pdf) and a
PDF per document (pdf/) into --out. Findings do not stop a build, but set the exit code;
a build that fails leaves the previous --out untouched.
` + exitCodes,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o, err := c.options(s)
			if err != nil {
				return err
			}
			o.Out, o.NoPDF, o.Since, o.Tool = out, noPDF, since, Version
			if theme == "" {
				theme = s.Env["ISMSPACK_THEME"]
			}
			if theme != "" {
				theme = s.abs(theme)
			}
			o.Theme = theme
			o.Out = s.abs(o.Out)
			if d := o.Cache.Dir(); d != "" && (d == o.Out || strings.HasPrefix(d, o.Out+string(filepath.Separator))) {
				return usageError{fmt.Errorf("--cache %s is inside --out %s, which each build replaces: keep the cache outside it", d, out)}
			}
			start := time.Now()
			r, err := build.Build(o)
			if err != nil {
				return err
			}
			fmt.Fprintf(s.Err, "built %s in %s\n", out, time.Since(start).Round(time.Millisecond))
			fmt.Fprintf(s.Err, "open %s in a browser (no server needed)", filepath.Join(out, "index.html"))
			if !noPDF {
				fmt.Fprintf(s.Err, "; the audit pack is %s", filepath.Join(out, "pack.pdf"))
			}
			fmt.Fprintln(s.Err)
			return c.report(s, r)
		},
	}
	c.flags(cmd)
	cmd.Flags().StringVar(&out, "out", "public", "output directory, replaced only when the build succeeds")
	cmd.Flags().BoolVar(&noPDF, "no-pdf", false, "skip the PDF pack")
	cmd.Flags().StringVar(&theme, "theme", "", "a theme directory on this machine laid over the default theme, instead of the configuration's theme (default $ISMSPACK_THEME)")
	cmd.Flags().StringVar(&since, "since", "", "the changes page compares with this earlier ref (e.g. the last audit's tag) instead of the last 90 days")
	return cmd
}

func newRules(s *Streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rules, their default severities and what they check",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return report.WriteRules(s.Out, format, check.Rules())
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	return cmd
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args[0])}
	}
	return nil
}

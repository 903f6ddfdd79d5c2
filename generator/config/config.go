// Package config loads ismspack.yaml and applies the precedence the CLI
// promises: flags > ISMSPACK_* environment > ismspack.yaml > defaults.
//
// The file is read from the commit being built (so a build of an old ref uses
// the configuration of that ref) unless a path on disk is given.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
)

// FileNames are the places, relative to the repository root, where the
// configuration is looked for in the commit, first match wins.
var FileNames = []string{"ismspack.yaml", ".ismspack.yaml", "content/ismspack.yaml"}

// Config is the resolved configuration of one build.
type Config struct {
	// Organisation names the organisation on the cover and in PDF metadata.
	Organisation string `yaml:"organisation"`
	// Title is the site title.
	Title string `yaml:"title"`
	// Language is the documents' language as a BCP 47 tag, declared in the
	// site's HTML and the PDF's catalogue for screen readers.
	Language string `yaml:"language"`
	// Content is the directory, relative to the repository root, holding
	// the documents.
	Content string `yaml:"content"`
	// Required lists the front-matter fields every document must have.
	Required []string `yaml:"required"`
	// Review sets review intervals and the due-soon window.
	Review Review `yaml:"review"`
	// Roles is the roles register; when non-empty, owners must be listed.
	Roles []string `yaml:"roles"`
	// LeadershipRoles lists the roles allowed to approve documents that
	// evidence clause 5.1.
	LeadershipRoles []string `yaml:"leadership_roles"`
	// Severity overrides a rule's default severity: error, warning, info or off.
	Severity map[string]string `yaml:"severity"`
	// Aliases maps a schema field to other keys that carry it in an adopted
	// repository, e.g. owner: [policy_owner].
	Aliases map[string][]string `yaml:"aliases"`
	// Theme is a directory on disk whose files override the default theme.
	Theme string `yaml:"theme"`
	// CheckCode makes leftover-comment rules look inside code spans and
	// fenced code too.
	CheckCode bool `yaml:"check_code"`
	// Fonts are extra TTF files used by the PDF when DejaVu lacks a glyph.
	Fonts []string `yaml:"fonts"`

	// Path is where the configuration came from, for messages; empty when
	// defaults only.
	Path string `yaml:"-"`
}

// Review holds the review-cycle settings.
type Review struct {
	Interval Duration            `yaml:"interval"`
	DueSoon  Duration            `yaml:"due_soon"`
	ByType   map[string]Duration `yaml:"by_type"`
}

// Default returns the configuration used when no file sets a value.
func Default() Config {
	return Config{
		Organisation: "",
		Title:        "ISMS",
		Language:     "en-GB",
		Content:      "content",
		Required:     []string{"id", "title", "owner", "version", "status", "classification", "type", "last_reviewed"},
		Review: Review{
			Interval: Duration{Months: 12},
			DueSoon:  Duration{Days: 30},
		},
	}
}

// Parse decodes an ismspack.yaml over the defaults. Unknown keys are errors,
// because a misspelt key silently ignored is a check silently skipped.
func Parse(name string, data []byte) (Config, error) {
	c := Default()
	if len(bytes.TrimSpace(data)) > 0 {
		if err := yaml.UnmarshalWithOptions(data, &c, yaml.Strict()); err != nil {
			var ye yaml.Error
			if errors.As(err, &ye) && ye.GetToken() != nil {
				p := ye.GetToken().Position
				return Config{}, fmt.Errorf("%s:%d:%d: %s", name, p.Line, p.Column, ye.GetMessage())
			}
			return Config{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	c.Path = name
	if err := c.Validate(); err != nil {
		var se *SettingError
		if errors.As(err, &se) {
			if line := keyLine(data, se.Key); line > 0 {
				return Config{}, fmt.Errorf("%s:%d:1: %w", name, line, err)
			}
		}
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// SettingError is a setting that parses but cannot work.
type SettingError struct {
	// Key is the top-level key holding the setting.
	Key string
	Msg string
}

func (e *SettingError) Error() string { return e.Key + ": " + e.Msg }

// keyLine returns the line of a top-level key in a YAML file, 0 if absent.
func keyLine(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key+":") {
			return i + 1
		}
	}
	return 0
}

// Validate reports settings that cannot work.
func (c *Config) Validate() error {
	if c.Content == "" {
		c.Content = "content"
	}
	c.Content = strings.Trim(strings.ReplaceAll(c.Content, "\\", "/"), "/")
	if strings.HasPrefix(c.Content, "../") || c.Content == ".." {
		return &SettingError{"content", fmt.Sprintf("%q climbs out of the repository; give a directory inside it", c.Content)}
	}
	if c.Language == "" {
		c.Language = "en-GB"
	}
	if !langRE.MatchString(c.Language) {
		return &SettingError{"language", fmt.Sprintf("%q is not a language tag: write it like en-GB, de or fr-CH", c.Language)}
	}
	rules := make([]string, 0, len(c.Severity))
	for rule := range c.Severity {
		rules = append(rules, rule)
	}
	sort.Strings(rules)
	for _, rule := range rules {
		switch sev := c.Severity[rule]; sev {
		case "error", "warning", "info", "off":
		default:
			return &SettingError{"severity", fmt.Sprintf("rule %s: %q is not one of error, warning, info, off", rule, sev)}
		}
	}
	return nil
}

var langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// ApplyEnv applies ISMSPACK_* variables from env (passed in, never read
// from the process) over the file's values.
func (c *Config) ApplyEnv(env map[string]string) error {
	if v, ok := env["ISMSPACK_ORGANISATION"]; ok {
		c.Organisation = v
	}
	if v, ok := env["ISMSPACK_CONTENT"]; ok {
		c.Content = v
	}
	if v, ok := env["ISMSPACK_THEME"]; ok {
		c.Theme = v
	}
	return c.Validate()
}

// IntervalFor returns the review interval for a document type.
func (c *Config) IntervalFor(docType string) Duration {
	if d, ok := c.Review.ByType[docType]; ok && !d.IsZero() {
		return d
	}
	if c.Review.Interval.IsZero() {
		return Duration{Months: 12}
	}
	return c.Review.Interval
}

// SeverityFor returns the configured severity for a rule, or def.
func (c *Config) SeverityFor(rule, def string) string {
	if s, ok := c.Severity[rule]; ok {
		return s
	}
	return def
}

// Duration is a calendar duration as people write review intervals:
// "12m", "6 months", "1y", "90d", "2w".
type Duration struct {
	Months int
	Days   int
}

// IsZero reports whether d is empty.
func (d Duration) IsZero() bool { return d.Months == 0 && d.Days == 0 }

// AddTo returns t moved forward by d.
func (d Duration) AddTo(t time.Time) time.Time { return t.AddDate(0, d.Months, d.Days) }

// String renders d for people: "12 months", "2 weeks", "90 days".
func (d Duration) String() string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return strconv.Itoa(n) + " " + unit + "s"
	}
	switch {
	case d.Months != 0 && d.Days == 0:
		return plural(d.Months, "month")
	case d.Months == 0 && d.Days%7 == 0 && d.Days != 0:
		return plural(d.Days/7, "week")
	case d.Months == 0:
		return plural(d.Days, "day")
	}
	return plural(d.Months, "month") + " " + plural(d.Days, "day")
}

// ParseDuration reads "12m", "12 months", "1 year", "6mo", "90d", "2w".
func ParseDuration(s string) (Duration, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	if i == 0 {
		return Duration{}, fmt.Errorf("%q is not an interval: write a number and a unit, like 12m, 6 months, 1y or 90d", s)
	}
	n, err := strconv.Atoi(t[:i])
	if err != nil || n <= 0 || n > 1200 {
		return Duration{}, fmt.Errorf("%q is not a sensible interval", s)
	}
	switch strings.TrimSpace(t[i:]) {
	case "m", "mo", "month", "months":
		return Duration{Months: n}, nil
	case "y", "yr", "year", "years":
		return Duration{Months: 12 * n}, nil
	case "w", "week", "weeks":
		return Duration{Days: 7 * n}, nil
	case "d", "day", "days":
		return Duration{Days: n}, nil
	}
	return Duration{}, fmt.Errorf("%q has an unknown unit: use d, w, m (months) or y", s)
}

// UnmarshalYAML reads a Duration from a YAML scalar.
func (d *Duration) UnmarshalYAML(b []byte) error {
	var s string
	if err := yaml.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

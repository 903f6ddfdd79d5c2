// Package config loads ismspack.yaml and applies the precedence the CLI
// promises: flags > ISMSPACK_* environment > ismspack.yaml > defaults.
//
// The file is read from the commit being built (so a build of an old ref uses
// the configuration of that ref) unless a path on disk is given.
package config

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	yaml "go.yaml.in/yaml/v3"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/bounded"
	"github.com/ismspack/ismspack/generator/source"
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
	// Include lists the glob patterns, relative to the content directory,
	// of the files read as documents (`**` crosses directories); empty
	// means Markdown files, source.DefaultInclude.
	Include []string `yaml:"include"`
	// Exclude lists patterns of files left out although Include matches
	// them: READMEs, task lists, fixtures.
	Exclude []string `yaml:"exclude"`
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
	// RevisionTable adds column headings for revision tables (revisions.go).
	RevisionTable RevisionTable `yaml:"revision_table"`
	// Theme is a directory committed in the repository, relative to its
	// root, whose files override the default theme. It is read from the
	// commit being built, never from disk; an operator's theme on disk is
	// given with --theme or ISMSPACK_THEME instead.
	Theme string `yaml:"theme"`
	// CheckCode makes leftover-comment rules look inside code spans and
	// fenced code too.
	CheckCode bool `yaml:"check_code"`
	// Fonts are extra TrueType files the PDF falls back to when DejaVu
	// lacks a character: paths committed in the repository, relative to
	// its root or to the content directory, read from the commit being
	// built. Fonts on disk are given with --font instead.
	Fonts []string `yaml:"fonts"`
	// SiteURL is the address the site is published at (the intranet),
	// an absolute http or https URL. Per-document PDFs link other
	// documents to their pages there; without it those links are plain
	// text naming the document's id, since a PDF sent on its own has no
	// other PDF beside it.
	SiteURL string `yaml:"site_url"`
	// Map maps path globs to requirement ids, added to what documents declare (mapping.go).
	Map Mapping `yaml:"map"`
	// Links maps links written for a published site to source files.
	Links Links `yaml:"links"`
	// Frameworks lists the requirement sets in use (frameworks.go).
	Frameworks []string `yaml:"frameworks"`
	// People is the people register, by name: see Person.
	People map[string]Person `yaml:"people"`
	// FrontMatter is required (the default) or optional: whether a
	// document without front matter is an error when its fields are
	// written in the text (dialect.go).
	FrontMatter string `yaml:"front_matter"`
	// Template is the template language the documents were written for:
	// erb, go, liquid or comply (dialect.go).
	Template string `yaml:"template"`
	// Types says which document types are records and how often each
	// recurs, and Tables declares tabular records (records.go).
	Types  map[string]TypeSpec `yaml:"types"`
	Tables map[string]Table    `yaml:"tables"`
	// SoA names the Statement of Applicability's table (soa.go).
	SoA SoA `yaml:"soa"`

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
		Required:     document.RequiredByDefault(),
		Review: Review{
			Interval: Duration{Months: 12},
			DueSoon:  Duration{Days: 30},
		},
	}
}

// Parse decodes an ismspack.yaml over the defaults. Unknown keys are errors,
// because a misspelt key silently ignored is a check silently skipped. The
// file is decoded within the bounds of package bounded, and every error
// is led by name:line:col taken from the parsed node it is about.
func Parse(name string, data []byte) (Config, error) {
	c := Default()
	root, err := bounded.YAML(data)
	if err != nil {
		return Config{}, located(name, err)
	}
	if root != nil && !(root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		if err := decodeNode(root, reflect.ValueOf(&c).Elem()); err != nil {
			return Config{}, located(name, err)
		}
	}
	c.Path = name
	c.FillDefaults()
	if err := c.Validate(); err != nil {
		var se *SettingError
		if errors.As(err, &se) && root != nil {
			if n := find(root, se.Path); n != nil {
				return Config{}, fmt.Errorf("%s:%d:%d: %w", name, n.Line, n.Column, err)
			}
		}
		return Config{}, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

// located leads an error with name:line:col when it has a place.
func located(name string, err error) error {
	var be *bounded.Error
	if errors.As(err, &be) {
		return fmt.Errorf("%s:%d:%d: %s", name, be.Line, be.Col, be.Msg)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// decodeNode decodes a node tree into v, holding it to v's shape on the
// way: every key known, every value the kind its field takes, each error
// at the node it is about. It is ours rather than the YAML library's
// decoder because that one checks for duplicate keys by comparing every
// pair (a map of 40,000 keys took 35 s); package bounded has already
// checked them, once each.
func decodeNode(n *yaml.Node, v reflect.Value) error {
	if n.Kind == yaml.AliasNode {
		n = n.Alias // counted as expanded by package bounded
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		v.SetZero()
		return nil
	}
	at := func(msg string) error { return &bounded.Error{Line: n.Line, Col: n.Column, Msg: msg} }
	if d, ok := v.Addr().Interface().(interface{ decodeYAML(*yaml.Node) error }); ok {
		return d.decodeYAML(n) // a setting that keeps its places, like map:
	}
	if v.Type() == reflect.TypeFor[Duration]() {
		if n.Kind != yaml.ScalarNode {
			return at("an interval is one value, like 12m, 6 months, 1y or 90d")
		}
		d, err := ParseDuration(n.Value)
		if err != nil {
			return at(err.Error())
		}
		v.Set(reflect.ValueOf(d))
		return nil
	}
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return at("expected keys and values here, like interval: 12m")
		}
		setAt(v, n)
		fields := map[string]int{}
		var names []string
		for i := range v.NumField() {
			tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
			if tag != "" && tag != "-" {
				fields[tag] = i
				names = append(names, tag)
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			fi, ok := fields[k.Value]
			if !ok {
				return &bounded.Error{Line: k.Line, Col: k.Column,
					Msg: fmt.Sprintf("unknown key %q: the keys here are %s", k.Value, strings.Join(names, ", "))}
			}
			if err := decodeNode(n.Content[i+1], v.Field(fi)); err != nil {
				return err
			}
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return at("expected keys and values here")
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			e := reflect.New(v.Type().Elem()).Elem()
			if err := decodeNode(n.Content[i+1], e); err != nil {
				return err
			}
			setAt(e, n.Content[i])
			m.SetMapIndex(reflect.ValueOf(n.Content[i].Value), e)
		}
		v.Set(m)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return at("expected a list here, like [a, b]")
		}
		l := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if err := decodeNode(item, l.Index(i)); err != nil {
				return err
			}
		}
		v.Set(l)
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if err := decodeNode(n, e.Elem()); err != nil {
			return err
		}
		v.Set(e)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || err != nil {
			return at("expected a whole number here")
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
			return at("expected true or false here")
		}
		v.SetBool(strings.EqualFold(n.Value, "true"))
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return at("expected a single value here, not a list or a map")
		}
		v.SetString(n.Value)
	default:
		return at(fmt.Sprintf("cannot read a %s", v.Kind()))
	}
	return nil
}

// setAt records where a struct with an At Pos field was written: at its
// key when it is a map's value, else where its keys start.
func setAt(v reflect.Value, n *yaml.Node) {
	if v.Kind() != reflect.Struct {
		return
	}
	if f := v.FieldByName("At"); f.IsValid() && f.Type() == reflect.TypeFor[Pos]() {
		f.Set(reflect.ValueOf(Pos{Line: n.Line, Col: n.Column}))
	}
}

// find returns the node of the key at path in a mapping tree (or of the
// item, when the path ends in a list), or the deepest key found on the
// way; nil when even the first is absent.
func find(n *yaml.Node, path []string) *yaml.Node {
	var found *yaml.Node
	for _, key := range path {
		if n.Kind == yaml.AliasNode {
			n = n.Alias
		}
		if n.Kind == yaml.SequenceNode {
			for _, item := range n.Content {
				if item.Kind == yaml.ScalarNode && item.Value == key {
					return item
				}
			}
			return found
		}
		if n.Kind != yaml.MappingNode {
			return found
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				found, next = n.Content[i], n.Content[i+1]
				break
			}
		}
		if next == nil {
			return found
		}
		n = next
	}
	return found
}

// SettingError is a setting that parses but cannot work.
type SettingError struct {
	// Path is the key holding the setting, from the top: ["aliases", "ownr"].
	Path []string
	Msg  string
}

func (e *SettingError) Error() string { return strings.Join(e.Path, ".") + ": " + e.Msg }

// FillDefaults puts the default back where a file or the environment set
// a value to empty, and normalises the content directory and the paths of
// the theme and fonts.
func (c *Config) FillDefaults() {
	d := Default()
	if c.Content == "" {
		c.Content = d.Content
	}
	c.Content = strings.Trim(strings.ReplaceAll(c.Content, "\\", "/"), "/")
	c.Theme = cleanRepoPath(c.Theme)
	for i, f := range c.Fonts {
		c.Fonts[i] = cleanRepoPath(f)
	}
	c.cleanPeople()
	if c.Language == "" {
		c.Language = d.Language
	}
	if c.Title == "" {
		c.Title = d.Title
	}
	if c.Review.Interval.IsZero() {
		c.Review.Interval = d.Review.Interval
	}
}

// Validate reports settings that cannot work. It changes nothing.
func (c *Config) Validate() error {
	if strings.HasPrefix(c.Content, "../") || c.Content == ".." {
		return &SettingError{[]string{"content"}, fmt.Sprintf("%q climbs out of the repository; give a directory inside it", c.Content)}
	}
	if err := checkRepoPath("theme", c.Theme, "--theme DIR"); err != nil {
		return err
	}
	for _, f := range c.Fonts {
		if err := checkRepoPath("fonts", f, "--font FILE"); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		key      string
		patterns []string
	}{{"include", c.Include}, {"exclude", c.Exclude}} {
		for _, p := range l.patterns {
			if err := source.CheckPattern(p); err != nil {
				return &SettingError{[]string{l.key, p}, err.Error()}
			}
		}
	}
	if err := c.Map.validate(); err != nil {
		return err
	}
	if err := c.Links.validate(); err != nil {
		return err
	}
	if err := c.validateFrameworks(); err != nil {
		return err
	}
	if err := c.validateSoA(); err != nil {
		return err
	}
	if err := c.validateDialects(); err != nil {
		return err
	}
	if c.SiteURL != "" {
		u, err := url.Parse(c.SiteURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &SettingError{[]string{"site_url"}, fmt.Sprintf("%q is not an http or https address: write it like https://isms.example.com/", c.SiteURL)}
		}
	}
	if err := c.validatePeople(); err != nil {
		return err
	}
	if !langRE.MatchString(c.Language) {
		return &SettingError{[]string{"language"}, fmt.Sprintf("%q is not a language tag: write it like en-GB, de or fr-CH", c.Language)}
	}
	for _, rule := range slices.Sorted(maps.Keys(c.Severity)) {
		switch sev := c.Severity[rule]; sev {
		case "error", "warning", "info", "off":
		default:
			return &SettingError{[]string{"severity", rule}, fmt.Sprintf("%q is not one of error, warning, info, off", sev)}
		}
	}
	for _, field := range slices.Sorted(maps.Keys(c.Aliases)) {
		if !document.IsField(field) {
			return &SettingError{[]string{"aliases", field}, fmt.Sprintf("%q is not a document field: alias one of %s", field, strings.Join(document.Schema, ", "))}
		}
	}
	if err := c.RevisionTable.validate(); err != nil {
		return err
	}
	for _, field := range c.Required {
		if !document.IsField(field) {
			return &SettingError{[]string{"required", field}, fmt.Sprintf("%q is not a document field: require some of %s", field, strings.Join(document.Schema, ", "))}
		}
	}
	return c.validateRecords()
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
	c.FillDefaults()
	return c.Validate()
}

// Selector returns what decides which files are documents: the content
// directory with the include and exclude patterns.
func (c *Config) Selector() (*source.Selector, error) {
	return source.NewSelector(c.Content, c.Include, c.Exclude)
}

// IntervalFor returns the review interval for a document type.
func (c *Config) IntervalFor(docType string) Duration {
	if d, ok := c.Review.ByType[docType]; ok && !d.IsZero() {
		return d
	}
	if c.Review.Interval.IsZero() {
		return Default().Review.Interval
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

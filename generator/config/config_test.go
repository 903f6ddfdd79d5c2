package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseReadsIntervalsAsWritten(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("organisation: Acme\nreview:\n  interval: 6 months\n  due_soon: 2w\n  by_type:\n    minutes: 1y\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Organisation != "Acme" || c.Review.Interval != (Duration{Months: 6}) || c.Review.DueSoon != (Duration{Days: 14}) {
		t.Errorf("got %+v", c)
	}
	if got := c.IntervalFor("minutes"); got != (Duration{Months: 12}) {
		t.Errorf("minutes interval = %v, want 1y", got)
	}
	if got := c.IntervalFor("policy"); got != (Duration{Months: 6}) {
		t.Errorf("policy interval = %v, want 6m", got)
	}
}

func TestParseRejectsMisspeltKeyWithPosition(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("organisation: Acme\nreveiw:\n  interval: 12m\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:2:1:") {
		t.Fatalf("err = %v, want one at ismspack.yaml:2:1", err)
	}
}

func TestParseRejectsBadInterval(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("review:\n  interval: soon\n"))
	if err == nil || !strings.Contains(err.Error(), "soon") {
		t.Fatalf("err = %v, want a message naming the bad value", err)
	}
}

func TestContentMayNotClimbOut(t *testing.T) {
	if _, err := Parse("x.yaml", []byte("content: ../elsewhere\n")); err == nil {
		t.Fatal("content outside the repository accepted")
	}
}

func TestSettingErrorsNameTheirLine(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("organisation: Acme\nseverity:\n  raw-html: loud\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:3:3: severity.raw-html: \"loud\"") {
		t.Fatalf("err = %v, want one at ismspack.yaml:2:1", err)
	}
}

func TestLanguageIsATag(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("language: de-CH\n"))
	if err != nil || c.Language != "de-CH" {
		t.Fatalf("got %q, %v", c.Language, err)
	}
	if d := Default(); d.Language != "en-GB" {
		t.Errorf("default language %q, want en-GB", d.Language)
	}
	if _, err := Parse("ismspack.yaml", []byte("language: British English\n")); err == nil {
		t.Error("a language name accepted where a tag belongs")
	}
}

func TestAliasForAnUnknownFieldIsAnError(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("title: X\naliases:\n  owner: [policy_owner]\n  ownr: [x]\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:4:3: aliases.ownr:") || !strings.Contains(err.Error(), "owner") {
		t.Fatalf("err = %v, want one at ismspack.yaml:4:3 naming the schema's fields", err)
	}
}

func TestRequiringAnUnknownFieldIsAnError(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("title: X\nrequired: [id, titel]\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:2:16: required.titel:") || !strings.Contains(err.Error(), `"titel"`) {
		t.Fatalf("err = %v, want one at ismspack.yaml:2:16 naming titel", err)
	}
}

func TestBadIntervalNamesItsLine(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("title: X\nreview:\n  due_soon: 2w\n  interval: soon\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:4:13:") || !strings.Contains(err.Error(), "soon") {
		t.Fatalf("err = %v, want one at ismspack.yaml:4:13", err)
	}
}

func TestWrongShapeNamesItsPlace(t *testing.T) {
	for src, want := range map[string]string{
		"roles: Head of IT\n":       "ismspack.yaml:1:8: expected a list",
		"check_code: sometimes\n":   "ismspack.yaml:1:13: expected true or false",
		"title: [a, b]\n":           "ismspack.yaml:1:8: expected a single value",
		"review:\n  inteval: 12m\n": "ismspack.yaml:2:3: unknown key \"inteval\"",
		"title: a\ntitle: b\n":      "ismspack.yaml:2:1: \"title\" is given twice",
		"title: x\n---\ntitle: y\n": "ismspack.yaml:2:1: a second YAML document",
	} {
		if _, err := Parse("ismspack.yaml", []byte(src)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", src, err, want)
		}
	}
}

func TestDefaultsAreConfigs(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("title: \"\"\nlanguage: \"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := Default()
	if c.Title != d.Title || c.Language != d.Language || c.IntervalFor("policy") != d.Review.Interval {
		t.Errorf("empty settings gave %q, %q, %v; want the defaults", c.Title, c.Language, c.IntervalFor("policy"))
	}
}

// BenchmarkParseManyKeys decodes a config with one map of many keys at
// two sizes: the time doubles with the keys (goccy/go-yaml's parser was
// quadratic: 300k keys had not finished after 300 s).
func BenchmarkParseManyKeys(b *testing.B) {
	for _, n := range []int{20_000, 40_000} {
		var sb strings.Builder
		sb.WriteString("organisation: Acme\nseverity:\n")
		for i := range n {
			fmt.Fprintf(&sb, "  rule-%d: off\n", i)
		}
		data := []byte(sb.String())
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				c, err := Parse("ismspack.yaml", data)
				if err != nil || len(c.Severity) != n {
					b.Fatalf("%d severities, %v", len(c.Severity), err)
				}
			}
		})
	}
}

func TestSiteURLIsAnHTTPAddress(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("site_url: https://isms.example/intranet/\n"))
	if err != nil || c.SiteURL != "https://isms.example/intranet/" {
		t.Fatalf("got %q, %v", c.SiteURL, err)
	}
	for _, bad := range []string{"isms.example", "file:///srv/isms", "https://", "javascript:alert(1)"} {
		_, err := Parse("ismspack.yaml", []byte("site_url: "+bad+"\n"))
		if err == nil || !strings.Contains(err.Error(), "site_url") {
			t.Errorf("site_url %q: error %v, want one naming site_url", bad, err)
		}
	}
}

func TestMapKeepsThePlaceOfEveryPatternAndId(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("organisation: Acme\nmap:\n  policies/leadership.md: [\"5.1(a)\", 5.1d]\n  \"minutes/**\": 5.1(e)\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Map) != 2 {
		t.Fatalf("map has %d rules, want 2: %+v", len(c.Map), c.Map)
	}
	r := c.Map[0]
	if r.Pattern != "policies/leadership.md" || r.Line != 3 || r.Col != 3 || len(r.Requirements) != 2 ||
		r.Requirements[1] != (MapItem{ID: "5.1d", Line: 3, Col: 38}) {
		t.Errorf("first rule = %+v", r)
	}
	if m := c.Map[1]; m.Pattern != "minutes/**" || len(m.Requirements) != 1 || m.Requirements[0].ID != "5.1(e)" || m.Requirements[0].Line != 4 {
		t.Errorf("second rule = %+v", m)
	}
	if !r.Matches("Policies/Leadership.md") || c.Map[1].Matches("policies/leadership.md") || !c.Map[1].Matches("minutes/2026/may.md") {
		t.Error("patterns do not match as include patterns do")
	}
	if got := r.Where("ismspack.yaml"); got != "ismspack.yaml:3" {
		t.Errorf("Where = %q", got)
	}
}

func TestMapRejectsBadShapesAtTheirLine(t *testing.T) {
	for _, tc := range []struct{ yaml, at string }{
		{"map: [\"5.1(a)\"]\n", "ismspack.yaml:1:6:"},
		{"map:\n  policies/x.md: {a: b}\n", "ismspack.yaml:2:18:"},
		{"map:\n  policies/x.md: [\"\"]\n", "ismspack.yaml:2:19:"},
		{"organisation: Acme\nmap:\n  \"policies/[x.md\": [\"5.1(a)\"]\n", "ismspack.yaml:3:3:"},
	} {
		_, err := Parse("ismspack.yaml", []byte(tc.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), tc.at) {
			t.Errorf("%q: err = %v, want one at %s", tc.yaml, err, tc.at)
		}
	}
}

func TestLinkRulesAreChecked(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("links:\n  roots: {/: handbook, /security-policies: .}\n  extensions: {.html: [.md, .html.md.erb]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if rs := c.Links.SiteRoots(); len(rs) != 2 || rs[0] != (Root{"/security-policies/", "."}) || rs[1] != (Root{"/", "handbook"}) {
		t.Errorf("roots = %v, want the longest prefix first", rs)
	}
	if got := c.Links.SourceExtensions(""); got != nil {
		t.Errorf("extensions given replace the defaults, but a clean URL still tries %v", got)
	}
	for _, bad := range []string{
		"links:\n  roots: {policies/: x}\n",
		"links:\n  roots: {/: ../elsewhere}\n",
		"links:\n  extensions: {html: [.md]}\n",
		"links:\n  extensions: {.html: [md]}\n",
	} {
		if _, err := Parse("ismspack.yaml", []byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:") {
			t.Errorf("%q: err = %v, want one naming its line", bad, err)
		}
	}
}

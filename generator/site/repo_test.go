package site

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/themes"
)

var (
	// testStart is when fixtures make their first commit.
	testStart = time.Date(2026, 9, 21, 9, 0, 0, 0, time.UTC)
	// testAsOf is the date reviews are judged against.
	testAsOf = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
)

// load reads the repository the way `ismspack build` does and runs every
// check over it.
func load(t testing.TB, dir string, cfg config.Config) (*isms.Model, []check.Finding) {
	t.Helper()
	m, err := isms.Open(isms.Options{Dir: dir, Config: &cfg, AsOf: testAsOf})
	if err != nil {
		t.Fatal(err)
	}
	return m, check.Run(m, check.Rules())
}

func testConfig() config.Config {
	cfg := config.Default()
	cfg.Title, cfg.Organisation = "Test ISMS", "Test Ltd"
	return cfg
}

// render renders m with the default theme into a fresh directory.
func render(t testing.TB, m *isms.Model, fs []check.Finding) string {
	t.Helper()
	return renderTheme(t, m, fs, themes.FS())
}

func renderTheme(t testing.TB, m *isms.Model, findings []check.Finding, theme fs.FS) string {
	t.Helper()
	out := t.TempDir()
	if err := Render(out, m, findings, theme); err != nil {
		t.Fatal(err)
	}
	return out
}

// readOut returns an output file as a string.
func readOut(t testing.TB, dir, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// doc writes a document with front matter from the given fields, in order,
// and a body.
func doc(fields [][2]string, body string) string {
	var b bytes.Buffer
	b.WriteString("---\n")
	for _, f := range fields {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("---\n")
	b.WriteString(body)
	return b.String()
}

// approved is a document in good standing evidencing reqs.
func approved(id, title, version, reqs, body string) string {
	return doc([][2]string{{"id", id}, {"title", title}, {"owner", "Chief Executive Officer"}, {"version", `"` + version + `"`},
		{"status", "approved"}, {"classification", "internal"}, {"type", "policy"}, {"approved_by", "Chief Executive Officer"},
		{"approved_on", "2026-06-01"}, {"last_reviewed", "2026-06-01"}, {"requirements", reqs}}, body)
}

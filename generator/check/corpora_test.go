package check_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"

	"github.com/ismspack/ismspack/generator/check"
)

// corporaDir holds two real policy repositories as git bundles, exactly as
// published in ../shared/corpora, with their licences and the config that
// adopts each one.
const corporaDir = "../../testdata/corpora"

// corpusAsOf is fixed so the review findings do not drift with the clock.
var corpusAsOf = date("2026-06-01")

// unbundle makes a bare repository from a v2 git bundle with go-git alone.
// go-git cannot clone a bundle, but a bundle is only a list of refs, a
// blank line and a packfile, so the packfile is fed to the object store
// and the refs are written by hand. No git binary, no network.
func unbundle(tb testing.TB, bundle string) string {
	tb.Helper()
	f, err := os.Open(bundle)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rd := bufio.NewReader(f)
	head, err := rd.ReadString('\n')
	if err != nil || head != "# v2 git bundle\n" {
		tb.Fatalf("%s: not a v2 git bundle (%q)", bundle, head)
	}
	refs := map[string]plumbing.Hash{}
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			tb.Fatalf("%s: reading refs: %v", bundle, err)
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			break
		}
		if strings.HasPrefix(line, "-") {
			tb.Fatalf("%s: bundle has prerequisites; it must hold the whole history", bundle)
		}
		h, name, ok := strings.Cut(line, " ")
		if !ok {
			tb.Fatalf("%s: bad ref line %q", bundle, line)
		}
		refs[name] = plumbing.NewHash(h)
	}
	dir := tb.TempDir()
	repo, err := git.PlainInit(dir, true)
	if err != nil {
		tb.Fatal(err)
	}
	if err := packfile.UpdateObjectStorage(repo.Storer, rd); err != nil {
		tb.Fatalf("%s: reading packfile: %v", bundle, err)
	}
	for name, h := range refs {
		if name == "HEAD" {
			continue
		}
		if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), h)); err != nil {
			tb.Fatal(err)
		}
	}
	if _, ok := refs["refs/heads/main"]; ok {
		if err := repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, "refs/heads/main")); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// checkCorpus adopts a corpus with its committed config and runs every rule.
func checkCorpus(t *testing.T, name string) []check.Finding {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(corporaDir, name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := unbundle(t, filepath.Join(corporaDir, name+".bundle"))
	_, fs := checkRepo(t, dir, cfg, corpusAsOf)
	return fs
}

// countByRule tallies findings per rule.
func countByRule(fs []check.Finding) map[string]int {
	n := map[string]int{}
	for _, f := range fs {
		n[f.Rule]++
	}
	return n
}

// pinFindings compares all findings with the golden file, which -update
// rewrites.
func pinFindings(t *testing.T, name string, fs []check.Finding) {
	t.Helper()
	got := lineFormat(t, fs)
	golden := filepath.Join(corporaDir, name+".want")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("findings differ from %s (-want +got):\n%s", golden, lineDiff(string(want), got))
	}
}

// wantCounts compares the findings per rule with want, naming each rule
// whose count moved.
func wantCounts(t *testing.T, fs []check.Finding, want map[string]int) {
	t.Helper()
	got := countByRule(fs)
	rules := map[string]bool{}
	for r := range got {
		rules[r] = true
	}
	for r := range want {
		rules[r] = true
	}
	var ids []string
	for r := range rules {
		ids = append(ids, r)
	}
	sort.Strings(ids)
	for _, r := range ids {
		if got[r] != want[r] {
			t.Errorf("%s: %d findings, want %d", r, got[r], want[r])
		}
	}
}

// fieldsMissing returns, per document, the fields field-missing names.
func fieldsMissing(fs []check.Finding) map[string][]string {
	out := map[string][]string{}
	for _, f := range fs {
		if f.Rule != "field-missing" {
			continue
		}
		field, _, _ := strings.Cut(strings.TrimPrefix(f.Message, "missing "), ":")
		field, _, _ = strings.Cut(field, " ")
		out[f.Path] = append(out[f.Path], field)
	}
	return out
}

// TestTailscaleAdoptedWithAliases adopts Tailscale's policies with two
// aliases (id from slug, last_reviewed from last_updated) and no edit.
//
// What it must show, as of 2026-06-01:
//   - The 14 policies have no owner, version, status, classification or
//     type anywhere, so each is missing exactly those five: 70 findings.
//     The aliases reach id and last_reviewed, so neither is reported.
//   - _index.md (the Hugo section page) has a title only: 7 missing.
//   - README.md and overview.md have no front matter: 2 findings.
//   - No version rule fires: there are no versions to compare.
//   - review-stale once: change-management's body lost two lines on
//     2026-01-13 ("Update index.md"), the day after its last_updated.
//   - Reviews dated 2026-01-12 (personnel 2026-02-24) are in date in June
//     2026; on 2027-02-01 the 13 are overdue and personnel is due soon.
//   - link-broken 9: the policies link to each other by site URL
//     (/security-policies/vendor/), which no file in the repository has.
//   - raw-html 6: three HTML tables, and list items inside one.
//   - coverage-gap for all eight clause 5.1 items: no document lists any.
func TestTailscaleAdoptedWithAliases(t *testing.T) {
	const name = "tailscale-security-policies"
	fs := checkCorpus(t, name)
	wantCounts(t, fs, map[string]int{
		"field-missing": 77, "front-matter-missing": 2, "review-stale": 1,
		"link-broken": 9, "raw-html": 6, "coverage-gap": 8,
	})
	missing := fieldsMissing(fs)
	policies := 0
	for path, fields := range missing {
		if path == "_index.md" {
			continue
		}
		policies++
		if got := strings.Join(fields, " "); got != "classification owner status type version" {
			t.Errorf("%s: missing %s, want exactly classification owner status type version (id and last_reviewed come through the aliases)", path, got)
		}
	}
	if policies != 14 {
		t.Errorf("%d policies with missing fields, want all 14", policies)
	}
	pinFindings(t, name, fs)

	t.Run("a year on", func(t *testing.T) {
		cfg, err := os.ReadFile(filepath.Join(corporaDir, name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		_, fs := checkRepo(t, unbundle(t, filepath.Join(corporaDir, name+".bundle")), cfg, date("2027-02-01"))
		n := countByRule(fs)
		if n["review-overdue"] != 13 || n["review-due-soon"] != 1 {
			t.Errorf("on 2027-02-01: %d overdue and %d due soon, want 13 (last_updated 2026-01-12 + 12 months) and 1 (personnel, 2026-02-24)",
				n["review-overdue"], n["review-due-soon"])
		}
		for _, f := range fs {
			if f.Rule == "review-due-soon" && f.Path != "personnel/index.md" {
				t.Errorf("due soon: %s, want personnel/index.md", f.Path)
			}
		}
	})
}

// TestTuistOwnersInBody adopts the security section of Tuist's handbook.
// Its front matter has title, titleTemplate and description only; the
// owner and effective date are bullets under the title ("- **Policy
// owner:** Pedro Piñera Buendía"), read by the body: aliases in its config,
// and the effective date stands in for the last review. So:
//   - all 16 documents lack id, version, status, classification and type
//     (80 findings); 15 name their owner, the shared-responsibility model
//     states neither owner nor date (2 more);
//   - 11 files carry a copy-paste slip, a second owner line reading
//     "Effective Date: ..." where the date line belongs: field-invalid at
//     that line (11), and those files lack last_reviewed (11 more: 93
//     field-missing in all);
//   - the 4 dated policies reviewed more than 12 months before 2026-06-01
//     are review-overdue; the access-control policy's text changed after its
//     effective date (review-stale);
//   - raw-html 26: <br> inside table cells (the roles document) and two HTML
//     tables in the risk-management policy; link-outside 4: VitePress site
//     links (/security/..., /pdfs/...) that resolve to no path under
//     handbook/security; coverage-gap for all eight items.
func TestTuistOwnersInBody(t *testing.T) {
	const name = "tuist-handbook-security"
	fs := checkCorpus(t, name)
	wantCounts(t, fs, map[string]int{"field-missing": 93, "field-invalid": 11, "review-overdue": 4, "review-stale": 1,
		"raw-html": 26, "link-outside": 4, "coverage-gap": 8})
	missing := fieldsMissing(fs)
	if len(missing) != 16 {
		t.Errorf("%d documents with missing fields, want all 16", len(missing))
	}
	for path, fields := range missing {
		got := strings.Join(fields, " ")
		switch got {
		case "classification id status type version", "classification id last_reviewed status type version":
		case "classification id last_reviewed owner status type version":
			if !strings.HasSuffix(path, "shared-responsibility-model.md") {
				t.Errorf("%s: missing %s", path, got)
			}
		default:
			t.Errorf("%s: missing %s", path, got)
		}
	}
	pinFindings(t, name, fs)
}

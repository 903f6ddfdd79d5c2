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

// checkCorpus runs every rule over a corpus with the configuration
// `ismspack adopt` proposed for it, committed as NAME.yaml without an edit.
func checkCorpus(t *testing.T, name string) []check.Finding {
	t.Helper()
	return checkCorpusWith(t, name, name)
}

// checkCorpusWith is checkCorpus with config NAME.yaml over the bundle
// BUNDLE.bundle, for a repository that keeps more than one ISMS.
func checkCorpusWith(t *testing.T, bundle, name string) []check.Finding {
	t.Helper()
	cfg, err := os.ReadFile(filepath.Join(corporaDir, name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := unbundle(t, filepath.Join(corporaDir, bundle+".bundle"))
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

// TestTailscaleAdopted checks Tailscale's policies with the configuration
// `ismspack adopt` proposed (tailscale-security-policies.yaml): content
// the repository root, README.md and Hugo's _index.md excluded, id from
// slug and last_reviewed from last_updated, links.roots /security-policies/
// at the root. No file is edited.
//
// What it must show, as of 2026-06-01:
//   - 15 documents: the 14 policies and overview.md.
//   - The 14 policies have no owner, version, status, classification or
//     type anywhere, so each is missing exactly those five: 70 findings.
//     The aliases reach id and last_reviewed, so neither is reported.
//   - overview.md has no front matter and no field in its text: 1.
//   - No version rule fires: there are no versions to compare.
//   - review-stale once: change-management's body lost two lines on
//     2026-01-13 ("Update index.md"), the day after its last_updated.
//   - Reviews dated 2026-01-12 (personnel 2026-02-24) are in date in June
//     2026; on 2027-02-01 the 13 are overdue and personnel is due soon.
//   - link-broken 3: the policies link each other by site URL
//     (/security-policies/vendor/), which links.roots now leads to the
//     files; /privacy-policy/ (three links) is a page of Tailscale's
//     website, not of this repository.
//   - raw-html 0: its three HTML tables and the list items inside one use
//     only elements the site renders and the pack draws.
//   - coverage-gap for all eight clause 5.1 items: no document names one.
func TestTailscaleAdopted(t *testing.T) {
	t.Parallel()
	const name = "tailscale-security-policies"
	fs := checkCorpus(t, name)
	wantCounts(t, fs, map[string]int{
		"field-missing": 70, "front-matter-missing": 1, "review-stale": 1,
		"link-broken": 3, "raw-html": 0, "coverage-gap": 8,
	})
	missing := fieldsMissing(fs)
	for path, fields := range missing {
		if got := strings.Join(fields, " "); got != "classification owner status type version" {
			t.Errorf("%s: missing %s, want exactly classification owner status type version (id and last_reviewed come through the aliases)", path, got)
		}
	}
	if len(missing) != 14 {
		t.Errorf("%d policies with missing fields, want all 14", len(missing))
	}
	for _, f := range fs {
		if f.Rule == "link-broken" && !strings.Contains(f.Message, "/privacy-policy/") {
			t.Errorf("link-broken %s:%d: %s, want only the links to the website's privacy policy", f.Path, f.Line, f.Message)
		}
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

// TestTuistAdopted checks the security section of Tuist's handbook with
// the configuration `ismspack adopt` proposed (tuist-handbook-security.yaml):
// content handbook/security, last_reviewed from the "Effective Date"
// labelled line, roles the one owner found, links.roots / at handbook.
// Its front matter has title, titleTemplate and description only; the
// owner is a bullet under each title ("- **Policy owner:** Pedro Piñera
// Buendía"), which the reader knows as an owner label. So:
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
//   - raw-html 0: the <br> inside table cells (the roles document) and the
//     two HTML tables in the risk-management policy (border, cellpadding,
//     bgcolor, rowspan) are rendered and drawn;
//   - link-outside 1: the VitePress site links (/security/...) lead to
//     their files through links.roots; /pdfs/... is a PDF the site serves,
//     not in handbook/security;
//   - coverage-gap for all eight items.
func TestTuistAdopted(t *testing.T) {
	t.Parallel()
	const name = "tuist-handbook-security"
	fs := checkCorpus(t, name)
	wantCounts(t, fs, map[string]int{"field-missing": 93, "field-invalid": 11, "review-overdue": 4, "review-stale": 1,
		"raw-html": 0, "link-outside": 1, "coverage-gap": 8})
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

// complyCounts are the findings of each of comply's two sets, example/
// and themes/comply-soc2/, read with the configuration `ismspack adopt`
// proposed for each (content the set, READMEs and TODO.md excluded, title
// from name, id from acronym). Both sets are the same 36 documents, edited
// apart in a few:
//   - 36 documents: 27 policies, 5 narratives, 4 procedures; every policy
//     is read, titled by its name and identified by its acronym.
//   - field-missing 184: no document has owner, version, status,
//     classification or type (180), and the 4 procedures have no
//     majorRevisions, so no last_reviewed either (4).
//   - The other 32 declare their history in majorRevisions, one row
//     "Jun 1 2018, Initial document" each: it gives last_reviewed, so
//     review-overdue 32 (due 2019-06-01); the row is dated after the
//     commit that added it (73d2152, 2018-05-15): revision-date-after-commit
//     32; later commits changed the text without a new row:
//     version-not-bumped, once per such commit (32 in example/, 40 in the
//     theme), and review-stale where the text changed after the row's
//     date as well as after its commit (5 in example/, 9 in the theme: the
//     rest changed between 2018-05-15 and the row's day, June 1st, which
//     the row is taken to cover).
//   - adopt proposes template: comply, so comply's 39 {{.Name}}
//     variables are not leftovers: in example/ they are filled in with
//     the organisation adopt read from comply.yml.example (Acme), in the
//     theme, which has no comply.yml, they are marked. leftover-placeholder
//     5: what the authors left to fill in, "[day/month/year]" four times
//     in the cyber policy and "<insert email address here>" in the
//     incident policy.
//   - leftover-marker 1: a TODO in the control narrative.
//   - adopt puts the set's own standards/TSC-2017.yml in use beside
//     clause 5.1, because the documents name TSC in satisfies:. So the
//     criteria each document satisfies count towards TSC's coverage:
//     coverage-gap 69, the eight clause 5.1 items (no document names one)
//     and all 61 TSC criteria (each named, by no document in good
//     standing); and requirement-unknown 5: five policies say they
//     satisfy CC9.9, which TSC-2017.yml does not define (it has CC9.1 and
//     CC9.2).
func TestComplyAdopted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		notBumped   int
		references  int
		reviewStale int
	}{{"strongdm-comply", 32, 32, 5}, {"strongdm-comply.soc2", 40, 32, 9}} {
		t.Run(tc.name, func(t *testing.T) {
			fs := checkCorpusWith(t, "strongdm-comply", tc.name)
			wantCounts(t, fs, map[string]int{"field-missing": 184, "review-overdue": 32, "revision-date-after-commit": 32,
				"version-not-bumped": tc.notBumped, "review-stale": tc.reviewStale, "leftover-placeholder": 5, "leftover-marker": 1, "coverage-gap": 69,
				"requirement-unknown": 5})
			for _, f := range fs {
				if f.Rule == "requirement-unknown" && !strings.Contains(f.Message, `"CC9.9"`) {
					t.Errorf("requirement-unknown %s:%d: %s, want only CC9.9", f.Path, f.Line, f.Message)
				}
			}
			for path, fields := range fieldsMissing(fs) {
				got := strings.Join(fields, " ")
				if got != "classification owner status type version" && !(strings.Contains(path, "/procedures/") && got == "classification last_reviewed owner status type version") {
					t.Errorf("%s: missing %s", path, got)
				}
			}
			pinFindings(t, tc.name, fs)
		})
	}
}

// TestComplyPoliciesAreReadWithNamesAndAcronyms loads comply's example set
// as adopted and checks what the site and pack show of each policy.
func TestComplyPoliciesAreReadWithNamesAndAcronyms(t *testing.T) {
	t.Parallel()
	cfg, err := os.ReadFile(filepath.Join(corporaDir, "strongdm-comply.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := checkRepo(t, unbundle(t, filepath.Join(corporaDir, "strongdm-comply.bundle")), cfg, corpusAsOf)
	policies, tsc := 0, 0
	for _, d := range m.Docs {
		if !strings.HasPrefix(d.Path, "example/policies/") {
			continue
		}
		policies++
		if d.Meta.ID == "" || d.Meta.Title == "" || d.Title != d.Meta.Title {
			t.Errorf("%s: id %q, title %q: want the acronym and the name", d.Path, d.Meta.ID, d.Meta.Title)
		}
		for _, r := range d.References {
			if r.Framework == "TSC" && len(r.IDs) > 0 {
				tsc++
			}
		}
	}
	if policies != 27 {
		t.Errorf("%d policies read, want all 27", policies)
	}
	if d := m.Doc("example/policies/access.md"); d == nil || d.Meta.ID != "AOTP" || d.Meta.Title != "Access Onboarding and Termination Policy" {
		t.Errorf("access.md read as %+v", d)
	}
	if tsc != 27 {
		t.Errorf("%d policies keep their TSC references, want 27", tsc)
	}
}

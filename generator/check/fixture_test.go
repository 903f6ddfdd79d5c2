package check_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/report"
)

var update = flag.Bool("update", false, "rewrite the want sections of fixtures and the pinned corpus findings")

// fixtureAsOf is the date every rule fixture is judged on unless its
// comment says otherwise.
var fixtureAsOf = date("2026-06-01")

// fixtureDir holds one txtar archive per rule, named after the rule ID;
// more cases for a rule go in <rule-id>.<case>.txtar.
const fixtureDir = "../../testdata/check"

// A fixture is a small git repository and the findings it must produce.
//
// The archive's comment describes the case and may hold directives:
//
//	rules: ID ...        compare these rules' findings (default: the rule
//	                     the file is named after)
//	as-of: YYYY-MM-DD    judge reviews on this date (default 2026-06-01)
//
// The sections, in order, make the commits:
//
//	-- commit: SUBJECT @2026-02-01 --   start a commit (the date may be
//	                                    RFC 3339; by default commits are a
//	                                    day apart from 2026-01-05). Its body
//	                                    lists operations, one a line:
//	                                      rm PATH
//	                                      mv OLD NEW
//	                                      symlink PATH TARGET
//	                                      shallow (the clone starts here:
//	                                        the parents' objects are absent)
//	                                      author NAME <EMAIL>
//	                                      committer NAME <EMAIL>
//	                                      sign ssh SEED (an SSH key made from
//	                                        SEED by showcase.NewSSHKey; "sign
//	                                        tampered-ssh SEED" signs what the
//	                                        commit is not)
//	-- PATH --                          a file written in the current commit;
//	                                    files before any commit marker make
//	                                    a first commit "Add documents"
//	-- want --                          the findings, as `ismspack check
//	                                    --format line` prints them
//
// Every document whose file name starts with "ok" must produce no
// unsuppressed finding of any rule: that is the case that must not
// trigger, and it must be clean, not merely clean of one rule.
type fixture struct {
	name    string
	rules   map[string]bool
	asOf    time.Time
	commits []fixtureCommit
	want    string
	archive *txtar.Archive
	file    string
}

type fixtureCommit struct {
	subject string
	when    time.Time
	files   map[string]string
	remove  []string
	rename  map[string]string
	links   map[string]string
	shallow bool

	author, email, committer, committerEmail string
	signer                                   git.Signer
}

func parseFixture(file string) (*fixture, error) {
	a, err := txtar.ParseFile(file)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(filepath.Base(file), ".txtar")
	rule, _, _ := strings.Cut(name, ".")
	fx := &fixture{name: name, rules: map[string]bool{rule: true}, asOf: fixtureAsOf, archive: a, file: file}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		switch {
		case !ok:
		case strings.TrimSpace(k) == "rules":
			for _, r := range strings.Fields(v) {
				fx.rules[r] = true
			}
		case strings.TrimSpace(k) == "as-of":
			t, err := time.Parse("2006-01-02", strings.TrimSpace(v))
			if err != nil {
				return nil, fmt.Errorf("as-of: %w", err)
			}
			fx.asOf = t
		}
	}
	cur := func() *fixtureCommit {
		if len(fx.commits) == 0 {
			fx.commits = append(fx.commits, fixtureCommit{subject: "Add documents", files: map[string]string{}})
		}
		return &fx.commits[len(fx.commits)-1]
	}
	for _, f := range a.Files {
		switch {
		case f.Name == "want":
			fx.want = string(f.Data)
		case strings.HasPrefix(f.Name, "commit:"):
			c, err := parseCommit(strings.TrimSpace(strings.TrimPrefix(f.Name, "commit:")), string(f.Data))
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			fx.commits = append(fx.commits, c)
		default:
			cur().files[f.Name] = string(f.Data)
		}
	}
	return fx, nil
}

func parseCommit(head, body string) (fixtureCommit, error) {
	c := fixtureCommit{subject: head, files: map[string]string{}, rename: map[string]string{}, links: map[string]string{}}
	if i := strings.LastIndex(head, " @"); i >= 0 {
		c.subject = strings.TrimSpace(head[:i])
		at := strings.TrimSpace(head[i+2:])
		var err error
		if c.when, err = time.Parse(time.RFC3339, at); err != nil {
			if c.when, err = time.Parse("2006-01-02", at); err != nil {
				return c, fmt.Errorf("commit date %q: write YYYY-MM-DD or RFC 3339", at)
			}
			c.when = c.when.Add(9 * time.Hour)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "rm" && len(f) == 2:
			c.remove = append(c.remove, f[1])
		case f[0] == "mv" && len(f) == 3:
			c.rename[f[1]] = f[2]
		case f[0] == "symlink" && len(f) == 3:
			c.links[f[1]] = f[2]
		case f[0] == "shallow" && len(f) == 1:
			c.shallow = true
		case (f[0] == "author" || f[0] == "committer") && len(f) >= 3:
			name, email := strings.Join(f[1:len(f)-1], " "), strings.Trim(f[len(f)-1], "<>")
			if f[0] == "author" {
				c.author, c.email = name, email
			} else {
				c.committer, c.committerEmail = name, email
			}
		case f[0] == "sign" && len(f) == 3 && f[1] == "ssh":
			c.signer = showcase.NewSSHKey(f[2])
		case f[0] == "sign" && len(f) == 3 && f[1] == "tampered-ssh":
			c.signer = showcase.Tampered(showcase.NewSSHKey(f[2]))
		default:
			return c, fmt.Errorf("unknown commit operation %q: use rm, mv, symlink, shallow, author, committer or sign", line)
		}
	}
	return c, nil
}

// build makes the fixture's repository and returns its directory.
func (fx *fixture) build(t *testing.T) string {
	t.Helper()
	r := testrepo.New(t)
	var shallow []string
	for _, c := range fx.commits {
		h := r.Commit(testrepo.Commit{Files: c.files, Links: c.links, Remove: c.remove, Rename: c.rename, Message: c.subject, When: c.when,
			Author: c.author, Email: c.email, Committer: c.committer, CommitterEmail: c.committerEmail, Signer: c.signer})
		if c.shallow {
			shallow = append(shallow, h)
		}
	}
	for _, h := range shallow {
		makeShallow(t, r, h)
	}
	return r.Dir
}

// makeShallow cuts the history below commit h the way `git clone --depth`
// leaves it: the parents' commit objects are not in the repository. The
// objects go-git writes are loose, so deleting their files is enough.
func makeShallow(t *testing.T, r *testrepo.Repo, h string) {
	t.Helper()
	c, err := r.Git.CommitObject(plumbing.NewHash(h))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.ParentHashes {
		s := p.String()
		if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", s[:2], s[2:])); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(h+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lineFormat(t testing.TB, fs []check.Finding) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.Write(&b, "line", fs, report.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestRuleFixtures runs every fixture under testdata/check and compares
// the findings of its rules with its want section. Run with -update to
// rewrite the want sections after a deliberate change, then read the diff.
func TestRuleFixtures(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, r := range check.Rules() {
		known[r.ID] = true
	}
	covered := map[string]bool{}
	for _, file := range files {
		fx, err := parseFixture(file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		for r := range fx.rules {
			if !known[r] {
				t.Errorf("%s: no rule %q", file, r)
			}
		}
		rule, _, _ := strings.Cut(fx.name, ".")
		covered[rule] = true
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			dir := fx.build(t)
			_, fs := checkRepo(t, dir, nil, fx.asOf)
			var got []check.Finding
			for _, f := range fs {
				if fx.rules[f.Rule] {
					got = append(got, f)
				}
				// A coverage gap filed at an ok document is about the
				// ISMS, not the document.
				if strings.HasPrefix(path.Base(f.Path), "ok") && !f.Suppressed && f.Requirement == "" {
					t.Errorf("a document named ok* must be clean, but: %s", strings.TrimSpace(lineFormat(t, []check.Finding{f})))
				}
			}
			out := lineFormat(t, got)
			if out == fx.want {
				return
			}
			if *update {
				for i := range fx.archive.Files {
					if fx.archive.Files[i].Name == "want" {
						fx.archive.Files[i].Data = []byte(out)
					}
				}
				if fx.want == "" && !hasWant(fx.archive) {
					fx.archive.Files = append(fx.archive.Files, txtar.File{Name: "want", Data: []byte(out)})
				}
				if err := os.WriteFile(fx.file, txtar.Format(fx.archive), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("findings differ (-want +got):\n%s", lineDiff(fx.want, out))
		})
	}
	var missing []string
	for id := range known {
		if !covered[id] {
			missing = append(missing, id)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("rules without a fixture in %s: %s", fixtureDir, strings.Join(missing, ", "))
	}
}

func hasWant(a *txtar.Archive) bool {
	for _, f := range a.Files {
		if f.Name == "want" {
			return true
		}
	}
	return false
}

// lineDiff shows the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	w, g := map[string]int{}, map[string]int{}
	for _, l := range strings.Split(strings.TrimSpace(want), "\n") {
		w[l]++
	}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
		g[l]++
	}
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(want), "\n") {
		if g[l] == 0 && l != "" {
			fmt.Fprintf(&b, "- %s\n", l)
		}
	}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
		if w[l] == 0 && l != "" {
			fmt.Fprintf(&b, "+ %s\n", l)
		}
	}
	if b.Len() == 0 {
		return "(same lines, different order or count)\n--- want\n" + want + "--- got\n" + got
	}
	return b.String()
}

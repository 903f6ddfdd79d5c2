// Package testrepo builds git repositories for tests with go-git in a temp
// directory, with fixed signatures and dates: no git binary, no network,
// the same hashes on every run.
package testrepo

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Epoch is the date of the first commit; later ones are a day apart unless
// they set When.
var Epoch = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// Commit is one commit to make.
type Commit struct {
	// Files to write, path -> content; relative to the repository root.
	Files map[string]string
	// Links are symbolic links to commit, path -> target.
	Links map[string]string
	// Remove lists paths to delete.
	Remove []string
	// Rename moves files old -> new, content unchanged.
	Rename  map[string]string
	Message string
	// When defaults to Epoch plus one day per commit.
	When time.Time
	// Author defaults to "Test Author", Email to author@example.org.
	Author, Email string
	// Committer and CommitterEmail default to the author's.
	Committer, CommitterEmail string
	// Signer, when set, signs the commit (an OpenPGP or SSH signer).
	Signer git.Signer
}

// Repo is a repository under construction.
type Repo struct {
	t    testing.TB
	Dir  string
	Git  *git.Repository
	wt   *git.Worktree
	n    int
	Head []string // hashes of the commits made, oldest first
}

// New makes an empty repository in a temp dir.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Git: r, wt: wt}
}

// Make builds a repository from commits.
func Make(t testing.TB, commits ...Commit) *Repo {
	t.Helper()
	r := New(t)
	for _, c := range commits {
		r.Commit(c)
	}
	return r
}

// Commit makes one commit and returns its hash.
func (r *Repo) Commit(c Commit) string {
	r.t.Helper()
	paths := make([]string, 0, len(c.Files))
	for p := range c.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c.Files[p]), 0o644); err != nil {
			r.t.Fatal(err)
		}
		if _, err := r.wt.Add(p); err != nil {
			r.t.Fatal(err)
		}
	}
	links := make([]string, 0, len(c.Links))
	for p := range c.Links {
		links = append(links, p)
	}
	sort.Strings(links)
	for _, p := range links {
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.Symlink(c.Links[p], full); err != nil {
			r.t.Fatal(err)
		}
		if _, err := r.wt.Add(p); err != nil {
			r.t.Fatal(err)
		}
	}
	for _, p := range c.Remove {
		if _, err := r.wt.Remove(p); err != nil {
			r.t.Fatal(err)
		}
	}
	olds := make([]string, 0, len(c.Rename))
	for o := range c.Rename {
		olds = append(olds, o)
	}
	sort.Strings(olds)
	for _, o := range olds {
		n := c.Rename[o]
		if err := os.MkdirAll(filepath.Dir(filepath.Join(r.Dir, n)), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if _, err := r.wt.Move(o, n); err != nil {
			r.t.Fatal(err)
		}
	}
	when := c.When
	if when.IsZero() {
		when = Epoch.AddDate(0, 0, r.n)
	}
	r.n++
	author := c.Author
	if author == "" {
		author = "Test Author"
	}
	msg := c.Message
	if msg == "" {
		msg = "change"
	}
	email := c.Email
	if email == "" {
		email = "author@example.org"
	}
	sig := &object.Signature{Name: author, Email: email, When: when}
	committer := sig
	if c.Committer != "" || c.CommitterEmail != "" {
		committer = &object.Signature{Name: c.Committer, Email: c.CommitterEmail, When: when}
	}
	h, err := r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: committer, Signer: c.Signer, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	r.Head = append(r.Head, h.String())
	return h.String()
}

// Doc returns a document with complete, valid front matter for tests to
// vary: fields given override the defaults, an empty value removes a field.
func Doc(fields map[string]string, body string) string {
	def := map[string]string{
		"id": "ISMS-POL-001", "title": "Information Security Policy", "owner": "Chief Executive Officer",
		"version": `"1.0"`, "status": "approved", "classification": "internal", "type": "policy",
		"approved_by": "Chief Executive Officer", "approved_on": "2026-01-05", "last_reviewed": "2026-01-05",
		"requirements": `["5.1(a)"]`,
	}
	for k, v := range fields {
		def[k] = v
	}
	order := []string{"id", "title", "owner", "version", "status", "classification", "type", "approved_by", "approved_on", "last_reviewed", "review_interval", "requirements"}
	out := "---\n"
	seen := map[string]bool{}
	for _, k := range order {
		seen[k] = true
		if v, ok := def[k]; ok && v != "" {
			out += k + ": " + v + "\n"
		}
	}
	var extra []string
	for k := range def {
		if !seen[k] && def[k] != "" {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		out += k + ": " + def[k] + "\n"
	}
	return out + "---\n" + body
}

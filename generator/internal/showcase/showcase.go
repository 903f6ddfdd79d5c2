package showcase

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// AsOf is the day the showcase is meant to be judged on: a year after its
// first commit, with one review overdue by then.
var AsOf = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// Person is one of the showcase's fictional people.
type Person struct {
	Name, Email, Role string
}

// The showcase's people. Alice is the Chief Executive Officer (the one
// leader); Ben runs the ISMS; Chloe heads People; Dan runs IT and holds no
// leadership role.
var (
	Alice = Person{"Alice Hart", "alice@example.com", "Chief Executive Officer"}
	Ben   = Person{"Ben Ortiz", "ben@example.com", "Information Security Manager"}
	Chloe = Person{"Chloe Nakamura", "chloe@example.com", "Head of People"}
	Dan   = Person{"Dan Fisher", "dan@example.com", "Head of IT"}
)

// Keys are the showcase's signing keys, made from fixed seeds: Alice signs
// with SSH and with OpenPGP, Ben with OpenPGP.
type Keys struct {
	AliceSSH *SSHKey
	AlicePGP *PGPKey
	BenPGP   *PGPKey
}

// NewKeys makes the showcase's keys; every call gives the same keys.
func NewKeys() Keys {
	created := time.Date(2025, 11, 1, 9, 0, 0, 0, time.UTC)
	return Keys{
		AliceSSH: NewSSHKey("showcase alice"),
		AlicePGP: NewPGPKey(Alice.Name, Alice.Email, "showcase alice", created),
		BenPGP:   NewPGPKey(Ben.Name, Ben.Email, "showcase ben", created),
	}
}

// step is one commit of the showcase.
type step struct {
	when    string // 2006-01-02
	by      Person
	via     *Person // the committer, when not the author
	signer  git.Signer
	message string
	files   map[string]string
}

// Write writes the showcase repository into dir (which must be empty or
// absent) and returns the hashes of its commits, oldest first.
func Write(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(dir); err != nil {
		return nil, err
	} else if len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: the showcase is written into an empty directory", dir)
	}
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		return nil, err
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	var hashes []string
	for i, s := range steps(NewKeys()) {
		paths := make([]string, 0, len(s.files))
		for p := range s.files {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(full, []byte(s.files[p]), 0o644); err != nil {
				return nil, err
			}
			if _, err := wt.Add(p); err != nil {
				return nil, err
			}
		}
		day, err := time.Parse("2006-01-02", s.when)
		if err != nil {
			return nil, fmt.Errorf("step %d: %w", i, err)
		}
		when := day.Add(9*time.Hour + time.Duration(i)*time.Minute)
		sig := &object.Signature{Name: s.by.Name, Email: s.by.Email, When: when}
		committer := sig
		if s.via != nil {
			committer = &object.Signature{Name: s.via.Name, Email: s.via.Email, When: when}
		}
		h, err := wt.Commit(s.message, &git.CommitOptions{Author: sig, Committer: committer, Signer: s.signer})
		if err != nil {
			return nil, fmt.Errorf("step %d (%s): %w", i, s.message, err)
		}
		hashes = append(hashes, h.String())
	}
	return hashes, nil
}

// doc writes a document: front matter from fields in the usual order,
// then the body.
func doc(fields map[string]string, body string) string {
	order := []string{"id", "title", "owner", "version", "status", "classification", "type", "date", "approved_by", "approved_on", "last_reviewed", "review_interval", "requirements", "evidence"}
	var b strings.Builder
	b.WriteString("---\n")
	for _, k := range order {
		if v, ok := fields[k]; ok && v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.WriteString("---\n")
	b.WriteString(strings.TrimLeft(body, "\n"))
	return b.String()
}

// with returns a copy of base with the given fields changed.
func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

package scaffold

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5"
	gitconfig "github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Result says what Init did.
type Result struct {
	// Files are the slash paths written, relative to the directory.
	Files []string
	// NewRepo is true when Init created the repository.
	NewRepo bool
	// Commit is the initial commit, when Init made one.
	Commit plumbing.Hash
	// Branch is the branch the commit is on.
	Branch string
}

// Signature is who the initial commit is by.
type Signature struct {
	Name, Email string
	When        time.Time
}

// Init writes a new ISMS into dir. When dir is not inside a git
// repository it creates one (branch main) and commits the files, because
// ismspack reads commits, not the working tree: `ismspack check` works at
// once. Inside an existing repository it only writes the files and leaves
// the commit to the user, who may have changes of their own staged.
func Init(dir string, o Options, sig Signature) (*Result, error) {
	files, err := Files(o)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	_, err = git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true})
	existing := err == nil
	if err != nil && !errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("opening %s: %w", dir, err)
	}
	if !existing {
		// Refuse before creating .git, so a refusal leaves dir as it was.
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			return nil, &ExistsError{Paths: []string{".git"}}
		}
	}
	if err := refuseExisting(dir, files); err != nil {
		return nil, err
	}
	var repo *git.Repository
	if !existing {
		repo, err = git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")}})
		if err != nil {
			return nil, fmt.Errorf("creating a git repository in %s: %w", dir, err)
		}
	}
	names, err := Write(dir, files)
	if err != nil {
		return nil, err
	}
	r := &Result{Files: names, NewRepo: !existing}
	if existing {
		return r, nil
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if _, err := wt.Add(n); err != nil {
			return nil, fmt.Errorf("adding %s: %w", n, err)
		}
	}
	s := &object.Signature{Name: sig.Name, Email: sig.Email, When: sig.When}
	r.Commit, err = wt.Commit("Start the ISMS from the ismspack templates", &git.CommitOptions{Author: s, Committer: s})
	if err != nil {
		return nil, fmt.Errorf("committing: %w", err)
	}
	r.Branch = "main"
	return r, nil
}

func refuseExisting(dir string, files map[string][]byte) error {
	var exists []string
	for n := range files {
		if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(n))); err == nil {
			exists = append(exists, n)
		}
	}
	if len(exists) > 0 {
		sortStrings(exists)
		return &ExistsError{Paths: exists}
	}
	return nil
}

// SignatureFrom finds who commits: GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL,
// else user.name and user.email in the global git configuration under
// env's HOME (or XDG_CONFIG_HOME), else a name that says it was ismspack.
func SignatureFrom(env map[string]string, when time.Time) Signature {
	s := Signature{Name: env["GIT_AUTHOR_NAME"], Email: env["GIT_AUTHOR_EMAIL"], When: when}
	var paths []string
	if x := env["XDG_CONFIG_HOME"]; x != "" {
		paths = append(paths, filepath.Join(x, "git", "config"))
	}
	if h := env["HOME"]; h != "" {
		paths = append(paths, filepath.Join(h, ".gitconfig"), filepath.Join(h, ".config", "git", "config"))
	}
	for _, p := range paths {
		if s.Name != "" && s.Email != "" {
			break
		}
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		c, err := gitconfig.ReadConfig(f)
		f.Close()
		if err != nil {
			continue
		}
		if s.Name == "" {
			s.Name = c.User.Name
		}
		if s.Email == "" {
			s.Email = c.User.Email
		}
	}
	if s.Name == "" {
		s.Name = "ismspack init"
	}
	if s.Email == "" {
		s.Email = "ismspack@localhost"
	}
	return s
}

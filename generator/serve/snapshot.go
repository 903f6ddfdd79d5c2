package serve

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/ismspack/ismspack/generator/config"
)

// snapshotCommit records the working tree as it is now as a commit whose
// parent is HEAD, and returns its hash. Only the content directory and
// the configuration files are taken from disk; the rest is HEAD's.
//
// The objects go into the repository's own object store, unreferenced,
// as `git stash create` does: every stage after source reads a commit, so
// the preview is built by exactly the code a real build runs (history,
// version checks and all), and git's gc prunes the objects later. Nothing
// else in the repository changes: no ref, no index, no file.
func snapshotCommit(root string, when time.Time) (string, error) {
	repo, err := git.PlainOpenWithOptions(root, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return "", fmt.Errorf("opening the repository at %s: %w", root, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return "", fmt.Errorf("--worktree needs a working tree, and %s is a bare repository", root)
	}
	root = wt.Filesystem.Root()
	st := repo.Storer
	var parents []plumbing.Hash
	var base *object.Tree
	if head, err := repo.Head(); err == nil {
		c, err := repo.CommitObject(head.Hash())
		if err != nil {
			return "", err
		}
		parents = []plumbing.Hash{c.Hash}
		if base, err = c.Tree(); err != nil {
			return "", err
		}
	}
	cfg, err := config.FromWorktree(root)
	if err != nil {
		return "", err
	}
	tree := base
	for _, n := range config.FileNames {
		h, mode, ok, err := diskEntry(st, filepath.Join(root, filepath.FromSlash(n)))
		if err != nil {
			return "", err
		}
		if tree, err = replace(st, tree, strings.Split(n, "/"), h, mode, ok); err != nil {
			return "", err
		}
	}
	h, mode, ok, err := diskEntry(st, filepath.Join(root, filepath.FromSlash(cfg.Content)))
	if err != nil {
		return "", err
	}
	if content := path.Clean(cfg.Content); content == "." {
		// The whole repository is content: all of it comes from disk.
		if tree, err = object.GetTree(st, h); err != nil {
			return "", err
		}
	} else if tree, err = replace(st, tree, strings.Split(content, "/"), h, mode, ok); err != nil {
		return "", err
	}
	if tree == nil {
		tree = &object.Tree{}
	}
	treeHash, err := store(st, tree)
	if err != nil {
		return "", err
	}
	sig := object.Signature{Name: "ismspack serve", Email: "ismspack@localhost", When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: "Uncommitted changes in the working tree (ismspack serve --worktree)\n",
		TreeHash: treeHash, ParentHashes: parents}
	h, err = store(st, c)
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

type encoder interface {
	Encode(plumbing.EncodedObject) error
}

func store(st storer.EncodedObjectStorer, o encoder) (plumbing.Hash, error) {
	obj := st.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(obj)
}

// diskEntry stores the file or directory at p and returns its hash and
// mode; ok is false when p does not exist.
func diskEntry(st storer.EncodedObjectStorer, p string) (plumbing.Hash, filemode.FileMode, bool, error) {
	fi, err := os.Lstat(p)
	if os.IsNotExist(err) {
		return plumbing.ZeroHash, 0, false, nil
	}
	if err != nil {
		return plumbing.ZeroHash, 0, false, err
	}
	if !fi.IsDir() {
		if !fi.Mode().IsRegular() {
			return plumbing.ZeroHash, 0, false, nil
		}
		h, err := storeBlob(st, p)
		return h, filemode.Regular, err == nil, err
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return plumbing.ZeroHash, 0, false, err
	}
	t := &object.Tree{}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") || e.Type()&fs.ModeSymlink != 0 {
			continue
		}
		h, mode, ok, err := diskEntry(st, filepath.Join(p, e.Name()))
		if err != nil {
			return plumbing.ZeroHash, 0, false, err
		}
		if ok {
			t.Entries = append(t.Entries, object.TreeEntry{Name: e.Name(), Mode: mode, Hash: h})
		}
	}
	sortEntries(t.Entries)
	h, err := store(st, t)
	return h, filemode.Dir, err == nil, err
}

func storeBlob(st storer.EncodedObjectStorer, p string) (plumbing.Hash, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	obj := st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	obj.SetSize(int64(len(b)))
	w, err := obj.Writer()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if _, err := w.Write(b); err != nil {
		return plumbing.ZeroHash, err
	}
	if err := w.Close(); err != nil {
		return plumbing.ZeroHash, err
	}
	return st.SetEncodedObject(obj)
}

// replace returns t with the entry at parts set to h (or removed when
// !ok), storing every tree on the way down.
func replace(st storer.EncodedObjectStorer, t *object.Tree, parts []string, h plumbing.Hash, mode filemode.FileMode, ok bool) (*object.Tree, error) {
	out := &object.Tree{}
	var child *object.Tree
	if t != nil {
		for _, e := range t.Entries {
			if e.Name != parts[0] {
				out.Entries = append(out.Entries, e)
				continue
			}
			if len(parts) > 1 && e.Mode == filemode.Dir {
				c, err := object.GetTree(st, e.Hash)
				if err != nil {
					return nil, err
				}
				child = c
			}
		}
	}
	if len(parts) == 1 {
		if ok {
			out.Entries = append(out.Entries, object.TreeEntry{Name: parts[0], Mode: mode, Hash: h})
		}
	} else {
		c, err := replace(st, child, parts[1:], h, mode, ok)
		if err != nil {
			return nil, err
		}
		if len(c.Entries) > 0 {
			ch, err := store(st, c)
			if err != nil {
				return nil, err
			}
			out.Entries = append(out.Entries, object.TreeEntry{Name: parts[0], Mode: filemode.Dir, Hash: ch})
		}
	}
	sortEntries(out.Entries)
	return out, nil
}

// sortEntries puts tree entries in git's order, where a directory sorts
// as if its name ended in '/'.
func sortEntries(es []object.TreeEntry) {
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	sort.Slice(es, func(i, j int) bool { return key(es[i]) < key(es[j]) })
}

// Package source reads an ISMS from a git repository as committed at a ref:
// the files under the content directory and, from a single walk of the
// commit graph, the history of every document.
//
// It uses go-git and never the git binary, and never the working tree: what
// is built is what was committed.
package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/ismspack/ismspack/generator/internal/clip"
	"github.com/ismspack/ismspack/generator/source/pack"
)

// MaxFileSize bounds a file read from the repository. A larger file is
// reported, not read, so a stray binary cannot exhaust memory.
const MaxFileSize = 8 << 20

// Repo is an open repository.
type Repo struct {
	// Root is the directory the repository was found in.
	Root   string
	repo   *git.Repository
	bare   bool
	closer io.Closer
	// Progress, when set, is told how many commits the history walk has
	// visited, as it goes.
	Progress func(commits int)
	// FilesRead, when set, is given the files at the ref as soon as they
	// are read, before the history walk starts, so that work needing only
	// them (parsing the documents) runs beside the walk. It is called on
	// the reading goroutine, must return quickly and must not change them.
	FilesRead func(files []File)
	// Need, when set, says which revisions' contents a walk resumed from
	// a WalkState reads, by path and blob id: the changes it takes from
	// the state keep Data nil where Need says false, for a caller that
	// has what it needs of them already (and reads any it comes to need
	// with Blob). Changes of the commits walked are always read.
	Need func(path, blob string) bool
	// Known, when set, says which files at the ref the caller keeps the
	// contents of already, by path and blob id, and gives their size: a
	// walk leaves those unread (File.Kept). A blob id names its bytes, so
	// what the caller keeps is what the walk would read.
	Known func(path, blob string) (size int64, ok bool)
	// gitDir is set when a second, independent handle can be opened for
	// reading blobs alongside the history walk.
	gitDir string
	// store reads the repository's pack files, shared by every handle;
	// nil when it could not be opened. ownStore says this handle closes
	// it. packs is this handle's reader on it.
	store    *pack.Store
	ownStore bool
	packs    *pack.Reader
	// blobMu serialises Blob's reads through go-git.
	blobMu sync.Mutex
}

// second opens another handle on the same repository, so two goroutines
// can read objects without sharing go-git's caches, which are not safe for
// concurrent use.
func (r *Repo) second() (*Repo, error) {
	if r.gitDir == "" {
		return nil, nil
	}
	st := filesystem.NewStorageWithOptions(osfs.New(r.gitDir), cache.NewObjectLRU(16*cache.MiByte),
		filesystem.Options{KeepDescriptors: true})
	o := &Repo{Root: r.Root, bare: true, closer: st, store: r.store}
	g, err := git.Open(o.withPacks(st), nil)
	if err != nil {
		st.Close()
		return nil, err
	}
	o.repo = g
	return o, nil
}

// withPacks is st reading pack files through r's own pack reader first,
// or st alone when there is no pack store.
func (r *Repo) withPacks(st *filesystem.Storage) storage.Storer {
	if r.store == nil {
		return st
	}
	r.packs = r.store.Reader()
	return &packed{Storage: st, packs: r.packs}
}

// Commit is one commit as the history shows it.
type Commit struct {
	Hash    string
	Author  string
	Email   string
	When    time.Time
	Subject string
	Parents int
	// Committer and CommitterEmail are who committed it, which may differ
	// from the author (a change applied or merged by someone else).
	Committer      string
	CommitterEmail string
	// Signature is the commit's signature as stored (OpenPGP or SSH),
	// empty when unsigned; Raw is then the commit object's bytes, so the
	// signature can be verified later against the people register's keys.
	// Unsigned commits keep no Raw.
	Signature string
	Raw       []byte
}

// Short returns the abbreviated hash used in messages.
func (c *Commit) Short() string {
	if len(c.Hash) > 7 {
		return c.Hash[:7]
	}
	return c.Hash
}

// File is a regular file under the content directory at the ref.
type File struct {
	// Path is slash-separated and relative to the repository root.
	Path string
	// Blob is the git blob id, so an auditor can verify a file against the
	// repository with `git rev-parse REF:PATH`.
	Blob string
	Data []byte
	// Size is the blob size; Data is nil when the file was too large,
	// or when it is Kept.
	Size int64
	// Kept says Data was left unread because Repo.Known said the caller
	// keeps the file's contents.
	Kept bool
}

// Action says how a commit touched a document.
type Action string

// The ways a commit can touch a document.
const (
	Added    Action = "added"
	Modified Action = "modified"
	Renamed  Action = "renamed"
)

// Change is one commit's change to one document.
type Change struct {
	Commit *Commit
	Action Action
	// Path is the document's path in that commit; From is the old path of
	// a rename.
	Path string
	From string
	Blob string
	// Data is the document's content as of that commit; nil when the
	// blob is over MaxFileSize, or when the change came from a WalkState
	// and Repo.Need said it was not needed.
	Data []byte
	// Boundary marks a change in a commit whose parents a shallow clone
	// lacks: the document existed before, its earlier history is unknown.
	Boundary bool
}

// Notice is something in the repository that could not be read as a
// document: a submodule, an LFS pointer, a file too large. The check stage
// turns notices into findings.
type Notice struct {
	Path    string
	Message string
}

// Snapshot is everything read from one commit.
type Snapshot struct {
	Root    string
	Ref     string
	Commit  *Commit
	Content string
	// Select decides which of Files are documents.
	Select *Selector
	// Files holds every regular file under Content, sorted by path.
	Files []File
	// History maps a document's path at the ref to the commits that
	// changed it, newest first.
	History map[string][]Change
	// Truncated is set when the walk met a shallow-clone boundary: the
	// oldest change seen is not the document's creation.
	Truncated bool
	// Commits is how many commits the walk visited.
	Commits int
	Notices []Notice
	// Walk is what the history walk learned, for the next walk to resume
	// from (ReadFrom); Resumed says how this one used the state it was given.
	Walk    *WalkState
	Resumed Resumed
}

// Open finds the repository at dir or one of its parents. Bare
// repositories are fine: ismspack reads commits, not a working tree. Call
// Close when done.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if r, ok, err := openFast(abs, true); ok || err != nil {
		return r, err
	}
	r, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("no git repository at %s or any parent: run ismspack inside a clone, or pass --repo DIR", abs)
	}
	if err != nil {
		return nil, fmt.Errorf("opening git repository at %s: %w", abs, err)
	}
	root := abs
	bare := true
	if wt, err := r.Worktree(); err == nil {
		root = wt.Filesystem.Root()
		bare = false
	}
	return &Repo{Root: root, repo: r, bare: bare}, nil
}

// openFast opens an ordinary clone (a .git directory) or a bare repository
// with pack files kept open and a larger object cache: the history walk
// reads thousands of objects, and go-git otherwise reopens the pack file
// for each. A small object cache measured fastest: the walk reads each tree
// about once, and a large cache only grows the heap. Linked worktrees (.git is a file) take the general path.
// Pack files are read through package pack when packs is set.
func openFast(abs string, packs bool) (*Repo, bool, error) {
	for d := abs; ; d = filepath.Dir(d) {
		gitDir, root, bare := filepath.Join(d, ".git"), d, false
		fi, err := os.Stat(gitDir)
		switch {
		case err == nil && !fi.IsDir():
			return nil, false, nil
		case err != nil && isBareDir(d):
			gitDir, bare = d, true
		case err != nil:
			if parent := filepath.Dir(d); parent != d {
				continue
			}
			return nil, false, nil
		}
		st := filesystem.NewStorageWithOptions(osfs.New(gitDir), cache.NewObjectLRU(16*cache.MiByte),
			filesystem.Options{KeepDescriptors: true})
		var wt billy.Filesystem
		if !bare {
			wt = osfs.New(root)
		}
		r := &Repo{Root: root, bare: bare, closer: st, gitDir: gitDir, ownStore: true}
		// Without the pack reader go-git reads everything, only slower.
		if packs {
			if r.store, err = pack.Open(filepath.Join(gitDir, "objects"), packCache, MaxFileSize); err != nil {
				r.store = nil
			}
		}
		g, err := git.Open(r.withPacks(st), wt)
		if err != nil {
			r.Close()
			return nil, true, fmt.Errorf("opening git repository at %s: %w", root, err)
		}
		r.repo = g
		return r, true, nil
	}
}

func isBareDir(d string) bool {
	for _, n := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(d, n)); err != nil {
			return false
		}
	}
	return true
}

// Close releases the pack files Open keeps open.
func (r *Repo) Close() error {
	var errs []error
	if r.closer != nil {
		errs = append(errs, r.closer.Close())
	}
	if r.ownStore && r.store != nil {
		errs = append(errs, r.store.Close())
	}
	return errors.Join(errs...)
}

// Bare reports whether the repository has no working tree.
func (r *Repo) Bare() bool { return r.bare }

// Resolve turns a branch, tag, commit hash or revision expression into a
// commit.
func (r *Repo) Resolve(ref string) (*object.Commit, error) {
	if ref == "" {
		ref = "HEAD"
	}
	if _, err := r.repo.Head(); errors.Is(err, plumbing.ErrReferenceNotFound) && ref == "HEAD" {
		return nil, fmt.Errorf("repository %s has no commits yet: commit your documents first, ismspack reads them as committed", r.Root)
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(ref))
	if err != nil {
		return nil, fmt.Errorf("ref %q not found in %s: give a branch, a tag or a commit hash", ref, r.Root)
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		// An annotated tag resolves to the tag object on some paths.
		if t, terr := r.repo.TagObject(*h); terr == nil {
			if c, err = t.Commit(); err == nil {
				return c, nil
			}
		}
		return nil, fmt.Errorf("ref %q in %s does not name a commit: %w", ref, r.Root, err)
	}
	return c, nil
}

// RefName is the name to show for ref, read at commit c: for HEAD, the
// branch it is on, else a tag on c, else "HEAD". A reader of the cover or
// the dashboard wants "main" or "audit-2026", not "HEAD".
func (r *Repo) RefName(ref string, c *object.Commit) string {
	if ref != "" && ref != "HEAD" {
		return ref
	}
	if h, err := r.repo.Reference(plumbing.HEAD, false); err == nil && h.Type() == plumbing.SymbolicReference {
		if h.Target().IsBranch() {
			return h.Target().Short()
		}
	}
	name := ""
	if tags, err := r.repo.Tags(); err == nil {
		tags.ForEach(func(t *plumbing.Reference) error {
			target := t.Hash()
			if tag, err := r.repo.TagObject(target); err == nil {
				target = tag.Target
			}
			if target == c.Hash && (name == "" || t.Name().Short() < name) {
				name = t.Name().Short()
			}
			return nil
		})
	}
	if name == "" {
		return "HEAD"
	}
	return name
}

// Before returns the newest commit on c's first-parent line committed on
// or before the end of day t: the state of the ISMS on that day, for an
// audit that samples a past period. It fails when the line starts later.
func (r *Repo) Before(c *object.Commit, t time.Time) (*object.Commit, error) {
	end := time.Date(t.Year(), t.Month(), t.Day(), 23, 59, 59, 0, time.UTC)
	shallow, err := r.shallow()
	if err != nil {
		return nil, err
	}
	for c.Committer.When.After(end) {
		if c.NumParents() == 0 {
			return nil, fmt.Errorf("no commit on or before %s: the history starts %s", t.Format("2006-01-02"), c.Committer.When.Format("2006-01-02"))
		}
		if shallow[c.Hash] {
			return nil, fmt.Errorf("no commit on or before %s in this shallow clone: fetch more history (git fetch --shallow-since=%s)", t.Format("2006-01-02"), t.Format("2006-01-02"))
		}
		p, err := c.Parent(0)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return nil, missingCommit(c.ParentHashes[0], c.Hash)
		}
		if err != nil {
			return nil, err
		}
		c = p
	}
	return c, nil
}

// ReadFile returns a file's content at commit c, or nil and no error when
// it does not exist.
func (r *Repo) ReadFile(c *object.Commit, name string) ([]byte, error) {
	f, err := r.ReadBlob(c, name, MaxFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	return f.Data, err
}

// ReadBlob returns the regular file at name in commit c. A symbolic link
// is refused, never followed: its target could name a file on the machine
// running the build. So are submodules, directories and files larger than
// max, whose size is known before the content is read. A missing file is
// an error that wraps fs.ErrNotExist.
func (r *Repo) ReadBlob(c *object.Commit, name string, max int64) (File, error) {
	short := c.Hash.String()[:7]
	tree, err := c.Tree()
	if err != nil {
		return File{}, fmt.Errorf("reading tree of commit %s: %w", short, err)
	}
	e, err := tree.FindEntry(name)
	if errors.Is(err, object.ErrEntryNotFound) || errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) {
		return File{}, fmt.Errorf("no file %s in commit %s: %w", name, short, fs.ErrNotExist)
	}
	if err != nil {
		return File{}, fmt.Errorf("reading %s at %s: %w", name, short, err)
	}
	f, err := r.readEntry(name, e, max)
	if err != nil {
		return File{}, fmt.Errorf("%s at %s %w", name, short, err)
	}
	return f, nil
}

// ReadTree returns every file under dir in commit c, sorted by path (which
// is relative to the repository root). It stops at the first symbolic link
// or submodule, at more than maxFiles files, at a file larger than maxFile
// and at more than maxTotal bytes in all, so a committed directory costs
// at most what the caller allows. A missing directory is an error that
// wraps fs.ErrNotExist.
func (r *Repo) ReadTree(c *object.Commit, dir string, maxFiles int, maxFile, maxTotal int64) ([]File, error) {
	short := c.Hash.String()[:7]
	root, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("reading tree of commit %s: %w", short, err)
	}
	if e, err := root.FindEntry(dir); err == nil && e.Mode != filemode.Dir {
		if err := notRegular(e.Mode); err != nil {
			return nil, fmt.Errorf("%s at %s %w", dir, short, err)
		}
		return nil, fmt.Errorf("%s at %s is a file, not a directory", dir, short)
	}
	sub, err := subtree(root, dir)
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %w", dir, short, err)
	}
	if sub == nil {
		return nil, fmt.Errorf("no directory %s in commit %s: %w", dir, short, fs.ErrNotExist)
	}
	w := object.NewTreeWalker(sub, true, nil)
	defer w.Close()
	var files []File
	var total int64
	for {
		name, e, err := w.Next()
		if err == io.EOF {
			break
		}
		p := join(dir, name)
		if err != nil {
			return nil, fmt.Errorf("walking %s at %s: %w", dir, short, err)
		}
		if e.Mode == filemode.Dir {
			continue
		}
		if len(files) == maxFiles {
			return nil, fmt.Errorf("%s at %s has more than %d files, the most ismspack reads from it", dir, short, maxFiles)
		}
		f, err := r.readEntry(p, &e, maxFile)
		if err != nil {
			return nil, fmt.Errorf("%s at %s %w", p, short, err)
		}
		if total += f.Size; total > maxTotal {
			return nil, fmt.Errorf("%s at %s holds more than %d bytes, the most ismspack reads from it", dir, short, maxTotal)
		}
		files = append(files, f)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// notRegular says why a tree entry of mode m is not a file ismspack reads,
// as the end of a sentence that starts with its name; nil for a file.
func notRegular(m filemode.FileMode) error {
	switch m {
	case filemode.Regular, filemode.Executable, filemode.Deprecated:
		return nil
	case filemode.Symlink:
		return errors.New("is a symbolic link, which ismspack never follows: it could point out of the repository; commit the file itself")
	case filemode.Submodule:
		return errors.New("is a git submodule: ismspack reads only this repository's commits; commit the files themselves")
	case filemode.Dir:
		return errors.New("is a directory, not a file")
	}
	return fmt.Errorf("has file mode %s, not a regular file", m)
}

// readEntry reads the blob of one tree entry if it is a regular file of
// at most max bytes. Its errors read as the end of a sentence that starts
// with the file's name.
func (r *Repo) readEntry(p string, e *object.TreeEntry, max int64) (File, error) {
	if err := notRegular(e.Mode); err != nil {
		return File{}, err
	}
	blob, err := r.repo.BlobObject(e.Hash)
	if err != nil {
		return File{}, fmt.Errorf("cannot be read: %w", err)
	}
	if blob.Size > max {
		return File{}, fmt.Errorf("is %d bytes, more than the %d ismspack reads", blob.Size, max)
	}
	data, err := readBlob(blob)
	if err != nil {
		return File{}, fmt.Errorf("cannot be read: %w", err)
	}
	if IsLFSPointer(data) {
		return File{}, errors.New("is a Git LFS pointer, not the file: ismspack reads committed content only; commit the file itself (git lfs untrack)")
	}
	return File{Path: p, Blob: e.Hash.String(), Data: data, Size: blob.Size}, nil
}

// Read takes the snapshot of the content directory sel reads at commit c
// and the history of every document sel selects in it.
func (r *Repo) Read(ref string, c *object.Commit, sel *Selector) (*Snapshot, error) {
	return r.ReadFrom(ref, c, sel, nil)
}

// ReadFrom is Read resuming from an earlier walk's state: when prev's tip
// is c or an ancestor of it, only the commits since are read, and the
// snapshot is the one Read would take. Any other prev is ignored, and
// Snapshot.Resumed says why.
func (r *Repo) ReadFrom(ref string, c *object.Commit, sel *Selector, prev *WalkState) (*Snapshot, error) {
	content := sel.content
	s := &Snapshot{Root: r.Root, Ref: ref, Commit: toCommit(c), Content: content, Select: sel, History: map[string][]Change{}}
	root, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("reading tree of commit %s: %w", s.Commit.Short(), err)
	}
	sub, err := subtree(root, content)
	if err != nil {
		return nil, err
	}
	if sub == nil {
		return nil, fmt.Errorf("no directory %q in commit %s of %s: commit your documents there, or set content: in ismspack.yaml", content, s.Commit.Short(), r.Root)
	}
	if err := r.readFiles(s, sub, r.Known); err != nil {
		return nil, err
	}
	if r.FilesRead != nil {
		r.FilesRead(s.Files)
	}
	if err := r.walk(s, c, prev); err != nil {
		return nil, err
	}
	return s, nil
}

// Files reads the files under content at commit c without their history:
// the state an earlier ref is compared with. A commit without the content
// directory has no files.
func (r *Repo) Files(c *object.Commit, content string) ([]File, error) {
	s := &Snapshot{Content: strings.Trim(content, "/"), Commit: toCommit(c)}
	root, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("reading tree of commit %s: %w", s.Commit.Short(), err)
	}
	sub, err := subtree(root, s.Content)
	if err != nil || sub == nil {
		return nil, err
	}
	err = r.readFiles(s, sub, nil)
	return s.Files, err
}

// unsafeName says why a path read from a tree could not be written as
// the name of a page: it holds a control character (a new line or tab,
// which git itself refuses to check out), or a component that is empty,
// "." or "..", which only a hand-made tree holds and which would lead out
// of the output directory. "" when it is safe.
func unsafeName(p string) string {
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] == 0x7f {
			return "it holds a control character"
		}
	}
	for part := range strings.SplitSeq(p, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Sprintf("it has a %q component", part)
		}
	}
	return ""
}

// readFiles reads the files of tree, on two goroutines when there are
// many, but those known says the caller keeps.
func (r *Repo) readFiles(s *Snapshot, tree *object.Tree, known func(path, blob string) (int64, bool)) error {
	// item is one entry of the tree: a file to read, or a notice.
	type item struct {
		path, notice string
		hash         plumbing.Hash
		size         int64
		data         []byte
		kept         bool
		err          error
	}
	var items []item
	var todo []int
	w := object.NewTreeWalker(tree, true, nil)
	defer w.Close()
	// Names are judged below, file by file: go-git's own check stops the
	// walk at the first name git would refuse to check out.
	w.SkipPathValidation()
	for {
		name, e, err := w.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("walking %s at %s: %w", s.Content, s.Commit.Short(), err)
		}
		it := item{path: join(s.Content, name), hash: e.Hash}
		if why := unsafeName(name); why != "" {
			if e.Mode != filemode.Dir {
				// Quoted: the name is shown where a control
				// character could start a line of its own.
				// Not joined: path.Join would resolve a "..".
				it.path = name
				if s.Content != "" && s.Content != "." {
					it.path = s.Content + "/" + name
				}
				it.path = strings.Trim(strconv.Quote(it.path), `"`)
				it.notice = "is named so that " + why + "; ismspack leaves it out, as git leaves it out of a checkout: rename it"
				items = append(items, it)
			}
			continue
		}
		switch e.Mode {
		case filemode.Submodule:
			it.notice = "is a git submodule; ismspack reads only this repository's commits, so its documents are not included: copy them in or build the submodule's repository on its own"
		case filemode.Symlink:
			it.notice = "is a symbolic link; ismspack does not follow links, which could point out of the repository: commit the file itself"
		case filemode.Dir:
			continue
		default:
			if known != nil {
				it.size, it.kept = known(it.path, it.hash.String())
			}
			if !it.kept {
				todo = append(todo, len(items))
			}
		}
		items = append(items, it)
	}
	err := r.inParallel(len(todo), func(h *Repo, i int) {
		it := &items[todo[i]]
		it.size, it.data, it.err = h.fileBlob(it.hash)
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.notice != "" {
			s.Notices = append(s.Notices, Notice{it.path, it.notice})
			continue
		}
		if it.err != nil {
			return fmt.Errorf("reading %s at %s: %w", it.path, s.Commit.Short(), it.err)
		}
		f := File{Path: it.path, Blob: it.hash.String(), Size: it.size, Data: it.data, Kept: it.kept}
		if f.Size > MaxFileSize {
			s.Notices = append(s.Notices, Notice{f.Path, fmt.Sprintf("is %d bytes, more than the %d ismspack reads; it is left out", f.Size, MaxFileSize)})
		}
		if IsLFSPointer(f.Data) {
			s.Notices = append(s.Notices, Notice{f.Path, "is a Git LFS pointer, not the file: ismspack reads committed content only; keep documents out of LFS (git lfs untrack)"})
			f.Data = nil
		}
		s.Files = append(s.Files, f)
	}
	sort.Slice(s.Files, func(i, j int) bool { return s.Files[i].Path < s.Files[j].Path })
	return nil
}

// fileBlob returns blob h's size and, when it is at most MaxFileSize, its
// content.
func (r *Repo) fileBlob(h plumbing.Hash) (int64, []byte, error) {
	if r.packs != nil {
		if o, err := r.packs.Read(h); err == nil {
			if o.Type != pack.Blob {
				return 0, nil, plumbing.ErrObjectNotFound
			}
			return int64(len(o.Data)), o.Data, nil
		}
	}
	blob, err := r.repo.BlobObject(h)
	if err != nil {
		return 0, nil, err
	}
	if blob.Size > MaxFileSize {
		return blob.Size, nil, nil
	}
	data, err := readBlob(blob)
	return blob.Size, data, err
}

// inParallel calls f(h, i) for every i in [0, n), where h is r or, when
// there is enough work and a second core, a second handle on the same
// repository: each handle takes a contiguous run of i, since go-git's
// handles are not safe for concurrent use.
func (r *Repo) inParallel(n int, f func(h *Repo, i int)) error {
	handles := []*Repo{r}
	if n >= 64 && runtime.GOMAXPROCS(0) > 1 {
		o, err := r.second()
		if err != nil {
			return err
		}
		if o != nil {
			defer o.Close()
			handles = append(handles, o)
		}
	}
	per := (n + len(handles) - 1) / max(len(handles), 1)
	var wg sync.WaitGroup
	for k, h := range handles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k * per; i < min((k+1)*per, n); i++ {
				f(h, i)
			}
		}()
	}
	wg.Wait()
	return nil
}

// IsLFSPointer reports whether data is a Git LFS pointer file.
func IsLFSPointer(data []byte) bool {
	return len(data) < 1024 && bytes.HasPrefix(data, []byte("version https://git-lfs.github.com/spec/"))
}

func readBlob(b *object.Blob) ([]byte, error) {
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return readAll(rd, b.Size)
}

// readAll returns an object's content. go-git holds a decoded object in
// memory behind a bytes.Reader; its WriteTo hands over the slice itself in
// one Write, so the content is taken without a copy. Objects are never
// changed after decoding, so sharing the slice is safe. Other readers are
// copied.
func readAll(rd io.Reader, size int64) ([]byte, error) {
	if wt, ok := rd.(io.WriterTo); ok {
		var g grab
		if _, err := wt.WriteTo(&g); err != nil {
			return nil, err
		}
		if g.calls == 1 {
			return g.b, nil
		}
		if g.calls == 0 {
			return []byte{}, nil
		}
		return g.copy, nil
	}
	w := bytes.NewBuffer(make([]byte, 0, size))
	_, err := io.Copy(w, rd)
	return w.Bytes(), err
}

// grab keeps the slice of a single Write, and a copy once there are more.
type grab struct {
	b     []byte
	copy  []byte
	calls int
}

func (g *grab) Write(p []byte) (int, error) {
	g.calls++
	switch g.calls {
	case 1:
		g.b = p
	case 2:
		g.copy = append(append([]byte(nil), g.b...), p...)
	default:
		g.copy = append(g.copy, p...)
	}
	return len(p), nil
}

func subtree(root *object.Tree, dir string) (*object.Tree, error) {
	if dir == "" || dir == "." {
		return root, nil
	}
	t, err := root.Tree(dir)
	if errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, nil
	}
	return t, err
}

// CommitOf describes a commit the way the history does.
func CommitOf(c *object.Commit) *Commit { return toCommit(c) }

func toCommit(c *object.Commit) *Commit {
	subject, _, _ := strings.Cut(strings.TrimSpace(c.Message), "\n")
	return &Commit{
		Hash:    c.Hash.String(),
		Author:  clip.Runes(c.Author.Name, maxShown),
		Email:   c.Author.Email,
		When:    c.Author.When,
		Subject: clip.Runes(strings.TrimSpace(subject), maxShown),
		Parents: c.NumParents(),

		Committer:      clip.Runes(c.Committer.Name, maxShown),
		CommitterEmail: c.Committer.Email,
		Signature:      c.PGPSignature,
		Raw:            rawSigned(c),
	}
}

// maxShown is how many characters of a commit's subject and of its
// author's and committer's names the history keeps, the last an
// ellipsis where they were cut. A subject or name is shown on every page
// of every document its commit touched and in the findings that cite
// it, so one commit of a megabyte's subject touching a thousand
// documents made gigabytes of pages; git's own tools shorten a subject
// far sooner. The hash beside it names the commit whole. Emails, by
// which people are matched, are kept as they are.
const maxShown = 200

// rawSigned encodes a signed commit as stored; nil for an unsigned one.
func rawSigned(c *object.Commit) []byte {
	if c.PGPSignature == "" {
		return nil
	}
	obj := &plumbing.MemoryObject{}
	if err := c.Encode(obj); err != nil {
		return nil
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil
	}
	defer rd.Close()
	b, _ := io.ReadAll(rd)
	return b
}

func join(dir, name string) string {
	if dir == "" || dir == "." {
		return name
	}
	return path.Join(dir, name)
}

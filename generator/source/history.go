package source

import (
	"container/heap"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// walk fills s.History with one pass over the commit graph from c, newest
// first by committer time (the order `git log` uses), diffing only the
// content directory's subtree of each commit against its parents. Subtrees
// with equal hashes are skipped without being read, which is what keeps the
// walk close to `git log --name-status`.
func (r *Repo) walk(s *Snapshot, tip *object.Commit) error {
	// key maps a path as it is named at the point the walk has reached to
	// the path of the same document at the ref; renames rewrite it.
	key := map[string]string{}
	for _, f := range s.Files {
		if IsDocument(f.Path) && f.Data != nil {
			key[f.Path] = f.Path
		}
	}
	w := &walker{r: r, trees: map[plumbing.Hash]*object.Tree{}, content: s.Content}
	q := &commitQueue{}
	seen := map[plumbing.Hash]bool{tip.Hash: true}
	heap.Push(q, tip)
	for q.Len() > 0 && len(key) > 0 {
		c := heap.Pop(q).(*object.Commit)
		s.Commits++
		var parents []*object.Commit
		for _, ph := range c.ParentHashes {
			p, err := r.repo.CommitObject(ph)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				s.Truncated = true // shallow clone: the parent was never fetched
				continue
			}
			if err != nil {
				return fmt.Errorf("reading commit %s: %w", ph.String()[:7], err)
			}
			parents = append(parents, p)
			if !seen[ph] {
				seen[ph] = true
				heap.Push(q, p)
			}
		}
		changes, err := w.changes(c, parents)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			continue
		}
		commit := toCommit(c)
		// Renames first: an add and a delete of the same blob in one commit.
		deleted := map[plumbing.Hash]string{}
		for _, ch := range changes {
			if ch.to.IsZero() {
				deleted[ch.from] = ch.path
			}
		}
		for _, ch := range changes {
			if ch.to.IsZero() {
				continue
			}
			k, ok := key[ch.path]
			if !ok {
				continue
			}
			data, err := w.blob(ch.to)
			if err != nil {
				return fmt.Errorf("reading %s at %s: %w", ch.path, commit.Short(), err)
			}
			change := Change{Commit: commit, Action: Modified, Path: ch.path, Blob: ch.to.String(), Data: data}
			if ch.from.IsZero() {
				change.Action = Added
				delete(key, ch.path)
				if old, ok := deleted[ch.to]; ok {
					change.Action, change.From = Renamed, old
					delete(deleted, ch.to)
					key[old] = k
				}
			}
			s.History[k] = append(s.History[k], change)
		}
	}
	return nil
}

type treeChange struct {
	path     string
	from, to plumbing.Hash // zero when absent
}

type walker struct {
	r       *Repo
	content string
	trees   map[plumbing.Hash]*object.Tree
}

// changes lists the documents commit c changed. For a merge, a document
// counts only when it differs from every parent, as in `git log`'s
// combined diff; otherwise the change belongs to the merged branch's commits.
func (w *walker) changes(c *object.Commit, parents []*object.Commit) ([]treeChange, error) {
	to, err := w.contentTree(c)
	if err != nil {
		return nil, err
	}
	if len(parents) == 0 {
		var out []treeChange
		return out, w.diff(w.content, plumbing.ZeroHash, to, &out)
	}
	var first []treeChange
	from, err := w.contentTree(parents[0])
	if err != nil {
		return nil, err
	}
	if err := w.diff(w.content, from, to, &first); err != nil {
		return nil, err
	}
	for _, p := range parents[1:] {
		if len(first) == 0 {
			break
		}
		from, err := w.contentTree(p)
		if err != nil {
			return nil, err
		}
		var other []treeChange
		if err := w.diff(w.content, from, to, &other); err != nil {
			return nil, err
		}
		in := map[string]bool{}
		for _, ch := range other {
			in[ch.path] = true
		}
		kept := first[:0]
		for _, ch := range first {
			if in[ch.path] {
				kept = append(kept, ch)
			}
		}
		first = kept
	}
	return first, nil
}

// contentTree returns the hash of the content directory's tree in c, zero
// when c has no such directory.
func (w *walker) contentTree(c *object.Commit) (plumbing.Hash, error) {
	h := c.TreeHash
	if w.content == "" || w.content == "." {
		return h, nil
	}
	dir := w.content
	for dir != "" {
		name := dir
		rest := ""
		for i := 0; i < len(dir); i++ {
			if dir[i] == '/' {
				name, rest = dir[:i], dir[i+1:]
				break
			}
		}
		t, err := w.tree(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		found := false
		for _, e := range t.Entries {
			if e.Name == name && e.Mode == filemode.Dir {
				h, found = e.Hash, true
				break
			}
		}
		if !found {
			return plumbing.ZeroHash, nil
		}
		dir = rest
	}
	return h, nil
}

func (w *walker) tree(h plumbing.Hash) (*object.Tree, error) {
	if t, ok := w.trees[h]; ok {
		return t, nil
	}
	t, err := w.r.repo.TreeObject(h)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", h.String()[:7], err)
	}
	if len(w.trees) > 4096 {
		clear(w.trees)
	}
	w.trees[h] = t
	return t, nil
}

func (w *walker) blob(h plumbing.Hash) ([]byte, error) {
	b, err := w.r.repo.BlobObject(h)
	if err != nil {
		return nil, err
	}
	if b.Size > MaxFileSize {
		return nil, nil
	}
	return readBlob(b)
}

// diff appends the documents that differ between trees a and b (either may
// be zero) under prefix. Entries are merged in git's tree order, where a
// directory sorts as if its name ended in "/".
func (w *walker) diff(prefix string, a, b plumbing.Hash, out *[]treeChange) error {
	if a == b {
		return nil
	}
	var ea, eb []object.TreeEntry
	if !a.IsZero() {
		t, err := w.tree(a)
		if err != nil {
			return err
		}
		ea = t.Entries
	}
	if !b.IsZero() {
		t, err := w.tree(b)
		if err != nil {
			return err
		}
		eb = t.Entries
	}
	i, j := 0, 0
	for i < len(ea) || j < len(eb) {
		var x, y *object.TreeEntry
		switch {
		case i == len(ea):
			y = &eb[j]
			j++
		case j == len(eb):
			x = &ea[i]
			i++
		default:
			ka, kb := sortKey(&ea[i]), sortKey(&eb[j])
			switch {
			case ka < kb:
				x = &ea[i]
				i++
			case ka > kb:
				y = &eb[j]
				j++
			default:
				x, y = &ea[i], &eb[j]
				i++
				j++
			}
		}
		if err := w.entry(prefix, x, y, out); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) entry(prefix string, x, y *object.TreeEntry, out *[]treeChange) error {
	var name string
	var xd, yd, xf, yf plumbing.Hash
	if x != nil {
		name = x.Name
		if x.Mode == filemode.Dir {
			xd = x.Hash
		} else if isFile(x.Mode) {
			xf = x.Hash
		}
	}
	if y != nil {
		name = y.Name
		if y.Mode == filemode.Dir {
			yd = y.Hash
		} else if isFile(y.Mode) {
			yf = y.Hash
		}
	}
	p := join(prefix, name)
	if !xd.IsZero() || !yd.IsZero() {
		if err := w.diff(p, xd, yd, out); err != nil {
			return err
		}
	}
	if xf != yf && IsDocument(p) {
		*out = append(*out, treeChange{path: p, from: xf, to: yf})
	}
	return nil
}

func isFile(m filemode.FileMode) bool {
	return m == filemode.Regular || m == filemode.Executable || m == filemode.Deprecated
}

func sortKey(e *object.TreeEntry) string {
	if e.Mode == filemode.Dir {
		return e.Name + "/"
	}
	return e.Name
}

// commitQueue orders commits newest first by committer time, then by hash
// so that equal times still give one order.
type commitQueue []*object.Commit

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	ti, tj := q[i].Committer.When, q[j].Committer.When
	if !ti.Equal(tj) {
		return ti.After(tj)
	}
	return q[i].Hash.String() < q[j].Hash.String()
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(*object.Commit)) }
func (q *commitQueue) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

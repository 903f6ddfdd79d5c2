package source

import (
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/source/pack"
)

// walk fills s.History with one pass over the commit graph from c, newest
// first by committer time (the order `git log` uses), diffing only the
// content directory's subtree of each commit against its parents. Subtrees
// with equal hashes are skipped without being read, which is what keeps the
// walk close to `git log --name-status`.
//
// Commits are taken in batches: the batch's diffs are computed in parallel,
// one worker per core each with its own repository handle, then applied in
// order, since renames rewrite which document an older path belongs to.
// The walk stops once every document's creation has been seen.
func (r *Repo) walk(s *Snapshot, tip *object.Commit, prev *WalkState) error {
	// key maps a path as it is named at the point the walk has reached to
	// the path of the same document at the ref; renames rewrite it.
	key := map[string]string{}
	for _, f := range s.Files {
		if s.Select.IsDocument(f.Path) && (f.Data != nil || f.Kept) {
			key[f.Path] = f.Path
		}
	}
	if prev != nil && prev.Select != s.Select.ID() {
		prev = nil
	}
	if prev != nil && prev.Tip == tip.Hash.String() {
		s.Resumed = SameTip
	}
	walkers := []*walker{{r: r, trees: map[plumbing.Hash][]byte{}, content: s.Content, sel: s.Select}}
	for len(walkers) < min(runtime.GOMAXPROCS(0), 4) && s.Resumed != SameTip {
		o, err := r.second()
		if err != nil {
			return err
		}
		if o == nil {
			break
		}
		defer o.Close()
		walkers = append(walkers, &walker{r: o, trees: map[plumbing.Hash][]byte{}, content: s.Content, sel: s.Select})
	}
	blobs, err := r.blobReader(s)
	if err != nil {
		return err
	}
	defer blobs.stop()
	shallow, err := r.shallow()
	if err != nil {
		return err
	}
	wk := &walkRun{s: s, key: key, blobs: blobs, created: map[string]int{}, need: r.Need}
	var prevTip plumbing.Hash
	if prev != nil {
		prevTip = plumbing.NewHash(prev.Tip)
	}
	q := &commitQueue{}
	seen := map[plumbing.Hash]bool{tip.Hash: true}
	heap.Push(q, tip)
	batch := make([]task, 0, walkBatch)
	for q.Len() > 0 && len(key) > 0 {
		batch = batch[:0]
		for q.Len() > 0 && len(batch) < walkBatch {
			if prev != nil && (*q)[0].Hash == prevTip {
				break
			}
			c := heap.Pop(q).(*object.Commit)
			t := task{c: c}
			if shallow[c.Hash] && c.NumParents() > 0 {
				// A shallow clone's boundary: git treats the commits
				// listed in .git/shallow as having no parents.
				t.boundary = true
				batch = append(batch, t)
				continue
			}
			for _, ph := range c.ParentHashes {
				p, err := r.repo.CommitObject(ph)
				if errors.Is(err, plumbing.ErrObjectNotFound) {
					return missingCommit(ph, c.Hash)
				}
				if err != nil {
					return fmt.Errorf("reading commit %s: %w", ph.String()[:7], err)
				}
				t.parents = append(t.parents, p)
				if !seen[ph] {
					seen[ph] = true
					heap.Push(q, p)
				}
			}
			batch = append(batch, t)
		}
		if len(batch) == 0 {
			// The walk has reached prev's tip: when nothing else is left
			// to visit, the rest of the walk is prev's.
			if q.Len() == 1 && wk.splice(prev) {
				if s.Resumed != SameTip {
					s.Resumed = Spliced
				}
				break
			}
			prev = nil
			continue
		}
		if err := diffBatch(walkers, batch); err != nil {
			return err
		}
		if r.Progress != nil {
			r.Progress(s.Commits + len(batch))
		}
		for i := range batch {
			s.Commits++
			if batch[i].boundary {
				s.Truncated = true
				if wk.truncatedAt == 0 {
					wk.truncatedAt = s.Commits
				}
			}
			wk.apply(&batch[i])
			if len(key) == 0 {
				break
			}
		}
	}
	if prev != nil && s.Resumed == NotResumed && !seen[prevTip] && !r.isAncestor(prevTip, tip, q.Len() == 0) {
		s.Resumed = Rewritten
	}
	data, err := blobs.wait()
	if err != nil {
		return err
	}
	for _, h := range s.History {
		for i := range h {
			h[i].Data = data[plumbing.NewHash(h[i].Blob)] // nil when not asked for
		}
	}
	s.Walk = wk.state(tip)
	return nil
}

// isAncestor reports whether h is an ancestor of tip; walked says the
// walk from tip visited every commit, and so would have met h.
func (r *Repo) isAncestor(h plumbing.Hash, tip *object.Commit, walked bool) bool {
	if walked {
		return false
	}
	c, err := r.repo.CommitObject(h)
	if err != nil {
		return false
	}
	ok, err := c.IsAncestor(tip)
	return err == nil && ok
}

// walkRun is one walk in progress.
type walkRun struct {
	s     *Snapshot
	key   map[string]string
	blobs *blobReader
	// created is the walk position of each document's creation, by its
	// path at the tip; truncatedAt that of the first boundary processed.
	created     map[string]int
	truncatedAt int
	// need is Repo.Need.
	need func(path, blob string) bool
}

// state is what the next walk can resume from.
func (wk *walkRun) state(tip *object.Commit) *WalkState {
	s := wk.s
	st := &WalkState{Tip: tip.Hash.String(), Select: s.Select.ID(), Commits: s.Commits, TruncatedAt: wk.truncatedAt,
		Docs: make(map[string]*DocWalk, len(s.History))}
	for p, h := range s.History {
		d := &DocWalk{Created: wk.created[p], Changes: make([]Change, len(h))}
		for i, ch := range h {
			ch.Data = nil
			d.Changes[i] = ch
		}
		st.Docs[p] = d
	}
	// A document with no change found still belongs to the walk: its
	// creation was never reached.
	for _, f := range s.Files {
		if _, ok := st.Docs[f.Path]; !ok && s.Select.IsDocument(f.Path) && (f.Data != nil || f.Kept) {
			st.Docs[f.Path] = &DocWalk{}
		}
	}
	return st
}

// shallow returns the commits .git/shallow lists: the only ones whose
// parents may be missing. A missing parent of any other commit is a
// corrupt repository, not a boundary.
func (r *Repo) shallow() (map[plumbing.Hash]bool, error) {
	hs, err := r.repo.Storer.Shallow()
	if err != nil {
		return nil, fmt.Errorf("reading the shallow-clone boundary of %s: %w", r.Root, err)
	}
	set := make(map[plumbing.Hash]bool, len(hs))
	for _, h := range hs {
		set[h] = true
	}
	return set, nil
}

// missingCommit says a commit's parent is not in the object store though
// the clone is not shallow there: the repository is corrupt, and git fsck
// will say the same.
func missingCommit(parent, child plumbing.Hash) error {
	return fmt.Errorf("the repository is corrupt: commit %s, a parent of %s, is missing from the object store and the clone is not shallow there (.git/shallow does not list %s): run git fsck, then fetch or clone again",
		parent, child.String()[:7], child.String()[:7])
}

// walkBatch is how many commits are diffed between two looks at whether
// every document's creation has been found.
const walkBatch = 256

// task is one commit of a batch and, once diffed, what it changed.
type task struct {
	c        *object.Commit
	parents  []*object.Commit
	boundary bool
	changes  []treeChange
}

// diffBatch diffs the batch's commits, each worker taking a contiguous run
// so that a commit and its parent usually share a worker's tree cache.
func diffBatch(walkers []*walker, batch []task) error {
	n := len(walkers)
	if n == 1 || len(batch) < 2*n {
		for i := range batch {
			ch, err := walkers[0].changes(batch[i].c, batch[i].parents)
			if err != nil {
				return err
			}
			batch[i].changes = ch
		}
		return nil
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	per := (len(batch) + n - 1) / n
	for w := 0; w < n; w++ {
		lo, hi := w*per, min((w+1)*per, len(batch))
		wg.Add(1)
		go func(w, lo, hi int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				ch, err := walkers[w].changes(batch[i].c, batch[i].parents)
				if err != nil {
					errs[w] = err
					return
				}
				batch[i].changes = ch
			}
		}(w, lo, hi)
	}
	wg.Wait()
	return errors.Join(errs...)
}

// apply records one commit's changes against the documents they belong to.
func (wk *walkRun) apply(t *task) {
	s, key, blobs := wk.s, wk.key, wk.blobs
	if len(t.changes) == 0 {
		return
	}
	commit := toCommit(t.c)
	// Renames first: an add and a delete of the same blob in one commit.
	deleted := map[plumbing.Hash]string{}
	for _, ch := range t.changes {
		if ch.to.IsZero() {
			deleted[ch.from] = ch.path
		}
	}
	for _, ch := range t.changes {
		if ch.to.IsZero() {
			continue
		}
		k, ok := key[ch.path]
		if !ok {
			continue
		}
		blobs.want(ch.to)
		change := Change{Commit: commit, Action: Modified, Path: ch.path, Blob: ch.to.String(), Boundary: t.boundary}
		if ch.from.IsZero() {
			change.Action = Added
			delete(key, ch.path)
			if old, ok := deleted[ch.to]; ok {
				change.Action, change.From = Renamed, old
				delete(deleted, ch.to)
				key[old] = k
			} else {
				wk.created[k] = s.Commits
			}
		}
		s.History[k] = append(s.History[k], change)
	}
}

// blobReader reads the content of every revision the walk finds on
// goroutines of their own, each with its own repository handle, so
// reading blobs overlaps diffing trees. Blobs already read at the ref are
// reused. Blobs are handed out in runs of blobRun, in the order asked
// for: consecutive blobs are often a delta and its base, which the
// reader that resolves one then has at hand for the next. Two readers,
// so that the blobs asked for last, once the diffs are done, do not wait
// on one core while the other idles.
type blobReader struct {
	r      *Repo
	own    []*Repo
	data   map[plumbing.Hash][]byte
	queue  chan blobRunOf
	done   chan blobsRead
	queued map[plumbing.Hash]bool
	// run is the run being gathered, and n how many blobs went before it.
	run []plumbing.Hash
	n   int
}

// blobRun is how many blobs a reader takes at once.
const blobRun = 32

// blobReaders is how many goroutines read blobs.
const blobReaders = 2

// blobRunOf is a run of blobs to read; first is how many were asked for
// before it.
type blobRunOf struct {
	first int
	hs    []plumbing.Hash
}

// blobsRead is what one reader read, and its first error: at, the place
// in the order asked for of the blob that failed.
type blobsRead struct {
	data map[plumbing.Hash][]byte
	err  error
	at   int
}

func (r *Repo) blobReader(s *Snapshot) (*blobReader, error) {
	b := &blobReader{r: r, data: map[plumbing.Hash][]byte{}, queued: map[plumbing.Hash]bool{}}
	for _, f := range s.Files {
		if f.Data != nil {
			h := plumbing.NewHash(f.Blob)
			b.data[h], b.queued[h] = f.Data, true
		}
	}
	for range min(blobReaders, runtime.GOMAXPROCS(0)) {
		own, err := r.second()
		if err != nil {
			b.close()
			return nil, err
		}
		if own == nil {
			break
		}
		b.own = append(b.own, own)
	}
	if len(b.own) == 0 {
		return b, nil // read sequentially in wait
	}
	queue := make(chan blobRunOf, 1024/blobRun)
	b.queue = queue
	b.done = make(chan blobsRead, len(b.own))
	for _, own := range b.own {
		go func() {
			out := blobsRead{data: map[plumbing.Hash][]byte{}, at: -1}
			for run := range queue {
				for i, h := range run.hs {
					if out.err != nil {
						break
					}
					d, err := own.blob(h)
					if err != nil {
						out.err, out.at = fmt.Errorf("reading blob %s: %w", h.String()[:7], err), run.first+i
					}
					out.data[h] = d
				}
			}
			b.done <- out
		}()
	}
	return b, nil
}

// wantAll asks for every blob of hs, in the order the pack files hold
// them (see pack.Store.Sort).
func (b *blobReader) wantAll(hs []plumbing.Hash) {
	ids := make([][20]byte, 0, len(hs))
	for _, h := range hs {
		if !b.queued[h] {
			ids = append(ids, h)
		}
	}
	if b.r.store != nil {
		b.r.store.Sort(ids)
	}
	for _, id := range ids {
		b.want(id)
	}
}

func (b *blobReader) want(h plumbing.Hash) {
	if b.queued[h] {
		return
	}
	b.queued[h] = true
	if b.queue != nil {
		b.run = append(b.run, h)
		if len(b.run) == blobRun {
			b.send()
		}
	}
}

// send hands the run gathered to the readers.
func (b *blobReader) send() {
	if len(b.run) > 0 {
		b.queue <- blobRunOf{first: b.n, hs: b.run}
		b.n += len(b.run)
		b.run = make([]plumbing.Hash, 0, blobRun)
	}
}

// wait returns every blob asked for.
func (b *blobReader) wait() (map[plumbing.Hash][]byte, error) {
	if b.queue == nil {
		for h := range b.queued {
			if _, ok := b.data[h]; ok {
				continue
			}
			d, err := b.r.blob(h)
			if err != nil {
				return nil, fmt.Errorf("reading blob %s: %w", h.String()[:7], err)
			}
			b.data[h] = d
		}
		return b.data, nil
	}
	b.send()
	close(b.queue)
	b.queue = nil
	// The error reported is that of the first blob asked for that
	// failed, whichever reader met it first.
	var err error
	at := -1
	for range b.own {
		out := <-b.done
		for h, d := range out.data {
			b.data[h] = d
		}
		if out.err != nil && (at < 0 || out.at < at) {
			err, at = out.err, out.at
		}
	}
	return b.data, err
}

// stop ends the readers if wait was never reached (the walk failed).
func (b *blobReader) stop() {
	if b.queue != nil {
		close(b.queue)
		b.queue = nil
		for range b.own {
			<-b.done
		}
	}
	b.close()
}

func (b *blobReader) close() {
	for _, o := range b.own {
		o.Close()
	}
	b.own = nil
}

type treeChange struct {
	path     string
	from, to plumbing.Hash // zero when absent
}

type walker struct {
	r       *Repo
	content string
	sel     *Selector
	trees   map[plumbing.Hash][]byte
	// treeBytes is the size of the trees held, which treeCacheBytes bounds.
	treeBytes int
	// starts holds where the entries of the last few trees diffed start:
	// a commit's tree is diffed again as its parent's, next. Diffs of
	// subfolders hold two each while they run.
	starts [8]treeStarts
	next   int
}

type treeStarts struct {
	h plumbing.Hash
	s []int32
	// held counts the diffs in progress using s.
	held int
}

// treeCache bounds how many raw trees a walker keeps and treeCacheBytes
// their total size. Counting entries alone let a flat folder of 5,000
// documents (a 200 KB tree per commit) hold most of a gigabyte per
// walker; a commit is diffed against its parent next, so a few recent
// trees are what the cache is for.
const (
	treeCache      = 4096
	treeCacheBytes = 16 << 20
)

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
	for _, name := range strings.Split(w.content, "/") {
		raw, done, err := w.tree(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		found := false
		for e, rest, ok := nextEntry(raw); ok; e, rest, ok = nextEntry(rest) {
			if e.dir && string(e.name) == name {
				h, found = e.hash, true
				break
			}
		}
		done()
		if !found {
			return plumbing.ZeroHash, nil
		}
	}
	return h, nil
}

// tree returns a tree object's raw bytes, and the function to call once
// they are no longer used. Trees are compared as bytes, never decoded
// into go-git's Tree: a flat folder of a thousand documents would
// otherwise allocate a thousand entries per commit twice over. A tree the
// pack reader has is borrowed from it, so its buffer serves the next tree;
// others are kept here.
func (w *walker) tree(h plumbing.Hash) ([]byte, func(), error) {
	if w.r.packs != nil {
		if b, err := w.r.packs.Borrow(h); err == nil {
			if b.Type != pack.Tree {
				w.r.packs.Release(b)
				return nil, nil, fmt.Errorf("reading tree %s: %w", h.String()[:7], plumbing.ErrObjectNotFound)
			}
			return b.Data, func() { w.r.packs.Release(b) }, nil
		}
	}
	if t, ok := w.trees[h]; ok {
		return t, noop, nil
	}
	raw, err := w.r.object(plumbing.TreeObject, h)
	if err != nil {
		return nil, nil, fmt.Errorf("reading tree %s: %w", h.String()[:7], err)
	}
	if len(w.trees) >= treeCache || w.treeBytes+len(raw) > treeCacheBytes {
		clear(w.trees)
		w.treeBytes = 0
	}
	w.trees[h] = raw
	w.treeBytes += len(raw)
	return raw, noop, nil
}

func noop() {}

// blob returns blob h's content, nil when it is over MaxFileSize.
func (r *Repo) blob(h plumbing.Hash) ([]byte, error) {
	if r.packs != nil {
		if o, err := r.packs.Read(h); err == nil {
			if o.Type != pack.Blob {
				return nil, plumbing.ErrObjectNotFound
			}
			return o.Data, nil
		}
	}
	b, err := r.repo.BlobObject(h)
	if err != nil {
		return nil, err
	}
	if b.Size > MaxFileSize {
		return nil, nil
	}
	return readBlob(b)
}

// rawEntry is one entry of a raw tree object: "<mode> <name>\x00<hash>".
type rawEntry struct {
	name []byte
	hash plumbing.Hash
	dir  bool
	file bool // a regular or executable file, not a link or submodule
}

// nextEntry parses the first entry of raw and returns the rest.
func nextEntry(raw []byte) (rawEntry, []byte, bool) {
	sp := bytes.IndexByte(raw, ' ')
	if sp < 0 {
		return rawEntry{}, nil, false
	}
	nul := bytes.IndexByte(raw[sp:], 0)
	if nul < 0 || sp+nul+21 > len(raw) {
		return rawEntry{}, nil, false
	}
	nul += sp
	var e rawEntry
	mode := raw[:sp]
	e.name = raw[sp+1 : nul]
	copy(e.hash[:], raw[nul+1:nul+21])
	switch string(mode) {
	case "40000", "040000":
		e.dir = true
	case "100644", "100755", "100664":
		e.file = true
	}
	return e, raw[nul+21:], true
}

// compareEntries orders entries as git sorts trees: a directory's name
// compares as if it ended in "/".
func compareEntries(a, b *rawEntry) int {
	n := min(len(a.name), len(b.name))
	if c := bytes.Compare(a.name[:n], b.name[:n]); c != 0 {
		return c
	}
	ca, cb := byte(0), byte(0)
	if len(a.name) > n {
		ca = a.name[n]
	} else if a.dir {
		ca = '/'
	}
	if len(b.name) > n {
		cb = b.name[n]
	} else if b.dir {
		cb = '/'
	}
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

// diff appends the documents that differ between trees a and b (either may
// be zero) under prefix, merging the two sorted entry lists.
//
// A commit changes a few entries of a folder of hundreds, and the entries
// between the changes are the same bytes in both trees: each run of them
// is skipped by comparing bytes, not entries, and finding where the
// entry the first difference falls in starts among b's entry starts.
// Equal bytes parse as equal entries, so skipping them changes nothing
// in what diff finds. a's entry starts are noted on the way, from b's
// for the runs skipped, for a's next diff as the newer tree: a walk
// diffs a commit's tree against its parent's, then the parent's against
// its own parent's.
func (w *walker) diff(prefix string, a, b plumbing.Hash, out *[]treeChange) error {
	if a == b {
		return nil
	}
	var ra, rb []byte
	if !a.IsZero() {
		raw, done, err := w.tree(a)
		if err != nil {
			return err
		}
		defer done()
		ra = raw
	}
	if !b.IsZero() {
		raw, done, err := w.tree(b)
		if err != nil {
			return err
		}
		defer done()
		rb = raw
	}
	var sb, sa []int32
	var noted *treeStarts
	if !a.IsZero() && !b.IsZero() && len(ra) <= math.MaxInt32 {
		if tb := w.entryStarts(b, rb); tb != nil {
			// Held until diff returns: the diffs of subfolders note
			// starts too, in other slots.
			tb.held++
			defer func() { tb.held-- }()
			sb = tb.s
			if w.startsOf(a) == nil {
				noted = w.slot()
				noted.held++
				defer func() { noted.held-- }()
				sa = noted.s[:0]
			}
		}
	}
	pa, pb, ib := 0, 0, 0 // sb[ib] == pb while sb is not nil
	for {
		if sb != nil {
			if n := commonPrefix(ra[pa:], rb[pb:]); n > 0 {
				// The last entry of b starting at or before the first
				// difference is where the equal entries end.
				j, found := slices.BinarySearch(sb[ib:], int32(pb+n))
				if !found {
					j--
				}
				j += ib
				shift := int32(pa - pb)
				for _, s := range sb[ib:j] {
					sa = append(sa, s+shift)
				}
				pa, pb, ib = pa+int(sb[j]-sb[ib]), int(sb[j]), j
			}
		}
		ea, resta, oka := nextEntry(ra[pa:])
		eb, restb, okb := nextEntry(rb[pb:])
		if !oka && !okb {
			break
		}
		var x, y *rawEntry
		same := false
		switch {
		case !okb:
			x = &ea
		case !oka:
			y = &eb
		default:
			switch c := compareEntries(&ea, &eb); {
			case c < 0:
				x = &ea
			case c > 0:
				y = &eb
			default:
				// Equal but for their modes' spelling, when sb is set.
				same = ea.hash == eb.hash && ea.dir == eb.dir
				x, y = &ea, &eb
			}
		}
		if !same {
			if err := w.entry(prefix, x, y, out); err != nil {
				return err
			}
		}
		if x != nil {
			sa = append(sa, int32(pa))
			pa = len(ra) - len(resta)
		}
		if y != nil {
			pb = len(rb) - len(restb)
			if ib++; sb != nil && (ib >= len(sb) || int(sb[ib]) != pb) {
				sb = nil // cannot happen: b parsed to its end
			}
		}
	}
	if noted != nil {
		noted.s = sa[:0]
		if sb != nil && pa == len(ra) {
			noted.h, noted.s = a, append(sa, int32(pa))
		}
	}
	return nil
}

// entryStarts returns the starts of tree h's entries: where each entry
// of raw starts, then len(raw); nil when raw does not parse to its end.
func (w *walker) entryStarts(h plumbing.Hash, raw []byte) *treeStarts {
	for i := range w.starts {
		if t := &w.starts[i]; t.h == h && t.s != nil {
			return t
		}
	}
	if len(raw) > math.MaxInt32 {
		return nil
	}
	t := w.slot()
	s := t.s[:0]
	pos := 0
	for pos < len(raw) {
		s = append(s, int32(pos))
		// As nextEntry parses: a space, then the name's NUL, then the id.
		nul := bytes.IndexByte(raw[pos:], 0)
		if nul < 0 || pos+nul+21 > len(raw) || bytes.IndexByte(raw[pos:pos+nul], ' ') < 0 {
			t.s = s[:0]
			return nil
		}
		pos += nul + 21
	}
	t.h, t.s = h, append(s, int32(pos))
	return t
}

// startsOf returns the entry starts noted for tree h, nil when none are.
func (w *walker) startsOf(h plumbing.Hash) []int32 {
	for i := range w.starts {
		if w.starts[i].h == h && w.starts[i].s != nil {
			return w.starts[i].s
		}
	}
	return nil
}

// slot returns the least recently taken place to note a tree's entry
// starts in that no diff in progress holds, emptied; a new one outside
// the ring when every one is held.
func (w *walker) slot() *treeStarts {
	for range w.starts {
		t := &w.starts[w.next]
		w.next = (w.next + 1) % len(w.starts)
		if t.held == 0 {
			t.h = plumbing.ZeroHash
			return t
		}
	}
	return &treeStarts{}
}

// block is how many bytes commonPrefix compares at once
// before looking for the first difference word by word.
const block = 512

// commonPrefix is the length of the longest common prefix of a and b.
func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	i := 0
	for i+block <= n && bytes.Equal(a[i:i+block], b[i:i+block]) {
		i += block
	}
	for ; i+8 <= n; i += 8 {
		if x := binary.LittleEndian.Uint64(a[i:]) ^ binary.LittleEndian.Uint64(b[i:]); x != 0 {
			return i + bits.TrailingZeros64(x)/8
		}
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func (w *walker) entry(prefix string, x, y *rawEntry, out *[]treeChange) error {
	var name []byte
	var xd, yd, xf, yf plumbing.Hash
	if x != nil {
		name = x.name
		if x.dir {
			xd = x.hash
		} else if x.file {
			xf = x.hash
		}
	}
	if y != nil {
		name = y.name
		if y.dir {
			yd = y.hash
		} else if y.file {
			yf = y.hash
		}
	}
	if xd.IsZero() && yd.IsZero() && xf == yf {
		return nil
	}
	p := join(prefix, string(name))
	if !xd.IsZero() || !yd.IsZero() {
		if err := w.diff(p, xd, yd, out); err != nil {
			return err
		}
	}
	if xf != yf && w.sel.IsDocument(p) {
		*out = append(*out, treeChange{path: p, from: xf, to: yf})
	}
	return nil
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

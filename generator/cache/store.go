package cache

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ismspack/ismspack/generator/internal/parallel"
)

// Store holds the results of one kind that are large and few enough to
// be an entry each (a page's text, a document's PDF), keyed by a hash of
// everything they are made from. Unlike a Memo it holds nothing in
// memory: Get reads one entry, when asked, and Put writes one, so a
// build reads only what it uses and its memory does not grow with the
// site. Sweep, after a build that succeeded, removes the entries of the
// kind that build did not use, so the cache stays one build's size.
//
// A nil *Store holds nothing.
type Store struct {
	c     *Cache
	kind  string
	start time.Time

	mu   sync.Mutex
	used map[string]bool
	hits atomic.Int64
	// stats is what lstat told of the plain files (see file.go), read
	// once; guarded by mu. readBack counts the files read to check them.
	statsOnce sync.Once
	stats     fileStats
	readBack  atomic.Int64
}

// Store returns the build's store of kind; one per kind and Cache. It is
// nil for a nil Cache.
func (c *Cache) Store(kind string) *Store {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stores == nil {
		c.stores = map[string]*Store{}
	}
	s := c.stores[kind]
	if s == nil {
		s = &Store{c: c, kind: kind, start: time.Now(), used: map[string]bool{}}
		c.stores[kind] = s
	}
	return s
}

// Get returns the result stored under key, and whether there was a good
// one (see Cache.Get).
func (s *Store) Get(key string) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.use(key)
	v, ok := s.c.Get(s.kind, key)
	if ok {
		s.hits.Add(1)
	}
	return v, ok
}

// Read is Get reading the entry into *buf, grown as needed, rather than
// into memory of its own: the result shares buf's memory, so a caller
// that reads many entries one after another, and is done with each
// before the next, reuses one buffer instead of making garbage.
func (s *Store) Read(key string, buf *[]byte) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	s.use(key)
	v, ok := s.c.get(s.kind, key, buf)
	if ok {
		s.hits.Add(1)
	}
	return v, ok
}

// Put stores v under key.
func (s *Store) Put(key string, v []byte) {
	if s == nil {
		return
	}
	s.use(key)
	s.c.Put(s.kind, key, v)
}

func (s *Store) use(key string) {
	s.mu.Lock()
	s.used[key] = true
	s.mu.Unlock()
}

// Hits counts the results this build took from the store.
func (s *Store) Hits() int {
	if s == nil {
		return 0
	}
	return int(s.hits.Load())
}

// sweep removes the entries of s's kind that this build did not ask for,
// leaving those written since it started: a build sharing the cache may
// have just written them for its own use.
func (s *Store) sweep() {
	s.mu.Lock()
	defer s.mu.Unlock()
	dirs, err := os.ReadDir(filepath.Join(s.c.dir, s.kind))
	if err != nil {
		return
	}
	// stale reports a file being written by another build, removing it
	// when it was left by one that was killed an hour ago or more.
	stale := func(dir string, f os.DirEntry) bool {
		if !strings.HasPrefix(f.Name(), ".tmp-") {
			return false
		}
		if info, err := f.Info(); err == nil && time.Since(info.ModTime()) > time.Hour {
			os.Remove(filepath.Join(dir, f.Name()))
		}
		return true
	}
	// The directories are read on every core: a store of a few thousand
	// entries is a few hundred directories.
	parallel.Each(len(dirs), 0, func(i int) {
		d := dirs[i]
		if !d.IsDir() {
			// The table of the store's files (see statsName), or one
			// being written beside it.
			stale(filepath.Join(s.c.dir, s.kind), d)
			return
		}
		dir := filepath.Join(s.c.dir, s.kind, d.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			return
		}
		for _, f := range files {
			name := f.Name()
			if stale(dir, f) {
				continue
			}
			if s.used[name] || (strings.HasPrefix(name, "__") && s.used[strings.TrimPrefix(name, "__")]) {
				continue
			}
			if info, err := f.Info(); err != nil || !info.ModTime().Before(s.start) {
				continue
			}
			os.Remove(filepath.Join(dir, name))
		}
	})
	// The next build with this Cache (serve's) keeps what it uses in turn.
	s.used, s.start = map[string]bool{}, time.Now()
}

// storeList lists the stores the build asked for.
func (c *Cache) storeList() []*Store {
	c.mu.Lock()
	defer c.mu.Unlock()
	stores := make([]*Store, 0, len(c.stores))
	for _, s := range c.stores {
		stores = append(stores, s)
	}
	return stores
}

// Flush writes back, once the build is done or has stopped, what it
// learned: the memos' results (FlushMemos) and what each store saw of
// its plain files, so that the next build need not read them back.
func (c *Cache) Flush() {
	if c == nil {
		return
	}
	c.FlushMemos()
	for _, s := range c.storeList() {
		s.flushStats()
	}
}

// Sweep removes, in every store the build asked for, the entries it did
// not use. Call it only after a build that succeeded: one that stopped
// half way used only part of what the next build needs.
func (c *Cache) Sweep() {
	if c == nil {
		return
	}
	for _, s := range c.storeList() {
		s.sweep()
	}
}

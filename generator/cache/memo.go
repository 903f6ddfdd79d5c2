package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/internal/wire"
)

// Memo holds the results of one pure function (a rendered body, a
// redline, a page's text), keyed by a hash of everything the function
// reads, for results too small and too many to be an entry each. The
// results are kept in shards by the key's first two hex digits, each one
// cache entry: a build reads a shard when it first asks for a key in it,
// and Flush writes back, holding only the results this build asked for or
// made, each shard this build changed or did not use whole. A shard thus
// holds at most one build's worth, so the cache does not grow with
// history no page shows any more, and a build that changed little
// rewrites little. The memos of a build hold at most the Cache's budget
// in memory (Options.MemoBudget): from the first result it cannot hold
// on, results are made and not kept. The shards that can then no longer
// change (those to which the build may add nothing and from which it used
// all it read, every shard of a build that read none) are written there
// and then, in the background, and let go of: a large cold build does not
// hold them to its end, nor write them all there.
//
// A nil *Memo holds nothing.
type Memo struct {
	c    *Cache
	kind string
	b    *budget

	mu     sync.Mutex
	shards map[string]*shard
	hits   int
}

type shard struct {
	// read loads old once, outside Memo.mu: workers asking for keys in
	// other shards do not wait for it.
	read      sync.Once
	old, used map[string][]byte
	// added reports a result made by this build, not read.
	added bool
	// skipped says the shard was not read, the memos' budget being
	// spent: it is left on disk as it is.
	skipped bool
	// written says the shard was written once the budget was spent
	// (see Cache.writeSpent), and let go of.
	written bool
}

// budget bounds the bytes some memos hold in memory.
type budget struct {
	mu        sync.Mutex
	held, max int64
	// spent is set by the first result the budget cannot hold: the
	// build keeps no result after it.
	spent bool
}

// keep is hold for a result: it holds none once one did not fit, and
// first reports the result that did not.
func (b *budget) keep(n int64) (ok, first bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spent {
		return false, false
	}
	if b.held+n > b.max {
		b.spent = true
		return false, true
	}
	b.held += n
	return true, false
}

// hold counts n more bytes held, if the budget allows them, and reports
// whether it did.
func (b *budget) hold(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.held+n > b.max {
		return false
	}
	b.held += n
	return true
}

// release counts n bytes fewer held.
func (b *budget) release(n int64) {
	b.mu.Lock()
	b.held -= n
	b.mu.Unlock()
}

// Memo returns the build's memo of kind; one per kind and Cache, so every
// stage asking for a kind shares its results. It is nil for a nil Cache.
func (c *Cache) Memo(kind string) *Memo {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.memos == nil {
		c.memos = map[string]*Memo{}
	}
	m := c.memos[kind]
	if m == nil {
		m = &Memo{c: c, kind: kind, b: c.shared, shards: map[string]*shard{}}
		c.memos[kind] = m
	}
	return m
}

// shardOf names the shard holding key.
func shardOf(key string) string {
	if len(key) < 2 {
		return "--"
	}
	return key[:2]
}

// shard returns the shard of key, read.
func (m *Memo) shard(key string) *shard {
	id := shardOf(key)
	m.mu.Lock()
	s := m.shards[id]
	if s == nil {
		s = &shard{used: map[string][]byte{}}
		m.shards[id] = s
	}
	m.mu.Unlock()
	s.read.Do(func() { s.old, s.skipped = m.readShard(id) })
	return s
}

// readShard reads shard id; skipped reports that it was there but not
// read, the budget being spent.
func (m *Memo) readShard(id string) (old map[string][]byte, skipped bool) {
	data, ok := m.c.Get("memo-"+m.kind, "shard-"+id)
	if !ok {
		return map[string][]byte{}, false
	}
	if !m.b.hold(int64(len(data))) {
		return map[string][]byte{}, true
	}
	old, err := decodeTable(data)
	if err != nil {
		m.c.note("memo-"+m.kind, "decode", fmt.Sprintf("cache: the %s results cannot be read (%v); they are made again", m.kind, err))
		return map[string][]byte{}, false
	}
	return old, false
}

// Get returns the result stored under key.
func (m *Memo) Get(key string) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	s := m.shard(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := s.used[key]; ok {
		return v, true
	}
	v, ok := s.old[key]
	if ok {
		s.used[key] = v
		m.hits++
	}
	return v, ok
}

// Put stores v under key. The memo keeps v: the caller must not change
// it afterwards.
func (m *Memo) Put(key string, v []byte) {
	if m == nil {
		return
	}
	s := m.shard(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := s.used[key]; ok || s.skipped || s.written {
		return
	}
	ok, first := m.b.keep(int64(len(key) + len(v)))
	if first {
		m.c.writeSpent()
	}
	if ok {
		s.used[key] = v
		s.added = true
	}
}

// PutEncoded is Put of the result encode appends to an empty slice with
// room for size bytes, the result's exact length, called only when the
// memo keeps it: a build that makes more results than the budget holds
// encodes only those it keeps, each into memory of its size.
func (m *Memo) PutEncoded(key string, size int, encode func([]byte) []byte) {
	if m == nil {
		return
	}
	s := m.shard(key)
	n := int64(len(key) + size)
	m.mu.Lock()
	_, dup := s.used[key]
	held, first := false, false
	if !dup && !s.skipped && !s.written {
		held, first = m.b.keep(n)
	}
	m.mu.Unlock()
	if first {
		m.c.writeSpent()
	}
	if !held {
		return
	}
	// Encoded outside the lock: workers putting other keys do not wait.
	v := encode(make([]byte, 0, size))
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := s.used[key]; dup || s.written {
		// Another worker put the same result meanwhile, or the shard
		// was written when the budget was spent.
		m.b.release(n)
		return
	}
	if d := int64(len(v) - size); d != 0 {
		// size was not the length after all: count what is held.
		m.b.release(-d)
	}
	s.used[key] = v
	s.added = true
}

// Hits counts the results this build took from the cache.
func (m *Memo) Hits() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hits
}

// Flush writes back the shards whose results differ from what was read:
// a shard to which this build added nothing and from which it used
// everything is left as it was.
func (m *Memo) Flush() {
	if m == nil {
		return
	}
	m.c.spentWrites.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	ids := make([]string, 0, len(m.shards))
	for id := range m.shards {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var write []string
	for _, id := range ids {
		s := m.shards[id]
		s.read.Do(func() { s.old, s.skipped = m.readShard(id) })
		if s.skipped || s.written {
			delete(m.shards, id) // left as it is, and read again by the next build that can
			continue
		}
		if s.added || len(s.used) != len(s.old) {
			write = append(write, id)
		}
	}
	// The shards are written on every core, each encoded behind its
	// header in a buffer its goroutine reuses.
	kind := "memo-" + m.kind
	parallel.EachWith(len(write), 0, func() *[]byte { return new([]byte) }, func(buf *[]byte, i int) {
		if err := m.c.putTable(m.c.path(kind, "shard-"+write[i]), m.shards[write[i]].used, buf); err != nil {
			m.c.note(kind, "write", fmt.Sprintf("cache: cannot write to %s (%v); the next build does this work again", m.c.dir, err))
		}
	})
	for _, s := range m.shards {
		// The next build with this Cache (serve's) starts from what this
		// one used and keeps only what it uses in turn.
		s.old, s.used, s.added = s.used, map[string][]byte{}, false
	}
}

// held is how many bytes m keeps between builds: what Flush left it.
func (m *Memo) held() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for _, s := range m.shards {
		for k, v := range s.old {
			n += int64(len(k) + len(v))
		}
	}
	return n
}

// FlushMemos flushes every memo the build asked for.
func (c *Cache) FlushMemos() {
	if c == nil {
		return
	}
	c.mu.Lock()
	memos := make([]*Memo, 0, len(c.memos))
	for _, m := range c.memos {
		memos = append(memos, m)
	}
	c.mu.Unlock()
	held := map[*budget]int64{}
	for _, m := range memos {
		m.Flush()
		held[m.b] += m.held()
	}
	for b, n := range held {
		b.mu.Lock()
		b.held, b.spent = n, false
		b.mu.Unlock()
	}
}

// writeSpent starts writing, in the background, the shards that can no
// longer change now that the build's budget is spent (see Memo). Flush
// waits for it.
func (c *Cache) writeSpent() {
	c.mu.Lock()
	memos := make([]*Memo, 0, len(c.memos))
	for _, m := range c.memos {
		memos = append(memos, m)
	}
	c.mu.Unlock()
	c.spentWrites.Go(func() {
		// One goroutine: the build's workers have the cores.
		var buf []byte
		for _, m := range memos {
			m.writeSpent(&buf)
		}
	})
}

// writeSpent writes the shards of m to which the build can add nothing,
// the budget being spent, and from which it used every result it read,
// and lets go of them: what Flush would write of them.
func (m *Memo) writeSpent(buf *[]byte) {
	m.mu.Lock()
	shards := make(map[string]*shard, len(m.shards))
	for id, s := range m.shards {
		shards[id] = s
	}
	m.mu.Unlock()
	ids := make([]string, 0, len(shards))
	for id, s := range shards {
		// A shard still being read is waited for here, not under m.mu.
		s.read.Do(func() { s.old, s.skipped = m.readShard(id) })
		ids = append(ids, id)
	}
	sort.Strings(ids)
	kind := "memo-" + m.kind
	for _, id := range ids {
		s := shards[id]
		m.mu.Lock()
		final := !s.skipped && !s.written
		for k := range s.old {
			if _, ok := s.used[k]; !ok {
				final = false // the build may still ask for it
				break
			}
		}
		var used map[string][]byte
		if final {
			if s.added || len(s.used) != len(s.old) {
				used = s.used
			}
			s.old, s.used, s.written = nil, nil, true
		}
		m.mu.Unlock()
		if used == nil {
			continue
		}
		if err := m.c.putTable(m.c.path(kind, "shard-"+id), used, buf); err != nil {
			m.c.note(kind, "write", fmt.Sprintf("cache: cannot write to %s (%v); the next build does this work again", m.c.dir, err))
		}
	}
}

// encodeTable writes the results sorted by key, each key and value
// length-prefixed, so that one set of results always makes one entry.
func encodeTable(t map[string][]byte) []byte {
	keys, n := tableKeys(t)
	return appendTable(nil, keys, t, n)
}

// tableKeys returns t's keys, sorted, and the length of its encodeTable.
func tableKeys(t map[string][]byte) (keys []string, n int) {
	keys = make([]string, 0, len(t))
	var size wire.Size // the table is a count, then each key and value as wire writes them
	size.Uint(uint64(len(t)))
	for k, v := range t {
		keys = append(keys, k)
		size.String(k)
		size.Bytes(v)
	}
	sort.Strings(keys)
	return keys, size.N
}

// appendTable appends encodeTable(t) to b; keys and n are what
// tableKeys returned.
func appendTable(b []byte, keys []string, t map[string][]byte, n int) []byte {
	b = slices.Grow(b, n)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		b = binary.AppendUvarint(b, uint64(len(t[k])))
		b = append(b, t[k]...)
	}
	return b
}

func decodeTable(data []byte) (map[string][]byte, error) {
	next := func() ([]byte, error) {
		n, k := binary.Uvarint(data)
		if k <= 0 || n > uint64(len(data)-k) {
			return nil, errors.New("table truncated")
		}
		b := data[k : k+int(n) : k+int(n)]
		data = data[k+int(n):]
		return b, nil
	}
	count, k := binary.Uvarint(data)
	if k <= 0 || count > uint64(len(data)) {
		return nil, errors.New("table truncated")
	}
	data = data[k:]
	t := make(map[string][]byte, count)
	for range count {
		key, err := next()
		if err != nil {
			return nil, err
		}
		v, err := next()
		if err != nil {
			return nil, err
		}
		t[string(key)] = v
	}
	if len(data) != 0 {
		return nil, errors.New("bytes after the table")
	}
	return t, nil
}

package pack

import (
	"math/bits"
	"sync"
)

// cache holds resolved objects: trees apart from the rest, so that the
// trees of a walk, each read about once, do not push out the revisions
// of documents that older revisions are deltas of.
type cache struct {
	trees, other *lru
}

// of is the cache objects of type t go to.
func (c *cache) of(t Type) *lru {
	if t == Tree {
		return c.trees
	}
	return c.other
}

// get returns the entry of k, holding a reference, or nil.
func (c *cache) get(k key) *entry {
	if e := c.trees.get(k); e != nil {
		return e
	}
	return c.other.get(k)
}

// key names an object by pack and offset.
type key struct {
	pack int
	off  int64
}

// entry is one resolved object. refs counts who holds it: the cache while
// it lists the entry, and each borrower. Once nobody does, its buffer is
// reused, unless its bytes were handed out for good (kept).
type entry struct {
	c          *lru
	k          key
	obj        Object
	refs       int32
	kept       bool
	listed     bool
	prev, next *entry
}

// lru holds resolved objects, least recently used first out, up to max
// bytes, and the buffers of objects nobody holds any more, up to maxFree
// bytes, for the next objects to be resolved into.
type lru struct {
	mu        sync.Mutex
	max, size int64
	m         map[key]*entry
	root      entry // root.next is the most recently used
	spare     map[int64][][]byte
	spareSize int64
}

// entryCost is what an entry costs beyond its data.
const entryCost = 128

// minReuse is the smallest buffer worth reusing: the garbage collector
// serves small ones well, while a large one it hands out is often fresh
// memory the system must fault in.
const minReuse = 8 << 10

func newLRU(max int64) *lru {
	c := &lru{max: max, m: map[key]*entry{}, spare: map[int64][][]byte{}}
	c.root.next, c.root.prev = &c.root, &c.root
	return c
}

// class rounds n up to a buffer size: within 1/8 of n above minReuse, so
// that buffers of one size class fit the objects that ask for it.
func class(n int64) int64 {
	if n < minReuse {
		return n
	}
	step := int64(1) << (bits.Len64(uint64(n)) - 4)
	return (n + step - 1) &^ (step - 1)
}

// alloc returns a buffer of n bytes, reused when one is spare. Its
// content is whatever it held: the caller overwrites every byte.
func (c *lru) alloc(n int64) []byte {
	k := class(n)
	if k >= minReuse {
		c.mu.Lock()
		if l := c.spare[k]; len(l) > 0 {
			b := l[len(l)-1]
			c.spare[k] = l[:len(l)-1]
			c.spareSize -= k
			c.mu.Unlock()
			return b[:n]
		}
		c.mu.Unlock()
	}
	return make([]byte, n, k)
}

// free takes back a buffer alloc returned that nobody else holds.
func (c *lru) free(b []byte) {
	c.mu.Lock()
	c.recycle(b)
	c.mu.Unlock()
}

func (c *lru) recycle(b []byte) {
	k := int64(cap(b))
	if k < minReuse || class(k) != k || c.spareSize+k > c.max/4 {
		return
	}
	c.spare[k] = append(c.spare[k], b[:0])
	c.spareSize += k
}

// get returns the entry of k, holding a reference, or nil.
func (c *lru) get(k key) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		return nil
	}
	e.refs++
	c.unlink(e)
	c.front(e)
	return e
}

// add makes an entry of obj, held by the caller, and lists it when it is
// small enough to keep and k is not listed already.
func (c *lru) add(k key, obj Object) *entry {
	e := &entry{c: c, k: k, obj: obj, refs: 1}
	cost := int64(cap(obj.Data)) + entryCost
	if cost > c.max/4 {
		return e
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return e
	}
	e.refs++
	e.listed = true
	c.m[k] = e
	c.front(e)
	c.size += cost
	for c.size > c.max {
		old := c.root.prev
		c.unlink(old)
		old.listed = false
		delete(c.m, old.k)
		c.size -= int64(cap(old.obj.Data)) + entryCost
		c.drop(old)
	}
	return e
}

// keep marks e's bytes as handed out for good.
func (c *lru) keep(e *entry) {
	c.mu.Lock()
	e.kept = true
	c.mu.Unlock()
}

// release drops a reference to e.
func (c *lru) release(e *entry) {
	c.mu.Lock()
	c.drop(e)
	c.mu.Unlock()
}

func (c *lru) drop(e *entry) {
	e.refs--
	if e.refs == 0 && !e.kept {
		c.recycle(e.obj.Data)
		e.obj.Data = nil
	}
}

func (c *lru) front(e *entry) {
	e.prev, e.next = &c.root, c.root.next
	e.prev.next, e.next.prev = e, e
}

func (c *lru) unlink(e *entry) {
	e.prev.next, e.next.prev = e.next, e.prev
}

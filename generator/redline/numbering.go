package redline

import (
	"hash/maphash"
	"math/bits"
)

// numbering gives each distinct token of a comparison a number, from 1
// in order of first appearance, skipping the surrogates so every number
// stays a valid rune. It is a table of the tokens open-addressed by
// their hashes, kept from comparison to comparison: a map of strings cost
// a tenth of Compare's instructions in its lookups and inserts, and
// clearing one that had held a long text's lines cost as much again for
// every run of words after it. Here a comparison starts a new generation,
// and a slot of an older one is empty, so nothing is cleared.
type numbering struct {
	seed  maphash.Seed
	slots []slot
	size  int // slots in use: a power of two, at least twice n
	gen   uint32
	n     int // tokens numbered in this generation
}

type slot struct {
	gen, hash uint32
	num       rune
	tok       string
}

// reset starts a comparison of n tokens, which are at most n distinct
// ones: the table is made large enough for all, so it does not grow but
// for very long texts.
func (t *numbering) reset(n int) {
	if t.slots == nil {
		t.seed = maphash.MakeSeed()
	}
	t.size = max(16, 1<<bits.Len(uint(2*min(n, 1<<19))))
	// Slots a long text once needed are let go of when they are many and
	// far more than the next comparison needs; not sooner, or a history
	// that compares a long document's lines and then a short run of its
	// words, again and again, would make them anew every time.
	if len(t.slots) < t.size || len(t.slots) > max(1<<14, 16*t.size) {
		t.slots = make([]slot, t.size)
		t.gen = 0
	}
	t.gen++
	if t.gen == 0 { // the generations wrapped around
		clear(t.slots)
		t.gen = 1
	}
	t.n = 0
}

// number is tok's number.
func (t *numbering) number(tok string) rune {
	h := maphash.String(t.seed, tok)
	mask := uint64(t.size - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.gen != t.gen {
			return t.add(s, uint32(h), tok)
		}
		if s.hash == uint32(h) && s.tok == tok {
			return s.num
		}
	}
}

// add numbers tok in the empty slot s.
func (t *numbering) add(s *slot, h uint32, tok string) rune {
	t.n++
	r := rune(t.n)
	if r >= 0xD800 {
		r += 0x800
	}
	*s = slot{t.gen, h, r, tok}
	if 2*t.n >= t.size {
		t.grow()
	}
	return r
}

// grow doubles the slots in use, placing this generation's tokens anew.
func (t *numbering) grow() {
	old := t.slots[:t.size]
	t.size *= 2
	t.slots = make([]slot, t.size)
	// The new slots are all empty to any generation but the zeroth.
	mask := uint32(t.size - 1)
	for _, s := range old {
		if s.gen != t.gen {
			continue
		}
		i := s.hash & mask
		for t.slots[i].gen == t.gen {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

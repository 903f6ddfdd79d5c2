package pack

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// index is a pack index, version 2: the object ids of one pack, sorted,
// and where each object starts in the pack.
type index struct {
	fanout [256]uint32
	names  []byte // count ids of hashSize bytes, sorted
	offs   []byte // count big-endian uint32 offsets
	large  []byte // 64-bit offsets, for offsets with the top bit set
	// packSum is the checksum of the pack this index describes.
	packSum []byte
	// starts holds every object's offset, sorted: an object's compressed
	// bytes end where the next one starts.
	starts []int64
}

const hashSize = 20

var idxMagic = []byte{0xff, 't', 'O', 'c'}

// parseIndex reads a version 2 pack index. An index of another version,
// or of longer object ids (SHA-256), is refused.
func parseIndex(b []byte) (*index, error) {
	if len(b) < 8+256*4+2*hashSize || !bytes.Equal(b[:4], idxMagic) {
		return nil, errors.New("not a version 2 pack index")
	}
	if v := binary.BigEndian.Uint32(b[4:]); v != 2 {
		return nil, fmt.Errorf("pack index version %d, not 2", v)
	}
	x := &index{}
	prev := uint32(0)
	for i := range x.fanout {
		x.fanout[i] = binary.BigEndian.Uint32(b[8+4*i:])
		if x.fanout[i] < prev {
			return nil, errors.New("pack index fan-out table is not sorted")
		}
		prev = x.fanout[i]
	}
	n := int(x.fanout[255])
	pos := 8 + 256*4
	fixed := n * (hashSize + 4 + 4)
	if n < 0 || len(b)-pos-2*hashSize < fixed {
		return nil, errors.New("pack index shorter than its fan-out table says")
	}
	x.names = b[pos : pos+n*hashSize]
	pos += n * hashSize
	pos += n * 4 // CRC32s
	x.offs = b[pos : pos+n*4]
	pos += n * 4
	rest := len(b) - pos - 2*hashSize
	if rest%8 != 0 {
		return nil, errors.New("pack index has a damaged large-offset table (or longer object ids than SHA-1)")
	}
	x.large = b[pos : pos+rest]
	x.packSum = b[len(b)-2*hashSize : len(b)-hashSize]
	x.starts = make([]int64, n)
	for i := range n {
		off, ok := x.offset(i)
		if !ok {
			return nil, errors.New("pack index names a large offset it does not hold")
		}
		x.starts[i] = off
	}
	slices.Sort(x.starts)
	return x, nil
}

func (x *index) count() int { return len(x.starts) }

// offset is the pack offset of the i-th object in id order.
func (x *index) offset(i int) (int64, bool) {
	o := binary.BigEndian.Uint32(x.offs[4*i:])
	if o&0x80000000 == 0 {
		return int64(o), true
	}
	j := int(o & 0x7fffffff)
	if 8*j+8 > len(x.large) {
		return 0, false
	}
	v := binary.BigEndian.Uint64(x.large[8*j:])
	return int64(v), v < 1<<62
}

// find returns the pack offset of object h.
func (x *index) find(h []byte) (int64, bool) {
	lo := 0
	if h[0] > 0 {
		lo = int(x.fanout[h[0]-1])
	}
	hi := int(x.fanout[h[0]])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(x.names[m*hashSize:m*hashSize+hashSize], h); {
		case c == 0:
			return x.offset(m)
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

// end returns where the object starting at off ends: the next object's
// start, or end when it is the last.
func (x *index) end(off, end int64) (int64, bool) {
	i, ok := slices.BinarySearch(x.starts, off)
	if !ok {
		return 0, false
	}
	if i+1 < len(x.starts) {
		return x.starts[i+1], true
	}
	return end, true
}

package fpdf

import (
	"encoding/binary"
	"math/bits"
)

// ismspack patch: deflateSparse zlib-compresses data that is mostly runs
// of zero bytes, such as a font's 128 KiB CIDToGIDMap, in one pass. The
// flate compressor took about half a millisecond per map, once per font
// in every PDF; this writes the same kind of stream (one block of fixed
// Huffman codes, zero runs as copies at distance 1) in a small fraction
// of that; a map with a few hundred characters takes about a kilobyte,
// where flate's best speed gave a few hundred bytes. Any zlib reader
// inflates it to data.
func deflateSparse(data []byte) []byte {
	w := sparseWriter{out: make([]byte, 0, 1024)}
	w.out = append(w.out, 0x78, 0x01) // deflate, 32 KiB window, fastest
	w.put(1, 1)                       // the final block
	w.put(1, 2)                       // of fixed Huffman codes
	// The Adler-32 checksum is summed here too, a run of zeros at once.
	const mod = 65521
	a, b := uint64(1), uint64(0)
	for i := 0; i < len(data); {
		if data[i] == 0 && i > 0 && data[i-1] == 0 {
			n := zeros(data[i:])
			if n >= 3 {
				b = (b + uint64(n)*a) % mod
				for n >= 3 {
					c := min(n, 258)
					if n-c > 0 && n-c < 3 {
						c = n - 3 // leave a run that can still be copied
					}
					w.copyPrevious(c)
					i += c
					n -= c
				}
				continue
			}
		}
		w.symbol(int(data[i]))
		a = (a + uint64(data[i])) % mod
		b = (b + a) % mod
		i++
	}
	w.symbol(256) // end of block
	if w.n > 0 {
		w.out = append(w.out, byte(w.acc))
	}
	sum := uint32(b<<16 | a)
	return append(w.out, byte(sum>>24), byte(sum>>16), byte(sum>>8), byte(sum))
}

// zeros counts the zero bytes data starts with, eight at a time.
func zeros(data []byte) int {
	n := 0
	for n+8 <= len(data) && binary.LittleEndian.Uint64(data[n:]) == 0 {
		n += 8
	}
	for n < len(data) && data[n] == 0 {
		n++
	}
	return n
}

// sparseWriter packs deflate's bits, least significant first.
type sparseWriter struct {
	out []byte
	acc uint64
	n   uint
}

// put writes the low n bits of v as an integer (extra bits, headers).
func (w *sparseWriter) put(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

// code writes a Huffman code of n bits, most significant bit first.
func (w *sparseWriter) code(c uint64, n uint) {
	w.put(bits.Reverse64(c)>>(64-n), n)
}

// symbol writes a literal/length symbol in the fixed code (RFC 1951 3.2.6).
func (w *sparseWriter) symbol(s int) {
	switch {
	case s < 144:
		w.code(uint64(0x30+s), 8)
	case s < 256:
		w.code(uint64(0x190+s-144), 9)
	case s < 280:
		w.code(uint64(s-256), 7)
	default:
		w.code(uint64(0xC0+s-280), 8)
	}
}

var (
	sparseLenBase  = [29]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	sparseLenExtra = [29]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
)

// copyPrevious writes a copy of n (3 to 258) bytes from distance 1.
func (w *sparseWriter) copyPrevious(n int) {
	i := len(sparseLenBase) - 1
	for sparseLenBase[i] > n {
		i--
	}
	w.symbol(257 + i)
	w.put(uint64(n-sparseLenBase[i]), sparseLenExtra[i])
	w.code(0, 5) // distance code 0: distance 1
}

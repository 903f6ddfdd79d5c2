//go:build unix

package pack

import (
	"math"
	"os"
	"syscall"
)

// mapFile maps the first size bytes of f read-only, so that reading an
// object is a slice of the mapping instead of a pread: the walk reads
// each of the tens of thousands of objects of a pack, and a system call
// apiece was a quarter of a check's CPU on a virtual machine. git maps
// its packs the same way. git never rewrites a pack file in place (a
// repack writes new files and removes the old), so the mapping stays
// valid while the file is open. It returns nil when f cannot be mapped.
func mapFile(f *os.File, size int64) []byte {
	if size <= 0 || size > math.MaxInt {
		return nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil
	}
	return b
}

// unmapFile releases what mapFile mapped.
func unmapFile(b []byte) error {
	if b == nil {
		return nil
	}
	return syscall.Munmap(b)
}

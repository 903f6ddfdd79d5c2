package cache

import (
	"os"
	"syscall"
)

// WithoutHardLinks makes c link files as a cache on another file system
// than the output would: every link fails with EXDEV.
func WithoutHardLinks(c *Cache) {
	c.link = func(oldname, newname string) error {
		return &os.LinkError{Op: "link", Old: oldname, New: newname, Err: syscall.EXDEV}
	}
}

// ReadBack counts the plain files s read back to check them.
func ReadBack(s *Store) int64 {
	return s.readBack.Load()
}

// WaitSpentWrites waits for the shards c writes once its memos' budget is
// spent.
func WaitSpentWrites(c *Cache) {
	c.spentWrites.Wait()
}

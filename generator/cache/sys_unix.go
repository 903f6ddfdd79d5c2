//go:build unix

package cache

import (
	"os"
	"syscall"
)

// rename is os.Rename without the lstat of newname it makes first to
// refuse a directory there: rename(2) refuses one itself, and the lstat
// is a system call more for every entry written.
func rename(oldname, newname string) error {
	for {
		err := syscall.Rename(oldname, newname)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return &os.LinkError{Op: "rename", Old: oldname, New: newname, Err: err}
		}
		return nil
	}
}

//go:build !unix

package cache

import "os"

// rename is os.Rename (see sys_unix.go).
func rename(oldname, newname string) error { return os.Rename(oldname, newname) }

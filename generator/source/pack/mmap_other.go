//go:build !unix

package pack

import "os"

// mapFile maps nothing here: objects are read with ReadAt.
func mapFile(f *os.File, size int64) []byte { return nil }

// unmapFile has nothing to release.
func unmapFile(b []byte) error { return nil }

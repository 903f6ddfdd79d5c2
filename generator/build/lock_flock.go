//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package build

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive flock on the file at path, creating it,
// waiting while another build holds it. The kernel drops the lock when the
// process dies, so a killed build never leaves --out locked.
func lockFile(path string) (func() error, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), unix.LOCK_EX)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f.Close, nil
}

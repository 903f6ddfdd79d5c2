//go:build darwin

package build

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the directories at a and b in one step with renamex_np
// RENAME_SWAP (macOS 10.12, APFS and HFS+).
func exchange(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) {
		return errNoExchange
	}
	return err
}

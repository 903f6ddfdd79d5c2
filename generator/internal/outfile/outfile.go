// Package outfile writes a build's output files. A file in the output
// may be a hard link to a file the cache keeps (a page, a document's PDF:
// see cache.Store.LinkFile), and so, through it, to the same file in every
// earlier output: a write into it in place would change them all. So an
// output file is always made new: whatever is at its name is removed
// first, never written through.
package outfile

import (
	"errors"
	"io/fs"
	"os"

	"github.com/ismspack/ismspack/generator/internal/sysfile"
)

// Write puts data in a new file at name, made 0644 less the umask as
// os.WriteFile makes it. A file already at name is removed, not written.
func Write(name string, data []byte) error {
	f, err := sysfile.CreateNew(name, 0o644)
	if errors.Is(err, fs.ErrExist) {
		if err := os.Remove(name); err != nil {
			return err
		}
		f, err = sysfile.CreateNew(name, 0o644)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

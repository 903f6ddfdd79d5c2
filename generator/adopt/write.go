package adopt

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileName is where --write puts the proposal: the repository root, where
// ismspack looks first.
const FileName = "ismspack.yaml"

// ErrExists is returned by Write when the file is there and force is off.
var ErrExists = errors.New("exists")

// Write writes data as ismspack.yaml in the working tree at root. It
// refuses a bare repository (no working tree) and, unless force, an
// existing file; it writes through a temporary file renamed into place,
// so an interrupted write leaves no half file, and replaces a symbolic
// link rather than writing where it points.
func Write(root string, bare bool, data []byte, force bool) (string, error) {
	if bare {
		return "", fmt.Errorf("%s is a bare repository, with no working tree to write %s into: print the proposal, save it in a clone and commit it there", root, FileName)
	}
	if filepath.Base(root) == ".git" {
		return "", fmt.Errorf("%s is a git directory, not a working tree: run adopt in the clone", root)
	}
	dst := filepath.Join(root, FileName)
	if _, err := os.Lstat(dst); err == nil && !force {
		return dst, ErrExists
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return dst, err
	}
	tmp, err := os.CreateTemp(root, ".ismspack.yaml.*")
	if err != nil {
		return dst, err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return dst, err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return dst, err
	}
	if err := tmp.Close(); err != nil {
		return dst, err
	}
	return dst, os.Rename(tmp.Name(), dst)
}

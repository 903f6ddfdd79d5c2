package config

import (
	"os"
	"path/filepath"
)

// FromWorktree reads the configuration from the files on disk under root,
// trying FileNames in order, for the commands that work on the working
// tree (new, serve --worktree) rather than on a commit; the defaults
// when there is none.
func FromWorktree(root string) (Config, error) {
	for _, n := range FileNames {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(n)))
		if err == nil {
			return Parse(n, b)
		}
		if !os.IsNotExist(err) {
			return Config{}, err
		}
	}
	return Default(), nil
}

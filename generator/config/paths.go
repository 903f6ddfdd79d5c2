package config

import (
	"fmt"
	"path"
	"strings"
)

// cleanRepoPath writes a path the configuration names slash-separated and
// cleaned; empty stays empty.
func cleanRepoPath(p string) string {
	if p == "" {
		return ""
	}
	return path.Clean(strings.ReplaceAll(p, "\\", "/"))
}

// checkRepoPath checks a cleaned path that the configuration names under
// key (theme:, fonts:). The configuration is written by whoever commits,
// so such a path is read from the commit being built and must stay inside
// the repository: an absolute path or one that climbs out with .. would
// name a file on the machine running ismspack. flag is how the operator
// names such a file instead.
func checkRepoPath(key, p, flag string) error {
	switch {
	case p == "":
		return nil
	case path.IsAbs(p) || (len(p) > 1 && p[1] == ':'):
		return &SettingError{[]string{key}, fmt.Sprintf("%q is a path on the machine running ismspack; the configuration names only files committed in the repository, relative to its root: commit the file and name it so, or pass %s to ismspack to use one from this machine", p, flag)}
	case p == ".." || strings.HasPrefix(p, "../"):
		return &SettingError{[]string{key}, fmt.Sprintf("%q climbs out of the repository; the configuration names only files committed in the repository: commit the file and name it relative to the repository root, or pass %s to ismspack to use one from this machine", p, flag)}
	}
	return nil
}

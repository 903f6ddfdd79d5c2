package config

import (
	"fmt"
	"path"
	"strings"
)

// FrameworkList returns the requirement sets in use, in the order the
// configuration gives them: each is a built-in set's id
// (iso27001-2022-5.1, iso27001-2022, iso27001-2022-annex-a) or the path of
// a YAML file committed in the repository, relative to its root or to the
// content directory, in ismspack's format or in comply's standards format.
// Which is which is decided by IsFrameworkFile. Empty means the default,
// which package framework defines.
func (c *Config) FrameworkList() []string {
	out := make([]string, len(c.Frameworks))
	for i, f := range c.Frameworks {
		out[i] = frameworkName(f)
	}
	return out
}

func frameworkName(f string) string {
	f = strings.TrimSpace(f)
	if IsFrameworkFile(f) {
		return cleanRepoPath(f)
	}
	return f
}

// IsFrameworkFile reports whether an entry of frameworks: names a file
// rather than a built-in set: a file ends in .yaml or .yml.
func IsFrameworkFile(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

func (c *Config) validateFrameworks() error {
	seen := map[string]bool{}
	for _, raw := range c.Frameworks {
		f := frameworkName(raw)
		if IsFrameworkFile(f) && (path.IsAbs(f) || (len(f) > 1 && f[1] == ':') || f == ".." || strings.HasPrefix(f, "../")) {
			return &SettingError{[]string{"frameworks", raw}, fmt.Sprintf("%q is not inside the repository; requirement sets are read from the commit being built: commit the file and name it relative to the repository root", f)}
		}
		if f == "" {
			return &SettingError{[]string{"frameworks"}, "an empty entry: name a built-in set such as iso27001-2022 or a file committed in the repository"}
		}
		if seen[f] {
			return &SettingError{[]string{"frameworks", raw}, fmt.Sprintf("%q is listed twice: list each set once", f)}
		}
		seen[f] = true
	}
	return nil
}

// Package themes embeds the default site theme and layers a user's theme
// over it file by file. A user's theme arrives already read into memory
// (isms.MemFS), so rendering never opens a theme file on disk.
package themes

import (
	"embed"
	"errors"
	"io/fs"
	"sort"
)

//go:embed all:default
var embedded embed.FS

// FS returns the default theme.
func FS() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return sub
}

// Open returns the default theme, overlaid file by file by top when top is
// not nil. top is already in memory (read from the commit, or from a
// directory the operator named), so rendering never opens a file on disk.
func Open(top fs.FS) fs.FS {
	if top == nil {
		return FS()
	}
	return overlay{top: top, base: FS()}
}

// overlay serves a file from top when it has it, else from base. Its
// directory listings merge both, so a theme directory that adds a partial
// or a static file is seen by fs.Glob and fs.WalkDir.
type overlay struct {
	top, base fs.FS
}

// ReadDir lists name in both layers, top's entry winning, sorted by name.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, terr := fs.ReadDir(o.top, name)
	base, berr := fs.ReadDir(o.base, name)
	if terr != nil && berr != nil {
		if errors.Is(terr, fs.ErrNotExist) {
			return nil, berr
		}
		return nil, terr
	}
	if terr != nil && !errors.Is(terr, fs.ErrNotExist) {
		return nil, terr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range top {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range base {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.top.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}

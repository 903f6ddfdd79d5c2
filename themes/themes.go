// Package themes embeds the default site theme and layers a user's theme
// directory over it file by file.
package themes

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
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

// Open returns the default theme, overlaid by dir when dir is not empty.
func Open(dir string) (fs.FS, error) {
	if dir == "" {
		return FS(), nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("theme directory: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("theme %s is not a directory", dir)
	}
	return overlay{top: os.DirFS(dir), base: FS()}, nil
}

// overlay serves a file from top when it has it, else from base.
type overlay struct {
	top, base fs.FS
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

package isms

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/internal/bounded"
	"github.com/ismspack/ismspack/generator/source"
)

// The bounds on what the configuration and the operator can make ismspack
// read besides the documents. docs/security.md lists them.
const (
	// MaxThemeFiles is the most files a theme directory may hold.
	MaxThemeFiles = 1000
	// MaxThemeFileSize bounds one file of a theme.
	MaxThemeFileSize = source.MaxFileSize
	// MaxThemeSize bounds all of a theme's files together.
	MaxThemeSize = 32 << 20
	// MaxFonts is the most fallback fonts, committed and operator's together.
	MaxFonts = 8
	// MaxFontSize bounds one font file: a full CJK TrueType font is about
	// 20 MB.
	MaxFontSize = 32 << 20
	// MaxConfigSize bounds a configuration file named with --config: no
	// more than the decoder accepts.
	MaxConfigSize = bounded.MaxBytes
)

// Inputs are the files besides the documents that a build reads: the
// theme and the fonts. Those the configuration names come from the commit
// being built, like the documents; only those the operator names on the
// command line come from disk. Everything is read, and bounded, while the
// model loads, so no later stage opens a file.
type Inputs struct {
	// Theme holds the theme's files, by path relative to the theme's root;
	// nil when there is none and the default theme is used as it is.
	Theme fs.FS
	// Fonts are DejaVu and the fallback fonts, the operator's first.
	Fonts *fonts.Set
	// Keys are the people register's public signing keys, read from the
	// commit.
	Keys []*Key
	// ConfigSum and FontSums are the SHA-256 (hex) of the configuration
	// file and the fonts read from disk, in the order named: the pack
	// records them, so verify can tell whether it was given the same files.
	ConfigSum string
	FontSums  []string
}

// readInputs reads the theme and fonts the options and the configuration
// name. An operator's theme (--theme, ISMSPACK_THEME) replaces a
// committed one; an operator's fonts (--font) are tried before committed
// ones.
func readInputs(repo *source.Repo, c *object.Commit, cfg config.Config, o Options) (Inputs, error) {
	var in Inputs
	var err error
	switch {
	case o.Theme != "":
		in.Theme, err = readThemeDir(o.Theme)
	case cfg.Theme != "":
		in.Theme, err = readCommittedTheme(repo, c, cfg)
	}
	if err != nil {
		return in, err
	}
	if n := len(o.Fonts) + len(cfg.Fonts); n > MaxFonts {
		return in, fmt.Errorf("%d fonts named (--font and fonts: in %s), more than the %d ismspack reads: name fewer", n, configName(cfg), MaxFonts)
	}
	var files []fonts.File
	for _, p := range o.Fonts {
		data, err := ReadLocalFile(p, MaxFontSize)
		if err != nil {
			return in, fmt.Errorf("--font: %w", err)
		}
		files = append(files, fonts.File{Name: filepath.Base(p), TTF: data})
		in.FontSums = append(in.FontSums, fmt.Sprintf("%x", sha256.Sum256(data)))
	}
	for _, p := range cfg.Fonts {
		f, err := readCommittedFont(repo, c, cfg, p)
		if err != nil {
			return in, err
		}
		files = append(files, fonts.File{Name: path.Base(p), TTF: f.Data})
	}
	if in.Fonts, err = fonts.WithFallbacks(files); err != nil {
		return in, fmt.Errorf("fonts: %w", err)
	}
	in.Keys, err = readKeys(repo, c, cfg)
	return in, err
}

func configName(cfg config.Config) string {
	if cfg.Path == "" {
		return "the configuration"
	}
	return cfg.Path
}

// readCommittedTheme reads the theme directory from the commit: blobs only,
// a symbolic link refused rather than followed.
func readCommittedTheme(repo *source.Repo, c *object.Commit, cfg config.Config) (fs.FS, error) {
	files, err := repo.ReadTree(c, cfg.Theme, MaxThemeFiles, MaxThemeFileSize, MaxThemeSize)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: theme: no directory %s in commit %s: commit the theme there, or remove the theme setting", configName(cfg), cfg.Theme, c.Hash.String()[:7])
	}
	if err != nil {
		return nil, fmt.Errorf("%s: theme: %w", configName(cfg), err)
	}
	out := MemFS{}
	for _, f := range files {
		out[strings.TrimPrefix(f.Path, cfg.Theme+"/")] = f.Data
	}
	return out, nil
}

// readCommittedFont reads a font the configuration names from the commit,
// at its path from the repository root or, failing that, under the content
// directory.
func readCommittedFont(repo *source.Repo, c *object.Commit, cfg config.Config, p string) (source.File, error) {
	f, err := repo.ReadBlob(c, p, MaxFontSize)
	if errors.Is(err, fs.ErrNotExist) && cfg.Content != "" {
		f, err = repo.ReadBlob(c, cfg.Content+"/"+p, MaxFontSize)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return f, fmt.Errorf("%s: fonts: no file %s in commit %s (nor under %s/): commit the font there, or pass --font FILE for a font on this machine", configName(cfg), p, c.Hash.String()[:7], cfg.Content)
	}
	if err != nil {
		return f, fmt.Errorf("%s: fonts: %w", configName(cfg), err)
	}
	return f, nil
}

// ReadLocalFile reads a file the operator named on the command line. Only
// a regular file of at most max bytes is read: a device such as /dev/zero
// or a named pipe would never end, or never start.
func ReadLocalFile(name string, max int64) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: give a file", name)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(f, name, max)
}

// readBounded reads an open file that must be regular and at most max
// bytes, checked on the open file and again while reading, since a file
// can change between the check and the read.
func readBounded(f fs.File, name string, max int64) ([]byte, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file: give a file", name)
	}
	if fi.Size() > max {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d ismspack reads", name, fi.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s is more than the %d bytes ismspack reads", name, max)
	}
	return data, nil
}

// readThemeDir reads a theme directory the operator named into memory, with
// the same bounds as a committed theme. Symbolic links inside it are
// followed only while they stay inside it (os.Root refuses the rest), and
// only to regular files.
func readThemeDir(dir string) (fs.FS, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("--theme: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("--theme: %s is not a directory", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("--theme: %w", err)
	}
	defer root.Close()
	rfs := root.FS()
	out := MemFS{}
	var total int64
	err = fs.WalkDir(rfs, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		name := filepath.Join(dir, filepath.FromSlash(p))
		// Stat follows a link, within the root only; a FIFO or device is
		// refused here, before it is opened.
		fi, err := fs.Stat(rfs, p)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file: a theme holds files and directories only", name)
		}
		if len(out) == MaxThemeFiles {
			return fmt.Errorf("%s has more than %d files, the most ismspack reads from a theme", dir, MaxThemeFiles)
		}
		f, err := rfs.Open(p)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		data, err := readBounded(f, name, MaxThemeFileSize)
		f.Close()
		if err != nil {
			return err
		}
		if total += int64(len(data)); total > MaxThemeSize {
			return fmt.Errorf("%s holds more than %d bytes, the most ismspack reads from a theme", dir, MaxThemeSize)
		}
		out[p] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("--theme: %w", err)
	}
	return out, nil
}

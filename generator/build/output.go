package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// marker names the file that says a directory was written by ismspack and
// may be replaced by the next build. It is written first, when the
// temporary directory is made, so that a killed build's debris carries it
// too and the next build can tell it from anything else beside --out.
const marker = ".ismspack-output"

const markerText = "written by ismspack; the next build replaces this directory\n"

// step names a point between the file-system operations of a build's
// output swap, for tests that stop a build there (see Options.hook).
type step string

const (
	// stepWritten: the new output is complete in its temporary directory.
	stepWritten step = "written"
	// stepMovedAway: the fallback swap has moved the old output aside and
	// not yet moved the new one in (--out does not exist).
	stepMovedAway step = "moved-away"
	// stepSwapped: the new output is in place; the old one is not yet
	// removed.
	stepSwapped step = "swapped"
)

// swapTest lets tests stop a build between two steps of the output swap
// and take the fallback swap on a system that has the atomic one.
type swapTest struct {
	hook       func(step)
	noExchange bool
}

// output is --out while a build holds it: cleaned path, the lock on it, and
// the names of the scratch directories beside it.
type output struct {
	dir    string
	parent string
	base   string
	unlock func() error
	test   swapTest
}

// claim takes the lock on out for the whole build: a second build to the
// same --out waits until the first is done, so two builds never swap
// halves of each other's output. Holding the lock, it tidies what killed
// builds left: it puts back an output a kill removed mid-swap and deletes
// scratch directories that carry the marker.
func claim(out string, test swapTest) (*output, error) {
	o := &output{dir: filepath.Clean(out), test: test}
	o.parent, o.base = filepath.Dir(o.dir), filepath.Base(o.dir)
	if err := os.MkdirAll(o.parent, 0o755); err != nil {
		return nil, fmt.Errorf("making the parent of %s: %w", o.dir, err)
	}
	unlock, err := lockFile(filepath.Join(o.parent, "."+o.base+".lock"))
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", o.dir, err)
	}
	o.unlock = unlock
	if err := o.tidy(); err != nil {
		o.release()
		return nil, err
	}
	return o, nil
}

// release drops the lock.
func (o *output) release() {
	if o.unlock != nil {
		o.unlock()
		o.unlock = nil
	}
}

func (o *output) at(s step) {
	if o.test.hook != nil {
		o.test.hook(s)
	}
}

// scratch matches the temporary directories a build of this output makes
// beside it: ".BASE.tmp-DIGITS" (os.MkdirTemp's random part) and, for the
// fallback swap, the same with ".old".
func (o *output) scratch() *regexp.Regexp {
	return regexp.MustCompile(`^\.` + regexp.QuoteMeta(o.base) + `\.tmp-[0-9]+(\.old)?$`)
}

// tidy runs under the lock, so no other build of this output is using any
// scratch directory: each one that carries the marker is debris.
func (o *output) tidy() error {
	entries, err := os.ReadDir(o.parent)
	if err != nil {
		return fmt.Errorf("reading %s: %w", o.parent, err)
	}
	re := o.scratch()
	var debris, olds []string
	for _, e := range entries {
		if !e.IsDir() || !re.MatchString(e.Name()) {
			continue
		}
		p := filepath.Join(o.parent, e.Name())
		if !isOurs(p) {
			continue
		}
		if strings.HasSuffix(e.Name(), ".old") {
			olds = append(olds, p)
		} else {
			debris = append(debris, p)
		}
	}
	// A kill between the fallback swap's two renames leaves no --out and
	// the previous output aside as .old: put it back before anything else.
	if _, err := os.Lstat(o.dir); errors.Is(err, os.ErrNotExist) && len(olds) > 0 {
		sort.Slice(olds, func(i, j int) bool { return modTime(olds[i]) > modTime(olds[j]) })
		if err := os.Rename(olds[0], o.dir); err != nil {
			return fmt.Errorf("restoring the previous output %s: %w", o.dir, err)
		}
		olds = olds[1:]
	}
	for _, p := range append(debris, olds...) {
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("removing %s, left by an interrupted build: %w", p, err)
		}
	}
	return nil
}

func isOurs(dir string) bool {
	fi, err := os.Lstat(filepath.Join(dir, marker))
	return err == nil && fi.Mode().IsRegular()
}

func modTime(p string) int64 {
	fi, err := os.Lstat(p)
	if err != nil {
		return 0
	}
	return fi.ModTime().UnixNano()
}

// replace runs write into a fresh directory beside the output and swaps it
// in only when write succeeds. It refuses to replace a non-empty directory
// that ismspack did not write, so --out content cannot delete documents.
func (o *output) replace(write func(dir string) error) error {
	if fi, err := os.Stat(o.dir); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("output %s exists and is not a directory", o.dir)
		}
		if !isOurs(o.dir) {
			if entries, _ := os.ReadDir(o.dir); len(entries) > 0 {
				return fmt.Errorf("refusing to replace %s: it is not empty and was not written by ismspack; choose another --out", o.dir)
			}
		}
	}
	tmp, err := os.MkdirTemp(o.parent, "."+o.base+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, marker), []byte(markerText), 0o644); err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	o.at(stepWritten)
	return o.swap(tmp)
}

// swap puts the finished directory tmp at the output. Where the OS can
// exchange two names in one step (Linux renameat2 RENAME_EXCHANGE, macOS
// renamex_np RENAME_SWAP), --out always names a complete output: the old
// or the new. Elsewhere, or on a file system that cannot exchange, the old
// output is renamed aside first; a kill between the two renames leaves it
// there as .old, and the next build puts it back (see tidy).
func (o *output) swap(tmp string) error {
	if _, err := os.Lstat(o.dir); errors.Is(err, os.ErrNotExist) {
		return os.Rename(tmp, o.dir)
	}
	err := errNoExchange
	if !o.test.noExchange {
		err = exchange(tmp, o.dir)
	}
	if err == nil {
		// tmp now holds the old output; the deferred RemoveAll deletes it.
		o.at(stepSwapped)
		return nil
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("swapping %s into place: %w", o.dir, err)
	}
	old := tmp + ".old"
	if err := os.Rename(o.dir, old); err != nil {
		return err
	}
	o.at(stepMovedAway)
	if err := os.Rename(tmp, o.dir); err != nil {
		if rerr := os.Rename(old, o.dir); rerr != nil {
			return fmt.Errorf("moving the new output into %s: %w (the previous output is at %s)", o.dir, err, old)
		}
		return err
	}
	o.at(stepSwapped)
	return os.RemoveAll(old)
}

// errNoExchange says the OS or file system cannot exchange two names
// atomically; swap falls back to two renames.
var errNoExchange = errors.New("atomic exchange not supported")

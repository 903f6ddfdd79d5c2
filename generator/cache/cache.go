// Package cache keeps what a build made, keyed by what it was made from,
// so that the next build after a small commit redoes only what changed:
// the history walk up to the last commit seen, each document's PDF, and
// the results of pure functions (rendered bodies, redlines; see Memo).
//
// An entry is a file holding a header (format, the ismspack version that
// wrote it, a checksum and the length of the payload) and the payload. An
// entry from another version, or one whose payload does not match its
// header (corrupt, truncated), is ignored with a one-line note and
// rebuilt: the cache can make a build faster, never different. Entries
// are written to a temporary file and renamed into place, so builds that
// share a cache never read half an entry.
package cache

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/ismspack/ismspack/generator/internal/sysfile"
)

// format changes whenever the entry layout does.
const format = "ismspack-cache 1"

// Cache is a cache directory. A nil *Cache is a cache that holds nothing,
// which is what --no-cache gives.
type Cache struct {
	dir     string
	version string
	log     io.Writer

	mu    sync.Mutex
	noted map[string]bool
	memos map[string]*Memo
	// stores are the kinds kept an entry per result (see Store).
	stores map[string]*Store
	// shared bounds the bytes the memos hold in memory, read or made.
	shared *budget
	// link makes a hard link: os.Link, but in tests of a cache on a file
	// system without them.
	link func(oldname, newname string) error
	// readBufs are the buffers plain files are checked through,
	// writeBufs those small entries are written from.
	readBufs, writeBufs sync.Pool
	// quoted is version as an entry's header holds it.
	quoted string
	// spentWrites is the writing of the memos' shards once their budget
	// is spent (see Memo).
	spentWrites sync.WaitGroup
}

// DefaultMemoBudget is how many bytes of results the memos hold in
// memory at most. Past it, results
// are made and not kept, and shards are not read: the build is as fast as
// without a cache for those, and its memory does not grow with the size
// of the site.
const DefaultMemoBudget = 48 << 20

// Options say how to open a cache.
type Options struct {
	// Version names the program that reads and writes entries; an entry
	// written by another version is ignored. Empty means Version().
	Version string
	// Log receives the notes about entries ignored; nil discards them.
	Log io.Writer
	// MemoBudget bounds the bytes the build's memos without a budget of
	// their own hold in memory; zero means DefaultMemoBudget.
	MemoBudget int64
}

// DefaultDir is where the cache lives when --cache does not say: the
// user's cache directory as env gives it (os.UserCacheDir's rules, read
// from the environment passed in), never inside the output. It is empty
// when env names none, and the build then runs without a cache.
func DefaultDir(env map[string]string) string {
	var base string
	switch runtime.GOOS {
	case "windows":
		base = env["LocalAppData"]
	case "darwin", "ios":
		if h := env["HOME"]; h != "" {
			base = filepath.Join(h, "Library", "Caches")
		}
	case "plan9":
		if h := env["home"]; h != "" {
			base = filepath.Join(h, "lib", "cache")
		}
	default:
		base = env["XDG_CACHE_HOME"]
		if !filepath.IsAbs(base) {
			base = ""
			if h := env["HOME"]; h != "" {
				base = filepath.Join(h, ".cache")
			}
		}
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, "ismspack")
}

// Open opens the cache in dir, creating it.
func Open(dir string, o Options) (*Cache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the cache directory: %w", err)
	}
	if o.Version == "" {
		o.Version = Version()
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.MemoBudget <= 0 {
		o.MemoBudget = DefaultMemoBudget
	}
	return &Cache{dir: dir, version: o.Version, quoted: strconv.Quote(o.Version), log: o.Log, noted: map[string]bool{}, shared: &budget{max: o.MemoBudget}, link: os.Link}, nil
}

// Dir returns the cache's directory.
func (c *Cache) Dir() string {
	if c == nil {
		return ""
	}
	return c.dir
}

// Version identifies this build of ismspack: the module version and VCS
// revision it was built from, or, for a build from a modified tree or
// without VCS information (go run, go test), a hash of the executable.
func Version() string {
	v := "unknown"
	bi, ok := debug.ReadBuildInfo()
	if ok {
		rev, modified := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		v = bi.Main.Path + "@" + bi.Main.Version + " " + bi.GoVersion
		if rev != "" && !modified {
			return v + " " + rev
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" && rev == "" {
			return v
		}
	}
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			if id := goBuildID(f); id != "" {
				return v + " buildid " + id
			}
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return v + " exe " + hex.EncodeToString(h.Sum(nil))
			}
		}
	}
	return v
}

// goBuildID returns the Go build ID the linker writes into an ELF
// executable's .note.go.buildid, or "" for another format or a binary
// linked without one (-buildid=). Its last part is a hash of the
// executable's own bytes, so it tells builds apart as a hash of the file
// would, but is read from a few hundred bytes instead of the whole file:
// reading 30 MB on every run cost a warm check a tenth of its time.
func goBuildID(f io.ReaderAt) string {
	ef, err := elf.NewFile(f)
	if err != nil {
		return ""
	}
	sec := ef.Section(".note.go.buildid")
	if sec == nil || sec.Size > 1<<10 {
		return ""
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return ""
	}
	// An ELF note: name size, descriptor size, type (4: the Go build
	// ID), then the name "Go" padded to 4 bytes and the descriptor.
	bo := ef.ByteOrder
	namesz, descsz, typ := bo.Uint32(note), bo.Uint32(note[4:]), bo.Uint32(note[8:])
	if namesz != 4 || typ != 4 || string(note[12:16]) != "Go\x00\x00" || uint64(descsz) > uint64(len(note)-16) {
		return ""
	}
	return string(note[16 : 16+descsz])
}

// Key hashes parts into an entry key; each part is length-prefixed, so
// ("ab", "c") and ("a", "bc") differ.
func Key(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:", len(p))
		io.WriteString(h, p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c *Cache) path(kind, key string) string {
	if len(key) < 3 {
		key = "__" + key
	}
	return filepath.Join(c.dir, kind, key[:2], key)
}

// Get returns the payload of the entry of kind under key, and whether
// there was a good one.
func (c *Cache) Get(kind, key string) ([]byte, bool) {
	return c.get(kind, key, nil)
}

// get is Get reading the entry into *buf, grown as needed, when buf is
// not nil.
func (c *Cache) get(kind, key string, buf *[]byte) ([]byte, bool) {
	if c == nil {
		return nil, false
	}
	payload, _, ok := c.read(kind, c.path(kind, key), buf)
	return payload, ok
}

// read is get of the entry at name, which is of kind, returning its
// modification time too.
func (c *Cache) read(kind, name string, buf *[]byte) ([]byte, time.Time, bool) {
	if buf == nil {
		buf = new([]byte)
	}
	data, mtime, err := readInto(name, buf)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, mtime, false
	}
	if err != nil {
		c.note(kind, "unreadable", fmt.Sprintf("cache: cannot read %s (%v); building without it", name, err))
		return nil, mtime, false
	}
	payload, version, err := parse(data)
	switch {
	case err != nil:
		c.note(kind, "corrupt", fmt.Sprintf("cache: %s is corrupt or truncated (%v); ignoring it, it is rebuilt", name, err))
		return nil, mtime, false
	case version != c.version:
		c.note(kind, "version", fmt.Sprintf("cache: %s entries written by another ismspack version are ignored and rebuilt", kind))
		return nil, mtime, false
	}
	return payload, mtime, true
}

// readInto reads the file name into *buf, growing it as needed, and
// returns its modification time too.
func readInto(name string, buf *[]byte) ([]byte, time.Time, error) {
	f, err := sysfile.Open(name)
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	// One byte more than the size, so that a file grown since Stat is
	// read whole too (as os.ReadFile would).
	n := int(fi.Size()) + 1
	if cap(*buf) < n {
		*buf = make([]byte, 0, n)
	}
	b := (*buf)[:n]
	for k := 0; ; {
		m, err := f.Read(b[k:])
		k += m
		if err == io.EOF {
			b = b[:k]
			break
		}
		if err != nil {
			return nil, time.Time{}, err
		}
		if k < len(b) && m > 0 {
			// A short read of a file is its end: an entry is renamed
			// into place whole, never written where it is, and one cut
			// short fails its header's length. Asking again to be told
			// so costs a system call per entry.
			b = b[:k]
			break
		}
		if k == len(b) { // grown since Stat: read on
			b = append(b, 0)
			b = b[:cap(b)]
		}
	}
	*buf = b
	return b, fi.ModTime(), nil
}

// Put stores payload as the entry of kind under key. A cache that cannot
// be written is noted once and the build goes on.
func (c *Cache) Put(kind, key string, payload []byte) {
	if c == nil {
		return
	}
	if err := c.put(c.path(kind, key), payload); err != nil {
		c.note(kind, "write", fmt.Sprintf("cache: cannot write to %s (%v); the next build does this work again", c.dir, err))
	}
}

func (c *Cache) put(name string, payload []byte) error {
	return c.putThen(name, payload, nil)
}

// putThen is put calling then as replaceFileThen does.
func (c *Cache) putThen(name string, payload []byte, then func(tmp string, fi os.FileInfo)) error {
	crc := crc32.Checksum(payload, castagnoli)
	if len(payload) > 64<<10 {
		return replaceFileThen(name, 0o600, then, c.appendHeader(nil, crc, len(payload)), payload)
	}
	// A small entry is copied behind its header and written at once:
	// copying costs less than a second write.
	buf, _ := c.writeBufs.Get().(*[]byte)
	if buf == nil {
		buf = new([]byte)
	}
	defer c.writeBufs.Put(buf)
	*buf = append(c.appendHeader((*buf)[:0], crc, len(payload)), payload...)
	return replaceFileThen(name, 0o600, then, *buf)
}

// appendHeader appends the header of an entry whose payload is n bytes
// with CRC-32C crc: its length depends on n only.
func (c *Cache) appendHeader(b []byte, crc uint32, n int) []byte {
	b = append(append(append(b, format...), '\n'), c.quoted...)
	b = fmt.Appendf(b, "\ncrc32c:%08x %d\n", crc, n)
	return b
}

// putTable is put of encodeTable(t), encoded behind its header in *buf,
// grown as needed, rather than in memory of its own and then copied.
func (c *Cache) putTable(name string, t map[string][]byte, buf *[]byte) error {
	keys, n := tableKeys(t)
	head := len(c.appendHeader(nil, 0, n))
	b := appendTable(slices.Grow((*buf)[:0], head+n)[:head], keys, t, n)
	*buf = b
	return replaceFileThen(name, 0o600, nil, c.appendHeader(b[:0], crc32.Checksum(b[head:], castagnoli), n)[:len(b)])
}

// replaceFile puts chunks, one after the other, in the file name by
// writing a new file beside it and renaming that over it: a reader, or
// an output linked to the old file (see LinkFile), sees the old bytes or
// the new, never a part. perm is the new file's mode before the umask.
func replaceFile(name string, perm os.FileMode, chunks ...[]byte) error {
	return replaceFileThen(name, perm, nil, chunks...)
}

// replaceFileThen is replaceFile calling then, when not nil, with the
// new file's name and what lstat tells of it once it is written whole and
// closed, and before it is renamed.
func replaceFileThen(name string, perm os.FileMode, then func(tmp string, fi os.FileInfo), chunks ...[]byte) error {
	dir := filepath.Dir(name)
	// The directory is made when the file cannot be: it is there for
	// all but the first file of each, and asking first costs a system
	// call per file.
	f, err := createTemp(dir, perm)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(dir, 0o755); err == nil {
			f, err = createTemp(dir, perm)
		}
	}
	if err != nil {
		return err
	}
	for _, b := range chunks {
		if err == nil {
			_, err = f.Write(b)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && then != nil {
		var fi os.FileInfo
		if fi, err = os.Lstat(f.Name()); err == nil {
			then(f.Name(), fi)
		}
	}
	if err == nil {
		err = rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// createTemp makes a new file of a name of its own in dir, for writing.
func createTemp(dir string, perm os.FileMode) (f *os.File, err error) {
	for range 100 {
		f, err = sysfile.CreateNew(filepath.Join(dir, ".tmp-"+rand.Text()), perm)
		if !os.IsExist(err) {
			break
		}
	}
	return f, err
}

// parse splits an entry into its payload and the version that wrote it,
// checking the payload against the header. It is read for every entry a
// build takes, thousands on a warm build, so it parses by hand rather
// than through fmt.
func parse(data []byte) (payload []byte, version string, err error) {
	var lines [3][]byte
	rest := data
	for i := range lines {
		j := bytes.IndexByte(rest, '\n')
		if j < 0 {
			return nil, "", errors.New("no header")
		}
		lines[i], rest = rest[:j], rest[j+1:]
	}
	if string(lines[0]) != format {
		return nil, "", fmt.Errorf("format %q, not %q", lines[0], format)
	}
	if version, err = strconv.Unquote(string(lines[1])); err != nil {
		return nil, "", errors.New("no version")
	}
	// "crc32c:%08x %d", as put writes it.
	sum, size, ok := bytes.Cut(lines[2], []byte(" "))
	hexSum, isCRC := bytes.CutPrefix(sum, []byte("crc32c:"))
	want, sumErr := strconv.ParseUint(string(hexSum), 16, 32)
	n, sizeErr := strconv.Atoi(string(size))
	if !ok || !isCRC || len(hexSum) != 8 || sumErr != nil || sizeErr != nil || n < 0 {
		return nil, "", errors.New("no checksum")
	}
	if n != len(rest) {
		return nil, "", fmt.Errorf("%d bytes, not %d", len(rest), n)
	}
	if crc32.Checksum(rest, castagnoli) != uint32(want) {
		return nil, "", errors.New("checksum mismatch")
	}
	return rest, version, nil
}

// checksum is a CRC-32C: it finds a damaged or truncated entry, and the
// processor computes it faster than the disk reads.
func checksum(b []byte) string {
	return fmt.Sprintf("crc32c:%08x", crc32.Checksum(b, castagnoli))
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// note writes msg once per kind and reason.
func (c *Cache) note(kind, reason, msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.noted[kind+" "+reason] {
		return
	}
	c.noted[kind+" "+reason] = true
	fmt.Fprintln(c.log, msg)
}

// Note writes a one-line note about the cache, once per kind and reason,
// for a stage that finds an entry it cannot use.
func (c *Cache) Note(kind, reason, msg string) {
	if c != nil {
		c.note(kind, reason, msg)
	}
}

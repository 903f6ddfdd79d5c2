package cache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// statsName names, in a store's directory, its table of what lstat told
// of each plain file (see file.go). Entries are in the directories below
// it, so sweep never takes it for one.
const statsName = "files.stat"

// fileStat is what lstat told of a plain file when its bytes were known
// to match sum: its size and modification time, in nanoseconds.
type fileStat struct {
	sum         string
	size, mtime int64
}

// statOf is what fi tells of a file whose bytes match sum; ok is false
// for what is not a regular file.
func statOf(sum string, fi os.FileInfo) (f fileStat, ok bool) {
	if !fi.Mode().IsRegular() {
		return fileStat{}, false
	}
	return fileStat{sum: sum, size: fi.Size(), mtime: fi.ModTime().UnixNano()}, true
}

// fileStats is a store's table of its plain files.
type fileStats struct {
	// old is the table the last build wrote, read when first asked for,
	// and stamp that table's modification time (zero for none): a file
	// whose time is not older is not trusted (see file.go).
	old   map[string]fileStat
	stamp int64
	// seen is what this build checked or wrote, which Flush writes back.
	seen map[string]fileStat
}

// unchanged reports whether fi, lstat's answer for the plain file kept
// under key, is what the last build's table holds for a file of sum, and
// was held before that table was written: the file is then taken as it
// is, unread.
func (s *Store) unchanged(key, sum string, fi os.FileInfo) bool {
	f, ok := statOf(sum, fi)
	if !ok {
		return false
	}
	s.statsOnce.Do(s.readStats)
	s.mu.Lock()
	old, known := s.stats.old[key]
	stamp := s.stats.stamp
	s.mu.Unlock()
	return known && old == f && f.mtime < stamp
}

// saw records fi, lstat's answer for the plain file kept under key, whose
// bytes are known to match sum.
func (s *Store) saw(key, sum string, fi os.FileInfo) {
	f, ok := statOf(sum, fi)
	if !ok {
		return
	}
	s.mu.Lock()
	if s.stats.seen == nil {
		s.stats.seen = map[string]fileStat{}
	}
	s.stats.seen[key] = f
	s.mu.Unlock()
}

// readStats reads the table the last build wrote; one that cannot be read
// is as none, and every file is read back.
func (s *Store) readStats() {
	data, mtime, ok := s.c.read(s.kind, filepath.Join(s.c.dir, s.kind, statsName), nil)
	if !ok {
		return
	}
	t, err := decodeStats(data)
	if err != nil {
		s.c.note(s.kind, "corrupt", fmt.Sprintf("cache: the %s files' table cannot be read (%v); every file is read back", s.kind, err))
		return
	}
	s.mu.Lock()
	s.stats.old, s.stats.stamp = t, mtime.UnixNano()
	s.mu.Unlock()
}

// flushStats writes what this build saw of the store's plain files, when
// that differs from the table read or holds a time the table does not
// vouch for; the next build trusts only these. A build that saw none
// leaves the table as it is.
func (s *Store) flushStats() {
	s.statsOnce.Do(s.readStats)
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := s.stats.seen
	if len(seen) == 0 {
		return
	}
	same := len(seen) == len(s.stats.old)
	for k, f := range seen {
		if old, ok := s.stats.old[k]; !ok || old != f || f.mtime >= s.stats.stamp {
			same = false
			break
		}
	}
	s.stats.seen = nil
	if same {
		return
	}
	var stamp int64
	err := s.c.putThen(filepath.Join(s.c.dir, s.kind, statsName), encodeStats(seen), func(_ string, fi os.FileInfo) {
		stamp = fi.ModTime().UnixNano()
	})
	if err != nil {
		s.c.note(s.kind, "write", fmt.Sprintf("cache: cannot write to %s (%v); the next build does this work again", s.c.dir, err))
		seen, stamp = nil, 0
	}
	// The next build with this Cache (serve's) trusts what this one saw.
	s.stats.old, s.stats.stamp = seen, stamp
}

// encodeStats writes a table of file stats as an encodeTable of their
// sizes, times and sums.
func encodeStats(t map[string]fileStat) []byte {
	m := make(map[string][]byte, len(t))
	for k, f := range t {
		b := binary.AppendUvarint(nil, uint64(f.size))
		b = binary.AppendVarint(b, f.mtime)
		m[k] = append(b, f.sum...)
	}
	return encodeTable(m)
}

func decodeStats(data []byte) (map[string]fileStat, error) {
	m, err := decodeTable(data)
	if err != nil {
		return nil, err
	}
	t := make(map[string]fileStat, len(m))
	for k, b := range m {
		size, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, errors.New("no size")
		}
		mtime, n2 := binary.Varint(b[n:])
		if n2 <= 0 {
			return nil, errors.New("no time")
		}
		t[k] = fileStat{sum: string(b[n+n2:]), size: int64(size), mtime: mtime}
	}
	return t, nil
}

package cache

import (
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/ismspack/ismspack/generator/internal/outfile"
	"github.com/ismspack/ismspack/generator/internal/sysfile"
)

// A result that is an output file as it stands (a document's PDF) can be
// kept as a plain file, its bytes and nothing else, so that a later
// build puts it into the output by a hard link rather than reading and
// writing it: creating and writing a file costs far more than linking
// and reading one. A plain file carries no header: its checksum (Sum) is
// kept by the caller in an entry of its own, which names the version and
// is checked as any entry is, and LinkFile checks the file against it.
//
// A hard link shares the file: an edit made in place to the output's
// copy changes the cache's too. LinkFile checks what it linked, so such
// an edit makes the next build note the entry and make the file again,
// never copy the edit.
//
// Reading every file back to check it costs a build that keeps most of
// its pages more than linking them does, so a store remembers, the way
// git's index does, what lstat told of each file when its bytes were last
// known to match their sum: the size and the modification time, in a
// table of its own (see fileStats) written at the end of the build, after
// every file it names (Flush). A file whose size and time are still those
// is taken unread; any other is read back. An edit moves the time on,
// unless it falls within the tick of the file system's clock that the
// remembered time is in; made after the table was written, it can then
// only be in the table's own tick, so a time not older than the table's
// is not trusted (git's "racily clean" file) and the file is read. Like
// git, a stat cannot tell an edit made during the build, within the tick
// of the file's own write, nor one of the same size whose writer then set
// the time back (touch -d, cp -p onto the output): git would see that by
// the inode's change time, which a hard link changes every build. The
// inode is left out as well: a cache copied or restored (cp -a,
// actions/cache) keeps the times but not the inodes, and its next build
// would read every file back.

// fileSuffix ends the name of a plain file kept under a key, beside the
// key's entry.
const fileSuffix = ".file"

// Sum is what LinkFile checks a plain file's bytes against: their length
// and CRC-32C.
func Sum(data []byte) string {
	return fmt.Sprintf("%s %d", checksum(data), len(data))
}

// PutFileAt keeps data under key as a plain file, made with the mode an
// output file is written with (0644 less the umask), and puts the same
// file at name, which must not exist: the file the cache keeps, linked,
// where the cache and name share a file system that has hard links, so
// that the bytes are written once; else a copy. The error
// is about name: a cache that cannot be written is noted, and name is
// written all the same.
func (s *Store) PutFileAt(key string, data []byte, name string) error {
	if s == nil {
		return outfile.Write(name, data)
	}
	s.use(key + fileSuffix)
	linked := false
	var written os.FileInfo
	err := replaceFileThen(s.c.path(s.kind, key+fileSuffix), 0o644, func(tmp string, fi os.FileInfo) {
		// Stat before anything else can reach the file: its bytes are
		// what was just written.
		written = fi
		// Linked before the rename, so that name is the file written
		// here and not one another build may have put at the key since.
		linked = s.c.link(tmp, name) == nil
	}, data)
	if err != nil {
		s.c.note(s.kind, "write", fmt.Sprintf("cache: cannot write to %s (%v); the next build does this work again", s.c.dir, err))
	} else {
		s.saw(key, Sum(data), written)
	}
	if linked {
		return nil
	}
	return outfile.Write(name, data)
}

// LinkFile puts the plain file kept under key at name, which must not
// exist, and reports whether it did: a hard link where the cache and
// name share a file system that has them, else a copy. The bytes put
// there are checked against sum; a file missing, changed or truncated
// is not put in place (a changed one is noted), and the caller makes it.
func (s *Store) LinkFile(key, sum, name string) bool {
	if s == nil {
		return false
	}
	s.use(key + fileSuffix)
	src := s.c.path(s.kind, key+fileSuffix)
	if err := s.c.link(src, name); err == nil {
		// Check what was linked, not what src names now: the link is
		// the file the output holds. Stat it before reading it, so that
		// an edit made while it is read moves its time past what is
		// remembered.
		fi, statErr := os.Lstat(name)
		if statErr == nil && s.unchanged(key, sum, fi) {
			s.saw(key, sum, fi)
			return true
		}
		s.readBack.Add(1)
		got, err := s.c.fileSum(name)
		if err == nil && got == sum {
			if statErr == nil {
				s.saw(key, sum, fi)
			}
			return true
		}
		os.Remove(name)
		s.bad(src, err)
		return false
	}
	// Another file system, one without hard links, or no such file.
	data, err := os.ReadFile(src)
	if os.IsNotExist(err) {
		return false
	}
	if err != nil || Sum(data) != sum {
		s.bad(src, err)
		return false
	}
	if outfile.Write(name, data) != nil {
		os.Remove(name)
		return false
	}
	return true
}

// fileSum is the Sum of the file name's bytes, read through a buffer
// rather than into memory of their own.
func (c *Cache) fileSum(name string) (string, error) {
	f, err := sysfile.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	buf, _ := c.readBufs.Get().(*[]byte)
	if buf == nil {
		b := make([]byte, 64<<10)
		buf = &b
	}
	defer c.readBufs.Put(buf)
	// Read by hand: io.CopyBuffer would let *os.File copy through a
	// buffer of its own.
	var crc uint32
	n := 0
	for {
		m, err := f.Read(*buf)
		crc = crc32.Update(crc, castagnoli, (*buf)[:m])
		n += m
		if err == io.EOF {
			return fmt.Sprintf("crc32c:%08x %d", crc, n), nil
		}
		if err != nil {
			return "", err
		}
	}
}

// bad notes a plain file that cannot be read or does not match its sum.
func (s *Store) bad(name string, err error) {
	if err != nil && !os.IsNotExist(err) {
		s.c.note(s.kind, "unreadable", fmt.Sprintf("cache: cannot read %s (%v); building without it", name, err))
		return
	}
	if err == nil {
		s.c.note(s.kind, "corrupt", fmt.Sprintf("cache: %s is corrupt or truncated, or was changed through an output linked to it; ignoring it, it is rebuilt", name))
	}
}

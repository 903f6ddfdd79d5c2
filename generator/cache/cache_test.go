package cache_test

import (
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/cache"
)

func open(t *testing.T, dir, version string) (*cache.Cache, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	c, err := cache.Open(dir, cache.Options{Version: version, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	return c, &log
}

func TestEntryReadBackAsWritten(t *testing.T) {
	dir := t.TempDir()
	c, log := open(t, dir, "v1")
	key := cache.Key("a", "b")
	if _, ok := c.Get("pdf", key); ok {
		t.Fatal("an empty cache has an entry")
	}
	c.Put("pdf", key, []byte("payload\nwith lines\n"))
	got, ok := c.Get("pdf", key)
	if !ok || string(got) != "payload\nwith lines\n" {
		t.Fatalf("got %q, %v", got, ok)
	}
	if log.Len() > 0 {
		t.Errorf("notes on a good entry: %s", log)
	}
	if cache.Key("ab", "") == cache.Key("a", "b") {
		t.Error("keys of different parts collide")
	}
}

// An entry of any size reads back as written, also when the directory
// it goes in was removed after the build wrote another entry there, and
// a build leaves no file beside its entries.
func TestEntryIsWrittenWhereItsDirectoryWasRemoved(t *testing.T) {
	dir := t.TempDir()
	c, log := open(t, dir, "v1")
	small, large := []byte("small"), bytes.Repeat([]byte("large "), 20_000)
	c.Put("walk", cache.Key("a"), small)
	if err := os.RemoveAll(filepath.Join(dir, "walk")); err != nil {
		t.Fatal(err)
	}
	c.Put("walk", cache.Key("a"), small)
	c.Put("walk", cache.Key("b"), large)
	for k, want := range map[string][]byte{"a": small, "b": large} {
		if got, ok := c.Get("walk", cache.Key(k)); !ok || !bytes.Equal(got, want) {
			t.Errorf("%s: read back %d bytes, %v; want %d", k, len(got), ok, len(want))
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "walk", "*", "*"))
	if len(files) != 2 || log.Len() > 0 {
		t.Errorf("files %v, notes %q; want the 2 entries and no note", files, log)
	}
}

func TestBadEntriesAreIgnoredWithOneNoteEach(t *testing.T) {
	dir := t.TempDir()
	c, _ := open(t, dir, "v1")
	for _, k := range []string{"k1", "k2"} {
		c.Put("pdf", cache.Key(k), bytes.Repeat([]byte(k), 100))
	}
	other, notes := open(t, dir, "v2")
	for _, k := range []string{"k1", "k2"} {
		if _, ok := other.Get("pdf", cache.Key(k)); ok {
			t.Errorf("another version's entry %s was used", k)
		}
	}
	if n := strings.Count(notes.String(), "\n"); n != 1 || !strings.Contains(notes.String(), "another ismspack version") {
		t.Errorf("want one note about the version, got:\n%s", notes)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "pdf", "*", "*"))
	if len(files) != 2 {
		t.Fatalf("want 2 entries, found %v", files)
	}
	b, _ := os.ReadFile(files[0])
	os.WriteFile(files[0], b[:len(b)-1], 0o644)
	b, _ = os.ReadFile(files[1])
	b[len(b)-1] ^= 1
	os.WriteFile(files[1], b, 0o644)
	c, notes = open(t, dir, "v1")
	for _, k := range []string{"k1", "k2"} {
		if _, ok := c.Get("pdf", cache.Key(k)); ok {
			t.Errorf("damaged entry %s was used", k)
		}
	}
	if n := strings.Count(notes.String(), "\n"); n != 1 || !strings.Contains(notes.String(), "corrupt or truncated") {
		t.Errorf("want one note about the damage, got:\n%s", notes)
	}
}

func TestNilCacheHoldsNothing(t *testing.T) {
	var c *cache.Cache
	c.Put("pdf", "k", []byte("x"))
	if _, ok := c.Get("pdf", "k"); ok || c.Dir() != "" {
		t.Error("a nil cache held an entry")
	}
}

func TestDefaultDirComesFromTheEnvironmentPassedIn(t *testing.T) {
	if got := cache.DefaultDir(map[string]string{}); got != "" {
		t.Errorf("no HOME: got %q, want none", got)
	}
	got := cache.DefaultDir(map[string]string{"HOME": "/home/u", "XDG_CACHE_HOME": "/xdg", "LocalAppData": `C:\x`})
	if !strings.HasSuffix(got, "ismspack") || !filepath.IsAbs(got) {
		t.Errorf("got %q", got)
	}
}

// TestMemoKeepsOnlyWhatTheLastBuildUsed: a memo's entry holds the results
// the last build asked for or made, so it stays one build's size however
// long the history of results grows.
func TestMemoKeepsOnlyWhatTheLastBuildUsed(t *testing.T) {
	dir := t.TempDir()
	build := func(keys ...string) (hits int) {
		c, notes := open(t, dir, "v1")
		m := c.Memo("body")
		for _, k := range keys {
			if v, ok := m.Get(k); ok {
				if string(v) != "v"+k {
					t.Errorf("%s: got %q", k, v)
				}
				continue
			}
			m.Put(k, []byte("v"+k))
		}
		c.FlushMemos()
		if notes.Len() > 0 {
			t.Errorf("notes: %s", notes)
		}
		return m.Hits()
	}
	build("a", "b", "c")
	if got := build("b", "c", "d"); got != 2 {
		t.Errorf("second build: %d hits, want 2", got)
	}
	if got := build("a", "b", "c", "d"); got != 3 {
		t.Errorf("third build: %d hits, want 3 (a was dropped)", got)
	}
	var nilMemo *cache.Memo
	nilMemo.Put("k", nil)
	if _, ok := nilMemo.Get("k"); ok {
		t.Error("a nil memo held a result")
	}
}

// A build holds at most the memos' budget in memory: past it, results are
// made and not kept, and shards are not read. What it did not read stays
// in the cache for a build that can.
func TestMemoHoldsNoMoreThanItsBudget(t *testing.T) {
	dir := t.TempDir()
	build := func(budget int64) (hits int) {
		c, err := cache.Open(dir, cache.Options{Version: "v1", MemoBudget: budget})
		if err != nil {
			t.Fatal(err)
		}
		m := c.Memo("page")
		for i := range 100 {
			k := fmt.Sprintf("%02x-page-%d", i, i) // one shard each
			want := bytes.Repeat([]byte{byte(i)}, 1000)
			if v, ok := m.Get(k); ok {
				if !bytes.Equal(v, want) {
					t.Fatalf("%s: a wrong result", k)
				}
				continue
			}
			m.Put(k, want)
		}
		hits = m.Hits()
		c.FlushMemos()
		return hits
	}
	if got := build(10_000); got != 0 {
		t.Fatalf("first build: %d hits", got)
	}
	if got := build(1 << 20); got == 0 || got >= 10 {
		t.Errorf("after a build with a 10 kB budget: %d hits, want 1 to 9 (what 10 kB held)", got)
	}
	if got := build(10_000); got == 0 || got >= 10 {
		t.Errorf("a build with a 10 kB budget: %d hits, want 1 to 9", got)
	}
	if got := build(1 << 20); got != 100 {
		t.Errorf("after a build that read only part of the cache: %d hits, want 100 (shards it did not read are kept)", got)
	}
}

// A result put encoded is encoded only when the memo keeps it, once, into
// memory of its size, and is kept as Put keeps it: a build that makes
// more results than its budget holds spends nothing on the rest.
func TestMemoEncodesOnlyWhatItKeeps(t *testing.T) {
	dir := t.TempDir()
	value := func(i int) []byte { return bytes.Repeat([]byte{byte(i)}, 1000) }
	key := func(i int) string { return fmt.Sprintf("%02x-body-%d", i, i) } // one shard each
	c, err := cache.Open(dir, cache.Options{Version: "v1", MemoBudget: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	m := c.Memo("body")
	encoded := 0
	for i := range 100 {
		for range 2 { // the second put of a key is not encoded
			m.PutEncoded(key(i), 1000, func(b []byte) []byte {
				encoded++
				if len(b) != 0 || cap(b) != 1000 {
					t.Errorf("encoding into %d bytes of %d, want 0 of 1000", len(b), cap(b))
				}
				return append(b, value(i)...)
			})
		}
	}
	if encoded != 9 { // 10 kB holds 9 results of about 1 kB and their keys
		t.Errorf("%d results encoded, want the 9 the budget holds", encoded)
	}
	c.FlushMemos()
	c, _ = open(t, dir, "v1")
	m = c.Memo("body")
	for i := range 100 {
		if v, ok := m.Get(key(i)); ok && !bytes.Equal(v, value(i)) {
			t.Fatalf("%s: a wrong result", key(i))
		}
	}
	if m.Hits() != 9 {
		t.Errorf("the next build found %d results, want the 9 kept", m.Hits())
	}
}

// Once a result does not fit the budget, a build keeps none after it, and
// the shards of a build that read none are written there and then, not
// held to its end: a build stopped after that leaves them in the cache.
func TestMemoWritesItsShardsOnceItsBudgetIsSpent(t *testing.T) {
	dir := t.TempDir()
	key := func(i int) string { return fmt.Sprintf("%02x-body-%d", i, i) } // one shard each
	c, err := cache.Open(dir, cache.Options{Version: "v1", MemoBudget: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	m := c.Memo("body")
	for i := range 10 {
		m.Put(key(i), bytes.Repeat([]byte{byte(i)}, 1000))
	}
	m.Put(key(10), []byte("small enough to fit, but after one that did not"))
	cache.WaitSpentWrites(c)
	shards, _ := filepath.Glob(filepath.Join(dir, "memo-body", "*", "shard-*"))
	if len(shards) != 9 {
		t.Errorf("%d shards written once the budget was spent, want the 9 it held", len(shards))
	}
	c.FlushMemos()
	c, _ = open(t, dir, "v1")
	m = c.Memo("body")
	for i := range 11 {
		if v, ok := m.Get(key(i)); ok && (i >= 9 || !bytes.Equal(v, bytes.Repeat([]byte{byte(i)}, 1000))) {
			t.Errorf("%s: a result that was not kept, or a wrong one", key(i))
		}
	}
	if m.Hits() != 9 {
		t.Errorf("the next build found %d results, want the 9 kept", m.Hits())
	}
}

// TestStoreKeepsOnlyWhatTheLastBuildUsed: a store reads an entry only
// when asked, and a sweep after a build drops what that build did not
// use, but never what a build sharing the cache wrote since it started.
func TestStoreKeepsOnlyWhatTheLastBuildUsed(t *testing.T) {
	dir := t.TempDir()
	build := func(keys ...string) (c *cache.Cache, hits int) {
		c, notes := open(t, dir, "v1")
		s := c.Store("page")
		for _, k := range keys {
			k = cache.Key(k)
			if v, ok := s.Get(k); ok {
				if string(v) != "v"+k {
					t.Errorf("%s: got %q", k, v)
				}
				continue
			}
			s.Put(k, []byte("v"+k))
		}
		if notes.Len() > 0 {
			t.Errorf("notes: %s", notes)
		}
		return c, s.Hits()
	}
	entries := func() int {
		files, _ := filepath.Glob(filepath.Join(dir, "page", "*", "*"))
		return len(files)
	}
	c, _ := build("a", "b", "c")
	c.Sweep()
	c, hits := build("b", "c", "d")
	if hits != 2 {
		t.Errorf("second build: %d hits, want 2", hits)
	}
	// Another build, sharing the cache, writes "e" before this one sweeps.
	other, _ := build("e")
	c.Sweep()
	if got := entries(); got != 4 {
		t.Errorf("%d entries after the sweep, want 4 (b, c, d and the other build's e)", got)
	}
	other.Sweep()
	if got := entries(); got != 1 {
		t.Errorf("%d entries after the other build's sweep, want its one", got)
	}
	if _, hits := build("a", "e"); hits != 1 {
		t.Errorf("third build: %d hits, want 1 (a was dropped)", hits)
	}
	var nilStore *cache.Store
	nilStore.Put("k", nil)
	if _, ok := nilStore.Get("k"); ok {
		t.Error("a nil store held a result")
	}
}

// TestVersionNamesTheExecutablesBuildID: a build without VCS information
// (go run, go test, GOFLAGS=-buildvcs=false) is told apart by the Go
// build ID, which go tool buildid reads too, rather than by hashing the
// whole executable on every run.
func TestVersionNamesTheExecutablesBuildID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := elf.NewFile(f); err != nil {
		t.Skipf("%s is not ELF; Version hashes the file", exe)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if want == "" {
		t.Fatal("go tool buildid printed nothing")
	}
	if v := cache.Version(); !strings.HasSuffix(v, " buildid "+want) {
		t.Errorf("Version() = %q, want it to end with the build ID %q", v, want)
	}
}

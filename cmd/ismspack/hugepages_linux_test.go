package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHeapGrowsOnHugePages: after adviseHugePages, what a build
// allocates next lies in memory the kernel may back with 2 MiB pages
// (smaps flag "hg"), where it would otherwise fault it in 4 KiB at a
// time.
func TestHeapGrowsOnHugePages(t *testing.T) {
	if !strings.Contains(setting(thpMode), "[madvise]") {
		t.Skip("the kernel's transparent huge pages are not in madvise mode: adviseHugePages has nothing to ask")
	}
	adviseHugePages("")
	// A quarter of what was marked: no free range the heap held before
	// is that large, so the runtime places it there.
	b := make([]byte, hugeHeap/4)
	// The middle: the marked range starts at the first 2 MiB boundary.
	flags, ok := vmFlags(t, uintptr(unsafe.Pointer(&b[len(b)/2])))
	if !ok {
		t.Fatal("no mapping in /proc/self/smaps holds a fresh allocation")
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("a fresh %d MiB allocation lies in a mapping with flags %q, without hg (MADV_HUGEPAGE)", len(b)>>20, flags)
	}
}

// TestHugePagesOnlyWhereTheyHelp: huge pages are asked for only in the
// kernel's madvise mode (in "always" the kernel gives them unasked, in
// "never" not at all), not where mapping a gigabyte could be refused
// (overcommit mode 2, under 2 GiB of memory and swap), and not against
// GODEBUG=disablethp=1.
func TestHugePagesOnlyWhereTheyHelp(t *testing.T) {
	const madvise, always = "always [madvise] never\n", "[always] madvise never\n"
	for _, tc := range []struct {
		godebug, thp, overcommit string
		memory                   uint64
		want                     bool
	}{
		{"", madvise, "0\n", 24 << 30, true},
		{"", madvise, "0\n", 1 << 30, false},
		{"", madvise, "0\n", 2<<30 - 1, false},
		{"", madvise, "0\n", 2 << 30, true},
		{"", madvise, "1\n", 24 << 30, true},
		{"", madvise, "", 24 << 30, true},
		{"gctrace=1", madvise, "0\n", 24 << 30, true},
		{"disablethp=0", madvise, "0\n", 24 << 30, true},
		{"", madvise, "2\n", 24 << 30, false},
		{"", always, "0\n", 24 << 30, false},
		{"", "always madvise [never]\n", "0\n", 24 << 30, false},
		{"", "", "0\n", 24 << 30, false},
		{"disablethp=1", madvise, "0\n", 24 << 30, false},
		{"gctrace=1,disablethp=1", madvise, "0\n", 24 << 30, false},
		{"disablethp=1,disablethp=0", madvise, "0\n", 24 << 30, true},
		{"disablethp=0,disablethp=1", madvise, "0\n", 24 << 30, false},
	} {
		if got := hugePagesHelp(tc.godebug, tc.thp, tc.overcommit, tc.memory); got != tc.want {
			t.Errorf("hugePagesHelp(GODEBUG=%q, THP %q, overcommit %q, %d bytes) = %v, want %v", tc.godebug, tc.thp, tc.overcommit, tc.memory, got, tc.want)
		}
	}
}

// TestSubcommandIsTheFirstWord: the subcommand main reads to decide
// whether to ask for huge pages is the one cobra runs, flags before it
// or not.
func TestSubcommandIsTheFirstWord(t *testing.T) {
	for args, want := range map[string]string{
		"build --repo x":   "build",
		"serve":            "serve",
		"--help serve":     "serve",
		"check --no-cache": "check",
		"--version":        "",
		"":                 "",
	} {
		if got := subcommand(strings.Fields(args)); got != want {
			t.Errorf("subcommand(%q) = %q, want %q", args, got, want)
		}
	}
}

// vmFlags returns the VmFlags of the mapping that holds addr.
func vmFlags(t *testing.T, addr uintptr) (string, bool) {
	var flags string
	inside := false
	found := false
	eachSmaps(t, func(lo, hi uintptr, key, value string) {
		if key == "" {
			inside = lo <= addr && addr < hi
		} else if key == "VmFlags" && inside {
			flags, found = value, true
		}
	})
	return flags, found
}

// eachSmaps calls fn with each mapping's range (key "") and then with
// each of its fields.
func eachSmaps(t *testing.T, fn func(lo, hi uintptr, key, value string)) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps to read mappings from: %v", err)
	}
	defer f.Close()
	var lo, hi uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		key, value, ok := strings.Cut(line, ":")
		if ok && !strings.Contains(key, " ") && !strings.Contains(key, "-") {
			fn(lo, hi, key, strings.TrimSpace(value))
			continue
		}
		span, _, _ := strings.Cut(line, " ")
		a, z, _ := strings.Cut(span, "-")
		l, err1 := strconv.ParseUint(a, 16, 64)
		h, err2 := strconv.ParseUint(z, 16, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("unreadable smaps line %q", line)
		}
		lo, hi = uintptr(l), uintptr(h)
		fn(lo, hi, "", "")
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}

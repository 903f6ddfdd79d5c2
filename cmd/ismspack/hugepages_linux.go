package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugeHeap is how much of the heap's address space adviseHugePages marks:
// more than the 1,000 × 5,000 corpus's peak heap (600 MB) and most of the
// 5,000 × 20,000 corpus's. Beyond it the heap has ordinary pages.
const hugeHeap = 1 << 30

// hugePage is the size of a transparent huge page on the machines Go
// runs ismspack on (x86-64 and arm64 with 4 KiB base pages).
const hugePage = 2 << 20

// adviseHugePages asks Linux to back the heap a build is about to grow
// with 2 MiB pages instead of 4 KiB ones. Where the kernel's
// transparent huge pages are "madvise", the default on Debian and
// Ubuntu, memory gets them only where the program asks, and since Go
// 1.21.1 the runtime no longer asks for its heap (golang/go#63334: a
// long-running server whose heap shrinks and grows can end up with
// sparse huge pages, resident for nothing). A build is the opposite
// case: it grows one heap of hundreds of megabytes in seconds and
// exits. Faulting that in 4 KiB at a time was a fifth of a build's CPU:
// on the 1,000 × 5,000 corpus, 125,000 page faults; with 2 MiB pages,
// 7,000, and `build --no-pdf` went from 2.80 to 2.16 s, `check` from
// 0.79 to 0.48 s, for 30 MB more resident.
//
// The runtime gives no handle on its heap's mappings, so this
// allocates hugeHeap bytes, which the runtime maps without touching
// them, marks them, and frees them at once: the next allocations reuse
// that address space, lowest first, and the mark stays on it.
//
// It does nothing where it cannot help or could harm: outside the
// kernel's "madvise" mode; wherever mapping a gigabyte could be refused,
// which the runtime takes for running out of memory, and stops: where
// the kernel promises no memory it has not got (overcommit mode 2),
// under a limit on address space or data (ulimit -v, -d), on a machine
// with less than 2 GiB of memory and swap; and with GODEBUG=disablethp=1,
// the runtime's own switch against huge pages.
func adviseHugePages(godebug string) {
	if !hugePagesHelp(godebug, setting(thpMode), setting(overcommitMode), memory()) ||
		!unlimited(unix.RLIMIT_AS) || !unlimited(unix.RLIMIT_DATA) {
		return
	}
	b := make([]byte, hugeHeap)
	addr := uintptr(unsafe.Pointer(&b[0]))
	off := int((addr+hugePage-1)&^(hugePage-1) - addr)
	n := (len(b) - off) &^ (hugePage - 1)
	// An error (an old kernel, a seccomp filter) leaves ordinary pages.
	_ = unix.Madvise(b[off:off+n], unix.MADV_HUGEPAGE)
	runtime.KeepAlive(b)
	b = nil
	// Collect b and hand its pages back, so no memory limit or pacing
	// counts a gigabyte that was never touched.
	debug.FreeOSMemory()
}

// The kernel's settings adviseHugePages reads.
const (
	thpMode        = "/sys/kernel/mm/transparent_hugepage/enabled"
	overcommitMode = "/proc/sys/vm/overcommit_memory"
)

// hugePagesHelp reports whether asking for huge pages helps and is safe,
// given GODEBUG, the kernel's two settings as read and the machine's
// memory and swap in bytes: the kernel's default overcommit refuses a
// mapping larger than both, so hugeHeap needs twice its size.
func hugePagesHelp(godebug, thp, overcommit string, memory uint64) bool {
	if memory < 2*hugeHeap {
		return false
	}
	// The runtime reads GODEBUG left to right, a later setting over an
	// earlier one.
	disabled := false
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			disabled = v == "1"
		}
	}
	return !disabled && strings.Contains(thp, "[madvise]") && strings.TrimSpace(overcommit) != "2"
}

// memory is the machine's memory and swap in bytes, 0 if unknown.
func memory() uint64 {
	var si unix.Sysinfo_t
	if unix.Sysinfo(&si) != nil {
		return 0
	}
	return (uint64(si.Totalram) + uint64(si.Totalswap)) * uint64(si.Unit)
}

// unlimited reports whether the process may map as much as it likes
// under resource: a gigabyte more could otherwise pass its limit.
func unlimited(resource int) bool {
	var l unix.Rlimit
	return unix.Getrlimit(resource, &l) == nil && l.Cur == unix.RLIM_INFINITY
}

// setting is the kernel setting in path, or "" if it cannot be read.
func setting(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

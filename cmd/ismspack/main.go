// Command ismspack checks, publishes and packs an ISMS kept in git.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strings"

	"golang.org/x/term"

	"github.com/ismspack/ismspack/generator/cli"
)

func main() {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	dir, err := os.Getwd()
	if err != nil {
		dir = "."
	}
	if readsHistory(subcommand(os.Args[1:])) {
		adviseHugePages(env["GODEBUG"])
	}
	if _, set := env["GOMEMLIMIT"]; !set {
		debug.SetMemoryLimit(memoryLimit)
		go followLive(memoryLimit)
	}
	if _, set := env["GOGC"]; !set {
		debug.SetGCPercent(gcPercent)
	}
	stop := profile(env["ISMSPACK_CPUPROFILE"], env["ISMSPACK_MEMPROFILE"], env["ISMSPACK_TRACE"])
	code := cli.Main(os.Args[1:], cli.Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		OutIsTTY: term.IsTerminal(int(os.Stdout.Fd())) && env["NO_COLOR"] == "",
		ErrIsTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Env:      env, Dir: dir,
	})
	stop()
	os.Exit(code)
}

// readsHistory reports whether command reads a repository's history and
// exits, growing a heap of up to hundreds of megabytes in seconds: the
// commands adviseHugePages serves. serve runs for long, which huge pages
// do not suit, and the others read little.
func readsHistory(command string) bool {
	switch command {
	case "build", "check", "verify", "adopt":
		return true
	}
	return false
}

// subcommand is the command args run: their first word that is not a
// flag. The root command has no flags that take a value.
func subcommand(args []string) string {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a
		}
	}
	return ""
}

// memoryLimit is the soft limit on the Go heap that ismspack asks the
// garbage collector to keep under, unless GOMEMLIMIT sets another. By
// default the collector lets the heap grow to twice what is live before
// collecting, and on a busy machine a large build's garbage outpaces it:
// the 5,000-document corpus peaked at over 2 GB resident with about a
// third of that live. It complements, and does not replace, not keeping
// what later stages no longer need.
const memoryLimit = 768 << 20

// gcPercent is how far the heap may grow past what is live before the
// garbage collector runs, unless GOGC says otherwise: twice Go's default.
// A build makes most of its garbage rendering pages, whose bodies,
// redlines and HTML live only until the page is written. Collecting half
// as often saved about 0.6 CPU-seconds of 6 on the 1,000 × 5,000 corpus
// while the heap grew in 4 KiB pages; on huge pages (adviseHugePages) a
// bigger heap costs less to fault in, and so does collecting more often:
// cold builds take the same time either way (5.1 CPU-seconds for the
// full build), and what 200 still saves is a tenth of a build after one
// commit (0.80 against 0.88 CPU-seconds, 0.47 against 0.51 s), for some
// 150 MB more resident in a cold build (700 against 530 MB).
// memoryLimit still holds a large build's heap down.
const gcPercent = 200

// profile starts the profiles developers ask for through the environment
// (README.md says how to read them) and returns what ends them.
// They are the developer's own files: nothing from them reaches the output.
func profile(cpuPath, memPath, tracePath string) func() {
	var cpu, tr *os.File
	if cpuPath != "" {
		f, err := os.Create(cpuPath)
		if err == nil && pprof.StartCPUProfile(f) == nil {
			cpu = f
		} else {
			fmt.Fprintf(os.Stderr, "ismspack: cpu profile not started: %v\n", err)
		}
	}
	if tracePath != "" {
		f, err := os.Create(tracePath)
		if err == nil && trace.Start(f) == nil {
			tr = f
		} else {
			fmt.Fprintf(os.Stderr, "ismspack: execution trace not started: %v\n", err)
		}
	}
	return func() {
		if tr != nil {
			trace.Stop()
			tr.Close()
		}
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if memPath != "" {
			runtime.GC()
			if f, err := os.Create(memPath); err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}

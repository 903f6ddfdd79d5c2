package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ismspack/ismspack/generator/cli"
	"github.com/ismspack/ismspack/generator/document"
)

// TestMain also makes the test binary callable from scripts as
// ismspack-exe, the real command in its own process, for scripts that run
// it under limits (ulimit -v) an in-process run cannot have.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"ismspack-exe": main})
}

// TestScripts runs the CLI scripts in testdata/script. Each script makes
// its repository with the commit command (go-git, fixed signature) and runs
// ismspack in-process.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"ismspack": runIsmspack,
			"exit":     wantExit,
			"commit":   commit,
			"unbase64": unbase64,
			"tamper":   tamper,
		},
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
	})
}

const lastExit = "ismspack-exit"

// runIsmspack runs the command line in-process with the script's streams.
func runIsmspack(ts *testscript.TestScript, neg bool, args []string) {
	env := map[string]string{}
	for _, k := range []string{"SOURCE_DATE_EPOCH", "ISMSPACK_ORGANISATION", "ISMSPACK_CONTENT", "ISMSPACK_THEME"} {
		if v := ts.Getenv(k); v != "" {
			env[k] = v
		}
	}
	code := cli.Main(args, cli.Streams{Out: ts.Stdout(), Err: ts.Stderr(), Env: env, Dir: ts.MkAbs("."),
		Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }})
	ts.Setenv(lastExit, strconv.Itoa(code))
	if (code != 0) != neg {
		ts.Fatalf("ismspack exited %d", code)
	}
}

// wantExit checks the exit code of the last ismspack command: exit 2.
func wantExit(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: exit CODE")
	}
	if got := ts.Getenv(lastExit); got != args[0] {
		ts.Fatalf("last exit code %s, want %s", got, args[0])
	}
}

// commit commits every file in the current directory with a fixed
// signature: commit [-date YYYY-MM-DD] [-author NAME] message.
func commit(ts *testscript.TestScript, neg bool, args []string) {
	when := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	author := "Test Author"
	for len(args) > 1 && args[0][0] == '-' {
		switch args[0] {
		case "-date":
			d, ok := document.ParseDate(args[1])
			if !ok {
				ts.Fatalf("bad -date %s", args[1])
			}
			when = d.Add(9 * time.Hour)
		case "-author":
			author = args[1]
		default:
			ts.Fatalf("unknown flag %s", args[0])
		}
		args = args[2:]
	}
	if len(args) != 1 {
		ts.Fatalf("usage: commit [-date D] [-author A] message")
	}
	dir := ts.MkAbs(".")
	r, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		r, err = git.PlainInit(dir, false)
	}
	ts.Check(err)
	wt, err := r.Worktree()
	ts.Check(err)
	ts.Check(wt.AddWithOptions(&git.AddOptions{All: true}))
	sig := &object.Signature{Name: author, Email: "author@example.org", When: when}
	_, err = wt.Commit(args[0], &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	ts.Check(err)
}

// unbase64 decodes a file the script holds as base64, for binary
// fixtures: unbase64 IN OUT.
func unbase64(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: unbase64 IN OUT")
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(ts.ReadFile(args[0])))
	ts.Check(err)
	ts.Check(os.MkdirAll(filepath.Dir(ts.MkAbs(args[1])), 0o755))
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b, 0o644))
	ts.Check(os.Remove(ts.MkAbs(args[0])))
}

// tamper copies a PDF with one byte of its text changed: a letter of the
// title in its document information, which a viewer shows, swapped to
// the other case: tamper IN OUT.
func tamper(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: tamper IN OUT")
	}
	b, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	i := bytes.Index(b, []byte("/Title ("))
	if i < 0 {
		ts.Fatalf("%s has no /Title", args[0])
	}
	for i += len("/Title ("); i < len(b) && !(b[i] >= 'a' && b[i] <= 'z'); i++ {
	}
	if i == len(b) {
		ts.Fatalf("%s has no letter in its title", args[0])
	}
	b[i] -= 'a' - 'A'
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), b, 0o644))
}

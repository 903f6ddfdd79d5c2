// Command ismspack checks, publishes and packs an ISMS kept in git.
package main

import (
	"os"
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
	os.Exit(cli.Main(os.Args[1:], cli.Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		OutIsTTY: term.IsTerminal(int(os.Stdout.Fd())) && env["NO_COLOR"] == "",
		ErrIsTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Env:      env, Dir: dir,
	}))
}

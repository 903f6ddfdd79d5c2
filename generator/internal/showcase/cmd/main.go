// Command cmd writes the showcase repository into a directory, for
// screenshots and for trying ismspack on an ISMS with a year of history:
//
//	go run ./generator/internal/showcase/cmd /tmp/showcase
//	go run ./cmd/ismspack build --repo /tmp/showcase --as-of 2026-12-01 --out /tmp/showcase-out
package main

import (
	"fmt"
	"os"

	"github.com/ismspack/ismspack/generator/internal/showcase"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./generator/internal/showcase/cmd DIR (an empty or new directory)")
		os.Exit(2)
	}
	hashes, err := showcase.Write(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "showcase:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d commits to %s (HEAD %s); judge it as of %s\n", len(hashes), os.Args[1], hashes[len(hashes)-1][:7], showcase.AsOf.Format("2006-01-02"))
}

// Package showcase writes a demonstration ISMS repository with go-git:
// fictional people at example.com, fixed dates over a year, approvals
// signed with OpenPGP and SSH keys made from fixed seeds (and some
// unsigned), records, and the problems an auditor should see flagged.
// The same call writes the same commits, byte for byte. Tests and
// screenshots use it; `go run ./generator/internal/showcase/cmd DIR`
// writes it to a directory.
package showcase

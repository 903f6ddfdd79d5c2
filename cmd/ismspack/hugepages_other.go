//go:build !linux

package main

// adviseHugePages does nothing off Linux: there is no madvise mode for
// transparent huge pages to ask in.
func adviseHugePages(godebug string) {}

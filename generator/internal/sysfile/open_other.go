//go:build !unix

package sysfile

import "os"

func open(name string, flag int, perm os.FileMode) (*os.File, error) {
	return os.OpenFile(name, flag, perm)
}

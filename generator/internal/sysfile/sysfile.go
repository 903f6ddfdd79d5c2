// Package sysfile opens regular files for a build's many small reads and
// writes without the runtime poller.
//
// os.Open and os.OpenFile offer every file they open to the poller: on
// Linux that is four fcntl calls and an epoll_ctl that fails for a
// regular file, five system calls beside the open itself. A warm build
// reads some 3,000 cache entries and a cold one writes some 8,000 files,
// and on a virtual machine a system call costs a microsecond or two. A
// file opened with open(2) and handed to os.NewFile, which leaves a
// blocking descriptor out of the poller, costs one fcntl. The files are
// regular files read or written whole at once, which the poller never
// helped: it cannot wait on them.
package sysfile

import "os"

// Open opens name for reading, as os.Open does.
func Open(name string) (*os.File, error) {
	return open(name, os.O_RDONLY, 0)
}

// CreateNew makes a new file at name for writing, failing with an error
// that is fs.ErrExist when something is already there (os.O_EXCL); perm
// is narrowed by the umask, as os.OpenFile narrows it.
func CreateNew(name string, perm os.FileMode) (*os.File, error) {
	return open(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
}

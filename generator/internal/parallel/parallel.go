// Package parallel runs independent jobs on a bounded number of
// goroutines, the one worker pool every stage uses.
//
// golang.org/x/sync/errgroup with SetLimit would bound the goroutines too,
// but it returns whichever error happened first in time, and a failing
// build should name the same file on every run; callers here keep each
// job's error by index and choose the first, or join them all, in order.
package parallel

import (
	"runtime"
	"sync"
)

// Each calls f(i) for every i in [0, n), on at most limit goroutines at
// once (one per core when limit < 1), and returns once every call has.
func Each(n, limit int, f func(i int)) {
	EachWith(n, limit, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { f(i) })
}

// EachWith is Each with state per goroutine: each goroutine calls newState
// once and passes the result to every f it runs, so renderers and buffers
// are reused without locks.
func EachWith[S any](n, limit int, newState func() S, f func(s S, i int)) {
	if limit < 1 {
		limit = runtime.GOMAXPROCS(0)
	}
	limit = min(limit, n)
	if limit <= 1 {
		if n > 0 {
			s := newState()
			for i := range n {
				f(s, i)
			}
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range limit {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newState()
			for i := range next {
				f(s, i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// First returns the first non-nil error in errs, by index.
func First(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

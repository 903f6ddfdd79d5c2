package parallel_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/parallel"
)

// TestEachRunsEveryJobOnceWithinTheLimit counts calls per index and the
// most goroutines inside f at once.
func TestEachRunsEveryJobOnceWithinTheLimit(t *testing.T) {
	for _, c := range []struct{ n, limit int }{{0, 3}, {1, 3}, {100, 3}, {100, 1}, {5, 0}} {
		calls := make([]int32, c.n)
		var in, most atomic.Int32
		var mu sync.Mutex
		parallel.Each(c.n, c.limit, func(i int) {
			now := in.Add(1)
			mu.Lock()
			most.Store(max(most.Load(), now))
			mu.Unlock()
			atomic.AddInt32(&calls[i], 1)
			time.Sleep(100 * time.Microsecond) // long enough for jobs to overlap
			in.Add(-1)
		})
		for i, k := range calls {
			if k != 1 {
				t.Errorf("n=%d limit=%d: job %d ran %d times", c.n, c.limit, i, k)
			}
		}
		if c.limit > 0 && int(most.Load()) > c.limit {
			t.Errorf("n=%d limit=%d: %d jobs ran at once", c.n, c.limit, most.Load())
		}
	}
}

// TestEachWithMakesStatePerGoroutine gives each goroutine its own state:
// no state is used by two jobs at once, and no more are made than the limit.
func TestEachWithMakesStatePerGoroutine(t *testing.T) {
	type state struct{ busy atomic.Bool }
	var made atomic.Int32
	var clash atomic.Bool
	parallel.EachWith(200, 4, func() *state { made.Add(1); return &state{} }, func(s *state, i int) {
		if !s.busy.CompareAndSwap(false, true) {
			clash.Store(true)
		}
		s.busy.Store(false)
	})
	if clash.Load() {
		t.Error("two jobs used one goroutine's state at once")
	}
	if n := made.Load(); n < 1 || n > 4 {
		t.Errorf("made %d states, want 1 to 4", n)
	}
}

func TestFirstIsByIndex(t *testing.T) {
	a, b := errors.New("a"), errors.New("b")
	if got := parallel.First([]error{nil, a, b}); got != a {
		t.Errorf("First = %v, want a", got)
	}
	if got := parallel.First([]error{nil, nil}); got != nil {
		t.Errorf("First = %v, want nil", got)
	}
}

package main

import (
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// liveMetric is the heap the last collection found live.
const liveMetric = "/gc/heap/live:bytes"

// followLive keeps the soft memory limit ahead of what is live, starting
// at limit. Once the live heap passes nine tenths of the limit the
// collector would run back to back for a heap it cannot shrink, and hand
// memory back to the system only to fault it in again: a build whose
// live heap outgrew memoryLimit (160,000 findings on 4,000 documents)
// took 2.5 times the CPU it took without a limit. The limit then goes to
// twice what is live, so it still holds down a heap that is mostly
// garbage, and builds whose live heap fits under it (the 5,000-document
// corpus peaks at 600 MB live) are as before. It runs as long as the
// process.
func followLive(limit int64) {
	sample := []metrics.Sample{{Name: liveMetric}}
	for range time.Tick(50 * time.Millisecond) {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		if next := nextLimit(limit, int64(sample[0].Value.Uint64())); next != limit {
			limit = next
			debug.SetMemoryLimit(limit)
		}
	}
}

// nextLimit is the soft limit for a live heap of live bytes under limit.
func nextLimit(limit, live int64) int64 {
	if live > limit/10*9 {
		return 2 * live
	}
	return limit
}

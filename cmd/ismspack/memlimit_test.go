package main

import (
	"runtime/metrics"
	"testing"
)

// TestLimitFollowsALiveHeapThatOutgrowsIt: the soft limit stays while
// what is live fits well under it, and moves to twice the live heap once
// that nears it, so the collector is never asked to keep a heap under a
// limit it cannot reach.
func TestLimitFollowsALiveHeapThatOutgrowsIt(t *testing.T) {
	const mib = 1 << 20
	for _, tc := range []struct{ limit, live, want int64 }{
		{768 * mib, 0, 768 * mib},
		{768 * mib, 600 * mib, 768 * mib},
		{768 * mib, 700 * mib, 1400 * mib},
		{768 * mib, 1500 * mib, 3000 * mib},
		{3000 * mib, 1500 * mib, 3000 * mib},
	} {
		if got := nextLimit(tc.limit, tc.live); got != tc.want {
			t.Errorf("nextLimit(%d MiB, live %d MiB) = %d MiB, want %d MiB", tc.limit/mib, tc.live/mib, got/mib, tc.want/mib)
		}
	}
}

// TestLiveMetricIsRead: the runtime reports the live heap under the name
// followLive reads, or the limit would never move.
func TestLiveMetricIsRead(t *testing.T) {
	for _, d := range metricsAll() {
		if d == liveMetric {
			return
		}
	}
	t.Fatalf("the runtime has no metric %s", liveMetric)
}

func metricsAll() []string {
	var names []string
	for _, d := range metrics.All() {
		names = append(names, d.Name)
	}
	return names
}

package site

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismspack/ismspack/generator/internal/testbrowser"
)

// The scale goal: on a 5,000-document site the register and
// search load in under a second in Chromium. These benchmarks time it on
// a site built beforehand, named by ISMSPACK_BENCH_SITE (an --out
// directory); without it they skip. Each load starts from about:blank and
// ends when the page says it is ready, chromedp's round trips included
// (ns/op is one load; the machine is often shared, so the fastest, median
// and slowest loads are reported too, as min-ms, med-ms and max-ms):
//
//	ismspack build --repo corpus-l --out /tmp/site   # mkcorpus.py --docs 5000
//	ISMSPACK_BENCH_SITE=/tmp/site go test -run XXX -bench Load -benchtime 7x ./generator/site

func benchLoad(b *testing.B, page, ready string) {
	dir := os.Getenv("ISMSPACK_BENCH_SITE")
	if dir == "" {
		b.Skip("ISMSPACK_BENCH_SITE names no built site")
	}
	ctx := testbrowser.New(b, 10*time.Minute)
	var loads []time.Duration
	for b.Loop() {
		b.StopTimer()
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		// A page that never says it is ready fails the benchmark in
		// seconds rather than waiting out the browser's timeout.
		load, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(load, chromedp.Navigate(pageURL(dir, page)), chromedp.WaitReady(chromedp.CSS(ready)))
		cancel()
		if err != nil {
			b.Fatalf("loading %s: %v", page, err)
		}
		loads = append(loads, time.Since(start))
	}
	slices.Sort(loads)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(loads[0]), "min-ms")
	b.ReportMetric(ms(loads[len(loads)/2]), "med-ms")
	b.ReportMetric(ms(loads[len(loads)-1]), "max-ms")
}

// BenchmarkLoadRegisterFirstRows: the register shows its first rows.
func BenchmarkLoadRegisterFirstRows(b *testing.B) {
	benchLoad(b, "register.html", `#register-table tbody tr`)
}

// BenchmarkLoadRegisterAllRows: every row of the register is loaded.
func BenchmarkLoadRegisterAllRows(b *testing.B) {
	benchLoad(b, "register.html", `table[data-loaded]`)
}

// BenchmarkLoadSearch: a search has run and shows its results.
func BenchmarkLoadSearch(b *testing.B) {
	benchLoad(b, "search.html?q=management+review", `html[data-search-ready]`)
}

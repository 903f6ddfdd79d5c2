package build

// StopAt makes o call stop at the named step of the output swap
// ("written", "moved-away", "swapped"); a test's stop kills the process.
func StopAt(o *Options, name string, stop func()) {
	o.test.hook = func(s step) {
		if string(s) == name {
			stop()
		}
	}
}

// ForceFallbackSwap makes o swap with two renames, as on a system that
// cannot exchange two names in one step.
func ForceFallbackSwap(o *Options) { o.test.noExchange = true }

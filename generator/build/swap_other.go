//go:build !linux && !darwin

package build

// exchange has no single-step form here: swap falls back to two renames.
func exchange(a, b string) error { return errNoExchange }

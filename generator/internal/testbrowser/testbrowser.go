// Package testbrowser starts Debian's headless Chromium for the tests that
// look at pages as a person would (the site, serve). Only tests import it.
package testbrowser

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path finds the browser, from ISMSPACK_CHROMIUM or /usr/bin/chromium. It
// skips the test on a developer's machine without it and fails it under
// CI=true, where .ci/run installs it.
func Path(t testing.TB) string {
	t.Helper()
	p := os.Getenv("ISMSPACK_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s (CI=true, so the browser tests must run): apt-get install chromium, or set ISMSPACK_CHROMIUM", p)
		}
		t.Skipf("chromium not found at %s; install it (apt-get install chromium) to run the browser tests", p)
	}
	return p
}

// New starts a headless browser with a fresh profile, no background
// network and a 1280×900 window, and stops it when the test ends; every
// action on the context must finish within timeout.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(Path(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	browser, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(browser, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return context.WithValue(ctx, browserKey{}, browser)
}

type browserKey struct{}

// Tab opens another tab of the browser New started, for a test that runs
// in parallel with others in their own tabs: one browser, several
// renderers at work. The tab has its own timeout, counted from now, and
// closes when the test ends. A new tab takes the keyboard focus from the
// others.
func Tab(t testing.TB, ctx context.Context, timeout time.Duration) context.Context {
	t.Helper()
	browser, ok := ctx.Value(browserKey{}).(context.Context)
	if !ok {
		t.Fatal("testbrowser.Tab needs a context from testbrowser.New")
	}
	tab, cancelTab := chromedp.NewContext(browser)
	tab, cancelTimeout := context.WithTimeout(tab, timeout)
	t.Cleanup(func() { cancelTimeout(); cancelTab() })
	return tab
}

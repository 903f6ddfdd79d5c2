package serve_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/internal/testbrowser"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/serve"
)

// The serve tests drive Debian's headless Chromium the way an author
// keeps a page open while editing. Without Chromium they skip on a
// developer's machine and fail under CI=true.

func browser(t *testing.T) context.Context { return testbrowser.New(t, 120*time.Second) }

var asOf = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func policy(body string) string {
	return testrepo.Doc(map[string]string{"id": "ISMS-POL-001", "title": "Information Security Policy"}, "# Information Security Policy\n\n"+body+"\n")
}

func plan(body string) string {
	return testrepo.Doc(map[string]string{"id": "ISMS-PLN-001", "title": "Resource Plan", "type": "plan"}, "# Resource Plan\n\n"+body+"\n")
}

func repo(t *testing.T) *testrepo.Repo {
	return testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"ismspack.yaml":            "organisation: Acme\n",
		"content/policy.md":        policy("We protect information."),
		"content/plans/plan.md":    plan("We fund the ISMS."),
		"content/unrelated.txt":    "not a document\n",
		"notes/outside-content.md": "# Not content\n",
	}})
}

// start serves r until the test ends and returns the site's URL.
func start(t *testing.T, r *testrepo.Repo, worktree bool) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	o := serve.Options{Build: build.Options{Options: isms.Options{Dir: r.Dir, Ref: "HEAD", AsOf: asOf}}, Worktree: worktree}
	go func() { done <- serve.Run(ctx, o, "127.0.0.1:0", func(u string) { urls <- u }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case u := <-urls:
		return u
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start in 30s")
	}
	return ""
}

// waitText waits, without navigating, until the open page's text holds
// (or, with want false, no longer holds) s.
func waitText(t *testing.T, ctx context.Context, s string, want bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var text string
	for time.Now().Before(deadline) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
		if err == nil {
			text = got
			if strings.Contains(text, s) == want {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("after 20s the page still %s %q; it reads:\n%s", map[bool]string{true: "lacks", false: "shows"}[want], s, text)
}

func TestWorktreePreviewShowsSavesWithBanner(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	r := repo(t)
	u := start(t, r, true)
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"docs/policy.html")); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "We protect information.", true)
	waitText(t, ctx, serve.Banner, true)

	// A save shows in the open page, uncommitted.
	write(t, r, "content/policy.md", policy("We protect information, edited and saved."))
	waitText(t, ctx, "edited and saved", true)

	// A broken configuration is shown in the page; the server keeps going,
	// and the page recovers on the next good save.
	write(t, r, "ismspack.yaml", "organisation: [Acme\n")
	waitText(t, ctx, "The last change did not build", true)
	waitText(t, ctx, "edited and saved", true)
	write(t, r, "ismspack.yaml", "organisation: Acme\n")
	waitText(t, ctx, "The last change did not build", false)

	// The preview wrote nothing the user sees: HEAD and the file are theirs.
	head, err := r.Git.Head()
	if err != nil {
		t.Fatal(err)
	}
	if got := head.Hash().String(); got != r.Head[len(r.Head)-1] {
		t.Errorf("serve --worktree moved HEAD to %s", got)
	}
}

func TestCommittedSiteRebuildsOnCommit(t *testing.T) {
	t.Parallel()
	ctx := browser(t)
	r := repo(t)
	u := start(t, r, false)
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"docs/plans/plan.html")); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "We fund the ISMS.", true)

	// A save alone does not change the committed site…
	write(t, r, "content/plans/plan.md", plan("We fund the ISMS from the security budget."))
	time.Sleep(1500 * time.Millisecond)
	waitText(t, ctx, "from the security budget", false)
	// …its commit does, in the open page.
	r.Commit(testrepo.Commit{Files: map[string]string{"content/plans/plan.md": plan("We fund the ISMS from the security budget.")}})
	waitText(t, ctx, "from the security budget", true)

	banner, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("ismspack-preview")`))
	if err != nil {
		t.Fatal(err)
	}
	if banner {
		t.Error("the committed site carries the preview banner")
	}
}

// TestBuiltSiteHasNoServeAdditions holds the other half of the promise:
// the banner and reload script come from serve, never from a build.
func TestBuiltSiteHasNoServeAdditions(t *testing.T) {
	t.Parallel()
	r := repo(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, Ref: "HEAD", AsOf: asOf}, Out: out, NoPDF: true}); err != nil {
		t.Fatal(err)
	}
	pages := 0
	filepath.WalkDir(out, func(p string, e os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		pages++
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{serve.Banner, "ismspack-preview", "/_ismspack/events"} {
			if strings.Contains(string(b), s) {
				t.Errorf("%s contains %q", p, s)
			}
		}
		return nil
	})
	if pages < 3 {
		t.Fatalf("built only %d pages", pages)
	}
}

func write(t *testing.T, r *testrepo.Repo, p, s string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(r.Dir, filepath.FromSlash(p)), []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

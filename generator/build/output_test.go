package build_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"testing"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// twoVersions is a repository whose two commits build to different
// output, so a test can tell which build's output sits at --out.
func twoVersions(t *testing.T) *testrepo.Repo {
	r := repo(t)
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/plan.md": testrepo.Doc(map[string]string{"id": "ISMS-PLN-001", "title": "Plan", "type": "plan", "version": `"1.1"`,
			"requirements": `["5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"]`}, "# Plan\n\n## Scope\n\nThe budget is € 150 000.\n"),
	}, Message: "raise the budget"})
	return r
}

// brokenTheme is a theme whose template does not parse: a build with it
// fails while it writes.
func brokenTheme(t *testing.T) string {
	theme := t.TempDir()
	if err := os.MkdirAll(filepath.Join(theme, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(theme, "templates", "doc.html"), []byte(`{{define "main"}}{{.Nope}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return theme
}

func opts(r *testrepo.Repo, ref, out string) build.Options {
	return build.Options{Options: isms.Options{Dir: r.Dir, Ref: ref, AsOf: asOf}, Out: out, NoPDF: true}
}

func sameTree(a, b map[string][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for p, h := range a {
		if b[p] != h {
			return false
		}
	}
	return true
}

// beside lists what sits next to out, other than out itself.
func beside(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() != filepath.Base(out) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// TestKilledBuildHelper is the build that TestKilledBuild runs in a child
// process and kills at one step of the output swap.
func TestKilledBuildHelper(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("ISMSPACK_TEST_KILL_REPO")
	if dir == "" {
		t.Skip("run by TestKilledBuild")
	}
	o := build.Options{Options: isms.Options{Dir: dir, Ref: os.Getenv("ISMSPACK_TEST_KILL_REF"), AsOf: asOf},
		Out: os.Getenv("ISMSPACK_TEST_KILL_OUT"), NoPDF: true}
	if os.Getenv("ISMSPACK_TEST_KILL_FALLBACK") != "" {
		build.ForceFallbackSwap(&o)
	}
	build.StopAt(&o, os.Getenv("ISMSPACK_TEST_KILL_STEP"), func() {
		p, _ := os.FindProcess(os.Getpid())
		p.Kill()
		select {}
	})
	if _, err := build.Build(o); err != nil {
		t.Fatal(err)
	}
}

func TestKilledBuild(t *testing.T) {
	t.Parallel()
	r := twoVersions(t)
	refA, refB := r.Head[0], r.Head[1]
	outB := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(opts(r, refB, outB)); err != nil {
		t.Fatal(err)
	}
	b := digest(t, outB)
	for _, tc := range []struct {
		name     string
		step     string
		fallback bool
	}{
		{"after writing", "written", false},
		{"between the renames", "moved-away", false}, // never reached: one exchange, no two renames
		{"after the exchange", "swapped", false},
		{"fallback, between the renames", "moved-away", true},
		{"fallback, after the renames", "swapped", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.fallback && runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
				t.Skip("no atomic exchange of two names on " + runtime.GOOS)
			}
			out := filepath.Join(t.TempDir(), "public")
			if _, err := build.Build(opts(r, refA, out)); err != nil {
				t.Fatal(err)
			}
			a := digest(t, out)
			// Someone's own directory that happens to look like scratch:
			// no marker, so no build may delete it.
			foreign := filepath.Join(filepath.Dir(out), ".public.tmp-42")
			if err := os.MkdirAll(foreign, 0o755); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)

			cmd := exec.Command(os.Args[0], "-test.run=^TestKilledBuildHelper$")
			cmd.Env = append(os.Environ(), "ISMSPACK_TEST_KILL_REPO="+r.Dir, "ISMSPACK_TEST_KILL_REF="+refB,
				"ISMSPACK_TEST_KILL_OUT="+out, "ISMSPACK_TEST_KILL_STEP="+tc.step)
			if tc.fallback {
				cmd.Env = append(cmd.Env, "ISMSPACK_TEST_KILL_FALLBACK=1")
			}
			log, err := cmd.CombinedOutput()
			killed := err != nil
			if killed && runtime.GOOS != "windows" && cmd.ProcessState.ExitCode() != -1 {
				t.Fatalf("child build failed rather than being killed: %v\n%s", err, log)
			}
			if killed && tc.fallback && len(beside(t, out)) < 3 {
				t.Fatalf("the killed build left nothing beside --out (%v); the test kills too late", beside(t, out))
			}
			if !tc.fallback {
				if _, err := os.Stat(out); err != nil {
					t.Fatalf("a build killed at %q left no --out: %v", tc.step, err)
				}
				if got := digest(t, out); !sameTree(got, a) && !sameTree(got, b) {
					t.Fatalf("a build killed at %q left --out neither the old nor the new output (%d files)", tc.step, len(got))
				}
			}

			// The next build that fails must leave a complete previous
			// output, and the next that succeeds removes the debris.
			bad := opts(r, refB, out)
			bad.Theme = brokenTheme(t)
			if _, err := build.Build(bad); err == nil {
				t.Fatal("build with a broken theme succeeded")
			}
			if _, err := os.Stat(out); err != nil {
				t.Fatalf("after a build killed at %q and a failed build, no --out: %v", tc.step, err)
			}
			if _, err := build.Build(opts(r, refB, out)); err != nil {
				t.Fatal(err)
			}
			if !sameTree(digest(t, out), b) {
				t.Error("the next build did not put its output in place")
			}
			want := []string{".public.lock", ".public.tmp-42"}
			if got := beside(t, out); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
				t.Errorf("beside --out after the next build: %v, want %v", got, want)
			}
		})
	}
}

// TestBuildsToOneOutTakeTurns runs builds of two commits into one --out at
// once: each succeeds and --out is one build's output, whole.
func TestBuildsToOneOutTakeTurns(t *testing.T) {
	t.Parallel()
	r := twoVersions(t)
	refs := []string{r.Head[0], r.Head[1]}
	want := make([]map[string][32]byte, 2)
	for i, ref := range refs {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := build.Build(opts(r, ref, out)); err != nil {
			t.Fatal(err)
		}
		want[i] = digest(t, out)
	}
	out := filepath.Join(t.TempDir(), "public")
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = build.Build(opts(r, refs[i%2], out))
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("round %d: a concurrent build failed: %v", round, err)
			}
		}
		got := digest(t, out)
		if !sameTree(got, want[0]) && !sameTree(got, want[1]) {
			t.Fatalf("round %d: --out is neither build's output (%d files)", round, len(got))
		}
		if got := beside(t, out); len(got) != 1 || got[0] != ".public.lock" {
			t.Errorf("round %d: beside --out: %v, want only the lock file", round, got)
		}
	}
}

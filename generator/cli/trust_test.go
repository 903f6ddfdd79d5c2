//go:build unix

package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"codeberg.org/go-fonts/dejavu/dejavumathtexgyre"

	"github.com/ismspack/ismspack/generator/cli"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// The canaries stand for secrets on the machine that runs a build: a file
// and an environment variable that a pull request must not get published.
const (
	canaryFile = "CANARY-FILE-5d1e0b"
	canaryEnv  = "CANARY-ENV-8c27f4"
)

// machine makes a directory outside the repository holding a canary file.
// (The canary variable is in the environment of every ismspack process the
// tests start, where /proc/self/environ shows it.)
func machine(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "templates", "_leak.html"), canaryFile)
	write(t, filepath.Join(dir, "static", "secret.txt"), canaryFile)
	write(t, filepath.Join(dir, "secret.txt"), canaryFile)
	return dir
}

func write(t *testing.T, name, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// policy is a document that passes every rule, with extra body text.
func policy(body string) string {
	return testrepo.Doc(map[string]string{"requirements": `["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"]`},
		"# Information Security Policy\n\n"+body+"\n")
}

// repoWith commits files and symbolic links (path -> target) in one commit.
func repoWith(t *testing.T, files, links map[string]string) *testrepo.Repo {
	t.Helper()
	return testrepo.Make(t, testrepo.Commit{Files: files, Links: links})
}

// TestMain runs the command line itself when a test starts this binary as
// ismspack: a real process, with its own environment and working directory,
// the way CI runs it.
func TestMain(m *testing.M) {
	if os.Getenv("ISMSPACK_TEST_RUN_CLI") == "1" {
		env := map[string]string{}
		for _, kv := range os.Environ() {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = v
		}
		dir, err := os.Getwd()
		if err != nil {
			panic(err)
		}
		os.Exit(cli.Main(os.Args[1:], cli.Streams{Out: os.Stdout, Err: os.Stderr, Env: env, Dir: dir,
			Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }}))
	}
	os.Exit(m.Run())
}

type result struct {
	code     int
	out, err string
}

// ismspack runs the command line as a process in dir, with the canary
// variable in its environment, and gives it a minute.
func ismspack(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "ISMSPACK_TEST_RUN_CLI=1", "ISMSPACK_TEST_SECRET="+canaryEnv)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("ismspack %s did not finish in a minute", strings.Join(args, " "))
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String(), errb.String()}
}

// noCanary fails if either canary is anywhere under dir, in a file's name
// or its bytes.
func noCanary(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(p, "secret") {
			t.Errorf("%s was published", p)
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, c := range []string{canaryFile, canaryEnv} {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("%s holds the canary %s", p, c)
			}
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
}

func TestCommittedThemeLinksDoNotReachTheMachine(t *testing.T) {
	t.Parallel()
	secrets := machine(t)
	for name, links := range map[string]map[string]string{
		"template linked to the environment": {"theme/templates/_leak.html": "/proc/self/environ"},
		"template linked to a file":          {"theme/templates/_leak.html": filepath.Join(secrets, "secret.txt")},
		"static directory linked":            {"theme/static": filepath.Join(secrets, "static")},
		"theme directory linked":             {"theme": secrets},
	} {
		t.Run(name, func(t *testing.T) {
			files := map[string]string{
				"ismspack.yaml":     "organisation: Acme\ntheme: theme\n",
				"content/policy.md": policy("We protect information."),
			}
			if _, ok := links["theme/templates/_leak.html"]; ok {
				files["theme/templates/index.html"] = `{{define "main"}}{{template "templates/_leak.html"}}{{end}}`
			}
			r := repoWith(t, files, links)
			out := filepath.Join(t.TempDir(), "public")
			res := ismspack(t, r.Dir, "build", "--out", out)
			if res.code != cli.ExitFailure || !strings.Contains(res.err, "ismspack never follows") {
				t.Errorf("exit %d, stderr:\n%s", res.code, res.err)
			}
			noCanary(t, filepath.Dir(out))
		})
	}
}

func TestThemeOutsideTheRepositoryIsRefused(t *testing.T) {
	t.Parallel()
	secrets := machine(t)
	for _, theme := range []string{secrets, "../" + filepath.Base(secrets), "theme/../../x"} {
		r := repoWith(t, map[string]string{
			"ismspack.yaml":     "organisation: Acme\ntheme: " + theme + "\n",
			"content/policy.md": policy("We protect information."),
		}, nil)
		out := filepath.Join(t.TempDir(), "public")
		res := ismspack(t, r.Dir, "build", "--out", out)
		if res.code != cli.ExitFailure || !strings.Contains(res.err, "ismspack.yaml:2:1: theme: ") || !strings.Contains(res.err, "--theme DIR") {
			t.Errorf("theme %s: exit %d, stderr:\n%s", theme, res.code, res.err)
		}
		noCanary(t, filepath.Dir(out))
	}
}

func TestCommittedThemeIsReadFromTheCommit(t *testing.T) {
	t.Parallel()
	r := repoWith(t, map[string]string{
		"ismspack.yaml":                    "organisation: Acme\ntheme: site/theme\n",
		"content/policy.md":                policy("We protect information."),
		"site/theme/templates/owners.html": `{{define "main"}}<p>committed owners page</p>{{end}}`,
		"site/theme/static/logo.txt":       "committed logo",
	}, nil)
	// What the working tree holds is not what was committed; the commit wins.
	write(t, filepath.Join(r.Dir, "site", "theme", "static", "logo.txt"), "uncommitted logo")
	write(t, filepath.Join(r.Dir, "site", "theme", "static", "extra.txt"), "uncommitted file")
	out := filepath.Join(t.TempDir(), "public")
	if res := ismspack(t, r.Dir, "build", "--no-pdf", "--out", out); res.code != cli.ExitOK {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", res.code, res.err, res.out)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "owners.html")); !bytes.Contains(b, []byte("committed owners page")) {
		t.Error("owners.html does not use the committed template")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "static", "logo.txt")); string(b) != "committed logo" {
		t.Errorf("static/logo.txt = %q, want the committed file", b)
	}
	if _, err := os.Stat(filepath.Join(out, "static", "extra.txt")); err == nil {
		t.Error("an uncommitted theme file was published")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "register.html")); !bytes.Contains(b, []byte("Document register")) {
		t.Error("register.html did not fall back to the default theme")
	}
}

func TestOperatorThemeFromDisk(t *testing.T) {
	secrets := machine(t)
	theme := t.TempDir()
	write(t, filepath.Join(theme, "templates", "owners.html"), `{{define "main"}}<p>operator owners page</p>{{end}}`)
	write(t, filepath.Join(theme, "static", "logo.txt"), "operator logo")
	// A link that stays inside the theme is followed.
	if err := os.Symlink("logo.txt", filepath.Join(theme, "static", "logo-link.txt")); err != nil {
		t.Fatal(err)
	}
	r := repoWith(t, map[string]string{
		"ismspack.yaml":               "organisation: Acme\ntheme: theme\n",
		"content/policy.md":           policy("We protect information."),
		"theme/templates/owners.html": `{{define "main"}}<p>committed owners page</p>{{end}}`,
	}, nil)
	out := filepath.Join(t.TempDir(), "public")
	if res := ismspack(t, r.Dir, "build", "--no-pdf", "--theme", theme, "--out", out); res.code != cli.ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", res.code, res.err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "owners.html")); !bytes.Contains(b, []byte("operator owners page")) {
		t.Error("--theme does not replace the committed theme")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "static", "logo-link.txt")); string(b) != "operator logo" {
		t.Errorf("static/logo-link.txt = %q, want the file it links to", b)
	}

	// A link that leaves the operator's theme is not followed.
	if err := os.Symlink(filepath.Join(secrets, "secret.txt"), filepath.Join(theme, "static", "secret.txt")); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(t.TempDir(), "public")
	res := ismspack(t, r.Dir, "build", "--no-pdf", "--theme", theme, "--out", out2)
	if res.code != cli.ExitFailure || !strings.Contains(res.err, "--theme: ") || !strings.Contains(res.err, "secret.txt") {
		t.Errorf("exit %d, stderr:\n%s", res.code, res.err)
	}
	noCanary(t, filepath.Dir(out2))

	// ISMSPACK_THEME names the same directory as --theme.
	os.Remove(filepath.Join(theme, "static", "secret.txt"))
	t.Setenv("ISMSPACK_THEME", theme) // inherited by the process
	out3 := filepath.Join(t.TempDir(), "public")
	if res := ismspack(t, r.Dir, "build", "--no-pdf", "--out", out3); res.code != cli.ExitOK {
		t.Fatalf("exit %d, stderr:\n%s", res.code, res.err)
	}
	if b, _ := os.ReadFile(filepath.Join(out3, "owners.html")); !bytes.Contains(b, []byte("operator owners page")) {
		t.Error("ISMSPACK_THEME does not replace the committed theme")
	}
}

func TestFontsFromTheCommitAndFromTheOperator(t *testing.T) {
	t.Parallel()
	body := "Script ℊ and bracket 〖x〗."
	glyphs := func(r result) int { return strings.Count(r.out, "glyph-missing") }

	// Without a fallback font, DejaVu Sans lacks both characters.
	plain := repoWith(t, map[string]string{"content/policy.md": policy(body)}, nil)
	if res := ismspack(t, plain.Dir, "check", "--format", "line"); glyphs(res) != 3 {
		t.Fatalf("without fonts: %d glyph-missing findings, want 3:\n%s%s", glyphs(res), res.out, res.err)
	}

	// A committed font, named relative to the repository root.
	committed := repoWith(t, map[string]string{
		"ismspack.yaml":     "organisation: Acme\nfonts: [fonts/math.ttf]\n",
		"fonts/math.ttf":    string(dejavumathtexgyre.TTF),
		"content/policy.md": policy(body),
	}, nil)
	if res := ismspack(t, committed.Dir, "check", "--format", "line"); res.code != cli.ExitOK || glyphs(res) != 0 {
		t.Errorf("committed font: exit %d, %d glyph-missing findings:\n%s%s", res.code, glyphs(res), res.out, res.err)
	}

	// A font on the operator's machine, named with --font.
	ttf := filepath.Join(t.TempDir(), "math.ttf")
	write(t, ttf, string(dejavumathtexgyre.TTF))
	if res := ismspack(t, plain.Dir, "check", "--format", "line", "--font", ttf); res.code != cli.ExitOK || glyphs(res) != 0 {
		t.Errorf("--font: exit %d, %d glyph-missing findings:\n%s%s", res.code, glyphs(res), res.out, res.err)
	}

	// A committed font that is a link is refused, not followed.
	linked := repoWith(t, map[string]string{
		"ismspack.yaml":     "organisation: Acme\nfonts: [fonts/math.ttf]\n",
		"content/policy.md": policy(body),
	}, map[string]string{"fonts/math.ttf": ttf})
	if res := ismspack(t, linked.Dir, "check"); res.code != cli.ExitFailure || !strings.Contains(res.err, "fonts/math.ttf at ") || !strings.Contains(res.err, "never follows") {
		t.Errorf("linked font: exit %d, stderr:\n%s", res.code, res.err)
	}
}

func TestOperatorFilesMustBeRegular(t *testing.T) {
	t.Parallel()
	r := repoWith(t, map[string]string{"content/policy.md": policy("We protect information.")}, nil)
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", "--font", "/dev/zero"},
		{"check", "--font", fifo},
		{"check", "--config", "/dev/zero"},
		{"check", "--config", fifo},
		{"build", "--no-pdf", "--theme", filepath.Dir(fifo), "--out", filepath.Join(t.TempDir(), "public")},
	} {
		res := ismspack(t, r.Dir, args...)
		if res.code != cli.ExitFailure || !strings.Contains(res.err, "is not a regular file") {
			t.Errorf("%s: exit %d, stderr:\n%s", strings.Join(args, " "), res.code, res.err)
		}
	}
}

package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/cli"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// threeCommits is a repository whose middle commit the tests delete from
// the object store.
func threeCommits(t *testing.T) *testrepo.Repo {
	r := testrepo.New(t)
	for i, v := range []string{"1.0", "1.1", "1.2"} {
		d := testrepo.Epoch.AddDate(0, 0, i).Format("2006-01-02")
		r.Commit(testrepo.Commit{Files: map[string]string{"content/policy.md": testrepo.Doc(
			map[string]string{"version": `"` + v + `"`, "approved_on": d, "last_reviewed": d,
				"requirements": `["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"]`}, "# Policy\n\nVersion "+v+".\n")}})
	}
	return r
}

func deleteObject(t *testing.T, r *testrepo.Repo, hash string) {
	t.Helper()
	if err := os.Remove(filepath.Join(r.Dir, ".git", "objects", hash[:2], hash[2:])); err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, dir string) (int, string) {
	var out bytes.Buffer
	code := cli.Main([]string{"check", "--format", "line"}, cli.Streams{Out: &out, Err: &out, Env: map[string]string{}, Dir: dir,
		Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }})
	return code, out.String()
}

// TestMissingCommitIsACorruptRepository deletes a commit from a full
// clone: that is a broken repository, not a shallow one, and check must
// fail naming the object rather than publish with a warning.
func TestMissingCommitIsACorruptRepository(t *testing.T) {
	t.Parallel()
	r := threeCommits(t)
	deleteObject(t, r, r.Head[1])
	code, out := check(t, r.Dir)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(out, r.Head[1]) || !strings.Contains(out, "corrupt") {
		t.Errorf("output does not name the missing commit %s as corruption:\n%s", r.Head[1], out)
	}
	if strings.Contains(out, "history-truncated") {
		t.Errorf("a corrupt repository reported as a shallow clone:\n%s", out)
	}
}

// TestShallowBoundaryIsAWarning lists the newest commit in .git/shallow,
// as git clone --depth 1 does: its missing parent is the clone's boundary.
func TestShallowBoundaryIsAWarning(t *testing.T) {
	t.Parallel()
	r := threeCommits(t)
	deleteObject(t, r, r.Head[1])
	if err := os.WriteFile(filepath.Join(r.Dir, ".git", "shallow"), []byte(r.Head[2]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := check(t, r.Dir)
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out)
	}
	if !strings.Contains(out, "history-truncated") {
		t.Errorf("no history-truncated warning:\n%s", out)
	}
}

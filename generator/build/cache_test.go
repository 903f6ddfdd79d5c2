package build_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// history makes a repository with a few linked documents edited, renamed
// and added over several commits.
func history(t *testing.T) *testrepo.Repo {
	t.Helper()
	doc := func(id, title, body string) string {
		return testrepo.Doc(map[string]string{"id": id, "title": title}, body)
	}
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{
			"content/policy.md": doc("ISMS-POL-001", "Policy", "# Policy\n\nSee the [plan](plan.md#scope) and the [roles](roles.md).\n"),
			"content/plan.md":   doc("ISMS-PLN-001", "Plan", "# Plan\n\n## Scope\n\nThe scope.\n"),
			"content/roles.md":  doc("ISMS-ROL-001", "Roles", "# Roles\n\nBack to the [policy](policy.md).\n"),
			"content/old.md":    doc("ISMS-OLD-001", "Old name", "# Old\n\nRenamed later.\n"),
			"content/other.md":  doc("ISMS-OTH-001", "Other", "# Other\n\nLinks nowhere, and nothing links here.\n"),
		}, Message: "add the ISMS"},
		testrepo.Commit{Files: map[string]string{
			"content/plan.md": doc("ISMS-PLN-001", "Plan", "# Plan\n\n## Scope\n\nThe wider scope.\n"),
		}, Message: "widen the scope"},
		testrepo.Commit{Rename: map[string]string{"content/old.md": "content/sub/new.md"}, Message: "move old"},
		testrepo.Commit{Files: map[string]string{
			"content/roles.md": doc("ISMS-ROL-001", "Roles and responsibilities", "# Roles\n\nBack to the [policy](policy.md) and the [plan](plan.md).\n"),
		}, Message: "rename the roles"},
	)
	return r
}

func buildWith(t *testing.T, dir string, c *cache.Cache) (map[string][32]byte, string) {
	t.Helper()
	var log bytes.Buffer
	out := filepath.Join(t.TempDir(), "public")
	_, err := build.Build(build.Options{Options: isms.Options{Dir: dir, AsOf: asOf, Cache: c, Log: &log}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return digest(t, out), log.String()
}

func openCache(t *testing.T, dir, version string) (*cache.Cache, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	c, err := cache.Open(dir, cache.Options{Version: version, Log: &log})
	if err != nil {
		t.Fatal(err)
	}
	return c, &log
}

// sameOutput fails unless two builds wrote the same files, byte for byte.
func sameOutput(t *testing.T, warm, cold map[string][32]byte) {
	t.Helper()
	for p, h := range cold {
		if w, ok := warm[p]; !ok {
			t.Errorf("%s: written by the cold build only", p)
		} else if w != h {
			t.Errorf("%s: differs from the cold build's", p)
		}
	}
	for p := range warm {
		if _, ok := cold[p]; !ok {
			t.Errorf("%s: written by the cached build only", p)
		}
	}
}

func edit(r *testrepo.Repo) {
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/plan.md":  testrepo.Doc(map[string]string{"id": "ISMS-PLN-001", "title": "Plan", "version": "1.1"}, "# Plan\n\n## Scope\n\nThe scope, again.\n"),
		"content/extra.md": testrepo.Doc(map[string]string{"id": "ISMS-EXT-001", "title": "Extra"}, "# Extra\n\nSee the [moved document](sub/new.md).\n"),
	}, Message: "edit the plan, add extra"})
}

func TestCachedBuildAfterANewCommitMatchesAColdBuild(t *testing.T) {
	t.Parallel()
	r := history(t)
	dir := t.TempDir()
	c, _ := openCache(t, dir, "v1")
	buildWith(t, r.Dir, c)
	edit(r)
	warm, log := buildWith(t, r.Dir, c)
	cold, _ := buildWith(t, r.Dir, nil)
	sameOutput(t, warm, cold)
	// The PDFs of the documents as they were are dropped: the cache
	// holds one build's.
	if pdfs, _ := filepath.Glob(filepath.Join(dir, "pdf", "*", "*.file")); len(pdfs) != 6 {
		t.Errorf("the cache holds %d document PDFs, want the 6 of the last build", len(pdfs))
	}
	if !strings.Contains(log, "the older ones from the cache") {
		t.Errorf("the history walk did not resume from the cache:\n%s", log)
	}
	// Two documents changed (plan, extra) and the new one links to the
	// moved one, which lists it among its backlinks. The two that link to
	// the plan (policy, roles) draw only its ID and where it is, which did
	// not change: they and the other one are taken from the cache.
	if !strings.Contains(log, "took 3 of 6 document PDFs from the cache") {
		t.Errorf("want three PDFs from the cache:\n%s", log)
	}
	again, log := buildWith(t, r.Dir, c)
	sameOutput(t, again, cold)
	if !strings.Contains(log, "commits, from the cache") || !strings.Contains(log, "took 6 of 6") {
		t.Errorf("a rebuild of the same commit did not take everything from the cache:\n%s", log)
	}
}

// A document's PDF draws of the documents it links to and that link to
// it their IDs and titles, not their text: a change to a linked
// document's text leaves the PDF in the cache, and a change to its ID or
// title makes it again. A document with a broken link or a missing
// picture is kept too: what the PDF says of them does not change with
// the commit.
func TestLinkedDocumentsRemakeAPDFOnlyWhenWhatItDrawsOfThemChanges(t *testing.T) {
	t.Parallel()
	doc := func(id, title, body string) string {
		return testrepo.Doc(map[string]string{"id": id, "title": title}, body)
	}
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{
		"content/policy.md": doc("ISMS-POL-001", "Policy", "# Policy\n\nSee the [plan](plan.md), not the [gone one](gone.md).\n"),
		"content/plan.md":   doc("ISMS-PLN-001", "Plan", "# Plan\n\nBack to the [policy](policy.md).\n"),
		"content/other.md":  doc("ISMS-OTH-001", "Other", "# Other\n\n![A chart](chart.png)\n"),
	}, Message: "add the ISMS"})
	c, _ := openCache(t, t.TempDir(), "v1")
	buildWith(t, r.Dir, c)
	for _, step := range []struct {
		what, plan string
		kept       int
	}{
		{"the plan's text", doc("ISMS-PLN-001", "Plan", "# Plan\n\nNew text. Back to the [policy](policy.md).\n"), 2},
		{"the plan's ID", doc("ISMS-PLN-002", "Plan", "# Plan\n\nNew text. Back to the [policy](policy.md).\n"), 1},
		{"the plan's title", doc("ISMS-PLN-002", "Planning", "# Plan\n\nNew text. Back to the [policy](policy.md).\n"), 1},
	} {
		r.Commit(testrepo.Commit{Files: map[string]string{"content/plan.md": step.plan}, Message: "change " + step.what})
		warm, log := buildWith(t, r.Dir, c)
		cold, _ := buildWith(t, r.Dir, nil)
		sameOutput(t, warm, cold)
		if want := fmt.Sprintf("took %d of 3 document PDFs from the cache", step.kept); !strings.Contains(log, want) {
			t.Errorf("after a change to %s, want %q:\n%s", step.what, want, log)
		}
	}
}

func TestCachedBuildAfterAForcePushMatchesAColdBuild(t *testing.T) {
	t.Parallel()
	r := history(t)
	c, _ := openCache(t, t.TempDir(), "v1")
	edit(r)
	buildWith(t, r.Dir, c)
	// Rewrite history: drop the last two commits and commit something else.
	base := plumbing.NewHash(r.Head[len(r.Head)-3])
	wt, err := r.Git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: base, Mode: git.HardReset}); err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/roles.md": testrepo.Doc(map[string]string{"id": "ISMS-ROL-001", "title": "Roles", "version": "2.0"}, "# Roles\n\nRewritten.\n"),
	}, Message: "rewritten"})
	warm, log := buildWith(t, r.Dir, c)
	cold, _ := buildWith(t, r.Dir, nil)
	sameOutput(t, warm, cold)
	if n := strings.Count(log, "which is not in the history of"); n != 1 {
		t.Errorf("want one note about the rewritten history, got %d:\n%s", n, log)
	}
}

// damage changes every cache file with f.
func damage(t *testing.T, dir string, f func([]byte) []byte) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(p, f(b), 0o644)
	})
	if err != nil || n == 0 {
		t.Fatalf("damaging the cache: %v, %d files", err, n)
	}
}

// cachedKinds are the kinds of entry a build keeps.
var cachedKinds = []string{"walk", "revisions", "parsed", "memo-body", "memo-redline", "page", "search", "pdf"}

func TestDamagedCacheIsIgnoredWithANote(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		damage func([]byte) []byte
	}{
		{"corrupt", func(b []byte) []byte { b[len(b)-len(b)/3] ^= 0x55; return b }},
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"empty", func(b []byte) []byte { return nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := history(t)
			dir := t.TempDir()
			c, _ := openCache(t, dir, "v1")
			buildWith(t, r.Dir, c)
			edit(r)
			damage(t, dir, tc.damage)
			c, notes := openCache(t, dir, "v1")
			warm, log := buildWith(t, r.Dir, c)
			cold, _ := buildWith(t, r.Dir, nil)
			sameOutput(t, warm, cold)
			for _, kind := range cachedKinds {
				if got := strings.Count(notes.String(), "/"+kind+"/"); got != 1 || !strings.Contains(notes.String(), "is corrupt or truncated") {
					t.Errorf("want one note for the %s entries, got:\n%s", kind, notes)
				}
			}
			if got := strings.Count(notes.String(), "\n"); got != len(cachedKinds) {
				t.Errorf("want %d notes, got:\n%s", len(cachedKinds), notes)
			}
			if !strings.Contains(log, "took 0 of 6") {
				t.Errorf("a damaged PDF was used:\n%s", log)
			}
		})
	}
}

func TestCacheFromAnotherVersionIsIgnoredWithANote(t *testing.T) {
	t.Parallel()
	r := history(t)
	dir := t.TempDir()
	c, _ := openCache(t, dir, "v1")
	buildWith(t, r.Dir, c)
	c, notes := openCache(t, dir, "v2")
	warm, log := buildWith(t, r.Dir, c)
	cold, _ := buildWith(t, r.Dir, nil)
	sameOutput(t, warm, cold)
	for _, kind := range cachedKinds {
		if !strings.Contains(notes.String(), "cache: "+kind+" entries written by another ismspack version are ignored") {
			t.Errorf("no note for %s entries:\n%s", kind, notes)
		}
	}
	if strings.Contains(log, "from the cache") && !strings.Contains(log, "took 0 of") {
		t.Errorf("another version's entries were used:\n%s", log)
	}
}

func TestConcurrentBuildsShareACache(t *testing.T) {
	t.Parallel()
	r := history(t)
	dir := t.TempDir()
	c, _ := openCache(t, dir, "v1")
	buildWith(t, r.Dir, c)
	edit(r)
	cold, _ := buildWith(t, r.Dir, nil)
	const n = 4
	outs := make([]map[string][32]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _ := openCache(t, dir, "v1")
			outs[i], _ = buildWith(t, r.Dir, c)
		}()
	}
	wg.Wait()
	for i := range outs {
		t.Run(fmt.Sprint(i), func(t *testing.T) { sameOutput(t, outs[i], cold) })
	}
	c, notes := openCache(t, dir, "v1")
	again, log := buildWith(t, r.Dir, c)
	sameOutput(t, again, cold)
	if notes.Len() > 0 || !strings.Contains(log, "took 6 of 6") {
		t.Errorf("the shared cache was left damaged or incomplete:\n%s%s", notes, log)
	}
}

// TestCachedBuildsAlongAHistoryMatchColdBuilds builds the showcase, with
// its signed approvals, at every fourth commit with one cache, as CI does
// merge after merge, and compares each with a build without the cache.
func TestCachedBuildsAlongAHistoryMatchColdBuilds(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	commits, err := showcase.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, notes := openCache(t, t.TempDir(), "v1")
	for i := 3; i < len(commits); i += 4 {
		ref := commits[i]
		if i+4 >= len(commits) {
			ref = commits[len(commits)-1]
		}
		warm, log := buildAt(t, dir, ref, c)
		cold, _ := buildAt(t, dir, ref, nil)
		sameOutput(t, warm, cold)
		if i > 3 && !strings.Contains(log, "the older ones from the cache") {
			t.Errorf("at %s the walk did not resume:\n%s", ref[:7], log)
		}
	}
	if notes.Len() > 0 {
		t.Errorf("notes: %s", notes)
	}
}

func buildAt(t *testing.T, dir, ref string, c *cache.Cache) (map[string][32]byte, string) {
	t.Helper()
	var log bytes.Buffer
	out := filepath.Join(t.TempDir(), "public")
	_, err := build.Build(build.Options{Options: isms.Options{Dir: dir, Ref: ref, AsOf: asOf, Cache: c, Log: &log}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return digest(t, out), log.String()
}

// TestEditedOutputIsNotCopiedIntoTheNextBuild edits, deletes and
// truncates files of an output between builds, in place, as an editor or
// a careless script might: a document's PDF in the output may be the
// cache's own file, linked, and the next build must still match a cold
// one.
func TestEditedOutputIsNotCopiedIntoTheNextBuild(t *testing.T) {
	t.Parallel()
	r := history(t)
	dir := t.TempDir()
	out := filepath.Join(t.TempDir(), "public")
	build1 := func() string {
		var log bytes.Buffer
		c, notes := openCache(t, dir, "v1")
		if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf, Cache: c, Log: &log}, Out: out}); err != nil {
			t.Fatal(err)
		}
		return log.String() + notes.String()
	}
	build1()
	pdfs, _ := filepath.Glob(filepath.Join(out, "pdf", "*.pdf"))
	if len(pdfs) < 3 {
		t.Fatalf("want the documents' PDFs in %s, got %v", out, pdfs)
	}
	appendTo := func(name string) {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.WriteString("% edited\n"); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	// A rebuild of the same commit links every PDF from the cache.
	log := build1()
	if !strings.Contains(log, "took 5 of 5 document PDFs") {
		t.Fatalf("the rebuild did not take every PDF from the cache:\n%s", log)
	}
	appendTo(pdfs[0])
	if err := os.Truncate(pdfs[1], 10); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(pdfs[2]); err != nil {
		t.Fatal(err)
	}
	edit(r)
	log = build1()
	cold, _ := buildWith(t, r.Dir, nil)
	sameOutput(t, digest(t, out), cold)
	if !strings.Contains(log, "is corrupt or truncated, or was changed through an output linked to it") {
		t.Errorf("no note about the edited PDFs:\n%s", log)
	}
	// The PDFs made again are what the cache now holds: the next build
	// takes them all.
	log = build1()
	sameOutput(t, digest(t, out), cold)
	if !strings.Contains(log, "took 6 of 6 document PDFs") || strings.Contains(log, "corrupt") {
		t.Errorf("the rebuild did not take every PDF from the cache:\n%s", log)
	}
}

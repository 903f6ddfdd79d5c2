package build_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

var asOf = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func repo(t *testing.T) *testrepo.Repo {
	return testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{
			"content/policy.md": testrepo.Doc(map[string]string{"requirements": `["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)"]`,
				// the evidence clause 5.1 expects, so the repository is clean
				"evidence": "[security-policy, security-objectives, responsibility-matrix, resource-plan, competency-record, resource-review-minutes, communication-plan, leadership-messages, awareness-records]"},
				"# Policy\n\nSee the [plan](plan.md#scope).\n\n![cycle](img/c.png)\n"),
			"content/plan.md": testrepo.Doc(map[string]string{"id": "ISMS-PLN-001", "title": "Plan", "type": "plan",
				"requirements": `["5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"]`,
				"evidence":     "[objective-results, management-review-minutes, internal-audit-reports, corrective-action-log, roles-and-responsibilities, training-records, competency-matrix, improvement-policy, improvement-log, improvement-decisions, manager-ownership, delegation-decisions]"}, "# Plan\n\n## Scope\n\nÉlodie's budget is € 120 000.\n"),
			"content/img/c.png": string(png1x1),
		}, Message: "add the ISMS"},
	)
}

// png1x1 is a valid one-pixel PNG.
var png1x1 = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")

func digest(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestBuildWritesSiteAndPack(t *testing.T) {
	t.Parallel()
	r := repo(t)
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("unexpected finding %s: %s: %s", f.Location(), f.Rule, f.Message)
	}
	for _, p := range []string{"index.html", "pack.pdf", "pdf/policy.pdf", "pdf/plan.pdf", "docs/img/c.png"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s not written: %v", p, err)
		}
	}
}

// mapFields writes a map-valued front-matter field with enough keys that
// Go's randomised map order would show in two builds out of three.
func mapFields(open, entry, sep, close string) string {
	var b strings.Builder
	b.WriteString(open)
	for i := range 12 {
		if i > 0 {
			b.WriteString(sep)
		}
		fmt.Fprintf(&b, entry, i, i)
	}
	return b.String() + close
}

func TestSameCommitThriceGivesSameBytes(t *testing.T) {
	t.Parallel()
	r := repo(t)
	// TOML and JSON documents whose extra fields hold maps: their decoders
	// once ranged over Go maps, so the page showed a new key order each build.
	r.Commit(testrepo.Commit{Files: map[string]string{
		"content/toml.md": "+++\nid = \"ISMS-TML-001\"\ntitle = \"Toml\"\n" +
			mapFields("contacts = { ", "k%02d = \"v%d\"", ", ", " }\n") + "+++\n# Toml\n",
		"content/json.md": "---json\n{\"id\": \"ISMS-JSN-001\", \"title\": \"Json\", " +
			mapFields("\"contacts\": {", "\"k%02d\": \"v%d\"", ", ", "}}\n") + "---\n# Json\n",
	}, Message: "add TOML and JSON documents"})
	var digests []map[string][32]byte
	for i := range 3 {
		out := filepath.Join(t.TempDir(), fmt.Sprint(i))
		if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out}); err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(filepath.Join(out, "docs", "toml.html"))
		if err != nil || !bytes.Contains(page, []byte("k11")) {
			t.Fatalf("the TOML document's page does not show its map field (%v)", err)
		}
		digests = append(digests, digest(t, out))
	}
	for _, d := range digests[1:] {
		if len(d) != len(digests[0]) {
			t.Fatalf("%d files vs %d", len(d), len(digests[0]))
		}
		for p, h := range digests[0] {
			if d[p] != h {
				t.Errorf("%s differs between builds of one commit", p)
			}
		}
	}
}

func TestFailedBuildLeavesPreviousOutput(t *testing.T) {
	t.Parallel()
	r := repo(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out}); err != nil {
		t.Fatal(err)
	}
	before := digest(t, out)
	// A theme whose template does not parse fails the build while it writes.
	theme := t.TempDir()
	if err := os.MkdirAll(filepath.Join(theme, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(theme, "templates", "doc.html"), []byte(`{{define "main"}}{{.Nope}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf, Theme: theme}, Out: out})
	if err == nil {
		t.Fatal("build with a broken theme succeeded")
	}
	after := digest(t, out)
	if len(after) != len(before) {
		t.Fatalf("output changed by a failed build: %d files, was %d", len(after), len(before))
	}
	if got := beside(t, out); len(got) != 1 || got[0] != ".public.lock" {
		t.Errorf("failed build left %v beside the output, want only the lock file", got)
	}
}

func TestRefusesToReplaceForeignDirectory(t *testing.T) {
	t.Parallel()
	r := repo(t)
	_, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: filepath.Join(r.Dir, "content")})
	if err == nil || !strings.Contains(err.Error(), "was not written by ismspack") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, "content", "policy.md")); err != nil {
		t.Fatal("documents were touched")
	}
}

func TestBuildReadsTheCommitNotTheWorkingTree(t *testing.T) {
	t.Parallel()
	r := repo(t)
	if err := os.WriteFile(filepath.Join(r.Dir, "content", "policy.md"), []byte("---\nid: X\n---\n<!-- draft -->\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := build.Check(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Errorf("an uncommitted edit produced findings: %+v", res.Findings[0])
	}
	if !bytes.Contains(res.Model.Doc("content/policy.md").Src, []byte("See the [plan]")) {
		t.Error("model holds the working tree's text")
	}
}

// BenchmarkBuild builds a synthetic ISMS end to end: history walk, parse,
// checks, site and PDF pack. ISMSPACK_BENCH_DOCS-sized corpora are made by
// shared/bench/mkcorpus.py and timed with the CLI; this one keeps to what a
// benchmark run can set up in seconds.
func BenchmarkBuild(b *testing.B) {
	r := testrepo.Corpus(b, 200, 1000, 1)
	out := filepath.Join(b.TempDir(), "public")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck is the CI gate alone: no rendering.
func BenchmarkCheck(b *testing.B) {
	r := testrepo.Corpus(b, 200, 1000, 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := build.Check(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}}); err != nil {
			b.Fatal(err)
		}
	}
}

// manyDocs writes n one-line documents in one commit, straight to the
// object store.
func manyDocs(b *testing.B, n int) *testrepo.Repo {
	r := testrepo.New(b)
	st := r.Git.Storer
	entries := make([]object.TreeEntry, n)
	for i := range entries {
		body := testrepo.Doc(map[string]string{"id": fmt.Sprintf("ISMS-%05d", i), "title": fmt.Sprintf("Document %05d", i)}, fmt.Sprintf("Document %d.\n", i))
		entries[i] = object.TreeEntry{Name: fmt.Sprintf("doc-%05d.md", i), Mode: filemode.Regular, Hash: testrepo.PutBlob(b, st, body)}
	}
	content := testrepo.PutTree(b, st, entries)
	root := testrepo.PutTree(b, st, []object.TreeEntry{{Name: "content", Mode: filemode.Dir, Hash: content}})
	sig := object.Signature{Name: "A", Email: "a@example.org", When: testrepo.Epoch}
	c := &object.Commit{Author: sig, Committer: sig, Message: "add", TreeHash: root}
	obj := st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		b.Fatal(err)
	}
	h, err := st.SetEncodedObject(obj)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("master"), h)); err != nil {
		b.Fatal(err)
	}
	return r
}

// BenchmarkManyDocuments checks and builds n one-line documents; time per
// run should double, not quadruple, from 2000 to 4000.
func BenchmarkManyDocuments(b *testing.B) {
	for _, n := range []int{2000, 4000} {
		r := manyDocs(b, n)
		b.Run(fmt.Sprintf("check/%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := build.Check(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}}); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, noPDF := range []bool{true, false} {
			name := "build"
			if noPDF {
				name = "site"
			}
			b.Run(fmt.Sprintf("%s/%d", name, n), func(b *testing.B) {
				out := filepath.Join(b.TempDir(), "public")
				for i := 0; i < b.N; i++ {
					if _, err := build.Build(build.Options{Options: isms.Options{Dir: r.Dir, AsOf: asOf}, Out: out, NoPDF: noPDF}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

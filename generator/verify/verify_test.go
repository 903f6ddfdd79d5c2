package verify_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/pdf"
	"github.com/ismspack/ismspack/generator/verify"
)

var asOf = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func policy(body string) string {
	return testrepo.Doc(map[string]string{"requirements": `["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)", "5.1(e)", "5.1(f)", "5.1(g)", "5.1(h)"]`},
		"# Information Security Policy\n\n"+body+"\n")
}

// built builds the pack of a one-policy repository with o's inputs and
// returns the repository and the pack's path.
func built(t *testing.T, o isms.Options) (*testrepo.Repo, string) {
	t.Helper()
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/policy.md": policy("We protect information.")}, Message: "add the policy"})
	o.Dir, o.AsOf = r.Dir, asOf
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Options: o, Out: out, Tool: "v1.0.0"}); err != nil {
		t.Fatal(err)
	}
	return r, filepath.Join(out, "pack.pdf")
}

func TestPackRecordsWhatShapedIt(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "ismspack.yaml")
	if err := os.WriteFile(cfg, []byte("organisation: Acme & Sons <Ltd>\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, pack := built(t, isms.Options{ConfigFile: cfg, Env: map[string]string{"ISMSPACK_CONTENT": "content", "ISMSPACK_THEME": "/elsewhere"}, Since: "HEAD"})
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pdf.ReadProvenance(data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Tool != "v1.0.0" || len(p.Commit) != 40 || p.Ref != "master" || p.AsOf != "2026-03-01" || len(p.PackID) != 64 {
		t.Errorf("the record says tool %q, commit %q, ref %q, as of %q, pack %q", p.Tool, p.Commit, p.Ref, p.AsOf, p.PackID)
	}
	if p.Since != "HEAD" || p.SinceCommit != p.Commit {
		t.Errorf("the record says since %q (%q), want HEAD at %s", p.Since, p.SinceCommit, p.Commit)
	}
	if len(p.Config) != 64 {
		t.Errorf("the record gives the configuration file's hash as %q", p.Config)
	}
	if strings.Join(p.Env, " ") != "ISMSPACK_CONTENT=content" {
		t.Errorf("the record's variables are %q: want only those that shape the configuration", p.Env)
	}
	// A later commit moves HEAD: the pack is rebuilt from the commit the
	// record names for --since, under the name it showed.
	r.Commit(testrepo.Commit{Files: map[string]string{"content/policy.md": policy("We protect information well.")}, Message: "edit"})
	rep, err := verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v1.0.0", ConfigFile: cfg})
	if err != nil || !rep.Genuine || rep.Current() {
		t.Errorf("a pack built with --since HEAD, verified after a later commit: %v, genuine %v, current %v: %s", err, rep.Genuine, rep.Current(), rep.Why)
	}
}

func TestOneFlippedByteInAPageIsNotGenuine(t *testing.T) {
	t.Parallel()
	r, pack := built(t, isms.Options{})
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	// A byte in the middle of the first page's compressed text.
	i := bytes.Index(data, []byte("/Filter /FlateDecode"))
	j := bytes.Index(data[i:], []byte("stream\n"))
	if i < 0 || j < 0 {
		t.Fatal("no compressed stream in the pack")
	}
	data[i+j+len("stream\n")+10] ^= 0x20
	altered := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(altered, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := verify.Verify(verify.Options{Pack: altered, Dir: r.Dir, Tool: "v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Genuine || !strings.Contains(rep.Why, "at byte") {
		t.Errorf("a pack with a flipped byte: genuine %v: %s", rep.Genuine, rep.Why)
	}
	rep, err = verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v1.0.0"})
	if err != nil || !rep.Genuine || !rep.Current() {
		t.Errorf("the pack as built: %v, %+v", err, rep)
	}
}

func TestAnEditedRecordIsNotGenuine(t *testing.T) {
	t.Parallel()
	r, pack := built(t, isms.Options{})
	data, _ := os.ReadFile(pack)
	data = bytes.Replace(data, []byte("<ismspack:asOf>2026-03-01<"), []byte("<ismspack:asOf>2026-03-02<"), 1)
	altered := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(altered, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := verify.Verify(verify.Options{Pack: altered, Dir: r.Dir, Tool: "v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Genuine {
		t.Errorf("a pack whose record claims another as-of date is genuine: %s", rep.Why)
	}
}

func TestAnotherVersionRecomputesTheIdentifier(t *testing.T) {
	t.Parallel()
	r, pack := built(t, isms.Options{})
	rep, err := verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v2.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Genuine || rep.ByteCompared || !strings.Contains(rep.Why, "ismspack v1.0.0 built it and this is v2.0.0") {
		t.Errorf("verified by another version: genuine %v, compared bytes %v: %s", rep.Genuine, rep.ByteCompared, rep.Why)
	}
	data, _ := os.ReadFile(pack)
	p, _ := pdf.ReadProvenance(data)
	data = bytes.Replace(data, []byte(p.PackID), []byte(strings.Repeat("0", 64)), 1)
	altered := filepath.Join(t.TempDir(), "pack.pdf")
	if err := os.WriteFile(altered, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err = verify.Verify(verify.Options{Pack: altered, Dir: r.Dir, Tool: "v2.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Genuine {
		t.Errorf("a record with another identifier passes: %s", rep.Why)
	}
}

func TestAConfigFromDiskMustBeGivenAgain(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "ismspack.yaml")
	if err := os.WriteFile(cfg, []byte("organisation: Acme\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r, pack := built(t, isms.Options{ConfigFile: cfg})
	if _, err := verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v1.0.0"}); err == nil || !strings.Contains(err.Error(), "give that file with --config FILE") {
		t.Errorf("without --config: %v", err)
	}
	other := filepath.Join(t.TempDir(), "other.yaml")
	os.WriteFile(other, []byte("organisation: Other\n"), 0o644)
	if _, err := verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v1.0.0", ConfigFile: other}); err == nil || !strings.Contains(err.Error(), "is not the file the pack was built with") {
		t.Errorf("with another --config: %v", err)
	}
	rep, err := verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v1.0.0", ConfigFile: cfg})
	if err != nil || !rep.Genuine {
		t.Errorf("with the same --config: %v %+v", err, rep)
	}
}

func TestRemovedAndAddedDocumentsAreNotCurrent(t *testing.T) {
	t.Parallel()
	r, pack := built(t, isms.Options{})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/plan.md": testrepo.Doc(map[string]string{"id": "ISMS-PLN-001", "title": "Plan"}, "# Plan\n")},
		Remove: []string{"content/policy.md"}, Message: "replace the policy with a plan"})
	rep, err := verify.Verify(verify.Options{Pack: pack, Dir: r.Dir, Tool: "v1.0.0"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range rep.Changes {
		got = append(got, c.Kind+" "+c.Path)
	}
	if !rep.Genuine || rep.Current() || strings.Join(got, ", ") != "added content/plan.md, removed content/policy.md" {
		t.Errorf("genuine %v, current %v, changes %q", rep.Genuine, rep.Current(), got)
	}
}

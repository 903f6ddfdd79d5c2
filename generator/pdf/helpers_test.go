package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// asOf is the date every test model is judged and dated at.
var asOf = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// load commits files to a fresh go-git repository (fixed signatures and
// dates) and loads the model the way a build does.
func loadRepo(t testing.TB, commits ...map[string]string) (*isms.Model, []check.Finding) {
	t.Helper()
	return loadRepoWith(t, nil, commits...)
}

// loadRepoWith is loadRepo with a change to the configuration.
func loadRepoWith(t testing.TB, change func(*config.Config), commits ...map[string]string) (*isms.Model, []check.Finding) {
	t.Helper()
	var cs []testrepo.Commit
	for i, files := range commits {
		cs = append(cs, testrepo.Commit{Files: files, Message: "change " + string(rune('A'+i))})
	}
	return loadDirWith(t, testrepo.Make(t, cs...).Dir, change)
}

// loadDir loads the model of the repository in dir at HEAD.
func loadDir(t testing.TB, dir string) (*isms.Model, []check.Finding) {
	t.Helper()
	return loadDirWith(t, dir, nil)
}

func loadDirWith(t testing.TB, dir string, change func(*config.Config)) (*isms.Model, []check.Finding) {
	t.Helper()
	cfg := config.Default()
	cfg.Organisation = "Exemplar Ltd"
	if change != nil {
		change(&cfg)
	}
	m, err := isms.Open(isms.Options{Dir: dir, Config: &cfg, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	return m, check.Run(m, check.Rules())
}

// doc is a document with complete front matter.
func doc(id, title, status string, reqs string, body string) string {
	return testrepo.Doc(map[string]string{"id": id, "title": title, "status": status, "requirements": reqs,
		"approved_on": "2026-01-05", "last_reviewed": "2026-01-05"}, body)
}

func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pngOf draws a w×h image of one colour with a diagonal, as PNG bytes.
func pngOf(t testing.TB, w, h int, c color.NRGBA) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, c)
			if x == y {
				img.Set(x, y, color.NRGBA{0, 0, 0, 255})
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// sample is the model most tests draw: every node kind, a draft, two
// different images of one width, and every clause 5.1 item listed.
func sample(t testing.TB) (*isms.Model, []check.Finding) {
	t.Helper()
	return loadRepo(t, map[string]string{
		"content/policies/sink.md": doc("POL-SINK", "Kitchen sink policy", "approved",
			`["5.1(a)", "5.1(b)", "5.1(c)", "5.1(d)"]`, fixture(t, "every-node.md")),
		"content/policies/other.md": doc("POL-OTHER", "Other policy", "draft", `["5.1(e)"]`,
			"# Other policy\n\n## Scope\n\nScope text with € and ü and an [image](images/second.png).\n\n![Second](images/second.png)\n"),
		"content/plans/deep/plan.md": doc("PLN-001", "Plan in a sub-directory", "approved", `["5.1(f)", "5.1(g)", "5.1(h)"]`,
			"## Aims\n\nThe plan's aims, see the [policy](../../policies/sink.md#lists).\n"),
		"content/policies/images/cycle.png":  pngOf(t, 64, 24, color.NRGBA{40, 90, 200, 255}),
		"content/policies/images/second.png": pngOf(t, 64, 40, color.NRGBA{200, 60, 40, 255}),
	})
}

// render draws m into a temp dir and returns the dir.
func render(t testing.TB, m *isms.Model, fs []check.Finding) string {
	t.Helper()
	dir := t.TempDir()
	if err := Render(dir, m, fs); err != nil {
		t.Fatal(err)
	}
	return dir
}

// tool returns the path of a command-line tool the tests check the PDF
// with. Without it the test is skipped on a workstation and fails in CI,
// which installs poppler-utils and qpdf.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed: CI must install poppler-utils and qpdf", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils qpdf)", name)
	}
	return p
}

func runTool(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(tool(t, name), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// qpdfJSON is the part of `qpdf --json` the tests read.
type qpdfJSON struct {
	Pages []struct {
		Object string `json:"object"`
	} `json:"pages"`
	Outlines []outline         `json:"outlines"`
	QPDF     []json.RawMessage `json:"qpdf"`
}

type outline struct {
	Title string    `json:"title"`
	Page  *int      `json:"destpageposfrom1"`
	Kids  []outline `json:"kids"`
}

func readQPDF(t testing.TB, file string) (*qpdfJSON, map[string]json.RawMessage) {
	t.Helper()
	out := runTool(t, "qpdf", "--json", "--json-key=pages", "--json-key=outlines", "--json-key=qpdf", file)
	var j qpdfJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	objs := map[string]json.RawMessage{}
	if len(j.QPDF) > 1 {
		if err := json.Unmarshal(j.QPDF[1], &objs); err != nil {
			t.Fatal(err)
		}
	}
	return &j, objs
}

// annotations lists the link annotations of every page, by page number.
func annotations(t testing.TB, j *qpdfJSON, objs map[string]json.RawMessage) map[int][]map[string]any {
	t.Helper()
	out := map[int][]map[string]any{}
	for i, p := range j.Pages {
		var page struct {
			Value map[string]any `json:"value"`
		}
		if err := json.Unmarshal(objs["obj:"+p.Object], &page); err != nil {
			t.Fatal(err)
		}
		annots, _ := page.Value["/Annots"].([]any)
		for _, a := range annots {
			if ref, ok := a.(string); ok {
				var v struct {
					Value map[string]any `json:"value"`
				}
				if err := json.Unmarshal(objs["obj:"+ref], &v); err != nil {
					t.Fatal(err)
				}
				a = v.Value
			}
			if m, ok := a.(map[string]any); ok {
				out[i+1] = append(out[i+1], m)
			}
		}
	}
	return out
}

func pageText(t testing.TB, file string, first, last int) string {
	t.Helper()
	return runTool(t, "pdftotext", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last), "-layout", file, "-")
}

// document draws one document's own PDF the way RenderWith does: its
// part placed alone.
func (r *run) document(d *isms.Doc) ([]byte, error) {
	p, err := r.drawPart(d)
	if err != nil {
		return nil, err
	}
	return r.alone(d, p)
}

// drawDocument draws d's own PDF straight on its pages, not from a part:
// what a part placed alone must look like.
func (rr *renderer) drawDocument(d *isms.Doc) (out []byte, err error) {
	defer rr.guard(d.Out.PDF, &err)
	rr.standalone(d)
	rr.documentSection(d, 0)
	out, err = rr.output()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Out.PDF, err)
	}
	return out, nil
}

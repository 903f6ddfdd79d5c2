package pdf

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ismspack/ismspack/generator/fonts"
)

// truncateWhole is truncate as it was, measuring the whole string first.
func truncateWhole(s string, f *fonts.Face, size, max float64) string {
	if width(f, size, s) <= max {
		return s
	}
	rs := []rune(s)
	ell := width(f, size, "…")
	wsum := 0.0
	for i, r := range rs {
		wsum += float64(f.RuneWidth(r)) * size / 1000 * ptMM
		if wsum+ell > max {
			return string(rs[:i]) + "…"
		}
	}
	return s
}

// TestTruncateReadsOnlyWhatFits: truncate, which stops reading once the
// text is too wide, cuts every string where measuring it whole did.
func TestTruncateReadsOnlyWhatFits(t *testing.T) {
	faces, err := fonts.DejaVu()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("abcXYZ 0123 .,;—…éüß中文Ωжשא\u0301\u200b")
	for range 20000 {
		rs := make([]rune, rng.IntN(80))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		s := string(rs)
		for _, f := range []*fonts.Face{faces.Sans, faces.Bold} {
			size, max := 5+rng.Float64()*10, rng.Float64()*120
			if got, want := truncate(s, f, size, max), truncateWhole(s, f, size, max); got != want {
				t.Fatalf("truncate(%q, %.2f pt, %.2f mm) = %q, measured whole %q", s, size, max, got, want)
			}
		}
	}
}

// TestLongIDIsCutInHeaderAndFooter: a document whose ID is as long as a
// page of text has it cut short with an ellipsis in the header and in the
// pack's footer, each on one line, rather than written out on each page.
func TestLongIDIsCutInHeaderAndFooter(t *testing.T) {
	t.Parallel()
	id := "ID-" + strings.Repeat("X", 5000)
	body := "# Long\n\n" + strings.Repeat("A paragraph of words about the policy.\n\n", 300)
	m, fs := loadRepo(t, map[string]string{"content/long.md": doc(id, "Long", "approved", `["5.1(a)"]`, body)})
	dir := render(t, m, fs)
	text := runTool(t, "pdftotext", "-layout", filepath.Join(dir, "pack.pdf"), "-")
	header, footer := 0, 0
	for _, line := range strings.Split(text, "\n") {
		if len(line) > 1000 {
			t.Fatalf("a line of %d bytes: the ID is written out whole", len(line))
		}
		if strings.Contains(line, "ID-XXXX") && strings.Contains(line, "…") {
			if strings.Contains(line, "Version") {
				header++
			}
			if strings.Contains(line, " page ") {
				footer++
			}
		}
	}
	if header < 5 || footer < 5 {
		t.Errorf("the cut ID is in %d headers and %d footers, want one on each of the document's pages", header, footer)
	}
}

package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"codeberg.org/go-fonts/dejavu/dejavumathtexgyre"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// hostileBody is every shape of input that has broken PDF generators:
// characters no font has, enormous tables and words, deep nesting.
func hostileBody() string {
	var b strings.Builder
	b.WriteString("# Hostile\n\nEmoji 😀 and 👍🏽 and a family 👨‍👩‍👧, CJK 中文文本 日本語 한국어, U+1F600 \U0001F600, " +
		"a heart ❤️ with its variation selector, controls \x01\x02 and &#0; &#x110000; &#xD800; &#xFFFF;.\n\n")
	b.WriteString("Hebrew שלום and Arabic مرحبا drawn unshaped, Greek αβγ, Cyrillic жизнь.\n\n")
	b.WriteString("Long word: " + strings.Repeat("x", 2000) + " end.\n\n")
	b.WriteString("A URL with no breaks: https://example.org/" + strings.Repeat("segment-", 120) + "\n\n")
	for i := 0; i < 10; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- level " + fmt.Sprint(i+1) + " item\n")
	}
	b.WriteString("\n")
	for i := 0; i < 30; i++ {
		b.WriteString(strings.Repeat("> ", i+1) + "quote depth " + fmt.Sprint(i+1) + "\n")
	}
	b.WriteString("\n###### A heading six first\n\n# Then one\n\n#### Then four\n\n")
	// A thousand rows run to some thirty pages, enough to see the header
	// repeat; BenchmarkLayoutShapes holds the time linear in the rows.
	b.WriteString("| id | text | more |\n|---|---|---|\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "| %d | row %d with some words to wrap | %s |\n", i, i, strings.Repeat("y", i%7*10))
	}
	b.WriteString("\n| " + strings.Repeat("c | ", 40) + "\n|" + strings.Repeat("---|", 40) + "\n| " + strings.Repeat("v | ", 40) + "\n\n")
	b.WriteString("| cell |\n|---|\n| " + strings.Repeat("z", 3000) + " |\n\n")
	b.WriteString("```\n" + strings.Repeat("code line\twith tab 😀\n", 300) + "```\n\n")
	// HTML nested deeper than the parser reads is drawn as its text.
	b.WriteString(strings.Repeat("<div>", 600) + "nested too deep" + strings.Repeat("</div>", 600) + "\n\n")
	b.WriteString("![corrupt](img/corrupt.png) ![interlaced](img/interlaced.png) ![deep](img/deep.png) ![photo](img/photo.jpg) ![remote](https://example.org/x.png) ![svg](img/vector.svg)\n\n")
	b.WriteString("[broken](#no-such-anchor) [outside](../../../etc/passwd) [js](javascript:alert(1)) [other missing](missing.md)\n\n")
	b.WriteString("Footnote[^a] to nowhere[^b].\n\n[^a]: Defined.\n\n# Final heading at the very end\n")
	return b.String()
}

func encodePNG(t testing.TB, img image.Image, enc *png.Encoder) string {
	t.Helper()
	var b bytes.Buffer
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHostileInputRendersWithoutPanic(t *testing.T) {
	t.Parallel()
	deep := image.NewRGBA64(image.Rect(0, 0, 30, 30))
	for i := 0; i < 30; i++ {
		deep.Set(i, i, color.RGBA64{0xffff, 0, 0, 0xffff})
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 30, 20)), nil); err != nil {
		t.Fatal(err)
	}
	interlaced := pngOf(t, 30, 10, color.NRGBA{1, 2, 3, 255})
	// Set the interlace byte of IHDR: Go cannot decode it, fpdf refuses
	// it; either way a placeholder, never a failure.
	interlaced = interlaced[:28] + "\x01" + interlaced[29:]
	m, fs := loadRepo(t, map[string]string{
		"content/hostile.md":         doc("HOST-001", "Hostile 😀 title 中文", "review", `["5.1(a)"]`, hostileBody()),
		"content/empty.md":           doc("EMPTY-001", "", "approved", `[]`, ""),
		"content/nofm.md":            "no front matter at all, just text with 😀\n",
		"content/img/corrupt.png":    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRtruncated",
		"content/img/interlaced.png": interlaced,
		"content/img/deep.png":       encodePNG(t, deep, &png.Encoder{}),
		"content/img/photo.jpg":      jpg.String(),
		"content/img/vector.svg":     "<svg xmlns='http://www.w3.org/2000/svg'/>",
	})
	dir := render(t, m, fs)
	pack := filepath.Join(dir, "pack.pdf")
	out := runTool(t, "qpdf", "--check", pack)
	if !strings.Contains(out, "No syntax or stream encoding errors found") {
		t.Errorf("qpdf --check:\n%s", out)
	}
	text := runTool(t, "pdftotext", filepath.Join(dir, "pdf", "hostile.pdf"), "-")
	for _, want := range []string{"Emoji \uFFFD", "CJK \uFFFD", "Greek αβγ", "level 10 item", "quote depth 30", "row 999 with some words",
		"Image missing", "<div><div>", "Final heading at the very end"} {
		if !strings.Contains(text, want) {
			t.Errorf("hostile.pdf lacks %q", want)
		}
	}
	// The deep HTML's text is all there, wrapped as code is.
	if !strings.Contains(strings.ReplaceAll(text, "\n↪ ", ""), "<div>nested too deep</div>") {
		t.Error("hostile.pdf lacks the text of the HTML nested too deep")
	}
	if strings.Contains(text, "\U0001F600") {
		t.Error("a character beyond the BMP reached the PDF")
	}
	// The long word is all there, broken across lines.
	if n := strings.Count(strings.Join(strings.Fields(text), ""), strings.Repeat("x", 50)); n < 2000/50-2 {
		t.Errorf("the 2,000-character word lost characters: %d runs of 50", n)
	}
	// The long table repeats its header on every page it continues on.
	layout := runTool(t, "pdftotext", "-layout", filepath.Join(dir, "pdf", "hostile.pdf"), "-")
	if n := len(regexp.MustCompile(`(?m)^\s*id\s+text\s+more\s*$`).FindAllString(layout, -1)); n < 10 {
		t.Errorf("table header repeated %d times", n)
	}
}

func TestMissingGlyphsNamesEveryCharacterNoFontHas(t *testing.T) {
	t.Parallel()
	m, _ := loadRepo(t, map[string]string{
		"content/a.md": doc("A-1", "A", "approved", `["5.1(a)"]`, "# A\n\nfine é € text\n\nthen 😀 and 中 and 😀 again, ❤️ with VS16\n"),
	})
	gs := m.Doc("content/a.md").MissingGlyphs
	if len(gs) != 2 || gs[0].Rune != 0x1F600 || gs[0].Count != 2 || gs[1].Rune != '中' {
		t.Fatalf("missing = %+v", gs)
	}
	if gs[0].Pos.Line < 10 || gs[0].Pos.Col != 6 {
		t.Errorf("position of the emoji = %+v, want its line in the file, column 6", gs[0].Pos)
	}
}

func TestConfiguredFallbackFontDrawsWhatDejaVuLacks(t *testing.T) {
	t.Parallel()
	m, fs := loadRepoWith(t, func(c *config.Config) { c.Fonts = []string{"content/fonts/math.ttf"} }, map[string]string{
		"content/a.md":           doc("A-1", "A", "approved", `["5.1(a)"]`, "# A\n\nScript ℊ and bracket 〖x〗 but not 中.\n"),
		"content/fonts/math.ttf": string(dejavumathtexgyre.TTF),
	})
	if g := m.Doc("content/a.md").MissingGlyphs; len(g) != 1 || g[0].Rune != '中' {
		t.Errorf("missing = %+v, want only 中", g)
	}
	dir := render(t, m, fs)
	text := runTool(t, "pdftotext", filepath.Join(dir, "pdf", "a.pdf"), "-")
	if !strings.Contains(text, "Script ℊ and bracket 〖x〗 but not \uFFFD") {
		t.Errorf("a.pdf text:\n%s", text)
	}
	if f := runTool(t, "pdffonts", filepath.Join(dir, "pack.pdf")); !strings.Contains(f, "math.ttf") {
		t.Errorf("the fallback font is not embedded:\n%s", f)
	}
}

// TestPictureBombDrawsABoxWithoutDecoding: a PNG of a few hundred bytes
// declaring 20,000 × 20,000 pixels is judged from its header, gets a
// finding where the document shows it, and the pack draws a box saying
// why; nothing near the 3.2 GB its pixels would take is allocated.
func TestPictureBombDrawsABoxWithoutDecoding(t *testing.T) {
	t.Parallel()
	m, fs := loadRepo(t, map[string]string{
		"content/net.md":       doc("NET-001", "Network", "approved", `["5.1(a)"]`, "# Network\n\nAs drawn:\n\n![Network diagram](img/bomb.png)\n\nAfter the picture.\n"),
		"content/img/bomb.png": testrepo.BombPNG(20000, 20000),
	})
	var found bool
	for _, f := range fs {
		if f.Rule == "image-unusable" && f.Path == "content/net.md" && f.Line > 0 && f.Col == 1 &&
			strings.Contains(f.Message, "20000×20000") {
			found = true
		}
	}
	if !found {
		t.Errorf("no image-unusable finding at the image: %+v", fs)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	dir := render(t, m, fs)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 512<<20 {
		t.Errorf("rendering allocated %d MB: the picture's pixels were decoded", n>>20)
	}
	text := strings.Join(strings.Fields(runTool(t, "pdftotext", filepath.Join(dir, "pdf", "net.pdf"), "-")), " ")
	for _, want := range []string{"Image not shown — content/img/bomb.png declares 20000×20000 pixels", "After the picture."} {
		if !strings.Contains(text, want) {
			t.Errorf("net.pdf lacks %q:\n%s", want, text)
		}
	}
}

// The pack's appendix of characters no font draws lists what the
// glyph-missing rule reported: a document that accepts the finding, or a
// configuration that turns the rule off, leaves it out.
func TestGlyphAppendixHonoursTheRuleSettings(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"content/a.md": doc("A-1", "A", "approved", `["5.1(a)"]`, "# A\n\nThe symbol 中 is missing.\n"),
		"content/b.md": strings.Replace(doc("B-1", "B", "approved", `["5.1(b)"]`, "# B\n\nThe symbol 東 is missing.\n"),
			"---\n#", "ismspack-ignore: {glyph-missing: \"the printed pack is English only\"}\n---\n#", 1),
	}
	appendix := func(change func(*config.Config)) string {
		m, fs := loadRepoWith(t, change, files)
		text := runTool(t, "pdftotext", filepath.Join(render(t, m, fs), "pack.pdf"), "-")
		_, after, _ := strings.Cut(text, "Characters no font could draw")
		after, _, _ = strings.Cut(after, "Appendix B")
		return after
	}
	got := appendix(nil)
	if !strings.Contains(got, "content/a.md") || !strings.Contains(got, "U+4E2D") {
		t.Errorf("the appendix does not list the reported character:\n%s", got)
	}
	if strings.Contains(got, "content/b.md") || strings.Contains(got, "U+6771") {
		t.Errorf("the appendix lists a character its document accepted:\n%s", got)
	}
	if got := appendix(func(c *config.Config) { c.Severity = map[string]string{"glyph-missing": "off"} }); got != "" {
		t.Errorf("with the rule off, the pack still has the appendix:\n%s", got)
	}
}

package document

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// plainSamples are texts around the edges of what the parser without
// bare links may read: trailing white space of every kind, hard line
// breaks, escapes, entities and brackets next to spaces.
var plainSamples = []string{
	"foo bar baz\nqux  \nquux\\\nend",
	"foo \t\nbar",
	"foo\t \nbar",
	"foo    \nbar",
	"foo   \nbar",
	"foo  \r\nbar \r\nbaz\t\r\n",
	"*a* \t\nb",
	"> quoted  \t\n> more\n\n- item \t\n  more\n",
	"| a \t | b |\n|---|---|\n| c\t  | d  |\n",
	"x\\ y (z) \\( &amp; &#40; &copy (a b)\n",
	"# Heading \t  \nSetext \t \n===\n",
	"see www.example.com and http://example.com and a@b.c\n",
	"[link (x)](y.md \"t t\") ![img  x](p.png)\n",
	"{{ .Title }}  \n<%= x %> \t\n",
}

// TestPlainParseRendersAsTheFullOne: a text the parser without bare links
// may read renders to the same HTML as with the full parser.
func TestPlainParseRendersAsTheFullOne(t *testing.T) {
	files, _ := filepath.Glob("../../content/*/*.md")
	var srcs [][]byte
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			srcs = append(srcs, b)
		}
	}
	plain := 0
	for _, s := range plainSamples {
		srcs = append(srcs, []byte(s))
	}
	for _, src := range srcs {
		if plainAsLinkified(src) {
			plain++
		}
		checkPlainParse(t, src)
	}
	if plain < len(srcs)/3 {
		t.Errorf("only %d of %d texts read with the plain parser", plain, len(srcs))
	}
}

// FuzzPlainParse looks for a text plainAsLinkified admits whose HTML the
// plain parser changes.
func FuzzPlainParse(f *testing.F) {
	for _, s := range plainSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(checkPlainParse)
}

func checkPlainParse(t *testing.T, src []byte) {
	if !plainAsLinkified(src) {
		return
	}
	for _, lang := range append([]string{""}, TemplateLanguages...) {
		opt := Options{Template: lang, Organisation: "Acme"}
		var want, got bytes.Buffer
		md := Markdown()
		full, plain := parseFull(src, opt), ParseText(src, opt)
		if err := md.Renderer().Render(&want, src, full); err != nil {
			t.Fatal(err)
		}
		if err := md.Renderer().Render(&got, src, plain); err != nil {
			t.Fatal(err)
		}
		if want.String() != got.String() {
			t.Fatalf("%q (%s): the plain parser renders\n%s\nwant\n%s", src, lang, got.String(), want.String())
		}
		// The text the site reads off an AST (a title, an image's alt).
		if w, g := PlainText(full, src), PlainText(plain, src); w != g {
			t.Fatalf("%q (%s): the plain parser's text is %q, want %q", src, lang, g, w)
		}
	}
}

func parseFull(src []byte, opt Options) ast.Node {
	return parseWith(src, opt, templateResolver(opt, nil), false)
}

// BenchmarkParseText parses the example's bodies as the history page
// parses old revisions (plain) and with the full parser (full).
func BenchmarkParseText(b *testing.B) {
	files, _ := filepath.Glob("../../content/*/*.md")
	var bodies [][]byte
	for _, p := range files {
		if src, err := os.ReadFile(p); err == nil {
			bodies = append(bodies, Parse(p, src, Options{}).Body)
		}
	}
	for _, full := range []bool{true, false} {
		name := "plain"
		if full {
			name = "full"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, body := range bodies {
					if full {
						parseFull(body, Options{})
					} else {
						ParseText(body, Options{})
					}
				}
			}
		})
	}
}

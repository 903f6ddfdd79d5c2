package document

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// render renders a parsed document's body as the site does.
func render(t *testing.T, d *Document) string {
	t.Helper()
	var b bytes.Buffer
	if err := Markdown().Renderer().Render(&b, d.Body, d.AST()); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTemplateExpressionsFilledFromTheirOwnFields(t *testing.T) {
	for _, c := range []struct {
		lang, src, want string
		filled          []string
		marked          []string
	}{
		{TemplateERB, "# <%= current_page.data.title %>\n\nOwned by <%= current_page.data.owner %>; see <%= partial \"x\" %> and <%= current_page.data.missing %>.\n",
			"Owned by Head of IT; see", []string{"Access", "Head of IT"}, []string{`partial "x"`, "current_page.data.missing"}},
		{TemplateGo, "# {{ .Title }}\n\nOwned by {{ .Params.owner }}; see {{ partial \"x\" . }} and {{- .Name -}}.\n",
			"Owned by Head of IT; see", []string{"Access", "Head of IT", "Access policy"}, []string{`partial "x" .`}},
		{TemplateLiquid, "# {{ page.title }}\n\nOwned by {{ page.owner }}; see {% include x.html %} and {{ page.owner | upcase }}.\n",
			"Owned by Head of IT; see", []string{"Access", "Head of IT"}, []string{"include x.html", "page.owner | upcase"}},
		{TemplateComply, "# {{.Name}} Access\n\nOwned by {{.Owner}}.\n",
			"Acme Access", []string{"Acme"}, []string{".Owner"}},
	} {
		src := "---\ntitle: Access\nname: Access policy\nowner: Head of IT\n---\n" + c.src
		d := Parse("content/p.md", []byte(src), Options{Template: c.lang, Organisation: "Acme"})
		var filled, marked []string
		for _, tm := range d.Templates {
			if tm.Filled {
				filled = append(filled, tm.Value)
			} else {
				marked = append(marked, tm.Expr)
			}
		}
		if strings.Join(filled, "|") != strings.Join(c.filled, "|") || strings.Join(marked, "|") != strings.Join(c.marked, "|") {
			t.Errorf("%s: filled %q, marked %q; want %q and %q", c.lang, filled, marked, c.filled, c.marked)
		}
		html := render(t, d)
		if !strings.Contains(html, c.want) || strings.Contains(html, "<%") || strings.Contains(html, "{{") || strings.Contains(html, "{%") {
			t.Errorf("%s: rendered %s, want %q and no template code", c.lang, html, c.want)
		}
		if len(c.marked) > 0 && !strings.Contains(html, `<span class="template-expr" title="Template expression, not filled in: `) {
			t.Errorf("%s: no marker in %s", c.lang, html)
		}
	}
}

// TestTemplateExpressionsFilledFromTheirOwnDocument parses documents at
// once, as a load does: each expression takes its value from its own
// document's fields, never from another's parsed beside it.
func TestTemplateExpressionsFilledFromTheirOwnDocument(t *testing.T) {
	const n = 64
	got := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("---\nowner: Owner %d\n---\n# P\n\nOwned by {{ .Params.owner }}.\n", i)
			d := Parse("content/p.md", []byte(src), Options{Template: TemplateGo})
			if len(d.Templates) == 1 {
				got[i] = d.Templates[0].Value
			}
		}()
	}
	wg.Wait()
	for i, v := range got {
		if want := fmt.Sprintf("Owner %d", i); v != want {
			t.Errorf("document %d: expression filled with %q, want %q", i, v, want)
		}
	}
}

func TestTemplateExpressionsInCodeStayAsWritten(t *testing.T) {
	src := "---\nowner: Head of IT\n---\n# P\n\nWrite `<%= current_page.data.owner %>` to show the owner:\n\n```erb\nOwner: <%= current_page.data.owner %>\n```\n"
	d := Parse("content/p.md", []byte(src), Options{Template: TemplateERB})
	if len(d.Templates) != 0 {
		t.Errorf("expressions read from code: %+v", d.Templates)
	}
	html := render(t, d)
	if strings.Count(html, "&lt;%= current_page.data.owner %&gt;") != 2 || strings.Contains(html, "Head of IT") {
		t.Errorf("code changed: %s", html)
	}
}

func TestTemplateExpressionsAreTextWithoutALanguage(t *testing.T) {
	src := "---\nowner: Head of IT\n---\n# P\n\nOwned by {{ .Params.owner }}.\n"
	d := Parse("content/p.md", []byte(src), Options{})
	if len(d.Templates) != 0 || !strings.Contains(render(t, d), "{{ .Params.owner }}") {
		t.Errorf("without a template language the text must stay as written: %+v", d.Templates)
	}
}

func TestComplyNameIsTheOrganisationNotTheDocument(t *testing.T) {
	src := "name: Security Architecture Narrative\nacronym: SEN\n---\n# {{.Name}} Product Architecture\n"
	d := Parse("content/n.md", []byte(src), Options{Template: TemplateComply})
	if len(d.Templates) != 1 || d.Templates[0].Filled {
		t.Errorf("{{.Name}} without an organisation: %+v, want one marked expression", d.Templates)
	}
	d = Parse("content/n.md", []byte(src), Options{Template: TemplateComply, Organisation: "Acme"})
	if d.Title != "Acme Product Architecture" {
		t.Errorf("title %q, want Acme Product Architecture", d.Title)
	}
}

// BenchmarkParseDialects parses documents of 10,000 and 100,000 lines
// dense with every dialect (labelled lines, Markdown and HTML key/value
// tables, template expressions): the time must grow tenfold, not a
// hundredfold. Compare the two sizes' ns/op.
func BenchmarkParseDialects(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		var sb strings.Builder
		sb.WriteString("% Title\n% Author\n% 2 March 2026\n\n")
		for range n / 10 {
			sb.WriteString("**Owner:** Jane {{ .Params.owner }} and {{ partial \"x\" . }}\n- Version: 1.2\n\n| Owner | Jane |\n|---|---|\n| Version | 1.2 |\n\n<table><tr><td>Status</td><td>Draft</td></tr></table>\n\n")
		}
		src := []byte(sb.String())
		b.Run(fmt.Sprintf("lines=%d", strings.Count(sb.String(), "\n")), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for range b.N {
				d := Parse("content/big.md", src, Options{Template: TemplateGo})
				if len(d.BodyFields) == 0 {
					b.Fatal("no fields read")
				}
			}
		})
	}
}

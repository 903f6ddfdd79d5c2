package document

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/yuin/goldmark/ast"
)

// comparable returns d without what Decode does not give back as it is:
// the AST (parsed again on use) and the links' nodes and templates'
// places in it.
func comparable(d *Document) Document {
	c := *d
	c.tree, c.lazy = nil, nil
	if c.Lines != nil {
		c.Lines.Count() // indexed on first use: compared by what they hold
	}
	c.Links = nil
	for _, l := range d.Links {
		cl := *l
		cl.Node = nil
		c.Links = append(c.Links, &cl)
	}
	if d.Links != nil && c.Links == nil {
		c.Links = []*Link{}
	}
	c.Templates = nil
	for _, t := range d.Templates {
		c.Templates = append(c.Templates, &Template{Segment: t.Segment, Expr: t.Expr, Value: t.Value, Filled: t.Filled})
	}
	if d.Templates != nil && c.Templates == nil {
		c.Templates = []*Template{}
	}
	return c
}

// fill sets every field v holds, exported or not, to a value that is not
// zero, so a field the codec leaves out comes back different.
func fill(v reflect.Value, n *int, depth int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n, depth)
	case reflect.Slice:
		if depth > 2 {
			v.Set(reflect.MakeSlice(v.Type(), 0, 0)) // empty, not nil
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), n, depth+1)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), n, depth)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := 0; i < 2; i++ {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n, depth+1)
			fill(e, n, depth+1)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2000+*n, 1, 2, 0, 0, 0, 0, time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.Anonymous && f.Type.PkgPath() == "github.com/yuin/goldmark/ast" {
				continue // a template's place in the AST
			}
			fill(reflect.NewAt(f.Type, unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem(), n, depth)
		}
	case reflect.Interface:
		// a link's node, in the AST Decode does not write
	default:
		panic("fill: no value for " + v.Type().String())
	}
}

func TestParsedDocumentKeepsEveryField(t *testing.T) {
	d := &Document{}
	n := 0
	v := reflect.ValueOf(d).Elem()
	for i := 0; i < v.NumField(); i++ {
		switch v.Type().Field(i).Name {
		case "Path", "Src", "Blob", "Lines", "Body", "BodyOffset", "tree", "lazy":
			continue // the caller's, or made from Src
		}
		fill(reflect.NewAt(v.Field(i).Type(), unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem(), &n, 0)
	}
	d.Path, d.Src = "content/x.md", []byte("---\nid: x\n---\nbody\n")
	d.Lines, d.BodyOffset = NewLines(d.Src), 14
	d.Body = d.Src[14:]
	got, err := Decode(d.Path, d.Src, Encode(d), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want, got := comparable(d), comparable(got); !reflect.DeepEqual(want, got) {
		t.Errorf("decoded document differs:\n got %+v\nwant %+v", got, want)
	}
}

// parsedSamples are the documents of the example ISMS and of the checks'
// fixtures, each with the options its fixture gives, roughly.
func parsedSamples(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	files, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[p] = b
	}
	archives, _ := filepath.Glob("../../testdata/check/*.txtar")
	for _, p := range archives {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".md") || strings.HasSuffix(f.Name, ".erb") || strings.HasSuffix(f.Name, ".liquid") {
				out[p+"/"+f.Name] = f.Data
			}
		}
	}
	out["not-text.md"] = []byte("\xff\xfe#\x00 binary")
	out["empty.md"] = nil
	if len(out) < 50 {
		t.Fatalf("only %d sample documents", len(out))
	}
	return out
}

func TestDecodedDocumentIsTheParsedOne(t *testing.T) {
	opts := []Options{{}, {Template: TemplateGo, FrontMatterOptional: true, Aliases: map[string][]string{"owner": {"policy_owner"}}},
		{Template: TemplateComply, Organisation: "Acme"}, {Template: TemplateERB}, {Template: TemplateLiquid}}
	for p, src := range parsedSamples(t) {
		for _, opt := range opts {
			want := Parse(p, src, opt)
			got, err := Decode(p, src, Encode(want), opt)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if !reflect.DeepEqual(comparable(want), comparable(got)) {
				t.Errorf("%s (%+v): decoded document differs:\n got %+v\nwant %+v", p, opt, comparable(got), comparable(want))
				continue
			}
			// The AST parsed again renders as the one Parse made, and the
			// links point into it.
			var a, b bytes.Buffer
			md := Markdown()
			if err := md.Renderer().Render(&a, want.Body, want.AST()); err != nil {
				t.Fatal(err)
			}
			if err := md.Renderer().Render(&b, got.Body, got.AST()); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Errorf("%s: the AST parsed again renders otherwise:\n%s\nwant\n%s", p, b.String(), a.String())
			}
			for i, l := range got.Links {
				if reflect.TypeOf(l.Node) != reflect.TypeOf(want.Links[i].Node) || (l.Node != nil && l.Node.Pos() != want.Links[i].Node.Pos()) {
					t.Errorf("%s: link %d points at %T, want %T", p, i, l.Node, want.Links[i].Node)
				}
			}
		}
	}
}

func TestDamagedParsedDocumentIsAnError(t *testing.T) {
	src := []byte(policy)
	b := Encode(Parse("content/x.md", src, Options{}))
	for cut := 0; cut < len(b); cut++ {
		if _, err := Decode("content/x.md", src, b[:cut], Options{}); err == nil {
			t.Fatalf("a record cut at %d of %d bytes decoded", cut, len(b))
		}
	}
	if _, err := Decode("content/x.md", src, append(b, 0), Options{}); err == nil {
		t.Error("a record with a byte after it decoded")
	}
	if _, err := Decode("content/x.md", src[:10], b, Options{}); err == nil {
		t.Error("a record for longer bytes decoded")
	}
}

// TestDecodedDocumentTellsItsTitleHeadingWithoutTheAST: the site asks
// every document whether its body opens with its title; a document read
// from the cache answers as its AST would, without parsing it.
func TestDecodedDocumentTellsItsTitleHeadingWithoutTheAST(t *testing.T) {
	opened := 0
	for p, src := range parsedSamples(t) {
		want := Parse(p, src, Options{})
		got, err := Decode(p, src, Encode(want), Options{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, title := range []string{want.Title, " " + strings.ToUpper(want.Title) + " ", "not the title"} {
			// What the AST says: its first block is an H1 saying title.
			var wantID string
			wantOK := false
			if n := want.AST(); n != nil {
				if h, ok := n.FirstChild().(*ast.Heading); ok && h.Level == 1 && strings.EqualFold(PlainText(h, want.Body), strings.TrimSpace(title)) {
					wantID, wantOK = headingID(h), true
				}
			}
			h, ok := got.TitleHeading(title)
			if ok != wantOK || h.ID != wantID {
				t.Errorf("%s, title %q: TitleHeading gives %q, %v; the AST %q, %v", p, title, h.ID, ok, wantID, wantOK)
			}
			if ok {
				opened++
			}
		}
		if got.HasAST() {
			t.Errorf("%s: TitleHeading parsed the AST", p)
		}
		if !want.HasAST() || (got.AST() != nil) != (want.AST() != nil) || !got.HasAST() {
			t.Errorf("%s: HasAST does not follow the AST", p)
		}
	}
	if opened < 20 {
		t.Errorf("only %d samples open with their title", opened)
	}
}

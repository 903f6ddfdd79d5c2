package bounded

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// laughs is a YAML alias bomb: ten anchors, each a list of nine aliases
// to the one before, 9^9 values from a few hundred bytes.
func laughs() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 9), ", "))
	}
	return b.String()
}

// bombs are inputs that exhausted memory before the decoders were bounded.
var bombs = []struct {
	name   string
	syntax string
	src    string
	want   string // in the error message
	line   int
}{
	{"aliases", "yaml", laughs(), "an alias counts", 0},
	{"deep flow list", "yaml", "roles: " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n", "nested more than 64", 1},
	{"deep flow map", "yaml", "x: 1\nroles: " + strings.Repeat("{a: ", 50_000) + "1" + strings.Repeat("}", 50_000) + "\n", "nested more than 64", 2},
	{"deep block list", "yaml", "roles:\n" + strings.Repeat("- ", 5_000) + "x\n", "nested more than 64", 2},
	{"deep JSON", "json", `{"a": ` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "}", "nested more than 64", 1},
	{"deep TOML array", "toml", "a = " + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + "\n", "nested more than 64", 1},
	{"deep TOML dotted key", "toml", "x = 1\n" + strings.Repeat("a.", 50_000) + "b = 1\n", "nested more than 64", 2},
	{"deep TOML table", "toml", "[" + strings.Repeat("a.", 50_000) + "b]\n", "nested more than 64", 1},
	{"too big", "yaml", strings.Repeat("# padding\n", MaxBytes/10+1), "more than the 1048576", 1},
}

func decode(syntax, src string) error {
	switch syntax {
	case "json":
		return Scan([]byte(src), JSONSyntax)
	case "toml":
		return Scan([]byte(src), TOMLSyntax)
	}
	_, err := YAML([]byte(src))
	return err
}

// TestBombsEndInAnErrorWithinMemory runs each bomb with the heap capped
// and counts what it allocated: each must end in an error naming its line
// after a few megabytes, where they used to take gigabytes.
func TestBombsEndInAnErrorWithinMemory(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(256 << 20))
	for _, b := range bombs {
		t.Run(b.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := decode(b.syntax, b.src)
			runtime.ReadMemStats(&after)
			var be *Error
			if !errors.As(err, &be) || !strings.Contains(be.Msg, b.want) {
				t.Fatalf("err = %v, want a bounded.Error saying %q", err, b.want)
			}
			if b.line != 0 && be.Line != b.line {
				t.Errorf("error at line %d, want %d", be.Line, b.line)
			}
			if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 64 {
				t.Errorf("allocated %d MB for a %d-byte input", mb, len(b.src))
			}
		})
	}
}

func TestNestingWithinTheLimitDecodes(t *testing.T) {
	for _, c := range []struct{ syntax, src string }{
		{"yaml", "a: " + strings.Repeat("[", MaxDepth-1) + strings.Repeat("]", MaxDepth-1)},
		{"json", strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)},
		{"toml", "a = " + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)},
		{"toml", `s = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["` + "\n# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nv = 1.5\n"},
	} {
		if err := decode(c.syntax, c.src); err != nil {
			t.Errorf("%s %.40q: %v", c.syntax, c.src, err)
		}
	}
}

func TestAliasesWithinTheLimitDecode(t *testing.T) {
	src := "a: &a [x, y]\nb: [*a, *a, *a]\n"
	if _, err := YAML([]byte(src)); err != nil {
		t.Fatal(err)
	}
}

func TestSelfReferentialAliasIsAnError(t *testing.T) {
	if _, err := YAML([]byte("a: &a [x, *a]\n")); err == nil {
		t.Fatal("an alias inside its own anchor decoded")
	}
}

func TestDuplicateKeyIsAnError(t *testing.T) {
	_, err := YAML([]byte("id: a\ntitle: b\nid: c\n"))
	var be *Error
	if !errors.As(err, &be) || be.Line != 3 || !strings.Contains(be.Msg, `"id" is given twice`) {
		t.Fatalf("err = %v, want one at line 3 naming id", err)
	}
}

func TestSyntaxErrorHasLineAndColumn(t *testing.T) {
	_, err := YAML([]byte("id: X\ntitle: [unclosed\nowner: me\n"))
	var be *Error
	if !errors.As(err, &be) || be.Line < 2 {
		t.Fatalf("err = %v, want one at line 2 or later", err)
	}
}

func keys(n int) []byte {
	var b strings.Builder
	b.WriteString("severity:\n")
	for i := range n {
		fmt.Fprintf(&b, "  rule-%d: off\n", i)
	}
	return []byte(b.String())
}

// BenchmarkYAMLKeys decodes one map of many keys at two sizes: the time
// doubles with the keys (goccy/go-yaml's parser quadrupled it).
func BenchmarkYAMLKeys(b *testing.B) {
	for _, n := range []int{20_000, 40_000} {
		src := keys(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := YAML(src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkYAMLDeep decodes nesting just within the limit and far past
// it: the second is refused at the same cost per byte.
func BenchmarkYAMLDeep(b *testing.B) {
	for _, n := range []int{50_000, 100_000} {
		src := []byte("a: " + strings.Repeat("[", n) + strings.Repeat("]", n))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := YAML(src); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

// BenchmarkScanJSON scans a flat object at two sizes.
func BenchmarkScanJSON(b *testing.B) {
	for _, n := range []int{20_000, 40_000} {
		var sb strings.Builder
		sb.WriteString("{")
		for i := range n {
			fmt.Fprintf(&sb, "%q: %d,", fmt.Sprint("k", i), i)
		}
		sb.WriteString(`"z": 0}`)
		src := []byte(sb.String())
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if err := Scan(src, JSONSyntax); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

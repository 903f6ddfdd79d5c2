package cli_test

import (
	"bytes"
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/cli"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
)

// laughs is a config whose anchors each repeat the one before nine times:
// 9^9 values from about 400 bytes.
func laughs() string {
	var b strings.Builder
	b.WriteString("organisation: Acme\nroles: &a0 [x, x, x, x, x, x, x, x, x]\n")
	b.WriteString("severity:\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "  r%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", i-1), 9), ", "))
	}
	return b.String()
}

// TestDecodeBombsEndInAMessage runs `ismspack check` on repositories whose
// config or front matter is a decoding bomb, with the heap capped, and
// wants a message naming the file and line, the exit code, and a few
// megabytes allocated where each used to exhaust memory.
func TestDecodeBombsEndInAMessage(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000)
	doc := testrepo.Doc(nil, "# Policy\n")
	cases := []struct {
		name  string
		files map[string]string
		exit  int
		out   string // regexp over stdout and stderr
	}{
		{"config aliases", map[string]string{"ismspack.yaml": laughs(), "content/p.md": doc}, 2,
			`ismspack.yaml:8:12: more than 100000 values \(an alias counts`},
		{"config deep list", map[string]string{"ismspack.yaml": "organisation: Acme\nroles: " + deep + "\n", "content/p.md": doc}, 2,
			`ismspack.yaml:2:\d+: nested more than 64 levels`},
		{"front matter deep list", map[string]string{"content/p.md": strings.Replace(doc, "---\n", "---\nroles: "+deep+"\n", 1)}, 1,
			`content/p.md:2:\d+: error: front-matter-invalid: invalid YAML front matter: nested more than 64 levels`},
		{"front matter deep map", map[string]string{"content/p.md": strings.Replace(doc, "---\n", "---\nx: "+strings.Repeat("{a: ", 50_000)+"1"+strings.Repeat("}", 50_000)+"\n", 1)}, 1,
			`content/p.md:2:\d+: error: front-matter-invalid: invalid YAML front matter: nested more than 64 levels`},
		{"TOML front matter deep", map[string]string{"content/p.md": "+++\nid = \"X\"\nx = " + deep + "\n+++\n# X\n"}, 1,
			`content/p.md:3:\d+: error: front-matter-invalid: invalid TOML front matter: nested more than 64 levels`},
		{"JSON front matter deep", map[string]string{"content/p.md": ";;;\n{\"id\": \"X\",\n\"x\": " + deep + "}\n;;;\n# X\n"}, 1,
			`content/p.md:3:\d+: error: front-matter-invalid: invalid JSON front matter: nested more than 64 levels`},
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(512 << 20))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := testrepo.Make(t, testrepo.Commit{Files: c.files})
			var out bytes.Buffer
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			code := cli.Main([]string{"check", "--format", "line"}, cli.Streams{Out: &out, Err: &out, Env: map[string]string{}, Dir: r.Dir,
				Now: func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }})
			runtime.ReadMemStats(&after)
			if code != c.exit {
				t.Errorf("exit %d, want %d", code, c.exit)
			}
			if !regexp.MustCompile(c.out).Match(out.Bytes()) {
				t.Errorf("output does not match %q:\n%.2000s", c.out, out.String())
			}
			if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 200 {
				t.Errorf("allocated %d MB", mb)
			}
		})
	}
}

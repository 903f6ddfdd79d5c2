package site

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
)

// TestPlainWriterWritesWhatGoldmarkWrites: the short cut for text with
// nothing to escape changes no byte of what goldmark's writer writes.
func TestPlainWriterWritesWhatGoldmarkWrites(t *testing.T) {
	for _, s := range []string{
		"", "plain words", "a < b > c", `say "x"`, "Tom & Jerry", "&amp; &copy; &#40; &#x41; &nope;",
		`\*not emphasis\* \\ back\slash`, "nul\x00byte", "ünïcödé", "trailing \\",
	} {
		for _, raw := range []bool{false, true} {
			var want, got bytes.Buffer
			ww, gw := bufio.NewWriter(&want), bufio.NewWriter(&got)
			if raw {
				html.DefaultWriter.RawWrite(ww, []byte(s))
				plainWriter{html.DefaultWriter}.RawWrite(gw, []byte(s))
			} else {
				html.DefaultWriter.Write(ww, []byte(s))
				plainWriter{html.DefaultWriter}.Write(gw, []byte(s))
			}
			ww.Flush()
			gw.Flush()
			if got.String() != want.String() {
				t.Errorf("%q (raw %v): wrote %q, want %q", s, raw, got.String(), want.String())
			}
		}
	}
}

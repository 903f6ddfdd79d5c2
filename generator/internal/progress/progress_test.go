package progress_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/progress"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestTerminalSeesOneLineRewrittenAfterASecond(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	m := progress.New(&out, true, c.now)
	m.Stage("drawing", "PDFs", 3)
	m.Add(1)
	if out.Len() != 0 {
		t.Fatalf("drew within the first second: %q", out.String())
	}
	c.t = c.t.Add(1500 * time.Millisecond)
	m.Add(1)
	c.t = c.t.Add(10 * time.Millisecond)
	m.Add(1) // too soon to redraw
	m.Done()
	want := "\r\x1b[Kdrawing: 2 of 3 PDFs\r\x1b[K"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
	if strings.Contains(out.String(), "\n") {
		t.Error("a progress line ended with a newline, so it scrolls")
	}
}

func TestRedirectedOutputSeesNothing(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	m := progress.New(&out, false, c.now)
	c.t = c.t.Add(time.Hour)
	m.Stage("walking the history", "commits", 0)
	m.Add(100)
	m.Done()
	if out.Len() != 0 {
		t.Errorf("wrote %q to a file", out.String())
	}
	var nilMeter *progress.Meter
	nilMeter.Stage("x", "y", 1)
	nilMeter.Add(1)
	nilMeter.Done()
}

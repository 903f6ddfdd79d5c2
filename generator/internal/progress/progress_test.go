package progress_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

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

func TestStagesSideBySideShareTheLine(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	m := progress.New(&out, true, c.now)
	site, pdfs := m.Part(), m.Part()
	site.Stage("writing the site", "pages", 10)
	pdfs.Stage("drawing PDFs", "PDFs", 4)
	c.t = c.t.Add(1500 * time.Millisecond)
	site.Add(3)
	c.t = c.t.Add(200 * time.Millisecond)
	pdfs.Add(1)
	pdfs.Done()
	site.Done()
	want := "\r\x1b[Kwriting the site: 3 of 10 pages · drawing PDFs: 0 of 4 PDFs" +
		"\r\x1b[Kwriting the site: 3 of 10 pages · drawing PDFs: 1 of 4 PDFs" +
		"\r\x1b[Kwriting the site: 3 of 10 pages" + // the PDFs' stage ended: the site's alone
		"\r\x1b[K"
	if out.String() != want {
		t.Errorf("got  %q\nwant %q", out.String(), want)
	}
}

func TestPartsUsedFromManyGoroutines(t *testing.T) {
	var out bytes.Buffer
	m := progress.New(&out, true, nil)
	var wg sync.WaitGroup
	for range 4 {
		p := m.Part()
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Stage("stage", "steps", 100)
			for range 100 {
				p.Add(1)
			}
			p.Done()
		}()
	}
	wg.Wait()
}

func TestALineNeverWrapsAStandardTerminal(t *testing.T) {
	var out bytes.Buffer
	c := &clock{t: time.Unix(0, 0)}
	m := progress.New(&out, true, c.now)
	site, pdfs := m.Part(), m.Part()
	site.Stage("writing the site", "pages", 10017)
	pdfs.Stage("drawing PDFs", "PDFs", 5001)
	c.t = c.t.Add(1500 * time.Millisecond)
	site.Add(10000)
	c.t = c.t.Add(200 * time.Millisecond)
	pdfs.Add(5000)
	c.t = c.t.Add(200 * time.Millisecond)
	m.Part().Stage("a third stage with a long name, running beside them", "steps", 99999)
	for _, l := range strings.Split(out.String(), "\r\x1b[K") {
		if n := utf8.RuneCountInString(l); n > 79 {
			t.Errorf("a line of %d characters wraps an 80-column terminal: %q", n, l)
		}
	}
	if !strings.Contains(out.String(), "writing the site: 10000 of 10017 pages · drawing PDFs: 5000 of 5001 PDFs") {
		t.Errorf("the site's and the PDFs' stages do not fit whole on one line: %q", out.String())
	}
	if !strings.HasSuffix(out.String(), "…") {
		t.Errorf("a line cut short does not say so: %q", out.String())
	}
}

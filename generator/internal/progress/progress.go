// Package progress shows what a long build is doing. On a terminal, once
// a build has run for a second, one line on standard error says which
// stage it is in and how far along ("drawing PDFs: 412 of 1000"),
// rewritten in place and cleared when the stage ends. Stages that run
// side by side (see Part) share the line. Anywhere else (CI, output
// redirected) it writes nothing: the stages' own summary lines are all a
// log needs, at most one per stage.
//
// A Meter is a value passed to the stages, never package state; a nil
// *Meter shows nothing, so a stage reports progress without asking
// whether anyone is looking.
package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/ismspack/ismspack/generator/internal/clip"
)

// Meter shows the progress of one stage at a time of a build, on the
// build's line.
type Meter struct {
	l *line
	// The stage, guarded by l.mu; label is empty between stages.
	label string
	unit  string
	done  int
	total int
}

// line is the terminal line a build's meters share.
type line struct {
	w     io.Writer
	tty   bool
	now   func() time.Time
	delay time.Duration

	mu     sync.Mutex
	start  time.Time // of the build
	drawn  time.Time // last redraw
	shown  bool      // a line is on the terminal
	meters []*Meter  // the build's meter, then its parts, in the order made
	buf    strings.Builder
}

// New returns a meter writing to w; tty says whether w is a terminal.
// now is the clock (time.Now when nil).
func New(w io.Writer, tty bool, now func() time.Time) *Meter {
	if now == nil {
		now = time.Now
	}
	l := &line{w: w, tty: tty, now: now, delay: time.Second, start: now()}
	m := &Meter{l: l}
	l.meters = []*Meter{m}
	return m
}

// Part returns a meter for a stage that runs beside others: the line
// shows every running stage, in the order their meters were made.
func (m *Meter) Part() *Meter {
	if m == nil {
		return nil
	}
	p := &Meter{l: m.l}
	m.l.mu.Lock()
	defer m.l.mu.Unlock()
	m.l.meters = append(m.l.meters, p)
	return p
}

// Stage begins a stage of total steps (0 when unknown) counted in unit,
// named as a verb ("walking the history", "commits").
func (m *Meter) Stage(label, unit string, total int) {
	if m == nil || !m.l.tty {
		return
	}
	m.l.mu.Lock()
	defer m.l.mu.Unlock()
	m.label, m.unit, m.done, m.total = label, unit, 0, total
	m.l.draw(false)
}

// Add records n more steps of the stage done.
func (m *Meter) Add(n int) {
	if m == nil || !m.l.tty {
		return
	}
	m.l.mu.Lock()
	defer m.l.mu.Unlock()
	m.done += n
	m.l.draw(false)
}

// Set records the stage at done steps.
func (m *Meter) Set(done int) {
	if m == nil || !m.l.tty {
		return
	}
	m.l.mu.Lock()
	defer m.l.mu.Unlock()
	m.done = done
	m.l.draw(false)
}

// Done ends the stage: the line is cleared, or, while other stages run,
// shows them alone.
func (m *Meter) Done() {
	if m == nil || !m.l.tty {
		return
	}
	m.l.mu.Lock()
	defer m.l.mu.Unlock()
	m.label = ""
	m.l.draw(true)
}

// draw rewrites the line, at most ten times a second (unless now, when a
// stage has ended and must leave it) and only once the build has run
// for longer than the delay.
func (l *line) draw(now bool) {
	b := &l.buf
	b.Reset()
	for _, m := range l.meters {
		if m.label == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(" · ")
		}
		switch {
		case m.total > 0:
			fmt.Fprintf(b, "%s: %d of %d %s", m.label, m.done, m.total, m.unit)
		case m.done > 0:
			fmt.Fprintf(b, "%s: %d %s", m.label, m.done, m.unit)
		default:
			b.WriteString(m.label)
		}
	}
	t := l.now()
	if b.Len() == 0 {
		if l.shown {
			io.WriteString(l.w, "\r\x1b[K")
			l.shown = false
		}
		return
	}
	if t.Sub(l.start) < l.delay || (l.shown && !now && t.Sub(l.drawn) < 100*time.Millisecond) {
		return
	}
	l.drawn, l.shown = t, true
	io.WriteString(l.w, "\r\x1b[K"+clip.Runes(b.String(), width))
}

// width is how many characters a line may take: one less than the
// narrowest common terminal, for the cursor. A longer line would wrap,
// and the next redraw would clear only its last row.
const width = 79

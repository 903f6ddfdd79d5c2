// Package progress shows what a long build is doing. On a terminal, once
// a build has run for a second, one line on standard error says which
// stage it is in and how far along ("drawing PDFs: 412 of 1000"),
// rewritten in place and cleared when the stage ends. Anywhere else (CI,
// output redirected) it writes nothing: the stages' own summary lines
// are all a log needs, at most one per stage.
//
// A Meter is a value passed to the stages, never package state; a nil
// *Meter shows nothing, so a stage reports progress without asking
// whether anyone is looking.
package progress

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Meter shows one build's progress.
type Meter struct {
	w     io.Writer
	tty   bool
	now   func() time.Time
	delay time.Duration

	mu    sync.Mutex
	start time.Time // of the build
	drawn time.Time // last redraw
	shown bool      // a line is on the terminal
	label string
	unit  string
	done  int
	total int
}

// New returns a meter writing to w; tty says whether w is a terminal.
// now is the clock (time.Now when nil).
func New(w io.Writer, tty bool, now func() time.Time) *Meter {
	if now == nil {
		now = time.Now
	}
	return &Meter{w: w, tty: tty, now: now, delay: time.Second, start: now()}
}

// Stage begins a stage of total steps (0 when unknown) counted in unit,
// named as a verb ("walking the history", "commits").
func (m *Meter) Stage(label, unit string, total int) {
	if m == nil || !m.tty {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.label, m.unit, m.done, m.total = label, unit, 0, total
	m.draw()
}

// Add records n more steps of the stage done.
func (m *Meter) Add(n int) {
	if m == nil || !m.tty {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done += n
	m.draw()
}

// Set records the stage at done steps.
func (m *Meter) Set(done int) {
	if m == nil || !m.tty {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done = done
	m.draw()
}

// Done ends the stage and clears its line.
func (m *Meter) Done() {
	if m == nil || !m.tty {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.shown {
		io.WriteString(m.w, "\r\x1b[K")
		m.shown = false
	}
	m.label = ""
}

// draw rewrites the line, at most ten times a second and only once the
// build has run for longer than the delay.
func (m *Meter) draw() {
	t := m.now()
	if m.label == "" || t.Sub(m.start) < m.delay || (m.shown && t.Sub(m.drawn) < 100*time.Millisecond) {
		return
	}
	m.drawn, m.shown = t, true
	switch {
	case m.total > 0:
		fmt.Fprintf(m.w, "\r\x1b[K%s: %d of %d %s", m.label, m.done, m.total, m.unit)
	case m.done > 0:
		fmt.Fprintf(m.w, "\r\x1b[K%s: %d %s", m.label, m.done, m.unit)
	default:
		fmt.Fprintf(m.w, "\r\x1b[K%s", m.label)
	}
}

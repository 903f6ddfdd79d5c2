package fpdf

import (
	"bytes"
	"io"
)

// ismspack patch: this file is ours, not upstream's.
//
// fpdf wrote a whole PDF into one buffer and copied it to the writer
// Output was given. The pack of a large ISMS runs to tens of megabytes,
// and the buffer, grown by doubling, held up to twice that beside the
// pages being written; Output now hands the writer the PDF in chunks as
// it is written, so a PDF costs at most a chunk or two of memory beyond
// its parts, and the file is written by large writes. The bytes are the
// same.

// outChunk is how much of the PDF is held before it goes to the writer.
const outChunk = 1 << 20

// outBuffer is the PDF being written: what is not yet handed to w, and
// the length of what was. Without a writer it holds the whole PDF.
//
// A chunk is written on another goroutine while the PDF goes on being
// made: the pack's file is the last thing a warm build writes, and
// writing it took as long as making its pages' streams. One write is
// under way at a time, so the chunks reach w in order.
type outBuffer struct {
	bytes.Buffer
	w       io.Writer
	flushed int
	err     error
	// chunk is the bytes of the write under way, if busy; wrote gives
	// its error when it is done.
	chunk []byte
	busy  bool
	wrote chan error
}

// Len is the length of the PDF so far, which the xref's offsets count.
func (b *outBuffer) Len() int { return b.flushed + b.Buffer.Len() }

// spill starts writing what is held once it is a chunk or more.
func (b *outBuffer) spill() {
	if b.w == nil || b.Buffer.Len() < outChunk {
		return
	}
	b.settle()
	b.flushed += b.Buffer.Len()
	if b.err == nil {
		b.chunk = append(b.chunk[:0], b.Buffer.Bytes()...)
		if b.wrote == nil {
			b.wrote = make(chan error, 1)
		}
		w, chunk, wrote := b.w, b.chunk, b.wrote
		b.busy = true
		go func() {
			_, err := w.Write(chunk)
			wrote <- err
		}()
	}
	b.Buffer.Reset()
}

// settle waits for the write under way, if any.
func (b *outBuffer) settle() {
	if !b.busy {
		return
	}
	b.busy = false
	if err := <-b.wrote; err != nil && b.err == nil {
		b.err = err
	}
}

// flush writes everything held, once the write under way is done. After
// a write fails the rest is counted and dropped; err says why.
func (b *outBuffer) flush() {
	if b.w == nil {
		return
	}
	b.settle()
	if b.err == nil {
		_, b.err = b.w.Write(b.Buffer.Bytes())
	}
	b.flushed += b.Buffer.Len()
	b.Buffer.Reset()
}

// WriteTo writes what is held to w and empties the buffer.
func (b *outBuffer) WriteTo(w io.Writer) (int64, error) {
	n, err := b.Buffer.WriteTo(w)
	b.flushed += int(n)
	return n, err
}

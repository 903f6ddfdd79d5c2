package pdf

import (
	"bytes"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// FuzzPDFLayout draws the document's own PDF (both passes: the dry one
// that finds the characters used and the one with fonts cut to them) for
// a model of one document whose file is fuzzed (front matter and
// Markdown), seeded from the example ISMS in testdata/fuzz/FuzzPDFLayout.
// The pack draws documents with the same code and costs twice as much a
// run, so it is left out. It must not panic, fail or hang, and must make a
// whole PDF. Run it with
//
//	go test ./generator/pdf/ -run '^$' -fuzz '^FuzzPDFLayout$' -fuzztime 10m
func FuzzPDFLayout(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 256<<10 {
			t.Skip("larger than a document needs to be to find a layout bug")
		}
		r := testrepo.Make(t, testrepo.Commit{Files: testrepo.FuzzFiles(src), Message: "fuzz"})
		m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		rr, err := newRun(m, check.Run(m, check.Rules()), Provenance{})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Docs) != 1 {
			t.Fatalf("%d documents, want the fuzzed one", len(m.Docs))
		}
		type result struct {
			pdf []byte
			err error
		}
		done := make(chan result, 1)
		go func() {
			b, err := rr.document(m.Docs[0])
			done <- result{b, err}
		}()
		var res result
		select {
		case res = <-done:
		case <-time.After(2 * time.Minute):
			t.Fatalf("no PDF after 2 minutes: the layout hangs on\n%q", src)
		}
		if res.err != nil {
			t.Fatalf("drawing the document: %v", res.err)
		}
		b := res.pdf
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[max(0, len(b)-32):], []byte("%%EOF")) {
			t.Errorf("not a whole PDF (%d bytes)", len(b))
		}
	})
}

// Package pdf draws the audit pack: pack.pdf, with a cover, contents, the
// clause 5.1 matrix, the document register, one section per requirement,
// every document rendered from the same goldmark AST as the site, and
// appendices of findings and a manifest; and one PDF per document under
// pdf/.
//
// Layout is ours: text is broken into lines over styled runs measured with
// the exact widths fpdf embeds (package fonts), pages are broken by the
// flow, and fpdf only draws. In the pack, footers ("Page X of Y"), the
// contents page numbers and internal links are drawn once every page
// exists, on pages reserved for them (contents lines have a fixed height,
// so their page count is known up front): one layout pass gives final
// numbers. Every PDF, the pack and each document's, is laid out once:
// fpdf reads each face once per build, and as a PDF is written each face
// is cut down (package fonts) to the characters drawn in it, which is what
// makes a thousand small PDFs cheap. Each document is drawn once, on
// pages of its own (a part, see part.go), in parallel with the rest: its
// own PDF is the part placed alone, and the pack is put together from the
// parts, which are kept in the cache beside the documents' PDFs, so a
// warm build draws only the pack's own pages — and those section by
// section, in parallel, each placed as the pack reaches it (see
// section.go); a section whose view is unchanged since the build before
// is taken from the cache too (see sectioncache.go).
package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/internal/fpdf"
	"github.com/ismspack/ismspack/generator/internal/outfile"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/internal/progress"
	"github.com/ismspack/ismspack/generator/internal/wire"
	"github.com/ismspack/ismspack/generator/isms"
)

// PackTitle is the pack's title on the cover and in its metadata.
const PackTitle = "ISMS evidence pack — ISO/IEC 27001:2022 clause 5.1"

// Options say how to render.
type Options struct {
	// Cache, when set, holds per-document PDFs by a hash of everything
	// they are drawn from: a document whose inputs did not change since
	// an earlier build is copied, not drawn.
	Cache *cache.Cache
	// Log receives a line saying how many PDFs came from the cache.
	Log io.Writer
	// Provenance holds the operator's inputs the pack records (see
	// Provenance); the render fills in what the model decides.
	Provenance Provenance
	// Progress counts the PDFs drawn; nil shows nothing.
	Progress *progress.Meter
}

// Render writes pack.pdf and pdf/<slug>.pdf into dir. The per-document
// PDFs, the documents' parts of the pack and the pack are drawn in
// parallel; each has its own fpdf instance and shares only read-only
// fonts and images.
func Render(dir string, m *isms.Model, findings []check.Finding) error {
	return RenderWith(dir, m, findings, Options{})
}

// RenderWith is Render with options.
func RenderWith(dir string, m *isms.Model, findings []check.Finding, o Options) error {
	r, err := newRun(m, findings, o.Provenance)
	if err != nil {
		return err
	}
	shared := ""
	if o.Cache != nil {
		shared = r.shared()
		r.outKeys = outKeys(m)
		if !r.inPlace {
			r.sections = o.Cache.Store("pdfsection")
		}
	}
	// A document's PDF and its part of the pack are kept an entry each,
	// read when a document's key is asked for and never held beyond its
	// use; the cache sweeps those the build did not use, so a document's
	// PDF of an older version is dropped, not kept forever.
	pdfs := o.Cache.Store("pdf")
	var reused atomic.Int64
	// The documents' PDFs go in a few directories, made once each here
	// rather than for every document.
	made := map[string]bool{}
	for _, d := range m.Docs {
		if !filepath.IsLocal(filepath.FromSlash(d.Out.PDF)) {
			return fmt.Errorf("%s: cannot name a PDF %q", d.Path, d.Out.PDF)
		}
		sub := filepath.Dir(filepath.Join(dir, filepath.FromSlash(d.Out.PDF)))
		if !made[sub] {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return fmt.Errorf("%s: %w", d.Path, err)
			}
			made[sub] = true
		}
	}
	// Each document's part is handed to the pack, which is put together
	// on its own goroutine as the parts arrive, in order.
	n := len(m.Docs)
	parts := make([]*part, n)
	partErrs := make([]error, n)
	ready := make([]chan struct{}, n)
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	o.Progress.Stage("drawing PDFs", "PDFs", n+1)
	packDone := make(chan error, 1)
	go func() {
		err := r.packFile(filepath.Join(dir, "pack.pdf"), func(i int) (*part, error) {
			<-ready[i]
			p, err := parts[i], partErrs[i]
			parts[i] = nil // the pack holds it no longer than it needs
			return p, err
		})
		o.Progress.Add(1)
		packDone <- err
	}()
	errs := make([]error, n+1)
	parallel.Each(n, 0, func(i int) {
		d := m.Docs[i]
		defer close(ready[i])
		out := filepath.Join(dir, filepath.FromSlash(d.Out.PDF))
		key := ""
		if shared != "" {
			key = r.docInputs(shared, d)
			if data, ok := pdfs.Get(key); ok {
				if sum, p, err := decodeDocEntry(data); err == nil {
					parts[i] = p
					// The PDF itself is a plain file in the cache, linked
					// into the output rather than read and written; where
					// it cannot be, it is made from the part below, and
					// writing it reports what stood in the way.
					if pdfs.LinkFile(key, sum, out) {
						reused.Add(1)
						o.Progress.Add(1)
						return
					}
				}
			}
		}
		// A part kept with an entry whose PDF could not be put in place
		// is not drawn again: the PDF is that part placed alone.
		p, err := parts[i], error(nil)
		if p == nil {
			p, err = r.drawPart(d)
		}
		var doc []byte
		if err == nil {
			doc, err = r.alone(d, p)
		}
		parts[i], partErrs[i] = p, err
		if err == nil && key == "" {
			err = outfile.Write(out, doc)
		} else if err == nil {
			// Written once, into the cache, and linked into the output.
			if err = pdfs.PutFileAt(key, doc, out); err == nil {
				pdfs.Put(key, encodeDocEntry(doc, p))
			}
		}
		errs[i+1] = err
		o.Progress.Add(1)
	})
	errs[0] = <-packDone
	o.Progress.Done()
	if shared != "" && o.Log != nil {
		fmt.Fprintf(o.Log, "took %d of %d document PDFs from the cache\n", reused.Load(), len(m.Docs))
		if r.sections != nil {
			fmt.Fprintf(o.Log, "took %d of the pack's own sections from the cache\n", r.sectionsKept.Load())
		}
	}
	return errors.Join(errs...)
}

// docEntryFormat begins a document's cache entry.
const docEntryFormat = "ismspack document pdf and part 2"

// encodeDocEntry is a document's cache entry: the checksum of its own
// PDF, which is kept beside it as a plain file (see cache.Store.LinkFile),
// and its part of the pack.
func encodeDocEntry(doc []byte, p *part) []byte {
	pb := p.encode()
	e := wire.Writer{B: make([]byte, 0, len(pb)+128)}
	e.String(docEntryFormat)
	e.String(cache.Sum(doc))
	e.Bytes(pb)
	return e.B
}

func decodeDocEntry(b []byte) (sum string, p *part, err error) {
	d := wire.NewReader(b)
	if string(d.Bytes()) != docEntryFormat {
		return "", nil, errors.New("not a document entry of this format")
	}
	sum = string(d.Bytes())
	pb := d.Bytes()
	if err := d.Err(); err != nil {
		return "", nil, err
	}
	if d.Left() != 0 {
		return "", nil, errors.New("trailing bytes after a document entry")
	}
	p, err = decodePart(pb)
	return sum, p, err
}

// Pack draws pack.pdf alone, in memory: what verify compares a pack with.
func Pack(m *isms.Model, findings []check.Finding, prov Provenance) ([]byte, error) {
	r, err := newRun(m, findings, prov)
	if err != nil {
		return nil, err
	}
	return r.pack()
}

// packFile draws pack.pdf into the file name.
func (r *run) packFile(name string, parts func(i int) (*part, error)) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	err = r.packTo(f, parts) // fpdf writes it a megabyte at a time as it is made
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// run is what every render of one build shares, read-only once made.
type run struct {
	m        *isms.Model
	findings []check.Finding
	faces    *fonts.Set
	images   *imageSet
	missing  map[string][]fonts.Glyph
	packID   string
	date     time.Time
	prov     Provenance

	// outKeys are the documents' output names as their PDFs' cache keys
	// name them (see docInputs), made when the cache is used.
	outKeys map[*isms.Doc]string

	// parse reads a face for fpdf (fpdf.ParseUTF8Font); parsed reads
	// each face once with it.
	parse       func(family string, ttf []byte) (*fpdf.UTF8Font, error)
	parseMu     sync.Mutex
	parsedFaces map[*fonts.Face]*parsedFace
	cutMu       sync.Mutex
	cuts        map[cutKey]*fpdf.FontCut

	// inPlace draws the pack's own sections in the pack rather than
	// apart (see section): a small pack's, and for tests to compare the
	// two; drawnInPlace counts the sections the pack drew itself.
	inPlace      bool
	drawnInPlace int

	// sections keeps the pack's own sections that show a view (see
	// sectioncache.go) between builds, nil without a cache;
	// sectionsKept counts those taken from it.
	sections     *cache.Store
	sectionsKept atomic.Int64
	// facesSum is facesDigest's hash of the faces, made once.
	facesOnce sync.Once
	facesSum  []byte
}

func newRun(m *isms.Model, findings []check.Finding, prov Provenance) (*run, error) {
	faces := m.Inputs.Fonts
	if faces == nil {
		return nil, errors.New("the model was loaded without fonts")
	}
	r := &run{m: m, findings: findings, faces: faces,
		images: prepareImages(m), missing: reportedGlyphs(m, findings),
		parse: fpdf.ParseUTF8Font, parsedFaces: map[*fonts.Face]*parsedFace{}, cuts: map[cutKey]*fpdf.FontCut{}}
	r.inPlace = len(m.Docs) < sectionsApart
	r.date = m.AsOf
	if r.date.IsZero() && m.Snapshot != nil && m.Snapshot.Commit != nil {
		r.date = m.Snapshot.Commit.When
	}
	r.date = r.date.UTC()
	r.packID = PackID(m)
	r.prov = prov.fill(m, r.packID)
	return r, nil
}

// reportedGlyphs is the model's characters no font draws, less those the
// glyph-missing rule did not report or a document accepted: the appendix
// lists what the findings list, so turning the rule off or accepting it in
// a document is honoured in the pack as in the findings.
func reportedGlyphs(m *isms.Model, findings []check.Finding) map[string][]fonts.Glyph {
	type at struct {
		path      string
		line, col int
	}
	reported := map[at]bool{}
	for _, f := range findings {
		if f.Rule == check.GlyphMissing && !f.Suppressed {
			reported[at{f.Path, f.Line, f.Col}] = true
		}
	}
	out := map[string][]fonts.Glyph{}
	for _, d := range m.Docs {
		for _, g := range d.MissingGlyphs {
			if reported[at{d.Path, g.Pos.Line, g.Pos.Col}] {
				out[d.Path] = append(out[d.Path], g)
			}
		}
	}
	return out
}

// PackID is the pack's identifier: a SHA-256 over everything the pack is
// drawn from — the commit, the as-of date, the organisation, and every
// document's and image's path and git blob id, and the commit of the
// earlier ref a "Changes since" appendix compares with — so two packs
// with one identifier show the same evidence.
func PackID(m *isms.Model) string {
	h := sha256.New()
	fmt.Fprintf(h, "ismspack pack v1\n")
	if m.Snapshot != nil && m.Snapshot.Commit != nil {
		fmt.Fprintf(h, "commit %s\n", m.Snapshot.Commit.Hash)
	}
	fmt.Fprintf(h, "as-of %s\norganisation %s\n", m.AsOf.UTC().Format("2006-01-02"), m.Config.Organisation)
	for _, d := range m.Docs {
		sum := sha256.Sum256(d.Src)
		fmt.Fprintf(h, "doc %s %s %x\n", d.Path, d.Blob, sum)
	}
	assets := make([]string, 0, len(m.Assets))
	for p := range m.Assets {
		assets = append(assets, p)
	}
	sort.Strings(assets)
	for _, p := range assets {
		fmt.Fprintf(h, "file %s %s\n", p, m.Assets[p].Blob)
	}
	if m.Base != nil && m.Base.Commit != nil {
		fmt.Fprintf(h, "since %s\n", m.Base.Commit.Hash)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// docMeta is the metadata of d's own PDF. It names the document's blob and
// the commit that last changed it, not the build's commit or the pack: a
// PDF sent alone stands for one version of one document, and an unrelated
// commit leaves it, byte for byte, as it was.
func (r *run) docMeta(d *isms.Doc) pdfMeta {
	mt := r.meta(docLabel(d))
	last := ""
	if len(d.History) > 0 && d.History[0].Commit != nil {
		last = ", last changed in commit " + d.History[0].Commit.Hash
	}
	version := ""
	if d.Meta.Version != "" {
		version = " version " + d.Meta.Version
	}
	mt.subject = fmt.Sprintf("ISMS document %s%s (git blob %s%s), evidence for ISO/IEC 27001:2022 clause 5.1 as of %s", d.Path, version, d.Blob, last, r.date.Format("2006-01-02"))
	return mt
}

type pdfMeta struct {
	title, author, subject, keywords, lang string
	date                                   time.Time
	// xmp is the pack's provenance, nil for a document's own PDF.
	xmp []byte
}

func (r *run) meta(title string) pdfMeta {
	commit := ""
	if s := r.m.Snapshot; s != nil && s.Commit != nil {
		commit = s.Commit.Hash
	}
	return pdfMeta{
		title:    title,
		author:   r.m.Config.Organisation,
		subject:  fmt.Sprintf("ISMS evidence for ISO/IEC 27001:2022 clause 5.1, commit %s, as of %s, pack %s", commit, r.date.Format("2006-01-02"), r.packID),
		keywords: "ISO/IEC 27001:2022, clause 5.1, leadership and commitment, ISMS, evidence pack",
		lang:     r.m.Config.Language,
		date:     r.date,
	}
}

// renderer draws one PDF: the pack, or one document on its own.
type renderer struct {
	*run
	w *writer
	f *flow
	// cur is the document being drawn, named in errors.
	cur *isms.Doc
}

func (r *run) newRenderer(title string, pack bool) *renderer {
	meta := r.meta(title)
	if pack {
		meta.xmp = r.prov.xmp()
	}
	return r.rendererWith(meta, pack)
}

// rendererWith is newRenderer with the PDF's metadata given.
func (r *run) rendererWith(meta pdfMeta, pack bool) *renderer {
	w := newWriter(r.faces, r.images, meta)
	w.pack = pack
	if pack {
		// The pack's own pages are drawn on one goroutine, which in a
		// warm build is the last at work: their compression goes to
		// another core.
		w.pdf.SealPagesInBackground()
	}
	w.parsed = r.parsed
	w.cut = r.cut
	return &renderer{run: r, w: w, f: newFlow(w)}
}

// output finishes the PDF and returns its bytes.
func (rr *renderer) output() ([]byte, error) {
	var buf bytes.Buffer
	if err := rr.outputTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// outputTo finishes the PDF and writes it to w.
func (rr *renderer) outputTo(w io.Writer) error {
	rr.w.finish()
	return rr.w.pdf.Output(w)
}

// guard turns a panic inside fpdf or the layout into an error naming the
// document being drawn.
func (rr *renderer) guard(name string, err *error) {
	if p := recover(); p != nil {
		where := name
		if rr.cur != nil {
			where += ": drawing " + rr.cur.Path
		}
		*err = fmt.Errorf("%s: %v (please report this with the document)", where, p)
	}
}

// parsed is f read by fpdf, once per build, for every PDF to embed
// subsets of. Faces are read apart from each other: a PDF that wants one
// face does not wait while another is read for another PDF (each takes
// a few milliseconds, and a small ISMS's PDFs all start at once).
func (r *run) parsed(f *fonts.Face) (*fpdf.UTF8Font, error) {
	r.parseMu.Lock()
	p, ok := r.parsedFaces[f]
	if !ok {
		p = &parsedFace{}
		r.parsedFaces[f] = p
	}
	r.parseMu.Unlock()
	p.once.Do(func() { p.font, p.err = r.parse(strings.ToLower(f.Name), f.TTF) })
	return p.font, p.err
}

// maxCuts bounds the font cuts a build keeps in memory (a few megabytes).
const maxCuts = 256

type cutKey struct {
	f     *fonts.Face
	runes string
}

// cut is f cut down to runes (in order) and compressed. Documents often
// draw the same characters in a face (the monospaced blob ids, the bold
// labels of the control block), so each cut is made once per build and
// shared by every PDF that draws those characters. (Widening every cut
// by printable ASCII made far more of them alike, but made the
// documents' PDFs 35% larger on corpus-s and was no faster.)
func (r *run) cut(f *fonts.Face, runes []rune) (*fpdf.FontCut, error) {
	key := cutKey{f, string(runes)}
	r.cutMu.Lock()
	c, ok := r.cuts[key]
	r.cutMu.Unlock()
	if ok {
		return c, nil
	}
	ttf, gids, err := f.SubsetGlyphs(runes)
	if err != nil {
		return nil, err
	}
	c = fpdf.NewFontCut(ttf, gids)
	r.cutMu.Lock()
	defer r.cutMu.Unlock()
	if old, ok := r.cuts[key]; ok {
		return old, nil
	}
	if len(r.cuts) < maxCuts {
		r.cuts[key] = c
	}
	return c, nil
}

type parsedFace struct {
	once sync.Once
	font *fpdf.UTF8Font
	err  error
}

// standalone readies the writer for d's own PDF: links to d land in it.
// A PDF is often sent on its own, so links to any other document open
// that document's page on the site when the configuration gives site_url,
// and are plain text naming the document otherwise.
func (rr *renderer) standalone(d *isms.Doc) {
	rr.w.docs[d.Path] = true
	base := rr.m.Config.SiteURL
	if base == "" {
		return
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	rr.w.pageURL = func(t *isms.Doc, frag string) string {
		return base + (&url.URL{Path: t.Out.Page, Fragment: frag}).String()
	}
}

// docLabel is "ID Title", or the path when the document has no id.
func docLabel(d *isms.Doc) string {
	if d.Meta.ID == "" {
		return d.Title
	}
	return d.Meta.ID + "  " + d.Title
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func titleCase(s string) string {
	if s == "" || s == "—" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

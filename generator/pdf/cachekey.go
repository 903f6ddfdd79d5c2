package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/isms"
)

// docPDFFormat changes whenever what a document's PDF draws from changes:
// bump it with any change to docInputs' callers' reads.
const docPDFFormat = "ismspack document pdf 6"

// shared hashes what every document's PDF reads from the whole model:
// the configuration, the date, the fonts and every picture the documents
// show, each drawn at a size set against all the others (see
// prepareImages). Other files under the content directory are keyed by
// the links that lead to them (docInputs): a commit to a README beside
// the documents leaves their PDFs in the cache. It is "" when the
// configuration cannot be hashed, and no document's PDF is then taken
// from the cache.
func (r *run) shared() string {
	h := sha256.New()
	cfg, err := json.Marshal(r.m.Config)
	if err != nil {
		return ""
	}
	fmt.Fprintf(h, "%s\nconfig %s\ndate %s\n", docPDFFormat, cfg, r.date.Format("2006-01-02T15:04:05Z07:00"))
	fmt.Fprintf(h, "faces %x\n", r.facesDigest())
	pictures := make([]string, 0, len(r.images.byPath))
	for p := range r.images.byPath {
		pictures = append(pictures, p)
	}
	sort.Strings(pictures)
	for _, p := range pictures {
		blob := "none"
		if pic := r.m.Picture(p); pic != nil && pic.File != nil {
			blob = pic.File.Blob
		}
		fmt.Fprintf(h, "picture %q %s\n", p, blob)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// appendApproval appends what the PDF shows of an approval: the
// register's names and the signature's verdict come from the people
// register, not from the document, so they are keyed here.
func appendApproval(b []byte, a *isms.Approval) []byte {
	if a == nil {
		return append(b, "approval none\n"...)
	}
	commit := ""
	if a.Commit != nil {
		commit = a.Commit.Hash
	}
	b = append(b, "approval "...)
	for _, s := range []string{a.Version, commit, a.ClaimedBy, a.On, a.Author, a.Committer} {
		b = appendField(b, s)
	}
	return fmt.Appendf(b, "%#v\n", a.Signature)
}

// facesDigest is a hash of the faces the run draws in, each by its name
// and bytes, made once: the documents' PDFs and the pack's sections are
// all keyed by it, and hashing the fonts' megabytes took milliseconds.
func (r *run) facesDigest() []byte {
	r.facesOnce.Do(func() {
		h := sha256.New()
		fs := r.faces
		for _, f := range append([]*fonts.Face{fs.Sans, fs.Bold, fs.Oblique, fs.BoldOblique, fs.Mono}, fs.Fallbacks...) {
			if f == nil {
				io.WriteString(h, "face none\n")
				continue
			}
			fmt.Fprintf(h, "face %q %x\n", f.Name, sha256.Sum256(f.TTF))
		}
		r.facesSum = h.Sum(nil)
	})
	return r.facesSum
}

// docInputs is the cache key of d's own PDF: a hash of everything drawing
// it reads — the shared inputs, the PDF's metadata, the document (its
// blob fixes its front matter and body), its review schedule, history,
// resolved links and what it draws of the documents they lead to and of
// its backlinks (their IDs and titles, not their text), approvals and
// the characters no font draws. Whatever the document's PDF comes to show
// must be keyed here too, or a rebuild could copy a stale PDF: the cache
// tests compare a cached build with a cold one byte for byte. Two builds with one key draw the same bytes.
func (r *run) docInputs(shared string, d *isms.Doc) string {
	// Appended to one buffer, strings as their length and bytes, and
	// hashed once: a key is made for every document on every build, and
	// formatting and quoting each line took most of the CPU time of a
	// warm build's documents' PDFs.
	b := make([]byte, 0, 8192) // on the stack, and room for most documents
	b = append(b, shared...)
	b = append(b, "\nmeta "...)
	b = appendMeta(b, r.docMeta(d))
	b = append(b, "\ndoc "...)
	b = appendField(b, d.Path)
	b = appendField(b, d.Blob)
	b = appendField(b, d.Slug)
	b = appendField(b, r.outKey(d))
	b = strconv.AppendBool(b, d.Truncated)
	b = fmt.Appendf(b, "\nschedule %#v %v %s review=%s\n", d.Interval, d.IntervalErr, d.NextReview.Format(time.RFC3339), r.m.ReviewState(d))
	for _, id := range d.Requirements {
		_, ok := r.m.Framework.Item(id)
		b = append(b, "req "...)
		b = appendField(b, id)
		b = strconv.AppendBool(b, ok)
		b = append(b, '\n')
	}
	for _, rev := range d.History {
		b = append(b, "rev "...)
		if c := rev.Commit; c != nil {
			b = appendField(b, c.Hash)
			b = appendField(b, c.Author)
			b = appendField(b, c.Email)
			b = appendField(b, c.Subject)
			b = c.When.AppendFormat(b, time.RFC3339)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(c.Parents), 10)
		}
		b = append(b, ' ')
		b = appendField(b, string(rev.Action))
		b = appendField(b, rev.Path)
		b = appendField(b, rev.From)
		b = appendField(b, rev.Blob)
		b = strconv.AppendBool(b, rev.BodyChanged)
		b = append(b, '\n')
		b = appendApproval(b, rev.Approval)
	}
	for _, a := range d.Approvals {
		b = appendApproval(b, a)
	}
	for _, l := range d.Links {
		b = fmt.Appendf(b, "link %d %#v %v ", l.Kind, l.Anchor, l.Local)
		for _, s := range []string{l.Path, l.Fragment, l.URL, l.Problem} {
			b = appendField(b, s)
		}
		if l.Doc != nil {
			// What a link draws of the document it leads to: its ID (after
			// the link's text) and where its page or PDF is. Not its text,
			// so an index linking to every document does not remake every
			// PDF when it changes.
			b = append(b, " doc "...)
			b = appendField(b, l.Doc.Path)
			b = appendField(b, l.Doc.Meta.ID)
			b = appendField(b, r.outKey(l.Doc))
		}
		if l.Asset != nil {
			b = append(b, " asset "...)
			b = appendField(b, l.Asset.Path)
			b = appendField(b, l.Asset.Blob)
		}
		if l.Link != nil {
			b = append(b, " written "...)
			b = appendField(b, l.Link.Dest)
		}
		b = append(b, '\n')
	}
	for _, t := range d.Backlinks {
		// What "Referenced by" draws: the label and where it leads.
		b = append(b, "backlink "...)
		b = appendField(b, t.Path)
		b = appendField(b, docLabel(t))
		b = appendField(b, r.outKey(t))
		b = append(b, '\n')
	}
	for _, g := range d.MissingGlyphs {
		b = fmt.Appendf(b, "missing %#v\n", g)
	}
	for _, g := range r.missing[d.Path] {
		b = fmt.Appendf(b, "reported %#v\n", g)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// appendField appends s as its length and its bytes: as unambiguous as
// quoting it, and cheaper.
func appendField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	b = append(b, s...)
	return append(b, ' ')
}

// outKeys gives each document's output names as docInputs keys them,
// made once per build: every link and backlink to a document names
// them.
func outKeys(m *isms.Model) map[*isms.Doc]string {
	out := make(map[*isms.Doc]string, len(m.Docs))
	for _, d := range m.Docs {
		out[d] = fmt.Sprintf("%#v", d.Out)
	}
	return out
}

// outKey is d's output names as docInputs keys them.
func (r *run) outKey(d *isms.Doc) string {
	if k, ok := r.outKeys[d]; ok {
		return k
	}
	return fmt.Sprintf("%#v", d.Out)
}

// appendMeta appends a PDF's metadata, every field of it
// (TestMetaKeyedWhole keeps it so).
func appendMeta(b []byte, m pdfMeta) []byte {
	for _, s := range []string{m.title, m.author, m.subject, m.keywords, m.lang} {
		b = appendField(b, s)
	}
	b = m.date.AppendFormat(b, time.RFC3339Nano)
	b = append(b, " xmp "...)
	b = strconv.AppendInt(b, int64(len(m.xmp)), 10)
	b = append(b, ' ')
	return append(b, m.xmp...)
}

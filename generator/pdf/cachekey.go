package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"sort"

	"github.com/ismspack/ismspack/generator/fonts"
	"github.com/ismspack/ismspack/generator/isms"
)

// docPDFFormat changes whenever what a document's PDF draws from changes:
// bump it with any change to docInputs' callers' reads.
const docPDFFormat = "ismspack document pdf 4"

// shared hashes what every document's PDF reads from the whole model:
// the configuration, the date, the fonts and the files under the content
// directory. It is "" when the configuration cannot be hashed, and no
// document's PDF is then taken from the cache.
func (r *run) shared() string {
	h := sha256.New()
	cfg, err := json.Marshal(r.m.Config)
	if err != nil {
		return ""
	}
	fmt.Fprintf(h, "%s\nconfig %s\ndate %s\n", docPDFFormat, cfg, r.date.Format("2006-01-02T15:04:05Z07:00"))
	hashFaces(h, r)
	assets := make([]string, 0, len(r.m.Assets))
	for p := range r.m.Assets {
		assets = append(assets, p)
	}
	sort.Strings(assets)
	for _, p := range assets {
		fmt.Fprintf(h, "file %q %s\n", p, r.m.Assets[p].Blob)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hashApproval writes what the PDF shows of an approval: the register's
// names and the signature's verdict come from the people register, not
// from the document, so they are keyed here.
func hashApproval(h hash.Hash, a *isms.Approval) {
	if a == nil {
		io.WriteString(h, "approval none\n")
		return
	}
	commit := ""
	if a.Commit != nil {
		commit = a.Commit.Hash
	}
	fmt.Fprintf(h, "approval %q %s %q %q %q %q %#v\n", a.Version, commit, a.ClaimedBy, a.On, a.Author, a.Committer, a.Signature)
}

func hashFaces(h hash.Hash, r *run) {
	fs := r.faces
	for _, f := range append([]*fonts.Face{fs.Sans, fs.Bold, fs.Oblique, fs.BoldOblique, fs.Mono}, fs.Fallbacks...) {
		if f == nil {
			io.WriteString(h, "face none\n")
			continue
		}
		sum := sha256.Sum256(f.TTF)
		fmt.Fprintf(h, "face %q %x\n", f.Name, sum)
	}
}

// docInputs is the cache key of d's own PDF: a hash of everything drawing
// it reads — the shared inputs, the PDF's metadata, the document (its
// blob fixes its front matter and body), its review schedule, history,
// resolved links and the documents they lead to, backlinks, approvals and
// the characters no font draws. Whatever the document's PDF comes to show
// must be keyed here too, or a rebuild could copy a stale PDF: the cache
// tests compare a cached build with a cold one byte for byte. Two builds with one key draw the same bytes.
func (r *run) docInputs(shared string, d *isms.Doc) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\nmeta %#v\n", shared, r.docMeta(d))
	fmt.Fprintf(h, "doc %q %s %q %#v truncated=%v\n", d.Path, d.Blob, d.Slug, d.Out, d.Truncated)
	fmt.Fprintf(h, "schedule %#v %v %s review=%s\n", d.Interval, d.IntervalErr, d.NextReview.Format("2006-01-02T15:04:05Z07:00"), r.m.ReviewState(d))
	for _, id := range d.Requirements {
		_, ok := r.m.Framework.Item(id)
		fmt.Fprintf(h, "req %q %v\n", id, ok)
	}
	for _, rev := range d.History {
		c := rev.Commit
		if c != nil {
			fmt.Fprintf(h, "rev %s %q %q %q %s %d", c.Hash, c.Author, c.Email, c.Subject, c.When.Format("2006-01-02T15:04:05Z07:00"), c.Parents)
		}
		fmt.Fprintf(h, " %s %q %q %s body=%v\n", rev.Action, rev.Path, rev.From, rev.Blob, rev.BodyChanged)
		hashApproval(h, rev.Approval)
	}
	for _, a := range d.Approvals {
		hashApproval(h, a)
	}
	for _, l := range d.Links {
		fmt.Fprintf(h, "link %d %q %q %#v local=%v %q %q", l.Kind, l.Path, l.Fragment, l.Anchor, l.Local, l.URL, l.Problem)
		if l.Doc != nil {
			fmt.Fprintf(h, " doc %q %s %#v", l.Doc.Path, l.Doc.Blob, l.Doc.Out)
		}
		if l.Asset != nil {
			fmt.Fprintf(h, " asset %q %s", l.Asset.Path, l.Asset.Blob)
		}
		if l.Link != nil {
			fmt.Fprintf(h, " written %q", l.Link.Dest)
		}
		io.WriteString(h, "\n")
	}
	for _, b := range d.Backlinks {
		fmt.Fprintf(h, "backlink %q %s %#v\n", b.Path, b.Blob, b.Out)
	}
	for _, g := range d.MissingGlyphs {
		fmt.Fprintf(h, "missing %#v\n", g)
	}
	for _, g := range r.missing[d.Path] {
		fmt.Fprintf(h, "reported %#v\n", g)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Package verify answers an auditor's two questions about a pack. Is it
// genuine? It reads the provenance the pack carries, builds the pack again
// from that commit with those inputs and compares the two byte for byte
// (builds are deterministic). Is it current? It lists the documents
// changed, added or removed on a ref since the pack's commit.
package verify

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ismspack/ismspack/generator/build"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/pdf"
)

// MaxPackSize bounds the PDF verify reads.
const MaxPackSize = 1 << 30

// Options say which pack to verify against which repository.
type Options struct {
	// Pack is the PDF's path, read within MaxPackSize.
	Pack string
	// Dir is where to look for the repository.
	Dir string
	// Ref is what "current" means; empty is HEAD.
	Ref string
	// ConfigFile and Fonts are the files on disk the pack was built with,
	// when it records some: their hashes must match the record.
	ConfigFile string
	Fonts      []string
	// Tool is the installed ismspack version.
	Tool string
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Report is what verify found.
type Report struct {
	// Prov is the pack's record; zero when it could not be read.
	Prov pdf.Provenance
	// Genuine: the pack is what ismspack builds from Prov. Why says why
	// not, or how far the check went.
	Genuine bool
	Why     string
	// ByteCompared is false when the installed ismspack is another
	// version than the pack's, so only the identifier was recomputed.
	ByteCompared bool
	// Ref and RefCommit are what Changes compares the pack's commit with.
	Ref, RefCommit string
	// Changes are the documents changed, added or removed on Ref since
	// the pack's commit; Checked is false when genuineness failed first.
	Changes []Change
	Checked bool
}

// Current reports that no document changed since the pack's commit.
func (r *Report) Current() bool { return r.Checked && len(r.Changes) == 0 }

// Change is a document that differs between the pack's commit and Ref.
type Change struct {
	// Kind is changed, added, removed or moved.
	Kind string
	// Path is the document's path on Ref (its old path when removed);
	// From is its old path when moved.
	Path, From string
	ID, Title  string
	// Was and Now are the versions at the pack's commit and on Ref.
	Was, Now string
}

// Verify checks a pack. An error means verify could not tell (no
// repository, a missing commit, inputs the pack names but were not
// given); a pack that is not genuine is a Report, not an error.
func Verify(o Options) (*Report, error) {
	data, err := isms.ReadLocalFile(o.Pack, MaxPackSize)
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	prov, err := pdf.ReadProvenance(data)
	if errors.Is(err, pdf.ErrNotPDF) {
		return nil, fmt.Errorf("%s is not a PDF: give the pack.pdf ismspack built", o.Pack)
	}
	if err != nil {
		rep.Why = fmt.Sprintf("ismspack cannot read its record of how it was built: %v", err)
		return rep, nil
	}
	rep.Prov = prov
	lo, err := rebuildOptions(o, prov)
	if err != nil {
		return nil, err
	}
	r, err := build.Check(build.Options{Options: lo})
	if err != nil {
		return nil, fmt.Errorf("rebuilding the pack from commit %s: %w", short(prov.Commit), err)
	}
	m := r.Model
	if prov.Tool == o.Tool {
		rep.ByteCompared = true
		again, err := pdf.Pack(m, r.Findings, build.Provenance(build.Options{Options: lo, Tool: o.Tool}, m))
		if err != nil {
			return nil, fmt.Errorf("rebuilding the pack from commit %s: %w", short(prov.Commit), err)
		}
		if at := firstDiff(data, again); at >= 0 {
			rep.Why = fmt.Sprintf("it differs from the pack ismspack %s builds from commit %s at byte %d (the file has %d bytes, the rebuilt pack %d): it was changed after it was built", o.Tool, short(prov.Commit), at, len(data), len(again))
		} else {
			rep.Genuine = true
			rep.Why = fmt.Sprintf("byte for byte the pack ismspack %s builds from commit %s%s", o.Tool, short(prov.Commit), asOf(prov))
		}
	} else {
		id := pdf.PackID(m)
		if id != prov.PackID {
			rep.Why = fmt.Sprintf("its identifier %s is not the one recomputed from commit %s%s (%s)", prov.PackID, short(prov.Commit), asOf(prov), id)
		} else {
			rep.Genuine = true
			rep.Why = fmt.Sprintf("the identifier and the manifest recomputed from commit %s%s match the pack's; the pages themselves were not compared, since ismspack %s built it and this is %s: install %s to compare byte for byte", short(prov.Commit), asOf(prov), orDev(prov.Tool), orDev(o.Tool), orDev(prov.Tool))
		}
	}
	if err := current(o, lo, m, rep); err != nil {
		return nil, err
	}
	return rep, nil
}

// rebuildOptions are the options that load the model the pack was drawn
// from, after checking that the files the operator gave are those the
// pack records.
func rebuildOptions(o Options, p pdf.Provenance) (isms.Options, error) {
	lo := isms.Options{Dir: o.Dir, Ref: p.Commit, RefName: p.Ref, Content: p.Content, Env: map[string]string{},
		Since: p.SinceCommit, SinceName: p.Since, Log: o.Log}
	if p.AsOf != "" {
		t, ok := document.ParseDate(p.AsOf)
		if !ok {
			return lo, fmt.Errorf("%s records the as-of date %q, which is not a date", o.Pack, p.AsOf)
		}
		lo.AsOf = t
	}
	for _, kv := range p.Env {
		k, v, _ := strings.Cut(kv, "=")
		lo.Env[k] = v
	}
	switch {
	case p.Config != "" && o.ConfigFile == "":
		return lo, fmt.Errorf("%s was built with a configuration file from disk (SHA-256 %s): give that file with --config FILE", o.Pack, p.Config)
	case p.Config == "" && o.ConfigFile != "":
		return lo, fmt.Errorf("%s was built with the configuration committed in the repository: leave out --config", o.Pack)
	case o.ConfigFile != "":
		if err := sameFile("--config", o.ConfigFile, p.Config, isms.MaxConfigSize); err != nil {
			return lo, err
		}
		lo.ConfigFile = o.ConfigFile
	}
	if len(o.Fonts) != len(p.Fonts) {
		return lo, fmt.Errorf("%s was built with %d fonts from disk (--font), and %d were given: give the same fonts, in the same order (SHA-256 %s)", o.Pack, len(p.Fonts), len(o.Fonts), strings.Join(p.Fonts, ", "))
	}
	for i, f := range o.Fonts {
		if err := sameFile("--font", f, p.Fonts[i], isms.MaxFontSize); err != nil {
			return lo, err
		}
	}
	lo.Fonts = o.Fonts
	return lo, nil
}

func sameFile(flag, name, want string, max int64) error {
	b, err := isms.ReadLocalFile(name, max)
	if err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != want {
		return fmt.Errorf("%s %s is not the file the pack was built with: its SHA-256 is %s, the pack records %s", flag, name, got, want)
	}
	return nil
}

// current fills the changes on o.Ref since the pack's commit.
func current(o Options, lo isms.Options, m *isms.Model, rep *Report) error {
	ref := o.Ref
	if ref == "" {
		ref = "HEAD"
	}
	co := lo
	co.Ref, co.RefName, co.Since, co.SinceName = ref, "", "", ""
	now, err := isms.Documents(co)
	if err != nil {
		return fmt.Errorf("reading %s: %w", ref, err)
	}
	rep.Ref, rep.Checked = ref, true
	if now.Commit != nil {
		rep.RefCommit = now.Commit.Hash
	}
	was := map[string]*isms.Doc{}
	wasID := map[string]*isms.Doc{}
	for _, d := range m.Docs {
		was[d.Path] = d
		if d.Meta.ID != "" {
			wasID[d.Meta.ID] = d
		}
	}
	seen := map[string]bool{}
	for _, d := range now.Docs {
		w := was[d.Path]
		switch {
		case w != nil:
			seen[d.Path] = true
			if w.Blob != d.Blob {
				rep.Changes = append(rep.Changes, Change{Kind: "changed", Path: d.Path, ID: d.ID, Title: d.Title, Was: w.Meta.Version, Now: d.Version})
			}
		case d.ID != "" && wasID[d.ID] != nil && !pathIn(now.Docs, wasID[d.ID].Path):
			w := wasID[d.ID]
			seen[w.Path] = true
			rep.Changes = append(rep.Changes, Change{Kind: "moved", Path: d.Path, From: w.Path, ID: d.ID, Title: d.Title, Was: w.Meta.Version, Now: d.Version})
		default:
			rep.Changes = append(rep.Changes, Change{Kind: "added", Path: d.Path, ID: d.ID, Title: d.Title, Now: d.Version})
		}
	}
	for _, d := range m.Docs {
		if !seen[d.Path] {
			rep.Changes = append(rep.Changes, Change{Kind: "removed", Path: d.Path, ID: d.Meta.ID, Title: d.Title, Was: d.Meta.Version})
		}
	}
	return nil
}

func pathIn(docs []isms.BaseDoc, p string) bool {
	for _, d := range docs {
		if d.Path == p {
			return true
		}
	}
	return false
}

// firstDiff is the offset of the first byte where a and b differ, or -1.
func firstDiff(a, b []byte) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return n
	}
	return -1
}

func short(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

func asOf(p pdf.Provenance) string {
	if p.AsOf == "" {
		return ""
	}
	return " as of " + p.AsOf
}

func orDev(v string) string {
	if v == "" {
		return "(unknown version)"
	}
	return v
}

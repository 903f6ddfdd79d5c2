package pdf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ismspack/ismspack/generator/isms"
)

// Provenance is everything that shapes a pack, written into its XMP
// metadata so that `ismspack verify` can read it back and build the same
// pack again: the commit and the names the pack gives it, the as-of date,
// the identifier, the earlier ref of the changes appendix, and the inputs
// the operator gave from outside the commit (the configuration file and
// fonts by their SHA-256, the content directory and ISMSPACK_*
// variables). The theme is not recorded: it shapes the site, never the
// pack. Nothing here comes from the clock, so two builds of one commit
// still give the same bytes.
type Provenance struct {
	// Tool is the ismspack version that drew the pack.
	Tool string
	// Ref is the name the cover gives the commit; Commit its full hash.
	Ref, Commit string
	// AsOf is the as-of date (YYYY-MM-DD), empty when none was given.
	AsOf string
	// PackID is the identifier on the cover (see PackID).
	PackID string
	// Since and SinceCommit are the earlier ref of "Changes since" as
	// named and as resolved; empty without --since.
	Since, SinceCommit string
	// Content is the --content override, empty when none was given.
	Content string
	// Env are the ISMSPACK_* variables that shape the configuration,
	// KEY=VALUE, sorted.
	Env []string
	// Config is the SHA-256 of a configuration file read from disk
	// (--config), empty when it came from the commit.
	Config string
	// Fonts are the SHA-256 of the fonts read from disk (--font), in order.
	Fonts []string
}

// provenanceNS is the XML namespace of the pack's own metadata.
const provenanceNS = "https://github.com/ismspack/ismspack/ns/pack/1/"

// MaxProvenance bounds the metadata verify reads back.
const MaxProvenance = 1 << 20

// fill sets what the model decides: the commit and its name, the as-of
// date, the identifier and the earlier ref.
func (p Provenance) fill(m *isms.Model, packID string) Provenance {
	if s := m.Snapshot; s != nil {
		p.Ref = s.Ref
		if s.Commit != nil {
			p.Commit = s.Commit.Hash
		}
	}
	if !m.AsOf.IsZero() {
		p.AsOf = m.AsOf.UTC().Format("2006-01-02")
	}
	p.PackID = packID
	if b := m.Base; b != nil {
		p.Since = b.Ref
		if b.Commit != nil {
			p.SinceCommit = b.Commit.Hash
		}
	}
	return p
}

// xmp is the provenance as an XMP packet.
func (p Provenance) xmp() []byte {
	var b bytes.Buffer
	b.WriteString("<?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
	b.WriteString("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
	fmt.Fprintf(&b, "<rdf:Description rdf:about=\"\" xmlns:ismspack=%q>\n", provenanceNS)
	one := func(k, v string) {
		if v == "" {
			return
		}
		fmt.Fprintf(&b, "<ismspack:%s>", k)
		xml.EscapeText(&b, []byte(v))
		fmt.Fprintf(&b, "</ismspack:%s>\n", k)
	}
	seq := func(k string, vs []string) {
		if len(vs) == 0 {
			return
		}
		fmt.Fprintf(&b, "<ismspack:%s><rdf:Seq>", k)
		for _, v := range vs {
			b.WriteString("<rdf:li>")
			xml.EscapeText(&b, []byte(v))
			b.WriteString("</rdf:li>")
		}
		fmt.Fprintf(&b, "</rdf:Seq></ismspack:%s>\n", k)
	}
	one("tool", p.Tool)
	one("ref", p.Ref)
	one("commit", p.Commit)
	one("asOf", p.AsOf)
	one("packID", p.PackID)
	one("since", p.Since)
	one("sinceCommit", p.SinceCommit)
	one("content", p.Content)
	seq("env", p.Env)
	one("config", p.Config)
	seq("fonts", p.Fonts)
	b.WriteString("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>")
	return b.Bytes()
}

// parseXMP reads a provenance back from an XMP packet.
func parseXMP(data []byte) (Provenance, error) {
	var doc struct {
		Desc []struct {
			Tool        string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ tool"`
			Ref         string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ ref"`
			Commit      string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ commit"`
			AsOf        string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ asOf"`
			PackID      string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ packID"`
			Since       string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ since"`
			SinceCommit string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ sinceCommit"`
			Content     string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ content"`
			Env         []string `xml:"env>Seq>li"`
			Config      string   `xml:"https://github.com/ismspack/ismspack/ns/pack/1/ config"`
			Fonts       []string `xml:"fonts>Seq>li"`
		} `xml:"RDF>Description"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return Provenance{}, fmt.Errorf("its XMP metadata is not well-formed: %w", err)
	}
	for _, d := range doc.Desc {
		if d.Commit == "" {
			continue
		}
		p := Provenance{Tool: d.Tool, Ref: d.Ref, Commit: d.Commit, AsOf: d.AsOf, PackID: d.PackID,
			Since: d.Since, SinceCommit: d.SinceCommit, Content: d.Content, Env: d.Env, Config: d.Config, Fonts: d.Fonts}
		if !isHex(p.Commit) {
			return p, fmt.Errorf("its metadata names commit %q, which is not a commit hash", p.Commit)
		}
		return p, nil
	}
	return Provenance{}, fmt.Errorf("its XMP metadata carries no ismspack record")
}

func isHex(s string) bool {
	if len(s) < 40 || len(s) > 64 {
		return false
	}
	return strings.Trim(s, "0123456789abcdef") == ""
}

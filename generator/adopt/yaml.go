package adopt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/ismspack/ismspack/generator/config"
)

// YAML writes the proposal as an ismspack.yaml: every setting with the
// decision and its evidence as a comment above it, and what adopt could
// not decide at the end. The same proposal always gives the same bytes.
func (p *Proposal) YAML() []byte {
	var b bytes.Buffer
	c := func(format string, args ...any) { comment(&b, "", fmt.Sprintf(format, args...)) }
	ref := p.Ref
	if ref == "" {
		ref = "HEAD"
	}
	c("ismspack.yaml proposed by `ismspack adopt` from %s (commit %s): %s in the commit, %s read as documents.",
		ref, p.Commit.Short(), plural(p.Files, "file"), plural(p.Documents, "file"))
	c("Each setting says what it was decided from. Review it, commit it, then run ismspack check.")
	b.WriteString("\n")

	if p.Organisation != "" {
		c("%s", p.OrganisationWhy)
		fmt.Fprintf(&b, "organisation: %s\n\n", q(p.Organisation))
	}

	for _, w := range p.ContentWhy {
		c("%s", w)
	}
	fmt.Fprintf(&b, "content: %s\n\n", q(p.Content))

	for _, d := range p.Include {
		c("include %s: %s", d.Pattern, d.Why)
	}
	b.WriteString("include: " + list(patterns(p.Include)) + "\n")
	if len(p.Exclude) > 0 {
		b.WriteString("exclude:\n")
		for _, d := range p.Exclude {
			comment(&b, "  ", "exclude "+d.Pattern+": "+d.Why)
			fmt.Fprintf(&b, "  - %s\n", q(d.Pattern))
		}
	}
	b.WriteString("\n")

	if p.Template != "" && configAccepts("template") {
		c("%s", p.TemplateWhy)
		fmt.Fprintf(&b, "template: %s\n\n", p.Template)
	}

	if p.FrontMatterOptional {
		c("%s", p.FrontMatterWhy)
		b.WriteString("front_matter: optional\n\n")
	}

	if len(p.Aliases) > 0 {
		c("Fields the documents give under other names, each read as the field:")
		b.WriteString("aliases:\n")
		for _, a := range p.Aliases {
			comment(&b, "  ", a.Why)
			fmt.Fprintf(&b, "  %s: [%s]\n", a.Field, q(a.Key))
		}
		b.WriteString("\n")
	}
	var found []string
	for _, f := range p.Fields {
		if f.Found > 0 {
			found = append(found, fmt.Sprintf("%s %d (%s)", f.Field, f.Found, f.From))
		}
	}
	if len(found) > 0 {
		c("Fields found, of %d documents: %s.", p.Documents, strings.Join(found, ", "))
		b.WriteString("\n")
	}

	if len(p.Roles) > 0 {
		c("%s", p.RolesWhy)
		b.WriteString("roles: " + list(p.Roles) + "\n\n")
	}

	if len(p.LinkRoots) > 0 {
		c("Links written as the published site's paths, in %s, lead to the files they were made from:", plural(p.LinkDocs, "document"))
		b.WriteString("links:\n  roots:\n")
		for _, r := range p.LinkRoots {
			comment(&b, "    ", r.Why)
			fmt.Fprintf(&b, "    %s: %s\n", q(r.Prefix), q(r.Dir))
		}
		b.WriteString("\n")
	}

	if len(p.Frameworks) > 0 {
		c("Requirement sets in use:")
		for _, w := range p.FrameworksWhy {
			c("- %s", w)
		}
		b.WriteString("frameworks: " + list(p.Frameworks) + "\n\n")
	}

	if len(p.Map) > 0 {
		c("Requirements for documents whose title names one:")
		b.WriteString("map:\n")
		for _, m := range p.Map {
			comment(&b, "  ", m.Path+": "+m.Why)
			fmt.Fprintf(&b, "  %s: %s\n", q(m.Path), list(m.IDs))
		}
		b.WriteString("\n")
	} else {
		c("map: no document names a clause 5.1 item in its title, so no requirement is mapped; map documents to the items they evidence here (see README), or every item stays a coverage gap.")
		b.WriteString("\n")
	}

	notes := p.Notes
	if p.Template != "" && !configAccepts("template") {
		notes = append([]string{p.TemplateWhy + " (this version of ismspack has no template setting yet)"}, notes...)
	}
	if len(notes) > 0 {
		c("Seen in the documents:")
		for _, n := range notes {
			c("- %s", n)
		}
		b.WriteString("\n")
	}
	if len(p.Undecided) > 0 {
		c("Not decided: set these by hand.")
		for _, u := range p.Undecided {
			c("- %s", u)
		}
	}
	return bytes.TrimRight(b.Bytes(), "\n")
}

// configAccepts reports whether ismspack.yaml has the top-level key, so
// a proposal never holds a key the configuration refuses.
func configAccepts(key string) bool {
	t := reflect.TypeFor[config.Config]()
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag == key {
			return true
		}
	}
	return false
}

// comment writes text as comment lines under indent, wrapped at about 78
// columns, with anything that could end a comment made harmless: what the
// repository's files say reaches the file only inside comments or quoted.
func comment(b *bytes.Buffer, indent, text string) {
	text = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return ' '
		}
		return r
	}, text)
	words := strings.Fields(text)
	line := indent + "#"
	for _, w := range words {
		if len(line)+1+len(w) > 78 && len(line) > len(indent)+1 {
			b.WriteString(line + "\n")
			line = indent + "#  "
		} else {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
}

// q quotes a string for YAML. JSON's double-quoted strings are YAML's.
func q(s string) string {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func list(items []string) string {
	qs := make([]string, len(items))
	for i, s := range items {
		qs[i] = q(s)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

func patterns(ds []Decision) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Pattern
	}
	return out
}

package adopt

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
)

// synonyms are the names repositories give each schema field, normalised
// (lower case, words joined by _). A key or label is proposed as an alias
// when it is one of these, or when its words hold the field's own word,
// and its values are of the field's kind in most documents.
var synonyms = map[string][]string{
	"id":              {"slug", "acronym", "doc_id", "document_id", "document_number", "doc_number", "policy_id", "policy_number", "reference", "ref", "identifier", "code"},
	"title":           {"name", "policy_name", "document_name", "document_title", "policy_title", "heading"},
	"owner":           {"author", "maintainer", "owned_by", "responsible", "accountable", "custodian", "steward"},
	"version":         {"rev", "revision", "ver", "version_number", "document_version", "policy_version"},
	"status":          {"state", "approval_status", "document_status", "policy_status"},
	"classification":  {"confidentiality", "sensitivity", "security_classification", "data_classification", "information_classification"},
	"type":            {"kind", "category", "doc_type", "document_type", "policy_type"},
	"approved_by":     {"approver", "signed_off_by", "authorised_by", "authorized_by", "approval_by"},
	"approved_on":     {"approval_date", "date_approved", "approved_date", "approved_at", "date_of_approval", "signed_off_on"},
	"last_reviewed":   {"last_updated", "updated", "last_update", "last_review", "last_review_date", "reviewed", "reviewed_on", "review_date", "date_reviewed", "last_modified", "modified", "effective_date", "effective", "date"},
	"review_interval": {"review_cycle", "review_frequency", "review_period", "review_every"},
	"requirements":    {"controls", "clauses", "iso_controls"},
}

// word is the word of a field that, inside a longer key (owner_slack,
// policy_owner, document_version), says the key carries it.
var word = map[string]string{
	"id": "id", "title": "title", "owner": "owner", "version": "version", "status": "status",
	"classification": "classification", "approved_by": "approver", "review_interval": "interval",
}

// norm writes a key or label as synonyms lists them.
func norm(s string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		if r == '_' || r == '-' || r == ' ' || r == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('_')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// score says how strongly a key's name suggests a field: 2 for a
// synonym, 1 for a longer name holding the field's word, 0 for neither.
func score(field, key string) int {
	k := norm(key)
	if slices.Contains(synonyms[field], k) {
		return 2
	}
	if w, ok := word[field]; ok && slices.Contains(strings.Split(k, "_"), w) && k != w {
		return 1
	}
	return 0
}

// candidate is a front-matter key or a body label, with its values.
type candidate struct {
	key    string // as written (first spelling seen)
	body   bool   // a labelled line in the text
	values []string
	files  int
}

// fits reports whether value is of the field's kind.
func fits(spec document.Spec, v string) bool {
	v = strings.TrimSpace(v)
	if v == "" {
		return false
	}
	switch spec.Type {
	case document.DateType:
		_, ok := document.ParseDate(v)
		return ok
	case document.VersionType:
		_, _, ok := document.ParseVersion(v)
		return ok
	case document.EnumType:
		return slices.Contains(spec.Values, strings.ToLower(v))
	case document.DurationType:
		_, err := config.ParseDuration(v)
		return err == nil
	case document.ListType:
		return true
	}
	l := strings.ToLower(v)
	return l != "true" && l != "false" && len(v) <= 200
}

// origin says where the reader found field in d, "" when it did not.
func origin(d *document.Document, field string) string {
	if _, ok := d.Meta.Declared(field); ok {
		return "revision history"
	}
	if f, ok := d.Meta.FieldFor(field); ok {
		if f.Origin == document.FromFrontMatter {
			return "front matter " + f.Key
		}
		return f.Origin.String() + " " + strings.TrimPrefix(f.Key, document.BodyAlias)
	}
	if field == "requirements" && len(d.Meta.Requirements) > 0 {
		return "front matter requirements"
	}
	return ""
}

// chooseFields finds, per schema field, whether ismspack already reads it
// from most documents (front matter, labelled lines, key/value tables,
// revision history), and otherwise which of their keys or labelled lines
// carries it, proposed as an alias.
func (in *inspection) chooseFields() {
	p := in.p
	n := len(in.docs)
	if n == 0 {
		return
	}
	own := map[string]int{}
	keys := map[string]*candidate{}
	var order []string
	add := func(key string, body bool, v string) {
		k := norm(key)
		if body {
			k = "body:" + k
		}
		c := keys[k]
		if c == nil {
			c = &candidate{key: key, body: body}
			keys[k] = c
			order = append(order, k)
		}
		c.files++
		c.values = append(c.values, v)
	}
	known := knownLabels()
	for _, d := range in.docs {
		for _, spec := range document.Fields {
			if origin(d, spec.Name) != "" {
				own[spec.Name]++
			}
		}
		for _, f := range d.Fields {
			if document.IsField(f.Key) {
				continue
			}
			v := f.Value
			if f.Kind == document.List {
				v = strings.Join(f.List, ", ")
			} else if f.Kind != document.Scalar {
				continue
			}
			add(f.Key, false, v)
		}
		for _, l := range labels(d) {
			if !known[norm(l.label)] { // those the reader reads already
				add(l.label, true, l.value)
			}
		}
	}
	sort.Strings(order)
	used := map[string]bool{}
	for _, spec := range document.Fields {
		if own[spec.Name]*2 >= n {
			continue // read from most documents as it is
		}
		var best *candidate
		bestScore, bestFit := 0, 0
		for _, k := range order {
			c := keys[k]
			s := score(spec.Name, c.key)
			if s == 0 || used[k] {
				continue
			}
			fit := 0
			for _, v := range c.values {
				if fits(spec, v) {
					fit++
				}
			}
			// Most of its values must be of the field's kind, and it must
			// be in a fair share of the documents.
			if fit*5 < len(c.values)*4 || c.files*4 < n {
				continue
			}
			if spec.Name == "id" && !distinct(c.values) {
				continue // ids must tell documents apart
			}
			if best == nil || fit > bestFit || (fit == bestFit && s > bestScore) {
				best, bestScore, bestFit = c, s, fit
			}
		}
		if best == nil {
			continue
		}
		k := norm(best.key)
		key := best.key
		if best.body {
			k = "body:" + k
			key = document.BodyAlias + best.key
		}
		used[k] = true
		why := fmt.Sprintf("%s ← %s: found in %d of %d documents", spec.Name, key, best.files, n)
		if ex := example(best.values); ex != "" {
			why += ", e.g. " + ex
		}
		if bestScore == 2 {
			why += "; a name repositories give " + spec.Name
		} else {
			why += "; its name holds " + word[spec.Name]
		}
		p.Aliases = append(p.Aliases, Alias{Field: spec.Name, Key: key, Why: why})
	}
}

// knownLabels are the labels the reader matches by itself, normalised.
func knownLabels() map[string]bool {
	out := map[string]bool{}
	for _, spec := range document.Fields {
		out[norm(spec.Name)] = true
		for _, l := range spec.Labels {
			out[norm(l)] = true
		}
	}
	return out
}

// final reads the documents as the proposal would, with its aliases, and
// counts what is found: the fields per field and where from, and the
// owners for the roles register.
func (in *inspection) final() {
	p := in.p
	aliases := map[string][]string{}
	for _, a := range p.Aliases {
		aliases[a.Field] = append(aliases[a.Field], a.Key)
	}
	owners := map[string]int{}
	found := map[string]int{}
	noFM, inText := 0, 0
	from := map[string]map[string]int{}
	for i, d := range in.docs {
		if len(aliases) > 0 {
			d = document.Parse(d.Path, d.Src, document.Options{Aliases: aliases})
			in.docs[i] = d
		}
		for _, spec := range document.Fields {
			o := origin(d, spec.Name)
			if o == "" {
				continue
			}
			found[spec.Name]++
			if from[spec.Name] == nil {
				from[spec.Name] = map[string]int{}
			}
			from[spec.Name][o]++
		}
		if o := strings.TrimSpace(d.Meta.Owner); o != "" {
			owners[o]++
		}
		if d.Format == document.NoFrontMatter {
			noFM++
			if len(d.BodyFields) > 0 || len(d.RevisionRows) > 0 {
				inText++
			}
		}
	}
	if inText > 0 {
		p.FrontMatterOptional = true
		p.FrontMatterWhy = fmt.Sprintf("front_matter optional: %d of %d documents have no front matter, and %d of those give control fields in the text (labelled lines, key/value or revision tables), read in its place; one with neither is still front-matter-missing", noFM, len(in.docs), inText)
	} else if noFM > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("%s no front matter and no control field in the text: each is front-matter-missing", plural(noFM, "document has")))
	}
	var missing []string
	for _, spec := range document.Fields {
		ff := FieldFinding{Field: spec.Name, Found: found[spec.Name]}
		var parts []string
		for _, o := range slices.Sorted(mapKeys(from[spec.Name])) {
			parts = append(parts, fmt.Sprintf("%s %d", o, from[spec.Name][o]))
		}
		ff.From = strings.Join(parts, ", ")
		p.Fields = append(p.Fields, ff)
		if ff.Found == 0 {
			missing = append(missing, spec.Name)
		}
	}
	if len(missing) > 0 {
		p.Undecided = append(p.Undecided, fmt.Sprintf("fields in no document, under their names, a label or a key like them: %s; add them to the documents, or alias the keys that carry them", strings.Join(missing, ", ")))
	}
	in.chooseRoles(owners)
}

func distinct(vs []string) bool {
	seen := map[string]bool{}
	for _, v := range vs {
		if seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

// example quotes the most common value, short.
func example(vs []string) string {
	count := map[string]int{}
	for _, v := range vs {
		count[v]++
	}
	best := ""
	for _, v := range slices.Sorted(mapKeys(count)) {
		if best == "" || count[v] > count[best] {
			best = v
		}
	}
	if len([]rune(best)) > 40 {
		best = string([]rune(best)[:40]) + "…"
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("%q", best)
}

// label is a labelled line of a document's text.
type label struct{ label, value string }

// labelLine matches "- **Label:** value", "**Label**: value" and
// "Label: value" lines, as people write document control in the text.
var labelLine = regexp.MustCompile(`^[ \t]*(?:[-*+][ \t]+)?(?:\*\*([^*\n:]{1,40}):?\*\*:?|([A-Z][A-Za-z /-]{0,30}):)[ \t]*(\S[^\n]*?)[ \t]*$`)

// labels returns the labelled lines of d's text, the first of each label.
func labels(d *document.Document) []label {
	var out []label
	seen := map[string]bool{}
	for _, line := range strings.Split(string(d.Body), "\n") {
		m := labelLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		l := strings.TrimSpace(m[1] + m[2])
		if k := norm(l); !seen[k] && len(strings.Fields(l)) <= 4 {
			seen[k] = true
			out = append(out, label{l, strings.Trim(strings.TrimSpace(m[3]), "*_")})
		}
	}
	return out
}

// chooseRoles proposes the owners found as the roles register, when there
// are few: the owner rule then reports a new, misspelt owner.
func (in *inspection) chooseRoles(count map[string]int) {
	p := in.p
	if len(count) == 0 {
		p.Undecided = append(p.Undecided, "roles: no owner found, so no roles register is proposed; list the roles that own documents under roles:")
		return
	}
	names := slices.Sorted(mapKeys(count))
	if len(names) > 12 {
		p.Undecided = append(p.Undecided, fmt.Sprintf("roles: %d different owners found, too many to be a roles register; list the roles that own documents under roles:", len(names)))
		return
	}
	p.Roles = names
	var parts []string
	for _, o := range names {
		parts = append(parts, fmt.Sprintf("%s in %d", o, count[o]))
	}
	p.RolesWhy = fmt.Sprintf("roles: the %s found (%s of %d documents); the owner rule then reports any other", plural(len(names), "owner"), strings.Join(parts, ", "), len(in.docs))
}

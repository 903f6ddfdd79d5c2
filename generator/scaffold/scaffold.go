// Package scaffold writes a new ISMS repository: the configuration, the
// clause 5.1 document set as drafts to fill in, CI files and a README. The
// templates are embedded, so `ismspack init` needs nothing but the binary.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"
)

//go:embed all:templates
var templates embed.FS

// Options are what `ismspack init` was told. Empty fields are written as
// values marked for the user to fill in.
type Options struct {
	Organisation string
	Roles        []string
	Leaders      []string
	// Date is the day written as last_reviewed.
	Date time.Time
}

// Doc is one document of the set: the front matter init writes, the body
// coming from the template of the same path.
type Doc struct {
	Path, ID, Title, Type, Owner string
	Requirements                 []string
}

// Docs is the clause 5.1 document set, each mapped to the items it
// evidences. Owners are suggestions among DefaultRoles.
var Docs = []Doc{
	{"content/policies/information-security-policy.md", "ISMS-POL-001", "Information Security Policy", "policy", ceo, reqs("a", "b", "d", "g")},
	{"content/plans/information-security-objectives.md", "ISMS-OBJ-001", "Information Security Objectives", "plan", ism, reqs("a", "e")},
	{"content/policies/roles-and-responsibilities.md", "ISMS-RAC-001", "Information Security Roles and Responsibilities", "policy", ceo, reqs("b", "f", "h")},
	{"content/plans/resource-plan.md", "ISMS-RES-001", "ISMS Resource Plan", "plan", ceo, reqs("b", "c")},
	{"content/plans/communication-plan.md", "ISMS-COM-001", "Information Security Communication Plan", "plan", ism, reqs("d", "f", "h")},
	{"content/policies/awareness-and-training-policy.md", "ISMS-TRN-001", "Security Awareness and Training Policy", "policy", people, reqs("d", "f")},
	{"content/registers/competency-matrix.md", "ISMS-CMP-001", "Information Security Competency Matrix", "register", people, reqs("c", "f")},
	{"content/processes/management-review-terms-of-reference.md", "ISMS-MRT-001", "Management Review Terms of Reference", "process", ism, reqs("c", "e", "g")},
	{"content/records/management-review-minutes-template.md", "ISMS-MRM-001", "Management Review Minutes", "minutes", ism, reqs("c", "e", "g", "h")},
	{"content/policies/continual-improvement-policy.md", "ISMS-CIP-001", "Continual Improvement Policy", "policy", ism, reqs("e", "g")},
	{"content/registers/corrective-action-log.md", "ISMS-CAL-001", "Corrective Action Log", "register", ism, reqs("e", "g")},
	{"content/plans/internal-audit-plan.md", "ISMS-IAP-001", "Internal Audit Plan", "plan", ism, reqs("b", "e")},
	{"content/registers/context-of-the-organisation.md", "ISMS-CTX-001", "Context of the Organisation", "register", ceo, reqs("a", "b")},
}

const (
	ceo    = "Chief Executive Officer"
	ism    = "Information Security Manager"
	people = "Head of People"
)

// DefaultRoles and DefaultLeaders are written, marked to fill in, when
// init is given no --role or --leader.
var (
	DefaultRoles   = []string{ceo, ism, people, "Head of IT"}
	DefaultLeaders = []string{ceo}
)

func reqs(items ...string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = "5.1(" + it + ")"
	}
	return out
}

// ownerPlaceholder stands in for an owner init cannot choose: the
// suggested role is not among the roles the user named.
const ownerPlaceholder = "[Add the owning role from ismspack.yaml]"

// data is what the templates see.
type data struct {
	Organisation                                string
	OrganisationGiven, RolesGiven, LeadersGiven bool
	Roles, Leaders                              []string
}

// ExistsError names the files init would have overwritten; it wrote
// nothing.
type ExistsError struct{ Paths []string }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("%s already exist%s", strings.Join(e.Paths, ", "), map[bool]string{true: "s", false: ""}[len(e.Paths) == 1])
}

// Files renders every file of a new ISMS, keyed by slash path.
func Files(o Options) (map[string][]byte, error) {
	d := data{Organisation: o.Organisation, Roles: o.Roles, Leaders: o.Leaders,
		OrganisationGiven: o.Organisation != "", RolesGiven: len(o.Roles) > 0, LeadersGiven: len(o.Leaders) > 0}
	if !d.OrganisationGiven {
		d.Organisation = "[Your organisation]"
	}
	if !d.RolesGiven {
		d.Roles = DefaultRoles
	}
	if !d.LeadersGiven {
		d.Leaders = DefaultLeaders
	}
	for _, l := range d.Leaders {
		if !slices.Contains(d.Roles, l) {
			d.Roles = append(d.Roles, l)
		}
	}
	files := map[string][]byte{}
	err := fs.WalkDir(templates, "templates", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		src, err := templates.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "templates/")
		t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"yaml": quote}).Parse(string(src))
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		files[name] = b.Bytes()
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, doc := range Docs {
		body, ok := files[doc.Path]
		if !ok {
			return nil, fmt.Errorf("no template for %s", doc.Path)
		}
		owner := doc.Owner
		if !slices.Contains(d.Roles, owner) {
			owner = ownerPlaceholder
		}
		files[doc.Path] = append(FrontMatter(doc.ID, doc.Title, doc.Type, owner, o.Date, doc.Requirements), body...)
	}
	return files, nil
}

// FrontMatter is the front matter of a new draft document, version 0.1.
func FrontMatter(id, title, typ, owner string, date time.Time, requirements []string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "---\nid: %s\ntitle: %s\nowner: %s\nversion: \"0.1\"\nstatus: draft\nclassification: internal\ntype: %s\n",
		id, quote(title), quote(owner), typ)
	fmt.Fprintf(&b, "last_reviewed: %s\nreview_interval: 12m\n", date.Format("2006-01-02"))
	if len(requirements) > 0 {
		q := make([]string, len(requirements))
		for i, r := range requirements {
			q[i] = `"` + r + `"`
		}
		fmt.Fprintf(&b, "requirements: [%s]\n", strings.Join(q, ", "))
	}
	b.WriteString("---\n\n")
	return []byte(b.String())
}

// quote writes s as a YAML double-quoted string when plain would change
// its meaning.
func quote(s string) string {
	if s != "" && !strings.ContainsAny(s, ":#[]{}&*!|>'\"%@`,\\") && strings.TrimSpace(s) == s {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// Write writes files under dir, creating folders, and refuses with an
// *ExistsError before writing anything if any of them exists.
func Write(dir string, files map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if err := refuseExisting(dir, files); err != nil {
		return nil, err
	}
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, err
		}
		_, err = f.Write(files[n])
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
	}
	return names, nil
}

func sortStrings(s []string) { sort.Strings(s) }

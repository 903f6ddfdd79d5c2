package scaffold

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/source"
)

// NewOptions say what document `ismspack new` writes.
type NewOptions struct {
	// Root is the repository's working tree; Content the content
	// directory relative to it.
	Root, Content string
	Type, Title   string
	// Owner is written as the owner; empty writes a placeholder.
	Owner string
	// Prefix, when set, is the id prefix (ISMS-POL-) instead of the one
	// derived from the documents of that type.
	Prefix string
	// Aliases are the configuration's field aliases, so adopted
	// repositories' ids and types are read.
	Aliases map[string][]string
	// Select decides which files are documents (the configuration's
	// include and exclude); nil reads Markdown files under Content.
	Select *source.Selector
	Date   time.Time
}

// NewDoc is the document New wrote.
type NewDoc struct {
	// Path is slash-separated, relative to Root.
	Path, ID string
}

var idRE = regexp.MustCompile(`^(.*?)(\d+)$`)

// typeCodes are the id codes for common types when the documents of a
// type do not agree on one (the example's policies are POL, TRN, RAC…).
var typeCodes = map[string]string{
	"policy": "POL", "plan": "PLN", "process": "PRC", "procedure": "PRO", "record": "REC",
	"register": "REG", "minutes": "MIN", "standard": "STD", "guideline": "GDL",
}

// New writes a draft document of type typ with the next free id for the
// type's prefix, in the folder where documents of that type live. It
// reads the working tree, so documents not yet committed count too.
func New(o NewOptions) (*NewDoc, error) {
	if strings.TrimSpace(o.Title) == "" {
		return nil, fmt.Errorf("the title is empty")
	}
	typ := strings.ToLower(strings.TrimSpace(o.Type))
	if typ == "" || strings.ContainsAny(typ, "/\\:\"'") {
		return nil, fmt.Errorf("type %q is not a word such as policy, plan or register", o.Type)
	}
	sel := o.Select
	if sel == nil {
		sel = source.Markdown(o.Content)
	}
	docs, err := scan(o.Root, o.Content, sel, o.Aliases)
	if err != nil {
		return nil, err
	}
	prefix, width := o.Prefix, 3
	if prefix == "" {
		prefix = prefixFor(docs, typ)
	}
	next := 1
	for _, d := range docs {
		if m := idRE.FindStringSubmatch(d.id); m != nil && m[1] == prefix {
			n, _ := strconv.Atoi(m[2])
			if n >= next {
				next = n + 1
			}
			width = max(width, len(m[2]))
		}
	}
	id := fmt.Sprintf("%s%0*d", prefix, width, next)
	rel := path.Join(folderFor(docs, typ, o.Content), slug(o.Title)+".md")
	abs := filepath.Join(o.Root, filepath.FromSlash(rel))
	if _, err := os.Lstat(abs); err == nil {
		return nil, &ExistsError{Paths: []string{rel}}
	}
	owner := o.Owner
	if owner == "" {
		owner = ownerPlaceholder
	}
	body := fmt.Sprintf("# %s\n\n## Purpose\n\n[Add what this document is for and who it is for.]\n\n## Scope\n\n[Add what it covers and what it leaves out.]\n\n## Content\n\n[Add the body of the document.]\n", o.Title)
	src := append(FrontMatter(id, o.Title, typ, owner, o.Date, nil), body...)
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(src)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return &NewDoc{Path: rel, ID: id}, nil
}

type existing struct{ path, id, typ string }

// scan reads the id and type of every document under content on disk.
func scan(root, content string, sel *source.Selector, aliases map[string][]string) ([]existing, error) {
	var out []existing
	dir := filepath.Join(root, filepath.FromSlash(content))
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if e.IsDir() {
			if strings.HasPrefix(e.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if !sel.IsDocument(rel) {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r := document.ParseRevision(rel, src, document.Options{Aliases: aliases}, "id", "type")
		out = append(out, existing{path: rel, id: r.Values["id"], typ: strings.ToLower(r.Values["type"])})
		return nil
	})
	return out, err
}

// prefixFor is the id prefix the documents of typ share; when they share
// none, the most common leading part of all ids (ISMS-) and a code for the
// type.
func prefixFor(docs []existing, typ string) string {
	seen := map[string]int{}
	lead := map[string]int{}
	for _, d := range docs {
		m := idRE.FindStringSubmatch(d.id)
		if m == nil {
			continue
		}
		if d.typ == typ {
			seen[m[1]]++
		}
		if i := strings.Index(m[1], "-"); i > 0 {
			lead[m[1][:i+1]]++
		}
	}
	if len(seen) == 1 {
		for p := range seen {
			return p
		}
	}
	code := typeCodes[typ]
	if code == "" {
		letters := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r - 'a' + 'A'
			}
			return -1
		}, typ)
		code = letters[:min(3, len(letters))]
		if code == "" {
			code = "DOC"
		}
	}
	return mostCommon(lead, "ISMS-") + code + "-"
}

// folderFor is the folder most documents of typ live in, else
// content/<type>s.
func folderFor(docs []existing, typ, content string) string {
	dirs := map[string]int{}
	for _, d := range docs {
		if d.typ == typ {
			dirs[path.Dir(d.path)]++
		}
	}
	if len(dirs) > 0 {
		return mostCommon(dirs, "")
	}
	return path.Join(content, plural(typ))
}

func mostCommon(counts map[string]int, fallback string) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return fallback
	}
	best := keys[0]
	for _, k := range keys[1:] {
		if counts[k] > counts[best] {
			best = k
		}
	}
	return best
}

func plural(w string) string {
	switch {
	case strings.HasSuffix(w, "s"):
		return w
	case strings.HasSuffix(w, "y") && !strings.HasSuffix(w, "ey"):
		return w[:len(w)-1] + "ies"
	}
	return w + "s"
}

// slug makes a file name from a title: lower case, words joined by '-'.
func slug(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && !strings.ContainsRune("–—‘’“”", r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "document"
	}
	return b.String()
}

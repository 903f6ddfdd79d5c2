package document

import (
	"bytes"
	"strings"
)

// RevisionMeta is what the history needs from an old version of a document:
// a few schema fields as written and its body.
type RevisionMeta struct {
	// Version is the version as written.
	Version string
	// Values holds the other schema fields asked for, as written.
	Values map[string]string
	Body   []byte
}

// ParseRevision reads the version, the named schema fields (id, title,
// owner, status…) and the body of an old revision. Plain `key: value` YAML
// lines are read directly, which is most of the cost of a 5,000-commit
// history saved; anything else falls back to Parse, so the answer is
// always Parse's (FuzzParseRevision holds the two together).
func ParseRevision(p string, src []byte, opt Options, fields ...string) RevisionMeta {
	fields = append([]string{"version"}, fields...)
	if r, ok := fastRevision(src, fields, opt.Aliases); ok {
		return r
	}
	opt.MetaOnly = true
	d := Parse(p, src, opt)
	r := RevisionMeta{Version: d.Meta.Version, Body: d.Body, Values: map[string]string{}}
	for _, f := range fields[1:] {
		r.Values[f] = d.Meta.Value(f)
	}
	return r
}

func fastRevision(src []byte, fields []string, aliases map[string][]string) (RevisionMeta, bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return RevisionMeta{}, false
	}
	fm := src[4:]
	var end int
	switch {
	case bytes.HasPrefix(fm, []byte("---\n")):
		end = 0
	default:
		i := bytes.Index(fm, []byte("\n---\n"))
		if i < 0 {
			return RevisionMeta{}, false
		}
		end = i + 1
	}
	body := fm[end+4:]
	fm = fm[:end]
	if bytes.IndexByte(fm, '\r') >= 0 || bytes.IndexByte(fm, '\t') >= 0 || bytes.IndexByte(fm, 0) >= 0 {
		return RevisionMeta{}, false
	}
	// keys[i] is a front-matter key; field[i] the schema field it supplies,
	// in the order metaFrom prefers them.
	var keys, field []string
	for _, f := range fields {
		spec, _ := SpecFor(f)
		for _, k := range append(append([]string{f}, spec.Aliases...), aliases[f]...) {
			if strings.HasPrefix(k, BodyAlias) {
				return RevisionMeta{}, false // read from the body: Parse's job
			}
			keys, field = append(keys, k), append(field, f)
		}
	}
	found := make([]string, len(keys))
	have := make([]bool, len(keys))
	valued := false // the last key line had its value on it
	for len(fm) > 0 {
		line := fm
		if i := bytes.IndexByte(fm, '\n'); i >= 0 {
			line, fm = fm[:i], fm[i+1:]
		} else {
			fm = nil
		}
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		if line[0] == ' ' || line[0] == '-' {
			if valued {
				// After `key: value`, an indented line continues the
				// value (`id: X` then `  -001` is "X -001"): Parse's job.
				return RevisionMeta{}, false
			}
			continue // inside a list or map of another key
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || bytes.ContainsAny(k, `"'{}[]&*!|>?%@`+"`") {
			return RevisionMeta{}, false
		}
		rest := bytes.TrimSpace(v)
		valued = len(rest) > 0 && rest[0] != '#'

		for i, want := range keys {
			if string(k) != want {
				continue
			}
			if have[i] {
				return RevisionMeta{}, false // a duplicate key is an error Parse reports
			}
			val, ok := plainScalar(string(v))
			if !ok {
				return RevisionMeta{}, false
			}
			found[i], have[i] = val, true
		}
	}
	r := RevisionMeta{Body: body, Values: map[string]string{}}
	for i := range keys {
		f := field[i]
		if _, done := r.Values[f]; done || !have[i] || found[i] == "" {
			continue
		}
		v := found[i]
		if spec, _ := SpecFor(f); spec.Fold {
			v = strings.ToLower(v)
		}
		r.Values[f] = v
	}
	for _, f := range fields {
		// A field the front matter leaves out may be written in the
		// text: reading that is Parse's job.
		if spec, _ := SpecFor(f); r.Values[f] == "" && (len(spec.Labels) > 0 || len(aliases[f]) > 0) {
			return RevisionMeta{}, false
		}
	}
	r.Version = r.Values["version"]
	delete(r.Values, "version")
	for _, f := range fields[1:] {
		if _, ok := r.Values[f]; !ok {
			r.Values[f] = ""
		}
	}
	return r, true
}

// plainScalar reads a value that YAML would take as written: unquoted
// without special characters, or simply quoted.
func plainScalar(v string) (string, bool) {
	if v != "" && v[0] != ' ' {
		return "", false
	}
	v = strings.TrimSpace(v)
	if i := strings.Index(v, " #"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	if v == "" || v == "~" || v == "null" {
		return "", true
	}
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		inner := v[1 : len(v)-1]
		if strings.ContainsAny(inner, `"'\`) {
			return "", false
		}
		return inner, true
	}
	if strings.ContainsAny(v, `"'{}[]&*!|>%@#:,`+"`") || strings.HasPrefix(v, "-") || strings.HasPrefix(v, "?") {
		return "", false
	}
	return v, true
}

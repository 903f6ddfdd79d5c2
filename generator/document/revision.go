package document

import (
	"bytes"
	"strings"
)

// Revision is what the history needs from an old version of a document:
// its version as written and its body.
type Revision struct {
	Version string
	Body    []byte
}

// ParseRevision reads the version and body of an old revision. Plain
// `key: value` YAML lines are read directly, which is most of the cost of a
// 5,000-commit history saved; anything else falls back to Parse, so the
// answer is always Parse's (FuzzParseRevision holds the two together).
func ParseRevision(p string, src []byte, opt Options) Revision {
	if r, ok := fastRevision(src, opt.Aliases["version"]); ok {
		return r
	}
	opt.MetaOnly = true
	d := Parse(p, src, opt)
	return Revision{Version: d.Meta.Version, Body: d.Body}
}

func fastRevision(src []byte, aliases []string) (Revision, bool) {
	if !bytes.HasPrefix(src, []byte("---\n")) {
		return Revision{}, false
	}
	fm := src[4:]
	var end int
	switch {
	case bytes.HasPrefix(fm, []byte("---\n")):
		end = 0
	default:
		i := bytes.Index(fm, []byte("\n---\n"))
		if i < 0 {
			return Revision{}, false
		}
		end = i + 1
	}
	body := fm[end+4:]
	fm = fm[:end]
	if bytes.IndexByte(fm, '\r') >= 0 || bytes.IndexByte(fm, '\t') >= 0 || bytes.IndexByte(fm, 0) >= 0 {
		return Revision{}, false
	}
	keys := append([]string{"version"}, aliases...)
	found := make([]string, len(keys))
	have := make([]bool, len(keys))
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
			continue // inside a list or map of another key
		}
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok || bytes.ContainsAny(k, `"'{}[]&*!|>?%@`+"`") {
			return Revision{}, false
		}
		for i, want := range keys {
			if string(k) != want {
				continue
			}
			if have[i] {
				return Revision{}, false // a duplicate key is an error Parse reports
			}
			val, ok := plainScalar(string(v))
			if !ok {
				return Revision{}, false
			}
			found[i], have[i] = val, true
		}
	}
	for i := range keys {
		if have[i] && found[i] != "" {
			return Revision{Version: found[i], Body: body}, true
		}
	}
	return Revision{Body: body}, true
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

package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
	yaml "go.yaml.in/yaml/v3"

	"github.com/ismspack/ismspack/generator/internal/bounded"
)

// Format names the front-matter syntax a document uses.
type Format string

// The front-matter formats ismspack reads.
const (
	NoFrontMatter Format = ""
	YAML          Format = "yaml"
	TOML          Format = "toml"
	JSON          Format = "json"
)

// Kind says what shape a field's value has.
type Kind int

// Field value shapes.
const (
	Scalar Kind = iota
	List
	Map
	Null
)

// Field is one top-level front-matter key with its value as written, so
// `version: 1.10` stays "1.10" and every finding can point at its line.
type Field struct {
	Key   string
	Kind  Kind
	Value string   // scalar text as the author wrote it
	List  []string // items of a list
	Map   []Field  // entries of a map
	// Items holds a YAML list's items as fields, so a list of maps (comply's
	// majorRevisions) keeps each entry's keys and positions; List has
	// their text.
	Items []Field
	// KeyPos and ValuePos are positions in the whole file.
	KeyPos, ValuePos Pos
	// Origin says where the field was written: front matter, or the
	// text for a field read from the body (Key is then its label).
	Origin Origin
	// name is the schema field a field read from the body supplies.
	name string
}

// fence is one way of marking front matter: an opening line, a closing
// line and the syntax between them. This list is the only place the
// delimiters are written.
type fence struct {
	open, close string
	format      Format
}

var fences = []fence{
	{"---", "---", YAML},
	{"---yaml", "---", YAML},
	{"+++", "+++", TOML},
	{"---toml", "---", TOML},
	{";;;", ";;;", JSON},
	{"---json", "---", JSON},
}

// opener returns the first non-blank line of src from off, trimmed, with
// its offset and the offset of the line after it.
func opener(src []byte, off int) (string, int, int) {
	for off < len(src) {
		line, next := lineAt(src, off)
		if line != "" {
			return line, off, next
		}
		off = next
	}
	return "", len(src), len(src)
}

// lineAt returns the line starting at off, trimmed, and the offset of the
// next line.
func lineAt(src []byte, off int) (string, int) {
	end := bytes.IndexByte(src[off:], '\n')
	next := len(src)
	if end >= 0 {
		next = off + end + 1
	} else {
		end = len(src) - off
	}
	return string(bytes.TrimSpace(src[off : off+end])), next
}

// splitResult is the outcome of finding the front matter.
type splitResult struct {
	format     Format
	data       []byte
	dataOffset int // offset of data in the file
	bodyOffset int
	// titleEnd is where a pandoc title block at the top of the file
	// ends; 0 when there is none.
	titleEnd int
}

// split finds the front matter: the first non-blank line is one of the
// fences' opening lines, and the front matter runs to the first line that
// is its closing line. A bare JSON object ({ on a line of its own, closed
// by } and a blank line) is front matter too, braces included, and so is
// a YAML header with no opening line (see bareYAML). A pandoc title block
// may come first (see titleBlock), and YAML opened by --- may be closed
// by ..., as pandoc's metadata blocks are.
func split(src []byte) (splitResult, *Problem) {
	title, _ := titleBlock(src)
	r, prob := splitAt(src, title)
	r.titleEnd = title
	if title > 0 && r.format == NoFrontMatter && prob == nil {
		r.format, r.bodyOffset = PandocTitle, title
	}
	return r, prob
}

func splitAt(src []byte, from int) (splitResult, *Problem) {
	line, start, next := opener(src, from)
	if from == 0 {
		if r, ok := bareYAML(src, start); ok {
			return r, nil
		}
	}
	for _, f := range fences {
		if line != f.open {
			continue
		}
		for off := next; off < len(src); {
			l, after := lineAt(src, off)
			if raw, _ := rawLineAt(src, off); l == f.close || f.open == "---" && strings.TrimRight(raw, " \t") == "..." {
				return splitResult{format: f.format, data: src[next:off], dataOffset: next, bodyOffset: after}, nil
			}
			off = after
		}
		return splitResult{}, &Problem{Rule: "front-matter-invalid", Pos: NewLines(src).Pos(start),
			Message: fmt.Sprintf("front matter opened with %s is never closed: add a line %s after the last field", f.open, f.close)}
	}
	if line == "{" {
		for off := next; off < len(src); {
			l, after := lineAt(src, off)
			if l != "}" {
				off = after
				continue
			}
			blank, body := lineAt(src, after)
			if after >= len(src) || blank == "" {
				return splitResult{format: JSON, data: src[start:after], dataOffset: start, bodyOffset: body}, nil
			}
			off = after
		}
	}
	return splitResult{}, nil
}

// bareYAML finds a YAML header that has no opening line and is closed by
// a --- line, as strongdm comply writes policies:
//
//	name: Access Policy
//	acronym: AP
//	majorRevisions:
//	  - date: Jun 1 2018
//	---
//
// Without an opening line, a paragraph that starts "Scope: all staff"
// followed later by a thematic break must not be taken for one, so the
// block is judged by its lines before any YAML is decoded: it starts at
// the file's first non-blank line, has no blank line before the ---, and
// every line that is not indented (nor a list item) is a plain key, a
// word followed by a colon. At least two such keys are needed: one line
// "Owner: Jane" over --- is a Markdown setext heading and stays one. A
// block that passes but is not valid YAML is then reported at its line,
// as any front matter is.
func bareYAML(src []byte, start int) (splitResult, bool) {
	keys := 0
	for off := start; off < len(src); {
		raw, after := rawLineAt(src, off)
		line := strings.TrimSpace(raw)
		switch {
		case line == "---":
			if keys < 2 {
				return splitResult{}, false
			}
			return splitResult{format: YAML, data: src[start:off], dataOffset: start, bodyOffset: after}, true
		case line == "":
			return splitResult{}, false
		case raw[0] == ' ' || raw[0] == '\t' || strings.HasPrefix(raw, "- "):
			if keys == 0 {
				return splitResult{}, false
			}
		case isPlainKeyLine(raw):
			keys++
		default:
			return splitResult{}, false
		}
		off = after
	}
	return splitResult{}, false
}

// rawLineAt returns the line starting at off without its line break, and
// the offset of the next line.
func rawLineAt(src []byte, off int) (string, int) {
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		return strings.TrimRight(string(src[off:]), "\r"), len(src)
	}
	return strings.TrimRight(string(src[off:off+end]), "\r"), off + end + 1
}

// isPlainKeyLine reports whether line starts with a YAML key that is a
// plain word (letters, digits, _ and -, starting with a letter or _)
// followed by a colon and a space or the end of the line.
func isPlainKeyLine(line string) bool {
	i := 0
	for i < len(line) {
		c := line[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '-') {
			i++
			continue
		}
		break
	}
	if i == 0 || i >= len(line) || line[i] != ':' {
		return false
	}
	return i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'
}

// decodeFields decodes front matter into fields with positions. lines
// indexes the whole file; off is where data starts in it.
func decodeFields(f Format, data []byte, lines *Lines, off int) ([]Field, *Problem) {
	base := lines.Pos(off).Line - 1
	switch f {
	case YAML:
		return decodeYAML(data, base)
	case TOML:
		return decodeTOML(data, base)
	case JSON:
		return decodeJSON(data, lines, off)
	case PandocTitle:
		return decodeTitleBlock(data, lines, off), nil
	}
	return nil, nil
}

func decodeYAML(data []byte, base int) ([]Field, *Problem) {
	root, err := bounded.YAML(data)
	if err != nil {
		return nil, decodeProblem("YAML", err, base)
	}
	if root == nil || (root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null") {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Problem{Rule: "front-matter-invalid", Pos: Pos{base + root.Line, root.Column},
			Message: "front matter is not a set of key: value fields: write one field per line, like title: Access Control Policy"}
	}
	return yamlMapping(root, base), nil
}

// decodeProblem reports a syntax error or a limit hit by the bounded
// decoder at its line in the file.
func decodeProblem(syntax string, err error, base int) *Problem {
	var be *bounded.Error
	if errors.As(err, &be) {
		return &Problem{Rule: "front-matter-invalid", Pos: Pos{base + be.Line, be.Col},
			Message: "invalid " + syntax + " front matter: " + be.Msg}
	}
	return &Problem{Rule: "front-matter-invalid", Pos: Pos{base + 1, 1}, Message: "invalid " + syntax + " front matter: " + err.Error()}
}

func yamlMapping(m *yaml.Node, base int) []Field {
	out := make([]Field, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		f := Field{Key: yamlText(k), KeyPos: Pos{base + k.Line, k.Column}, ValuePos: Pos{base + v.Line, v.Column}}
		if v.Kind == yaml.AliasNode {
			v = v.Alias
		}
		switch v.Kind {
		case yaml.SequenceNode:
			f.Kind = List
			f.List = make([]string, 0, len(v.Content))
			for _, item := range v.Content {
				f.List = append(f.List, yamlText(item))
				f.Items = append(f.Items, yamlItem(item, base))
			}
		case yaml.MappingNode:
			f.Kind = Map
			f.Map = yamlMapping(v, base)
		default:
			if v.ShortTag() == "!!null" {
				f.Kind = Null
			} else {
				f.Value = v.Value
			}
		}
		out = append(out, f)
	}
	return out
}

// yamlItem is one list item as a field with no key: a map keeps its
// entries, anything else its text.
func yamlItem(n *yaml.Node, base int) Field {
	at := Pos{base + n.Line, n.Column}
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == yaml.MappingNode {
		return Field{Kind: Map, Map: yamlMapping(n, base), KeyPos: at, ValuePos: at}
	}
	return Field{Kind: Scalar, Value: yamlText(n), KeyPos: at, ValuePos: at}
}

// yamlText is a node's text: a scalar as written, a list or map in flow
// style. The bounded decoder has counted aliases as expanded, so following
// them here is bounded too.
func yamlText(n *yaml.Node) string {
	var b strings.Builder
	writeYAMLText(&b, n)
	return strings.TrimSpace(b.String())
}

func writeYAMLText(b *strings.Builder, n *yaml.Node) {
	switch n.Kind {
	case yaml.AliasNode:
		writeYAMLText(b, n.Alias)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteString(", ")
			}
			writeYAMLText(b, c)
		}
		b.WriteByte(']')
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteString(", ")
			}
			writeYAMLText(b, n.Content[i])
			b.WriteString(": ")
			writeYAMLText(b, n.Content[i+1])
		}
		b.WriteByte('}')
	default:
		if n.ShortTag() != "!!null" || n.Style != 0 {
			b.WriteString(n.Value)
		}
	}
}

// decodeTOML validates with BurntSushi/toml and then reads each top-level
// key's text from its line, because the decoder turns 1.10 into 1.1.
func decodeTOML(data []byte, base int) ([]Field, *Problem) {
	if err := bounded.Scan(data, bounded.TOMLSyntax); err != nil {
		return nil, decodeProblem("TOML", err, base)
	}
	var v map[string]any
	md, err := toml.Decode(string(data), &v)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Problem{Rule: "front-matter-invalid", Pos: Pos{base + pe.Position.Line, pe.Position.Col},
				Message: "invalid TOML front matter: " + pe.Message}
		}
		return nil, &Problem{Rule: "front-matter-invalid", Pos: Pos{base + 1, 1}, Message: "invalid TOML front matter: " + err.Error()}
	}
	var out []Field
	var order map[string][]string // each table's keys as written, read once
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			break // tables are not document-control fields
		}
		k, val, ok := strings.Cut(t, "=")
		if !ok || strings.HasPrefix(t, "#") {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"'`)
		val = strings.TrimSpace(val)
		col := strings.Index(line, strings.TrimSpace(k)) + 1
		f := Field{Key: k, KeyPos: Pos{base + i + 1, col}, ValuePos: Pos{base + i + 1, strings.Index(line, val) + 1}}
		switch raw := v[k].(type) {
		case []any:
			f.Kind = List
			for _, x := range raw {
				f.List = append(f.List, fmt.Sprint(x))
			}
		case map[string]any:
			// Entries in the order written (MetaData.Keys keeps it), never
			// Go's map order, so every build gives the same bytes.
			f.Kind = Map
			if order == nil {
				order = map[string][]string{}
				for _, key := range md.Keys() {
					if len(key) == 2 {
						order[key[0]] = append(order[key[0]], key[1])
					}
				}
			}
			for _, mk := range order[k] {
				f.Map = append(f.Map, Field{Key: mk, Value: fmt.Sprint(raw[mk]), KeyPos: f.KeyPos, ValuePos: f.ValuePos})
			}
		default:
			f.Value = tomlScalar(val)
		}
		out = append(out, f)
	}
	return out, nil
}

func tomlScalar(s string) string {
	if i := strings.Index(s, " #"); i >= 0 && !strings.HasPrefix(s, `"`) {
		s = strings.TrimSpace(s[:i])
	}
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// decodeJSON walks tokens with UseNumber, which keeps numbers as written,
// and records each key's offset for its position.
func decodeJSON(data []byte, lines *Lines, off int) ([]Field, *Problem) {
	if err := bounded.Scan(data, bounded.JSONSyntax); err != nil {
		return nil, decodeProblem("JSON", err, lines.Pos(off).Line-1)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	fail := func(err error) *Problem {
		at := off + int(dec.InputOffset())
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at = off + int(se.Offset)
		}
		return &Problem{Rule: "front-matter-invalid", Pos: lines.Pos(at), Message: "invalid JSON front matter: " + err.Error()}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, fail(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fail(errors.New("front matter must be a JSON object"))
	}
	var out []Field
	for dec.More() {
		keyAt := off + int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		key, _ := tok.(string)
		f := Field{Key: key, KeyPos: lines.Pos(keyAt + leadingSpace(data[keyAt-off:]))}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fail(err)
		}
		f.ValuePos = f.KeyPos
		f.Kind, f.Value, f.List, f.Map = jsonValue(raw, f.KeyPos)
		out = append(out, f)
	}
	return out, nil
}

// jsonValue reads one JSON value. A map's entries keep the order they
// were written in (a Go map would not), so builds are byte-identical.
func jsonValue(raw []byte, at Pos) (Kind, string, []string, []Field) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		var entries []Field
		_, _ = d.Token()
		for d.More() {
			tok, err := d.Token()
			if err != nil {
				break
			}
			key, _ := tok.(string)
			var val json.RawMessage
			if err := d.Decode(&val); err != nil {
				break
			}
			kind, text, _, _ := jsonValue(val, at)
			if kind == Map || kind == List {
				var b bytes.Buffer
				_ = json.Compact(&b, val)
				text = b.String()
			}
			entries = append(entries, Field{Key: key, Value: text, KeyPos: at, ValuePos: at})
		}
		return Map, "", nil, entries
	}
	var val any
	_ = d.Decode(&val)
	switch x := val.(type) {
	case nil:
		return Null, "", nil, nil
	case []any:
		list := make([]string, 0, len(x))
		for _, it := range x {
			list = append(list, fmt.Sprint(it))
		}
		return List, "", list, nil
	case json.Number:
		return Scalar, x.String(), nil, nil
	}
	return Scalar, fmt.Sprint(val), nil, nil
}

func leadingSpace(b []byte) int {
	n := 0
	for n < len(b) && (unicode.IsSpace(rune(b[n])) || b[n] == ',') {
		n++
	}
	return n
}

package document

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/goccy/go-yaml"
	yast "github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
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
	// KeyPos and ValuePos are positions in the whole file.
	KeyPos, ValuePos Pos
}

// split finds the front matter with adrg/frontmatter, which only detects
// the delimiters here: the capture keeps the raw bytes so fields can be
// decoded with positions.
type capture struct {
	format Format
	data   []byte
	delims bool // data includes the delimiters (bare JSON object)
}

func captureAs(f Format, delims bool) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*capture)
		c.format, c.data, c.delims = f, append([]byte(nil), data...), delims
		return nil
	}
}

func formats() []*frontmatter.Format {
	bare := frontmatter.NewFormat("{", "}", captureAs(JSON, true))
	bare.UnmarshalDelims, bare.RequiresNewLine = true, true
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", captureAs(YAML, false)),
		frontmatter.NewFormat("---yaml", "---", captureAs(YAML, false)),
		frontmatter.NewFormat("+++", "+++", captureAs(TOML, false)),
		frontmatter.NewFormat("---toml", "---", captureAs(TOML, false)),
		frontmatter.NewFormat(";;;", ";;;", captureAs(JSON, false)),
		frontmatter.NewFormat("---json", "---", captureAs(JSON, false)),
		bare,
	}
}

// opener returns the first non-blank line of src and its offset.
func opener(src []byte) (string, int, int) {
	off := 0
	for off < len(src) {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		} else {
			end++
		}
		line := strings.TrimSpace(string(src[off : off+end]))
		if line != "" {
			return line, off, off + end
		}
		off += end
	}
	return "", len(src), len(src)
}

// splitResult is the outcome of finding the front matter.
type splitResult struct {
	format     Format
	data       []byte
	dataOffset int // offset of data in the file
	bodyOffset int
}

func split(src []byte) (splitResult, *Problem) {
	var c capture
	rest, err := frontmatter.Parse(bytes.NewReader(src), &c, formats()...)
	if err != nil {
		return splitResult{bodyOffset: 0}, &Problem{Rule: "front-matter-invalid", Pos: Pos{1, 1}, Message: err.Error()}
	}
	line, start, next := opener(src)
	if c.format == NoFrontMatter {
		for _, d := range []string{"---", "+++", ";;;", "---yaml", "---toml", "---json"} {
			if line == d {
				return splitResult{bodyOffset: 0}, &Problem{Rule: "front-matter-invalid", Pos: (NewLines(src)).Pos(start),
					Message: fmt.Sprintf("front matter opened with %s is never closed: add a line %s after the last field", d, closer(d))}
			}
		}
		return splitResult{bodyOffset: 0}, nil
	}
	r := splitResult{format: c.format, data: c.data, dataOffset: next, bodyOffset: len(src) - len(rest)}
	if c.delims {
		r.dataOffset = start
	}
	return r, nil
}

func closer(open string) string {
	switch open {
	case "+++", ";;;":
		return open
	}
	return "---"
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
	}
	return nil, nil
}

func decodeYAML(data []byte, base int) ([]Field, *Problem) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlProblem(err, base)
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return nil, nil
	}
	body := file.Docs[0].Body
	m, ok := mapping(body)
	if !ok {
		if _, null := body.(*yast.NullNode); null {
			return nil, nil
		}
		tk := body.GetToken()
		return nil, &Problem{Rule: "front-matter-invalid", Pos: Pos{base + tk.Position.Line, tk.Position.Column},
			Message: "front matter is not a set of key: value fields: write one field per line, like title: Access Control Policy"}
	}
	return yamlMapping(m, base), nil
}

func yamlProblem(err error, base int) *Problem {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return &Problem{Rule: "front-matter-invalid", Pos: Pos{base + p.Line, p.Column},
			Message: "invalid YAML front matter: " + ye.GetMessage()}
	}
	return &Problem{Rule: "front-matter-invalid", Pos: Pos{base + 1, 1}, Message: "invalid YAML front matter: " + err.Error()}
}

// mapping unwraps tags, anchors and comments around a mapping.
func mapping(n yast.Node) ([]*yast.MappingValueNode, bool) {
	switch v := n.(type) {
	case *yast.MappingNode:
		return v.Values, true
	case *yast.MappingValueNode:
		return []*yast.MappingValueNode{v}, true
	case *yast.TagNode:
		return mapping(v.Value)
	case *yast.AnchorNode:
		return mapping(v.Value)
	}
	return nil, false
}

func yamlMapping(values []*yast.MappingValueNode, base int) []Field {
	out := make([]Field, 0, len(values))
	for _, mv := range values {
		kt := mv.Key.GetToken()
		f := Field{Key: scalarText(mv.Key), KeyPos: Pos{base + kt.Position.Line, kt.Position.Column}}
		f.ValuePos = f.KeyPos
		if mv.Value != nil {
			if vt := mv.Value.GetToken(); vt != nil {
				f.ValuePos = Pos{base + vt.Position.Line, vt.Position.Column}
			}
		}
		v := mv.Value
		for {
			if t, ok := v.(*yast.TagNode); ok {
				v = t.Value
				continue
			}
			if a, ok := v.(*yast.AnchorNode); ok {
				v = a.Value
				continue
			}
			break
		}
		switch n := v.(type) {
		case nil, *yast.NullNode:
			f.Kind = Null
		case *yast.SequenceNode:
			f.Kind = List
			for _, item := range n.Values {
				f.List = append(f.List, scalarText(item))
			}
		case *yast.MappingNode, *yast.MappingValueNode:
			f.Kind = Map
			m, _ := mapping(n)
			f.Map = yamlMapping(m, base)
		default:
			f.Value = scalarText(v)
		}
		out = append(out, f)
	}
	return out
}

func scalarText(n yast.Node) string {
	switch v := n.(type) {
	case nil, *yast.NullNode:
		return ""
	case *yast.StringNode:
		return v.Value
	case *yast.LiteralNode:
		return v.Value.Value
	case *yast.TagNode:
		return scalarText(v.Value)
	case *yast.AnchorNode:
		return scalarText(v.Value)
	case *yast.MappingNode, *yast.MappingValueNode, *yast.SequenceNode:
		return strings.TrimSpace(v.String())
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return n.String()
}

// decodeTOML validates with BurntSushi/toml and then reads each top-level
// key's text from its line, because the decoder turns 1.10 into 1.1.
func decodeTOML(data []byte, base int) ([]Field, *Problem) {
	var v map[string]any
	if _, err := toml.Decode(string(data), &v); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &Problem{Rule: "front-matter-invalid", Pos: Pos{base + pe.Position.Line, pe.Position.Col},
				Message: "invalid TOML front matter: " + pe.Message}
		}
		return nil, &Problem{Rule: "front-matter-invalid", Pos: Pos{base + 1, 1}, Message: "invalid TOML front matter: " + err.Error()}
	}
	var out []Field
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
			f.Kind = Map
			for mk, mv := range raw {
				f.Map = append(f.Map, Field{Key: mk, Value: fmt.Sprint(mv), KeyPos: f.KeyPos, ValuePos: f.ValuePos})
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
		var val any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		_ = d.Decode(&val)
		switch x := val.(type) {
		case nil:
			f.Kind = Null
		case []any:
			f.Kind = List
			for _, it := range x {
				f.List = append(f.List, fmt.Sprint(it))
			}
		case map[string]any:
			f.Kind = Map
			for mk, mv := range x {
				f.Map = append(f.Map, Field{Key: mk, Value: fmt.Sprint(mv), KeyPos: f.KeyPos, ValuePos: f.KeyPos})
			}
		case json.Number:
			f.Value = x.String()
		default:
			f.Value = fmt.Sprint(x)
		}
		out = append(out, f)
	}
	return out, nil
}

func leadingSpace(b []byte) int {
	n := 0
	for n < len(b) && (unicode.IsSpace(rune(b[n])) || b[n] == ',') {
		n++
	}
	return n
}

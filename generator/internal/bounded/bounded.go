// Package bounded decodes YAML, TOML and JSON written by whoever opens a
// pull request: the configuration and every document's front matter. Each
// decode is held to fixed limits on input size, nesting depth and node
// count (aliases counted as expanded) that are checked before anything is
// built from the input, so a few hundred hostile bytes end in an error
// naming their line instead of a crash for want of memory.
//
// The config and the front-matter decoders both call this package; the
// limits live here and nowhere else.
package bounded

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	yaml "go.yaml.in/yaml/v3"
)

// The limits. Real configuration and front matter are a few kilobytes, a
// dozen keys and three levels deep; these leave two orders of magnitude
// of room and still bound memory to a few hundred megabytes at worst.
const (
	// MaxBytes caps the input: a config file or one document's front matter.
	MaxBytes = 1 << 20
	// MaxDepth caps nesting of lists and maps.
	MaxDepth = 64
	// MaxNodes caps scalars, lists and maps, each alias counted as the
	// nodes it stands for.
	MaxNodes = 100_000
)

// Error is a syntax error or a limit hit, at a 1-based line and column of
// the input given to the decoder (callers add their own offset).
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

func sizeError(n int) *Error {
	return &Error{1, 1, fmt.Sprintf("%d bytes is more than the %d this file may hold: split it or remove what is not document control", n, MaxBytes)}
}

func depthError(line, col int) *Error {
	return &Error{line, col, fmt.Sprintf("nested more than %d levels deep: flatten it", MaxDepth)}
}

func nodesError(line, col int) *Error {
	return &Error{line, col, fmt.Sprintf("more than %d values (an alias counts as the values it repeats): shorten it", MaxNodes)}
}

// YAML parses data into a node tree within the limits and returns the
// document's root (nil when the input is empty or only comments). The
// tree's aliases are left unexpanded; the node count already includes
// what each would expand to, so decoding the tree into values is bounded.
func YAML(data []byte) (*yaml.Node, error) {
	if len(data) > MaxBytes {
		return nil, sizeError(len(data))
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			return nil, nil
		}
		return nil, yamlError(data, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, &Error{extra.Line, extra.Column, "a second YAML document (after ---) is not read: keep one"}
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	w := walker{size: map[*yaml.Node]int{}}
	if _, err := w.count(doc.Content[0], 1); err != nil {
		return nil, err
	}
	return doc.Content[0], nil
}

// yamlError turns the YAML library's error into an Error. go.yaml.in/yaml
// reports syntax errors as text with a line and no column, and that line
// is zero-based for some errors and one-based for others. goccy/go-yaml
// reports a token with line and column, but its parser is quadratic in
// the number of keys in a map and in depth, which is why it is not the
// decoder. So an error is located by goccy/go-yaml when the input is small
// enough for that to be cheap, and by go.yaml.in/yaml's line otherwise.
func yamlError(data []byte, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{1, 1, msg}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				e.Line, e.Msg = l, tail
			}
		}
	}
	toks := lexer.Tokenize(string(data))
	depth := 0
	for _, tk := range toks {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			if depth++; depth > MaxDepth {
				return depthError(tk.Position.Line, tk.Position.Column)
			}
		case token.SequenceEndType, token.MappingEndType:
			depth--
		}
	}
	if len(toks) > maxLocateTokens {
		return e
	}
	if _, perr := parser.Parse(toks, 0); perr != nil {
		var ye goyaml.Error
		if errors.As(perr, &ye) && ye.GetToken() != nil {
			p := ye.GetToken().Position
			return &Error{p.Line, p.Column, ye.GetMessage()}
		}
	}
	return e
}

// maxLocateTokens bounds the input goccy/go-yaml parses to locate an
// error: about 0.1 s and 70 MB at worst.
const maxLocateTokens = 10_000

// walker counts nodes with aliases expanded, memoising each anchored
// node's expanded size so the count is linear in the tree.
type walker struct {
	size  map[*yaml.Node]int // expanded size of anchored nodes; -1 while counting
	total int
}

func (w *walker) count(n *yaml.Node, depth int) (int, error) {
	if depth > MaxDepth {
		return 0, depthError(n.Line, n.Column)
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return 0, &Error{n.Line, n.Column, "alias to an unknown anchor"}
		}
		s, ok := w.size[n.Alias]
		if !ok || s < 0 {
			return 0, &Error{n.Line, n.Column, "alias refers to the value that contains it"}
		}
		w.total += s
		if w.total > MaxNodes {
			return 0, nodesError(n.Line, n.Column)
		}
		return s, nil
	}
	if n.Anchor != "" {
		w.size[n] = -1
	}
	w.total++
	if w.total > MaxNodes {
		return 0, nodesError(n.Line, n.Column)
	}
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]bool, len(n.Content)/2)
		for i := 0; i < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if seen[k.Value] {
				return 0, &Error{k.Line, k.Column, fmt.Sprintf("%q is given twice in one map: keep one", k.Value)}
			}
			seen[k.Value] = true
		}
	}
	s := 1
	for _, c := range n.Content {
		cs, err := w.count(c, depth+1)
		if err != nil {
			return 0, err
		}
		s += cs
	}
	if n.Anchor != "" {
		w.size[n] = s
	}
	return s, nil
}

// Syntax selects the lexical rules Scan applies.
type Syntax int

// The syntaxes Scan knows.
const (
	JSONSyntax Syntax = iota
	TOMLSyntax
)

// Scan checks TOML or JSON text against the limits before a decoder sees
// it. It reads the bytes once, skipping strings and comments, counting
// brackets and braces for depth, dotted keys as the tables they create,
// and separators as values. It does not validate syntax: the decoder
// that follows does, on input now known to be small and shallow.
func Scan(data []byte, syn Syntax) error {
	if len(data) > MaxBytes {
		return sizeError(len(data))
	}
	line, col := 1, 1
	depth, nodes := 0, 0
	inKey := syn == TOMLSyntax // TOML: start of line is a key
	keyDots := 0
	var open []byte // the brackets open, to know whether ',' starts a key
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line, col = line+1, 1
			if syn == TOMLSyntax && len(open) == 0 {
				inKey, keyDots = true, 0
			}
			continue
		case c == '"' || (c == '\'' && syn == TOMLSyntax):
			j := skipString(data, i, syn)
			for _, b := range data[i:j] {
				if b == '\n' {
					line, col = line+1, 0
				}
				col++
			}
			i = j - 1
			col--
		case c == '#' && syn == TOMLSyntax:
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '[' && syn == TOMLSyntax && inKey && len(open) == 0:
			// A table header, [a.b] or [[a.b]]: its dots are its depth.
			nodes++
			for i+1 < len(data) && data[i+1] != '\n' && data[i+1] != '#' {
				i++
				col++
				switch data[i] {
				case '.':
					keyDots++
				case '"', '\'':
					j := skipString(data, i, syn)
					col += j - 1 - i
					i = j - 1
				}
			}
		case c == '[' || c == '{':
			open = append(open, c)
			depth++
			inKey = syn == TOMLSyntax && c == '{'
			keyDots = 0
			nodes++
		case c == ']' || c == '}':
			if len(open) > 0 {
				depth--
				open = open[:len(open)-1]
			}
		case c == ',' || c == ':':
			nodes++
			if syn == TOMLSyntax && c == ',' && len(open) > 0 && open[len(open)-1] == '{' {
				inKey, keyDots = true, 0
			}
		case c == '=' && syn == TOMLSyntax:
			nodes++
			inKey = false
		case c == '.' && syn == TOMLSyntax && inKey:
			keyDots++
		}
		if depth+keyDots > MaxDepth {
			return depthError(line, col)
		}
		if nodes > MaxNodes {
			return nodesError(line, col)
		}
		col++
	}
	return nil
}

// skipString returns the offset just after the string starting at i.
func skipString(data []byte, i int, syn Syntax) int {
	q := data[i]
	if syn == TOMLSyntax && bytes.HasPrefix(data[i:], []byte{q, q, q}) {
		end := bytes.Index(data[i+3:], []byte{q, q, q})
		if end < 0 {
			return len(data)
		}
		return i + 3 + end + 3
	}
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j // unterminated: the decoder reports it
		}
	}
	return len(data)
}

package document

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// maxListWork bounds listWork: a text that needs more is not parsed as
// Markdown but shown as it is (see plainText), and the document-unreadable
// rule says so. It lets a list nest some 900 levels deep, far past any
// document; a build of lists just under it takes about 1.5 s
// (BenchmarkBuildShapes/deep-lists in generator/build).
const maxListWork = 1 << 29

// listWork estimates the part of goldmark's block parsing that does not
// grow with the text alone: on every line, each open list item measures
// the line's indent again, so a line indented w columns inside d open
// items costs about w·d. Lists nested n deep by indentation cost n³ on n²
// bytes: 8 MiB of them took goldmark a minute. It follows the items open
// the way CommonMark does, roughly: an item stays open while a line is
// indented to its content, and a line may open several ("- - - x").
// at is the body offset of the line where the estimate passed
// maxListWork, or -1.
func listWork(src []byte) (work int64, at int) {
	var open []int // the content columns of the items open
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		i, col := indent(line, 0, 0)
		if i < len(line) && line[i] != '\r' { // a blank line closes nothing
			for len(open) > 0 && col < open[len(open)-1] {
				open = open[:len(open)-1]
			}
			work += int64(col) * int64(len(open))
			for {
				n := listMarker(line[i:])
				if n == 0 {
					break
				}
				i, col = indent(line, i+n, col+n)
				open = append(open, col)
			}
		}
		if work > maxListWork {
			return work, start
		}
		start = end + 1
	}
	return work, -1
}

// indent skips the spaces and tabs of line from i, at column col,
// returning where they end and the column there (a tab runs to the next
// multiple of four).
func indent(line []byte, i, col int) (int, int) {
	for ; i < len(line); i++ {
		switch line[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return i, col
		}
	}
	return i, col
}

// listMarker is the length of the list marker b starts with ("-", "*",
// "+", or up to nine digits then "." or ")", each followed by a space or
// a tab), or 0.
func listMarker(b []byte) int {
	n := 0
	switch {
	case len(b) > 0 && (b[0] == '-' || b[0] == '*' || b[0] == '+'):
		n = 1
	default:
		for n < len(b) && n < 9 && '0' <= b[n] && b[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(b) || (b[n] != '.' && b[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		return n
	}
	return 0
}

// plainText is the AST of src shown as it is, one code block of its
// lines: what a text nested too deep to parse (listWork) becomes.
func plainText(src []byte) ast.Node {
	doc := ast.NewDocument()
	code := ast.NewCodeBlock()
	for start := 0; start < len(src); {
		end := start
		for end < len(src) && src[end] != '\n' {
			end++
		}
		if end < len(src) {
			end++
		}
		code.Lines().Append(text.NewSegment(start, end))
		start = end
	}
	doc.AppendChild(doc, code)
	return doc
}

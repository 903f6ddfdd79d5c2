package document

import "strings"

// PandocTitle is a pandoc title block, read as front matter: three lines
// at the very top of the file starting with %, giving title, author and
// date (pandoc's title_block extension; comply writes them too).
const PandocTitle Format = "pandoc"

// titleBlockKeys are the fields of a title block, in their order.
var titleBlockKeys = [...]string{"title", "author", "date"}

// titleBlock finds a pandoc title block: it must start the file, each
// field is a line starting with % (an empty % skips the field), and a
// line starting with a space continues the field above. It ends at the
// first other line; at most three fields.
//
//	% Access Control Policy
//	% Jane Doe; John Roe
//	% 2 March 2026
func titleBlock(src []byte) (end int, ok bool) {
	if len(src) == 0 || src[0] != '%' {
		return 0, false
	}
	fields := 0
	off := 0
	for off < len(src) {
		raw, next := rawLineAt(src, off)
		switch {
		case strings.HasPrefix(raw, "%"):
			if fields++; fields > len(titleBlockKeys) {
				return off, true
			}
		case fields > 0 && raw != "" && (raw[0] == ' ' || raw[0] == '\t'):
		default:
			return off, true
		}
		off = next
	}
	return off, true
}

// decodeTitleBlock reads a title block's fields with their positions; an
// empty field is left out, as pandoc leaves it out.
func decodeTitleBlock(data []byte, lines *Lines, off int) []Field {
	var out []Field
	i := -1
	for at := 0; at < len(data); {
		raw, next := rawLineAt(data, at)
		if strings.HasPrefix(raw, "%") {
			i++
			text := strings.TrimSpace(raw[1:])
			col := strings.Index(raw, text)
			if text == "" {
				col = 1
			}
			out = append(out, Field{Key: titleBlockKeys[i], Kind: Scalar, Value: text, Origin: FromTitleBlock,
				KeyPos: lines.Pos(off + at), ValuePos: lines.Pos(off + at + col)})
		} else if len(out) > 0 {
			f := &out[len(out)-1]
			f.Value = strings.TrimSpace(f.Value + " " + strings.TrimSpace(raw))
		}
		at = next
	}
	kept := out[:0]
	for _, f := range out {
		if f.Value != "" {
			kept = append(kept, f)
		}
	}
	return kept
}

package check

import (
	"bytes"
	"regexp"
	"sort"
	"strings"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/isms"
)

// leftoverRules find unfinished work left in a document: comments,
// markers, review marks, placeholders, filler and merge conflicts.
func leftoverRules() []*Rule {
	return []*Rule{
		{ID: "leftover-comment", Doc: "An HTML comment is left in the document.", Severity: Error, Requires: []*Analysis{codeAnalysis}, Run: leftoverComment.run},
		{ID: "leftover-marker", Doc: "A TODO, FIXME, TBD or XXX marker is left in the document.", Severity: Error, Requires: []*Analysis{codeAnalysis, commentAnalysis}, Run: leftoverMarker},
		{ID: "leftover-criticmarkup", Doc: "CriticMarkup review marks are left in the document.", Severity: Error, Requires: []*Analysis{codeAnalysis}, Run: leftoverCritic.run},
		{ID: "leftover-placeholder", Doc: "A template placeholder was never filled in.", Severity: Error, Requires: []*Analysis{codeAnalysis}, Run: leftoverPlaceholder},
		{ID: "leftover-lorem", Doc: "Lorem ipsum filler text is left in the document.", Severity: Error, Requires: []*Analysis{codeAnalysis}, Run: leftoverLorem.run},
		{ID: "merge-conflict", Doc: "Unresolved merge-conflict markers are in the document.", Severity: Error, Requires: []*Analysis{codeAnalysis}, Run: mergeConflict},
	}
}

// A leftoverKind is one kind of unfinished work: the patterns that find it
// and what the finding tells the writer to do about it.
type leftoverKind struct {
	message  string
	patterns []leftover
}

// run reports each match of the kind in the body where it starts.
func (k *leftoverKind) run(p *Pass) { scanBody(p, k, nil) }

// A leftover is a pattern and the literals without which it cannot match:
// a body holding none of them is skipped without running the regexp, which
// on a thousand clean documents is most of the work saved.
type leftover struct {
	re *regexp.Regexp
	// any lists the literals; fold makes the search case-insensitive.
	any  []string
	fold bool
}

func (l *leftover) mayMatch(b []byte) bool {
	for _, s := range l.any {
		if l.fold && containsFold(b, s) || !l.fold && bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return len(l.any) == 0
}

// containsFold reports whether b contains the lower-case ASCII s in any
// case. It looks for s's first byte in either case with bytes.IndexByte,
// keeping the next place of each, so a frequent first letter costs a
// vectorised search per candidate rather than a byte-by-byte one.
func containsFold(b []byte, s string) bool {
	first := [2]byte{s[0], s[0]}
	if 'a' <= s[0] && s[0] <= 'z' {
		first[1] = s[0] - 'a' + 'A'
	}
	// next[k] is where first[k] next occurs, from where it was last
	// looked for; len(b) when it does not.
	var next [2]int
	find := func(k, from int) {
		next[k] = len(b)
		if j := bytes.IndexByte(b[from:], first[k]); j >= 0 {
			next[k] = from + j
		}
	}
	find(0, 0)
	if first[1] != first[0] {
		find(1, 0)
	} else {
		next[1] = len(b)
	}
	for {
		k := 0
		if next[1] < next[0] {
			k = 1
		}
		i := next[k]
		if i+len(s) > len(b) {
			return false
		}
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return true
		}
		find(k, i+1)
	}
}

var commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)

// The leftover kinds. Their patterns are compiled once; nothing here is
// written after initialisation.
var (
	leftoverComment = &leftoverKind{
		message:  "HTML comment left in; it is hidden on the site but still in the file, so remove it",
		patterns: []leftover{{re: commentRE, any: []string{"<!--"}}},
	}
	leftoverMarkers = &leftoverKind{
		message:  "unfinished-work marker left in: finish the text and remove it",
		patterns: []leftover{{re: regexp.MustCompile(`\b(TODO|FIXME|TBD|XXX)\b`), any: []string{"TODO", "FIXME", "TBD", "XXX"}}},
	}
	leftoverCritic = &leftoverKind{
		message:  "review mark left in: accept or reject it",
		patterns: []leftover{{re: regexp.MustCompile(`(?s)\{(>>.*?<<|\+\+.*?\+\+|--.*?--|==.*?==|~~.*?~~)\}`), any: []string{"{>>", "{++", "{--", "{==", "{~~"}}},
	}
	leftoverPlaceholders = &leftoverKind{
		message: "template placeholder never filled in",
		patterns: []leftover{
			// Each pattern starts with a literal, so the regexp engine can jump
			// between candidates instead of trying every position.
			{re: regexp.MustCompile(`\{\{\s*[\w. -]+\s*\}\}`), any: []string{"{{"}},
			{re: regexp.MustCompile(`\[\s*(?i:insert|enter|add|your)\b[^\]\n]*\]`), any: []string{"["}},
			{re: regexp.MustCompile(`<(?i:company|organi[sz]ation|name|date|owner|insert)[ \w]*>`), any: []string{"<"}},
			{re: regexp.MustCompile(`\[(?i:day|dd)/(?i:month|mm)/(?i:year|yyyy)\]`), any: []string{"/"}},
			{re: regexp.MustCompile(`(?i)\b(xx/xx/xxxx|YYYY-MM-DD)\b`), any: []string{"xx/xx/", "yyyy-mm-dd"}, fold: true},
		},
	}
	leftoverLorem = &leftoverKind{
		message:  "filler text left in: write the real text",
		patterns: []leftover{{re: regexp.MustCompile(`(?i)\blorem ipsum\b`), any: []string{"lorem"}, fold: true}},
	}
)

// placeholderText reports whether s holds a placeholder (raw-html leaves
// those to leftover-placeholder).
func placeholderText(s string) bool {
	for _, l := range leftoverPlaceholders.patterns {
		if l.re.MatchString(s) {
			return true
		}
	}
	return false
}

// codeAnalysis finds the body byte ranges of code spans and code blocks,
// where leftovers are examples rather than leftovers.
var codeAnalysis = &Analysis{Name: "code", Run: func(_ *isms.Model, d *isms.Doc) any { return d.Code }}

// commentAnalysis finds the body byte ranges of HTML comments.
var commentAnalysis = &Analysis{Name: "comments", Run: func(_ *isms.Model, d *isms.Doc) any {
	var comments [][2]int
	if bytes.Contains(d.Body, []byte("<!--")) {
		for _, m := range commentRE.FindAllIndex(d.Body, -1) {
			comments = append(comments, [2]int{m[0], m[1]})
		}
	}
	return comments
}}

// codeIn returns the code ranges of the document in hand, or none when
// config asks for code to be checked like text.
func codeIn(p *Pass) [][2]int {
	if p.Model.Config.CheckCode {
		return nil
	}
	return p.ResultOf(codeAnalysis).([][2]int)
}

// scanBody reports the matches of k in the body of the document in hand,
// skipping code (asked for only once a match needs it) and those skip
// rejects.
func scanBody(p *Pass, k *leftoverKind, skip func(m []int) bool) {
	d := p.Doc
	for i := range k.patterns {
		l := &k.patterns[i]
		if !l.mayMatch(d.Body) {
			continue
		}
		for _, m := range l.re.FindAllIndex(d.Body, -1) {
			if inRanges(codeIn(p), m[0]) || (skip != nil && skip(m)) {
				continue
			}
			p.Report(d.Pos(m[0]), "%s: %q", k.message, excerpt(d.Body[m[0]:m[1]]))
		}
	}
}

// scanFields reports matches of k in front-matter values: "owner: TBD"
// passes every field check while naming no one.
func scanFields(p *Pass, k *leftoverKind) {
	var walk func(fs []document.Field)
	walk = func(fs []document.Field) {
		for _, f := range fs {
			if f.Key == document.IgnoreKey {
				continue
			}
			for i := -1; i < len(f.List); i++ {
				v := f.Value
				if i >= 0 {
					v = f.List[i]
				}
				b := []byte(v)
				for _, l := range k.patterns {
					if !l.mayMatch(b) {
						continue
					}
					if m := l.re.FindStringIndex(v); m != nil {
						p.Report(f.ValuePos, "%s: %q in %s", k.message, excerpt([]byte(v[m[0]:m[1]])), f.Key)
					}
				}
			}
			walk(f.Map)
		}
	}
	walk(p.Doc.Fields)
}

// excerpt shortens matched text for a message, on a rune boundary.
func excerpt(b []byte) string {
	text := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(text); len(r) > 60 {
		text = string(r[:57]) + "…"
	}
	return text
}

// leftoverMarker reports TODO, FIXME, TBD and XXX in the body and in the
// front matter. A marker inside an HTML comment belongs to that comment's
// finding, unless leftover-comment is turned off.
func leftoverMarker(p *Pass) {
	var comments [][2]int
	if p.Model.Config.Severity["leftover-comment"] != "off" {
		comments = p.ResultOf(commentAnalysis).([][2]int)
	}
	scanFields(p, leftoverMarkers)
	scanBody(p, leftoverMarkers, func(m []int) bool { return inRanges(comments, m[0]) })
}

// leftoverPlaceholder reports template placeholders. "[Add …]" and
// "[Your …]" are placeholders only when they are not link text:
// "[Add a user](add-user.md)" is a link.
func leftoverPlaceholder(p *Pass) {
	body := p.Doc.Body
	scanFields(p, leftoverPlaceholders)
	scanBody(p, leftoverPlaceholders, func(m []int) bool {
		if inTemplate(p.Doc.Templates, m[0]) {
			return true // the declared template language's expression, not a leftover
		}
		text := strings.ToLower(string(body[m[0]:m[1]]))
		if !strings.HasPrefix(text, "[") || m[1] >= len(body) || (body[m[1]] != '(' && body[m[1]] != '[') {
			return false
		}
		verb := strings.TrimSpace(strings.TrimPrefix(text, "["))
		return strings.HasPrefix(verb, "add") || strings.HasPrefix(verb, "your")
	})
}

// mergeConflict reports each unresolved conflict once, at its <<<<<<<
// line, and markers left behind by a half-resolved one. A lone =======
// line is not a conflict: it underlines a setext heading.
func mergeConflict(p *Pass) {
	d := p.Doc
	if !bytes.Contains(d.Body, []byte("<<<<<<<")) && !bytes.Contains(d.Body, []byte(">>>>>>>")) {
		return
	}
	code := codeIn(p)
	open := -1 // body offset of the unclosed <<<<<<< line
	for off := 0; off < len(d.Body); {
		end := bytes.IndexByte(d.Body[off:], '\n')
		if end < 0 {
			end = len(d.Body)
		} else {
			end += off
		}
		line := strings.TrimRight(string(d.Body[off:end]), "\r")
		kind := conflictMarker(line)
		switch {
		case kind == 0 || inRanges(code, off):
		case kind == '<':
			if open >= 0 {
				p.Report(d.Pos(open), "merge-conflict marker %q with no >>>>>>> after it: resolve the conflict and delete the markers", excerpt(d.Body[open:open+7]))
			}
			open = off
		case kind == '>' && open >= 0:
			p.Report(d.Pos(open), "unresolved merge conflict (lines %d–%d): keep the right text and delete the <<<<<<<, ======= and >>>>>>> lines",
				d.Pos(open).Line, d.Pos(off).Line)
			open = -1
		case kind == '>':
			p.Report(d.Pos(off), "merge-conflict marker %q left after a partly resolved conflict: delete it", excerpt([]byte(line)))
		}
		off = end + 1
	}
	if open >= 0 {
		p.Report(d.Pos(open), "merge-conflict marker %q with no >>>>>>> after it: resolve the conflict and delete the markers", excerpt(d.Body[open:open+7]))
	}
}

// conflictMarker returns '<' or '>' for a line that opens or closes a
// conflict as git writes them (seven characters, then a space or nothing).
func conflictMarker(line string) byte {
	for _, c := range []byte{'<', '>'} {
		m := strings.Repeat(string(c), 7)
		if line == m || strings.HasPrefix(line, m+" ") {
			return c
		}
	}
	return 0
}

// inTemplate reports whether body offset off lies in one of ts, which
// are in document order.
func inTemplate(ts []*document.Template, off int) bool {
	i := sort.Search(len(ts), func(i int) bool { return ts[i].Segment.Stop > off })
	return i < len(ts) && ts[i].Segment.Start <= off
}

func inRanges(rs [][2]int, off int) bool {
	for _, r := range rs {
		if off >= r[0] && off < r[1] {
			return true
		}
	}
	return false
}

package check

import (
	"github.com/ismspack/ismspack/generator/document"
)

// nameRules warn about documents whose output files could not be named
// after them as written (isms.OutputNames).
func nameRules() []*Rule {
	return []*Rule{
		{ID: "output-name", Doc: "The document's file name had to change in the output: too long for a file system, or the same as another's but for letter case.", Severity: Warning, Run: outputName},
	}
}

func outputName(p *Pass) {
	d := p.Doc
	if d.Out.Shortened {
		p.Report(document.Pos{}, "the file name is too long for the output (a file system allows 255 bytes, and the history page adds %d), so its page is %s and its PDF %s: shorten the file name", len(".history.html"), d.Out.Page, d.Out.PDF)
	}
	if d.Out.CaseOf != "" {
		p.Report(document.Pos{}, "the name differs from %s only in letter case, so on macOS and Windows their pages and PDFs would overwrite each other; this one's page is %s and its PDF %s: rename one of the two", d.Out.CaseOf, d.Out.Page, d.Out.PDF)
	}
}

package isms

import (
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/parallel"
	"github.com/ismspack/ismspack/generator/source"
)

// documentOptions are the options every document of cfg is parsed with.
func documentOptions(cfg config.Config) document.Options {
	cfg.FillDefaults()
	return cfg.DocumentOptions()
}

// early is the documents at the ref, parsed while the history walk runs:
// parsing needs only the files at the ref, and it is a third of a check's
// work, which would otherwise wait for the walk to end.
type early struct {
	done chan struct{}
	docs map[*source.File]*document.Document
}

// parseEarly starts parsing the documents among files, as sel selects
// them, with opt, and returns at once. Those the cache holds parsed
// (kept) are taken from there.
func parseEarly(files []source.File, sel *source.Selector, opt document.Options, kept *parsedDocs) *early {
	var todo []*source.File
	for i := range files {
		if f := &files[i]; sel.IsDocument(f.Path) && (f.Data != nil || f.Kept) {
			todo = append(todo, f)
		}
	}
	e := &early{done: make(chan struct{}), docs: make(map[*source.File]*document.Document, len(todo))}
	go func() {
		defer close(e.done)
		docs := make([]*document.Document, len(todo))
		parallel.Each(len(todo), 0, func(i int) {
			if docs[i] = kept.doc(todo[i]); docs[i] == nil {
				docs[i] = document.Parse(todo[i].Path, todo[i].Data, opt)
			}
		})
		for i, f := range todo {
			e.docs[f] = docs[i]
		}
	}()
	return e
}

// wait returns once the parsing has ended; a nil early has nothing to wait
// for.
func (e *early) wait() {
	if e != nil {
		<-e.done
	}
}

// parsed is f's document parsed early, or nil when it was not. Call wait
// first.
func (e *early) parsed(f *source.File) *document.Document {
	if e == nil {
		return nil
	}
	return e.docs[f]
}

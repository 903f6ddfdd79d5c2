// Package build wires the pipeline: source -> isms model -> checks ->
// site and PDF renderers, and puts the output in place only when every
// stage succeeded.
package build

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/pdf"
	"github.com/ismspack/ismspack/generator/site"
	"github.com/ismspack/ismspack/themes"
)

// Options say what to build: the repository and configuration to load,
// and where the output goes.
type Options struct {
	isms.Options
	// Out is the output directory; its previous contents are replaced only
	// when the build succeeds.
	Out string
	// NoPDF skips the PDF pack (a faster preview).
	NoPDF bool
	// Tool is the ismspack version, recorded in the pack.
	Tool string

	// test holds hooks that only tests set.
	test swapTest
}

// Result is what a build produced.
type Result struct {
	Model    *isms.Model
	Findings []check.Finding
}

// Check loads the model and runs every rule, rendering nothing.
func Check(o Options) (*Result, error) {
	m, err := isms.Open(o.Options)
	if err != nil {
		return nil, err
	}
	return &Result{Model: m, Findings: check.Run(m, check.Rules())}, nil
}

// Build checks and renders the site and pack into o.Out. Findings do not
// stop a build: the site shows them. Errors do, and leave o.Out untouched.
func Build(o Options) (*Result, error) {
	out, err := claim(o.Out, o.test)
	if err != nil {
		return nil, err
	}
	defer out.release()
	r, err := Check(o)
	if err != nil {
		return nil, err
	}
	theme := themes.Open(r.Model.Inputs.Theme)
	// What the cache learned is written back once, at the end: a memo
	// holds what one build used (see cache.Memo), a store what it saw of
	// its files (see cache.Store.LinkFile).
	defer o.Cache.Flush()
	err = out.replace(func(dir string) error {
		// The site and the PDFs read the model and write files of their
		// own, so they run side by side: each keeps the cores busy where
		// the other leaves them idle, as at its start and its end. The
		// PDFs' line goes to the log after the site's, as if they had run
		// one after the other.
		var pdfLog bytes.Buffer
		pdfErr := make(chan error, 1)
		go func() {
			if o.NoPDF {
				pdfErr <- nil
				return
			}
			po := pdf.Options{Cache: o.Cache, Provenance: Provenance(o, r.Model), Progress: o.Progress.Part()}
			if o.Log != nil {
				po.Log = &pdfLog
			}
			pdfErr <- pdf.RenderWith(dir, r.Model, r.Findings, po)
		}()
		serr := site.RenderWith(dir, r.Model, r.Findings, theme, site.Options{NoPDF: o.NoPDF, Progress: o.Progress.Part(), Cache: o.Cache, Log: o.Log})
		perr := <-pdfErr
		if o.Log != nil {
			o.Log.Write(pdfLog.Bytes())
		}
		if serr != nil {
			return fmt.Errorf("rendering site: %w", serr)
		}
		if perr != nil {
			return fmt.Errorf("rendering PDF: %w", perr)
		}
		return nil
	})
	if err == nil {
		// What this build did not use is of an older commit: dropped, so
		// the cache stays one build's size.
		o.Cache.Sweep()
	}
	return r, err
}

// Provenance is what the pack records of the inputs the operator gave
// besides the commit: the version of ismspack, --content, the ISMSPACK_*
// variables that shape the configuration, and the configuration file and
// fonts read from disk, by hash. The pdf package adds what the model
// decides.
func Provenance(o Options, m *isms.Model) pdf.Provenance {
	p := pdf.Provenance{Tool: o.Tool, Content: o.Content, Config: m.Inputs.ConfigSum, Fonts: m.Inputs.FontSums}
	for _, k := range config.EnvKeys {
		if v, ok := o.Env[k]; ok {
			p.Env = append(p.Env, k+"="+v)
		}
	}
	sort.Strings(p.Env)
	return p
}

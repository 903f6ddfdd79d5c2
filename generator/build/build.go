// Package build wires the pipeline: source -> isms model -> checks ->
// site and PDF renderers, and puts the output in place only when every
// stage succeeded.
package build

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/ismspack/ismspack/generator/check"
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
	r, err := Check(o)
	if err != nil {
		return nil, err
	}
	theme := themes.Open(r.Model.Inputs.Theme)
	err = replaceDir(o.Out, func(dir string) error {
		if err := site.RenderWith(dir, r.Model, r.Findings, theme, site.Options{NoPDF: o.NoPDF}); err != nil {
			return fmt.Errorf("rendering site: %w", err)
		}
		if o.NoPDF {
			return nil
		}
		if err := pdf.Render(dir, r.Model, r.Findings); err != nil {
			return fmt.Errorf("rendering PDF: %w", err)
		}
		return nil
	})
	return r, err
}

// marker names the file that says a directory was written by ismspack and
// may be replaced by the next build.
const marker = ".ismspack-output"

// replaceDir runs write into a fresh directory beside out and swaps it in
// only when write succeeds. It refuses to replace a non-empty directory
// that ismspack did not write, so --out content cannot delete documents.
func replaceDir(out string, write func(dir string) error) error {
	out = filepath.Clean(out)
	if fi, err := os.Stat(out); err == nil {
		if !fi.IsDir() {
			return fmt.Errorf("output %s exists and is not a directory", out)
		}
		if _, err := os.Stat(filepath.Join(out, marker)); err != nil {
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				return fmt.Errorf("refusing to replace %s: it is not empty and was not written by ismspack; choose another --out", out)
			}
		}
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := write(tmp); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, marker), []byte("written by ismspack; the next build replaces this directory\n"), 0o644); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	old := tmp + ".old"
	if _, err := os.Stat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return err
		}
		defer os.RemoveAll(old)
	}
	return os.Rename(tmp, out)
}

// Package build wires the pipeline: source -> isms model -> checks ->
// site and PDF renderers, and puts the output in place only when every
// stage succeeded.
package build

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/framework"
	"github.com/ismspack/ismspack/generator/isms"
	"github.com/ismspack/ismspack/generator/pdf"
	"github.com/ismspack/ismspack/generator/site"
	"github.com/ismspack/ismspack/generator/source"
	"github.com/ismspack/ismspack/themes"
)

// Options say what to build.
type Options struct {
	// Dir is where to look for the repository (it or a parent).
	Dir string
	// Ref is the branch, tag or commit to read; empty means HEAD.
	Ref string
	// ConfigFile, when set, is read from disk instead of from the commit.
	ConfigFile string
	// Content overrides the content directory.
	Content string
	// Env holds ISMSPACK_* variables, passed in rather than read.
	Env map[string]string
	// AsOf is the date reviews are judged against and the pack is dated.
	AsOf time.Time
	// Out is the output directory; its previous contents are replaced only
	// when the build succeeds.
	Out string
	// NoPDF skips the PDF pack (a faster preview).
	NoPDF bool
	// Log receives progress lines; nil discards them.
	Log io.Writer
}

// Load reads the repository and builds the model.
func Load(o Options) (*isms.Model, error) {
	log := o.Log
	if log == nil {
		log = io.Discard
	}
	start := time.Now()
	repo, err := source.Open(o.Dir)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	commit, err := repo.Resolve(o.Ref)
	if err != nil {
		return nil, err
	}
	cfg, err := loadConfig(repo, commit, o)
	if err != nil {
		return nil, err
	}
	ref := o.Ref
	if ref == "" {
		ref = "HEAD"
	}
	snap, err := repo.Read(ref, commit, cfg.Content)
	if err != nil {
		return nil, err
	}
	sets, err := framework.Builtin()
	if err != nil {
		return nil, err
	}
	m := isms.Load(snap, cfg, sets, o.AsOf)
	fmt.Fprintf(log, "read %d documents and %d commits at %s (%s) in %s\n", len(m.Docs), snap.Commits, ref, snap.Commit.Short(), time.Since(start).Round(time.Millisecond))
	return m, nil
}

func loadConfig(repo *source.Repo, commit *object.Commit, o Options) (config.Config, error) {
	cfg := config.Default()
	var name string
	var data []byte
	if o.ConfigFile != "" {
		b, err := os.ReadFile(o.ConfigFile)
		if err != nil {
			return cfg, fmt.Errorf("reading config: %w", err)
		}
		name, data = o.ConfigFile, b
	} else {
		for _, n := range config.FileNames {
			b, err := repo.ReadFile(commit, n)
			if err != nil {
				return cfg, err
			}
			if b != nil {
				name, data = n, b
				break
			}
		}
	}
	if name != "" {
		var err error
		if cfg, err = config.Parse(name, data); err != nil {
			return cfg, err
		}
	}
	if err := cfg.ApplyEnv(o.Env); err != nil {
		return cfg, err
	}
	if o.Content != "" {
		cfg.Content = o.Content
		if err := cfg.Validate(); err != nil {
			return cfg, err
		}
	}
	return cfg, nil
}

// Result is what a build produced.
type Result struct {
	Model    *isms.Model
	Findings []check.Finding
}

// Check loads the model and runs every rule, rendering nothing.
func Check(o Options) (*Result, error) {
	m, err := Load(o)
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
	theme, err := themes.Open(r.Model.Config.Theme)
	if err != nil {
		return nil, err
	}
	err = replaceDir(o.Out, func(dir string) error {
		if err := site.Render(dir, r.Model, r.Findings, theme); err != nil {
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

package generator_test

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/ismspack/ismspack/"

// stage ranks each package of the module by pipeline stage. Data flows
// one way, so a package may import only packages of an earlier stage: a
// fact a later stage needs is computed below it, once, and read from the
// model. A package below one listed here (generator/pdf/x) is part of
// that stage; a new stage gets a rank here.
var stage = map[string]int{
	"themes":                0, // embedded assets
	"generator/source":      0,
	"generator/source/pack": 0, // reads pack files for the walk
	"generator/document":    1,
	"generator/redline":     1, // word-level differences between two texts
	"generator/config":      2,
	"generator/framework":   2,
	"generator/fonts":       2,
	"generator/isms":        3,
	"generator/check":       4,
	"generator/report":      5,
	"generator/site":        5,
	"generator/pdf":         5,
	"generator/scaffold":    5, // writes a new repository (init, new)
	"generator/adopt":       5, // proposes the configuration of an existing repository
	"generator/build":       6,
	"generator/serve":       7, // rebuilds through build while serving
	"generator/verify":      7, // rebuilds a pack through build
	"generator/cli":         8,
	"cmd/ismspack":          9,
	// Helpers below every stage.
	"generator/cache":             0, // build results by what they were made from
	"generator/internal/bounded":  0,
	"generator/internal/parallel": -1, // a worker pool, below cache
	"generator/internal/progress": 0,
	"generator/internal/clip":     -1, // shortens text for display, below source and progress
	"generator/internal/suggest":  0,
	"generator/internal/sshsig":   0,
	"generator/internal/wire":     -1, // an encoding, below source
	"generator/internal/outfile":  -1, // writes output files new, below cache
	"generator/internal/sysfile":  -2, // opens files without the poller, below outfile
	"generator/internal/fpdf":     0,  // fpdf with ismspack's speed patches
	// Test helpers: only tests import them.
	"generator/internal/testrepo":     0,
	"generator/internal/testbrowser":  0,
	"generator/internal/showcase":     1, // writes the showcase repository
	"generator/internal/showcase/cmd": 2, // ... to a directory
}

// rankOf is the stage of a package or of the nearest listed parent.
func rankOf(p string) (int, bool) {
	for q := p; q != "."; q = filepath.ToSlash(filepath.Dir(q)) {
		if r, ok := stage[q]; ok {
			return r, true
		}
	}
	return 0, false
}

// within reports whether dep is a package inside pkg's own stage entry
// (generator/pdf importing generator/pdf/x).
func within(dep, pkg string) bool { return strings.HasPrefix(dep, pkg+"/") }

func TestNoPackageImportsALaterStage(t *testing.T) {
	seen := map[string]bool{}
	err := filepath.WalkDir("..", func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); dir != ".." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		p, err := build.ImportDir(dir, 0)
		if _, ok := err.(*build.NoGoError); ok || err == nil && len(p.GoFiles) == 0 {
			return nil // no package, or tests only, like this one
		}
		if err != nil {
			return err
		}
		rel := filepath.ToSlash(filepath.Clean(strings.TrimPrefix(dir, "../")))
		rank, ok := rankOf(rel)
		if !ok {
			t.Errorf("package %s has no stage: give it a rank in stage", rel)
			return nil
		}
		seen[rel] = true
		for _, imp := range p.Imports {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			if dep == "generator/internal/testrepo" || dep == "generator/internal/testbrowser" {
				t.Errorf("%s imports the test helper %s outside its tests", rel, dep)
			}
			if r, ok := rankOf(dep); ok && r >= rank && !within(dep, rel) {
				t.Errorf("%s (stage %d) imports %s (stage %d): a package may import only earlier stages", rel, rank, dep, r)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range stage {
		if !seen[p] {
			t.Errorf("stage lists %s, which is not a package", p)
		}
	}
}

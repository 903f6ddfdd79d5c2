package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/ismspack/ismspack/generator/cache"
	"github.com/ismspack/ismspack/generator/check"
	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

// sectionDocs is a content directory of n documents, enough for the pack
// to draw its own sections apart and keep them in the cache; change
// overrides the front matter of the documents it names.
func sectionDocs(n int, change map[int]map[string]string) map[string]string {
	files := map[string]string{}
	for i := range n {
		fields := map[string]string{"id": fmt.Sprintf("DOC-%03d", i), "title": fmt.Sprintf("Document %d", i),
			"requirements": []string{`["5.1(a)"]`, `["5.1(b)", "5.1(c)"]`, `[]`}[i%3]}
		for k, v := range change[i] {
			fields[k] = v
		}
		files[fmt.Sprintf("content/d%03d.md", i)] = testrepo.Doc(fields, fmt.Sprintf("# Document %d\n\nThe text of document %d.\n", i, i))
	}
	return files
}

// TestWarmPackIsTheColdPackAfterEveryKindOfChange: a build that takes
// the pack's own sections it can from the cache writes the pack a build
// without a cache draws, byte for byte, after commits that change each
// kind of input a kept section shows — a title, a version, a status, an
// owner, the requirements a document lists, a finding — and after a
// change of the as-of date and of the configuration. A section kept
// under a key that missed one would show the old value.
func TestWarmPackIsTheColdPackAfterEveryKindOfChange(t *testing.T) {
	t.Parallel()
	c, err := cache.Open(t.TempDir(), cache.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const n = sectionsApart
	repo := testrepo.New(t)
	repo.Commit(testrepo.Commit{Files: sectionDocs(n, nil), Message: "Start"})
	org, at := "Exemplar Ltd", asOf
	for _, step := range []struct {
		what  string
		files map[string]string
		org   string
		at    time.Time
		// kept is how many of the pack's own sections the build takes
		// from the cache, -1 for any number.
		kept int
	}{
		{what: "nothing (a first build)", kept: 0},
		{what: "nothing the sections show", files: map[string]string{"README.md": "About this repository.\n"}, kept: 2},
		{what: "a title", files: sectionDocs(n, map[int]map[string]string{0: {"title": "A new title"}}), kept: -1},
		{what: "a version", files: sectionDocs(n, map[int]map[string]string{1: {"version": `"2.0"`}}), kept: -1},
		{what: "a status", files: sectionDocs(n, map[int]map[string]string{3: {"status": "draft"}}), kept: -1},
		{what: "an owner", files: sectionDocs(n, map[int]map[string]string{4: {"owner": ""}}), kept: -1},
		{what: "the requirements", files: sectionDocs(n, map[int]map[string]string{6: {"requirements": `["5.1(d)"]`}}), kept: -1},
		{what: "a finding", files: map[string]string{"content/d007.md": testrepo.Doc(map[string]string{"id": "DOC-007", "title": "Document 7", "requirements": `["5.1(b)", "5.1(c)"]`},
			"# Document 7\n\nSee [the missing plan](missing.md).\n")}, kept: -1},
		{what: "the as-of date", at: asOf.AddDate(2, 0, 0), kept: -1},
		{what: "the configuration", org: "Other Org plc", kept: -1},
	} {
		if step.files != nil {
			repo.Commit(testrepo.Commit{Files: step.files, Message: "Change " + step.what})
		}
		if !step.at.IsZero() {
			at = step.at
		}
		if step.org != "" {
			org = step.org
		}
		cfg := config.Default()
		cfg.Organisation = org
		m, err := isms.Open(isms.Options{Dir: repo.Dir, Config: &cfg, AsOf: at})
		if err != nil {
			t.Fatal(err)
		}
		fs := check.Run(m, check.Rules())
		dir := t.TempDir()
		var log bytes.Buffer
		if err := RenderWith(dir, m, fs, Options{Cache: c, Log: &log}); err != nil {
			t.Fatal(err)
		}
		if step.kept >= 0 {
			if want := fmt.Sprintf("took %d of the pack's own sections from the cache", step.kept); !strings.Contains(log.String(), want) {
				t.Errorf("after a change to %s: log %q, want %q", step.what, log.String(), want)
			}
		}
		warm, err := os.ReadFile(filepath.Join(dir, "pack.pdf"))
		if err != nil {
			t.Fatal(err)
		}
		cold, err := Pack(m, fs, Provenance{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(warm, cold) {
			t.Errorf("after a change to %s: the pack built with the cache (%d bytes) differs from the pack drawn without (%d bytes)", step.what, len(warm), len(cold))
		}
	}
}

// TestSectionViewsAreHashedWhole: every view a section is kept by hashes
// (it holds nothing the key would pass over, such as a pointer), and a
// change to any one of its fields changes its key.
func TestSectionViewsAreHashedWhole(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	fr := r.frame()
	for _, own := range ownSections() {
		if own.view == nil {
			continue
		}
		v := own.view(r)
		key := r.sectionKey(own.name, fr, v)
		if key == "" {
			t.Errorf("section %s: its view cannot be hashed", own.name)
			continue
		}
		// A value of the view's type with every field set, one at a
		// time, keys apart from the zero value and from each other.
		zero := reflect.New(reflect.TypeOf(v).Elem())
		seen := map[string]string{r.sectionKey(own.name, fr, zero.Interface()): "nothing"}
		for _, path := range leafPaths(zero.Elem().Type(), "") {
			one := reflect.New(zero.Elem().Type())
			setLeaf(one.Elem(), strings.Split(strings.TrimPrefix(path, "."), "."))
			k := r.sectionKey(own.name, fr, one.Interface())
			if k == "" {
				t.Errorf("section %s: setting %s makes its view unhashable", own.name, path)
			}
			if other, ok := seen[k]; ok {
				t.Errorf("section %s: setting %s keys as setting %s", own.name, path, other)
			}
			seen[k] = path
		}
	}
	if k := r.sectionKey("matrix", frame{org: "Other"}, &matrixView{}); k == r.sectionKey("matrix", fr, &matrixView{}) {
		t.Error("the organisation in every page's header is not keyed")
	}
	type withPointer struct{ p *isms.Doc }
	if r.sectionKey("x", fr, &withPointer{}) != "" {
		t.Error("a view holding a pointer was keyed")
	}
}

// leafPaths are the paths to t's fields of plain kinds, through structs
// and (one element of) slices.
func leafPaths(t reflect.Type, at string) []string {
	switch t.Kind() {
	case reflect.Struct:
		var out []string
		for i := range t.NumField() {
			out = append(out, leafPaths(t.Field(i).Type, at+"."+t.Field(i).Name)...)
		}
		return out
	case reflect.Slice:
		return append([]string{at}, leafPaths(t.Elem(), at+".0")...)
	}
	return []string{at}
}

// setLeaf sets the field at path in v (addressable) to a value other
// than zero, making a one-element slice on the way where it must.
func setLeaf(v reflect.Value, path []string) {
	for _, name := range path {
		if name == "" {
			continue
		}
		if v.Kind() == reflect.Slice {
			if v.Len() == 0 {
				setUnexported(v, reflect.MakeSlice(v.Type(), 1, 1))
			}
			v = v.Index(0)
			continue
		}
		v = v.FieldByName(name)
	}
	switch v.Kind() {
	case reflect.String:
		setUnexported(v, reflect.ValueOf("x").Convert(v.Type()))
	case reflect.Bool:
		setUnexported(v, reflect.ValueOf(true))
	case reflect.Int, reflect.Int32, reflect.Int64:
		setUnexported(v, reflect.ValueOf(int64(7)).Convert(v.Type()))
	case reflect.Slice:
		setUnexported(v, reflect.MakeSlice(v.Type(), 1, 1))
	default:
		panic("setLeaf: a field of kind " + v.Kind().String())
	}
}

// setUnexported sets v, an addressable field, exported or not, to x.
func setUnexported(v, x reflect.Value) {
	reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem().Set(x)
}

// TestDamagedSectionIsAnErrorNotAPanic: a kept section survives
// encoding, and every truncation and a flipped byte of it decode to an
// error or a section, never a panic.
func TestDamagedSectionIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	m, fs := sample(t)
	r, err := newRun(m, fs, Provenance{})
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := r.ownSection(viewed("findings", (*run).findingsView, (*renderer).appendixFindings), r.frame())
	if err != nil {
		t.Fatal(err)
	}
	b, ok := s.encode(r.faces)
	if !ok {
		t.Fatal("a section of the pack's own plain pages cannot be kept")
	}
	if q, err := decodeSection(b, r.faces); err != nil {
		t.Fatalf("a section does not survive encoding: %v", err)
	} else if c, _ := q.encode(r.faces); !bytes.Equal(c, b) {
		t.Fatal("a section decoded and encoded again is other bytes")
	}
	for n := 0; n < len(b); n++ {
		if _, err := decodeSection(b[:n], r.faces); err == nil {
			t.Fatalf("a section cut to %d of %d bytes decoded", n, len(b))
		}
		c := bytes.Clone(b)
		c[n] ^= 0xff
		decodeSection(c, r.faces)
	}
}

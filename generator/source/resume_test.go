package source_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/source"
)

func readFrom(t *testing.T, dir, ref string, prev *source.WalkState) *source.Snapshot {
	t.Helper()
	r, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c, err := r.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.ReadFrom(ref, c, source.Markdown("content"), prev)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sameHistory compares two snapshots' histories field by field, times by
// instant and zone offset.
func sameHistory(t *testing.T, got, want *source.Snapshot) {
	t.Helper()
	if got.Commits != want.Commits || got.Truncated != want.Truncated || len(got.History) != len(want.History) {
		t.Fatalf("got %d commits, truncated %v, %d documents; want %d, %v, %d",
			got.Commits, got.Truncated, len(got.History), want.Commits, want.Truncated, len(want.History))
	}
	for p, w := range want.History {
		g := got.History[p]
		if len(g) != len(w) {
			t.Fatalf("%s: %d changes, want %d", p, len(g), len(w))
		}
		for i := range w {
			gc, wc := *g[i].Commit, *w[i].Commit
			_, go1 := gc.When.Zone()
			_, wo := wc.When.Zone()
			if !gc.When.Equal(wc.When) || go1 != wo {
				t.Errorf("%s change %d: time %v, want %v", p, i, gc.When, wc.When)
			}
			gc.When, wc.When = time.Time{}, time.Time{}
			if !reflect.DeepEqual(gc, wc) {
				t.Errorf("%s change %d: commit %+v, want %+v", p, i, gc, wc)
			}
			gch, wch := g[i], w[i]
			gch.Commit, wch.Commit = nil, nil
			if !reflect.DeepEqual(gch, wch) {
				t.Errorf("%s change %d: %+v, want %+v", p, i, gch, wch)
			}
		}
	}
}

func TestWalkResumedFromItsStateMatchesAFullWalk(t *testing.T) {
	zone := time.FixedZone("", 5*3600+1800)
	r := testrepo.Make(t,
		testrepo.Commit{Files: map[string]string{"content/a.md": "a1\n", "content/b.md": "b1\n"}},
		testrepo.Commit{Files: map[string]string{"content/a.md": "a2\n"}, When: time.Date(2026, 2, 1, 10, 0, 0, 0, zone)},
	)
	first := readFrom(t, r.Dir, "HEAD", nil)
	data, err := first.Walk.Encode()
	if err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Rename: map[string]string{"content/b.md": "content/sub/b.md"}, When: time.Date(2026, 3, 1, 0, 0, 0, 0, zone)})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/c.md": "c1\n", "content/a.md": "a3\n"}})
	prev, err := source.DecodeWalkState(data)
	if err != nil {
		t.Fatal(err)
	}
	resumed := readFrom(t, r.Dir, "HEAD", prev)
	if resumed.Resumed != source.Spliced {
		t.Errorf("the walk did not resume: %v", resumed.Resumed)
	}
	sameHistory(t, resumed, readFrom(t, r.Dir, "HEAD", nil))
	data, err = resumed.Walk.Encode()
	if err != nil {
		t.Fatal(err)
	}
	prev, err = source.DecodeWalkState(data)
	if err != nil {
		t.Fatal(err)
	}
	same := readFrom(t, r.Dir, "HEAD", prev)
	if same.Resumed != source.SameTip {
		t.Errorf("a walk of the cached tip was not taken from the state: %v", same.Resumed)
	}
	sameHistory(t, same, readFrom(t, r.Dir, "HEAD", nil))
}

func TestDamagedWalkStateIsAnError(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "a1\n"}})
	data, err := readFrom(t, r.Dir, "HEAD", nil).Walk.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, data[:len(data)/2], append([]byte{0xff}, data...)} {
		if _, err := source.DecodeWalkState(bad); err == nil {
			t.Errorf("decoded %d damaged bytes without an error", len(bad))
		}
	}
}

// The state names revisions by blob id and leaves their contents in the
// repository: a cache of a long history of large documents stays small,
// and a walk resumed from it still gives every revision's content.
func TestWalkStateHoldsBlobIDsNotContents(t *testing.T) {
	big := func(c byte) string { return strings.Repeat(string(c)+" line of a long policy\n", 10000) }
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": big('a'), "content/b.md": big('b')}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": big('c')}})
	first := readFrom(t, r.Dir, "HEAD", nil)
	data, err := first.Walk.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 4096 {
		t.Errorf("the walk state of 3 revisions of 230 KB each is %d bytes: it holds their contents", len(data))
	}
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": big('d')}})
	prev, err := source.DecodeWalkState(data)
	if err != nil {
		t.Fatal(err)
	}
	resumed := readFrom(t, r.Dir, "HEAD", prev)
	if resumed.Resumed != source.Spliced {
		t.Fatalf("the walk did not resume: %v", resumed.Resumed)
	}
	sameHistory(t, resumed, readFrom(t, r.Dir, "HEAD", nil))
	for p, h := range resumed.History {
		for i, ch := range h {
			if len(ch.Data) != len(big('a')) {
				t.Errorf("%s change %d has %d bytes of content, want %d", p, i, len(ch.Data), len(big('a')))
			}
		}
	}
}

// A resumed walk reads only the old revisions the caller needs; those of
// the commits it walks are always read.
func TestResumedWalkReadsOnlyTheRevisionsNeeded(t *testing.T) {
	r := testrepo.Make(t, testrepo.Commit{Files: map[string]string{"content/a.md": "a1\n", "content/b.md": "b1\n"}})
	r.Commit(testrepo.Commit{Files: map[string]string{"content/a.md": "a2\n"}})
	data, err := readFrom(t, r.Dir, "HEAD", nil).Walk.Encode()
	if err != nil {
		t.Fatal(err)
	}
	r.Commit(testrepo.Commit{Files: map[string]string{"content/b.md": "b2\n"}})
	prev, err := source.DecodeWalkState(data)
	if err != nil {
		t.Fatal(err)
	}
	repo, err := source.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	c, err := repo.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	repo.Need = func(p, blob string) bool {
		asked = append(asked, p)
		return p == "content/a.md"
	}
	s, err := repo.ReadFrom("HEAD", c, source.Markdown("content"), prev)
	if err != nil {
		t.Fatal(err)
	}
	if s.Resumed != source.Spliced {
		t.Fatalf("the walk did not resume: %v", s.Resumed)
	}
	got := map[string][]string{}
	for p, h := range s.History {
		for _, ch := range h {
			got[p] = append(got[p], string(ch.Data))
		}
	}
	want := map[string][]string{"content/a.md": {"a2\n", "a1\n"}, "content/b.md": {"b2\n", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("contents read %q, want %q", got, want)
	}
	if len(asked) != 3 {
		t.Errorf("Need was asked of %q, want the 3 changes taken from the state", asked)
	}
}

// fillFields sets every field of the struct v points to a value of its
// own, so an encoding that leaves a field out loses it.
func fillFields(t *testing.T, v any, seed int) {
	t.Helper()
	s := reflect.ValueOf(v).Elem()
	for i := range s.NumField() {
		f := s.Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(fmt.Sprintf("%s %d", s.Type().Field(i).Name, seed))
		case reflect.Int:
			f.SetInt(int64(seed*10 + i))
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Slice:
			f.SetBytes([]byte(fmt.Sprintf("raw %d", seed)))
		case reflect.Pointer:
		case reflect.Struct:
			f.Set(reflect.ValueOf(time.Unix(int64(1e9+seed), 0).In(time.FixedZone("", 3600*seed))))
		default:
			t.Fatalf("field %s of %s has a kind the walk state test does not fill: %v", s.Type().Field(i).Name, s.Type(), f.Kind())
		}
	}
}

// Every field of every commit and change survives the walk state's
// encoding: a field added to either and left out of the encoding fails here.
func TestWalkStateKeepsEveryField(t *testing.T) {
	var c1, c2 source.Commit
	fillFields(t, &c1, 1)
	fillFields(t, &c2, 2)
	var ch1, ch2, ch3 source.Change
	fillFields(t, &ch1, 1)
	fillFields(t, &ch2, 2)
	fillFields(t, &ch3, 3)
	ch1.Commit, ch2.Commit, ch3.Commit = &c1, &c2, &c1
	ch1.Data, ch2.Data, ch3.Data = nil, nil, nil // the state holds blob ids, not contents
	want := &source.WalkState{Tip: "tip", Select: "sel", Commits: 7, TruncatedAt: 3, Docs: map[string]*source.DocWalk{
		"content/a.md": {Changes: []source.Change{ch1, ch2}, Created: 5},
		"content/b.md": {Changes: []source.Change{ch3}},
	}}
	data, err := want.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := source.DecodeWalkState(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %s\nwant %s", spew(got), spew(want))
	}
	if got.Docs["content/a.md"].Changes[0].Commit != got.Docs["content/b.md"].Changes[0].Commit {
		t.Error("one commit decoded as two")
	}
}

func spew(w *source.WalkState) string {
	s := fmt.Sprintf("%s %s %d %d", w.Tip, w.Select, w.Commits, w.TruncatedAt)
	for p, d := range w.Docs {
		s += fmt.Sprintf("\n%s created %d:", p, d.Created)
		for _, ch := range d.Changes {
			s += fmt.Sprintf("\n  %+v commit %+v", ch, *ch.Commit)
		}
	}
	return s
}

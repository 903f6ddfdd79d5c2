package framework

import (
	"strings"
	"testing"
)

func TestBuiltinHasClause51ItemsAToH(t *testing.T) {
	sets, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(sets)
	for _, l := range "abcdefgh" {
		id := "5.1(" + string(l) + ")"
		it, ok := x.Item(id)
		if !ok {
			t.Fatalf("%s missing", id)
		}
		if it.Statement == "" || len(it.Evidence) == 0 || len(it.Audit) == 0 {
			t.Errorf("%s lacks statement, evidence or audit technique", id)
		}
	}
	if s := x.SetOf("5.1(a)"); s == nil || s.ID != "iso27001-2022-5.1" || len(s.Items) != 8 {
		t.Errorf("clause 5.1's set = %+v, want iso27001-2022-5.1 with 8 items", s)
	}
}

func TestBuiltinAnnexAHas93ControlsInFourThemes(t *testing.T) {
	s, ok, err := Lookup("iso27001-2022-annex-a")
	if err != nil || !ok {
		t.Fatalf("annex A: ok=%v err=%v", ok, err)
	}
	per := map[string]int{}
	for _, it := range s.Items {
		per[it.Group]++
		if it.Title == "" || it.Statement == "" {
			t.Errorf("%s lacks a name or statement", it.ID)
		}
	}
	want := map[string]int{"A.5": 37, "A.6": 8, "A.7": 14, "A.8": 34}
	for g, n := range want {
		if per[g] != n {
			t.Errorf("theme %s: %d controls, want %d", g, per[g], n)
		}
	}
	if len(s.Items) != 93 || s.Prefix != "A." {
		t.Errorf("%d controls, prefix %q; want 93 and A.", len(s.Items), s.Prefix)
	}
}

func TestBuiltinClausesCoverFourToTen(t *testing.T) {
	s, ok, err := Lookup("iso27001-2022")
	if err != nil || !ok {
		t.Fatalf("clauses: ok=%v err=%v", ok, err)
	}
	groups := map[string]bool{}
	for _, it := range s.Items {
		groups[it.Group] = true
		if it.Statement == "" || len(it.Evidence) == 0 || len(it.Audit) == 0 {
			t.Errorf("%s lacks statement, evidence or audit technique", it.ID)
		}
	}
	for _, g := range []string{"4", "5", "6", "7", "8", "9", "10"} {
		if !groups[g] {
			t.Errorf("clause %s has no items", g)
		}
	}
	for _, id := range []string{"4.3", "6.1.3", "7.5.3", "9.3.1", "10.2"} {
		if !has(s, id) {
			t.Errorf("clause %s missing", id)
		}
	}
}

func has(s *Set, id string) bool {
	for _, it := range s.Items {
		if it.ID == id {
			return true
		}
	}
	return false
}

func TestParseRejectsItemInUndeclaredGroup(t *testing.T) {
	_, err := Parse("mine.yaml", []byte("id: x\ngroups:\n  - id: g1\n    title: One\nitems:\n  - id: a\n    group: g2\n"))
	if err == nil || !strings.Contains(err.Error(), `group "g2"`) {
		t.Fatalf("err = %v, want it to name group g2", err)
	}
}

func TestNormalizeAcceptsCommonSpellings(t *testing.T) {
	for _, in := range []string{"5.1(a)", "5.1a", "5.1.a", "5.1 (a)", "5.1(A)", " 5.1A "} {
		if got := Normalize(in); got != "5.1(a)" {
			t.Errorf("Normalize(%q) = %q", in, got)
		}
	}
	if got := Normalize("A.5.1"); got != "A.5.1" {
		t.Errorf("Normalize(A.5.1) = %q, want it unchanged", got)
	}
}

func TestParseNamesLineOfError(t *testing.T) {
	_, err := Parse("mine.yaml", []byte("id: x\nitems:\n  - id: a\n    titel: y\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "mine.yaml:4:5: field titel not found") {
		t.Fatalf("err = %v", err)
	}
}

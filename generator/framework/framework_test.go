package framework

import "testing"

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
	if n := len(x.Items()); n != 8 {
		t.Errorf("%d items, want 8", n)
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
	if err == nil || err.Error()[:10] != "mine.yaml:" {
		t.Fatalf("err = %v", err)
	}
}

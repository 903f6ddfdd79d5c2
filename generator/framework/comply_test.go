package framework

import (
	"strings"
	"testing"
)

const tsc = `name: TSC
CC1.1:
  family: CC1
  name: Integrity and Ethics
  description: The entity demonstrates a commitment to integrity and ethical values
CC6.1:
  family: CC6
  name: Logical Access
  description: The entity implements logical access security software
A1.1:
  family: A1
  name: Capacity
  description: The entity maintains, monitors, and evaluates current processing capacity
`

func TestParseComplyReadsStandardsFileAsItIs(t *testing.T) {
	if !IsComply([]byte(tsc)) {
		t.Fatal("IsComply = false for a comply standards file")
	}
	s, err := ParseComply("standards/TSC-2017.yml", []byte(tsc))
	if err != nil {
		t.Fatal(err)
	}
	if s.ID != "TSC" || len(s.Items) != 3 {
		t.Fatalf("set %q with %d items, want TSC with 3", s.ID, len(s.Items))
	}
	if got := []string{s.Items[0].ID, s.Items[1].ID, s.Items[2].ID}; strings.Join(got, " ") != "CC1.1 CC6.1 A1.1" {
		t.Errorf("items %v, want the file's order", got)
	}
	it := s.Items[1]
	if it.Title != "Logical Access" || it.Group != "CC6" || !strings.HasPrefix(it.Statement, "The entity implements") {
		t.Errorf("CC6.1 = %+v", it)
	}
	if len(s.Groups) != 3 || s.Groups[2].ID != "A1" {
		t.Errorf("groups %+v, want CC1, CC6, A1 in order", s.Groups)
	}
}

func TestParseComplyNamesLineOfMistakes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"CC1.1:\n  name: x\n", "needs a top-level name"},
		{"name: TSC\nCC1.1: just text\n", "x.yml:2:8: item CC1.1 must be a mapping"},
		{"name: TSC\nCC1.1:\n  name: [a, b]\n", "x.yml:3:9: name of item CC1.1 must be text"},
		{"name: TSC\nCC1.1: {name: [\n", "x.yml:"},
	} {
		_, err := ParseComply("x.yml", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseComply(%q) err = %v, want %q", c.in, err, c.want)
		}
	}
	if IsComply([]byte("id: x\nname: y\nitems: []\n")) {
		t.Error("IsComply = true for ismspack's own format")
	}
}

package config

import (
	"strings"
	"testing"
)

func TestFrontMatterOptionalReachesTheParser(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("front_matter: optional\n"))
	if err != nil || !c.DocumentOptions().FrontMatterOptional {
		t.Errorf("front_matter: optional: %v, options %+v", err, c.DocumentOptions())
	}
	c, _ = Parse("ismspack.yaml", nil)
	if c.DocumentOptions().FrontMatterOptional {
		t.Error("front matter is optional by default; it must be required")
	}
	_, err = Parse("ismspack.yaml", []byte("title: x\nfront_matter: sometimes\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:2:") || !strings.Contains(err.Error(), "required or optional") {
		t.Errorf("front_matter: sometimes: error %v, want one at line 2 naming the values", err)
	}
}

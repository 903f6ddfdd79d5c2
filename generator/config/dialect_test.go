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

func TestTemplateLanguageReachesTheParser(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("organisation: Acme\ntemplate: comply\n"))
	if o := c.DocumentOptions(); err != nil || o.Template != "comply" || o.Organisation != "Acme" {
		t.Errorf("template: comply: %v, options %+v", err, o)
	}
	_, err = Parse("ismspack.yaml", []byte("template: jinja\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:1:") || !strings.Contains(err.Error(), "erb, go, liquid, comply") {
		t.Errorf("template: jinja: error %v, want one at line 1 listing the languages", err)
	}
}

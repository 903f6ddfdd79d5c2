package config

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// FuzzParse feeds the config decoder hostile bytes: it must never panic,
// every error must be led by the file name and, when it has a place, a
// line inside the file; a config it accepts must validate.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"../../ismspack.yaml", "../../content/ismspack.yaml"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "organisation: Acme\nreview:\n  interval: 6 months\n  by_type: {minutes: 1y}\n",
		"aliases: {owner: [policy_owner]}\nrequired: [id, title]\n",
		"severity: {raw-html: off}\nroles: &r [a, b]\nleadership_roles: *r\n",
		"a: &a [x, x]\nb: [*a, *a]\n", "roles: [[[[]]]]\n", "check_code: yes\n", "title: x\n---\ntitle: y\n",
	} {
		f.Add([]byte(s))
	}
	at := regexp.MustCompile(`^ismspack\.yaml:(\d+):(\d+): `)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("ismspack.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "ismspack.yaml:") {
				t.Fatalf("error %q does not name the file", err)
			}
			if m := at.FindStringSubmatch(err.Error()); m != nil {
				line, _ := strconv.Atoi(m[1])
				// YAML 1.1 breaks lines at \r, U+0085, U+2028 and U+2029 too.
				s := strings.ReplaceAll(string(data), "\r\n", "\n")
				breaks := 0
				for _, b := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
					breaks += strings.Count(s, b)
				}
				if line < 1 || line > breaks+1 {
					t.Errorf("error %q points outside the file's lines", err)
				}
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Errorf("accepted a config that does not validate: %v", err)
		}
	})
}

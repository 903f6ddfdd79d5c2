package document

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestParseVersionReadsWhatTheRegexpRead holds ParseVersion to the
// pattern it replaced, ^v?(\d+)\.(\d+)$ after trimming space, on the
// shapes versions are written in and the near misses.
func TestParseVersionReadsWhatTheRegexpRead(t *testing.T) {
	re := regexp.MustCompile(`^v?(\d+)\.(\d+)$`)
	for _, s := range []string{"1.0", " v2.13 ", "v1.0", "vv1.0", "V1.0", "1", "1.", ".1", "1.2.3", "1.2a", "a1.2",
		"01.002", "1 .2", "1. 2", "v", "", " ", "１.２", "1.2\n", "\t3.4\t", "-1.2", "+1.2", "1.-2",
		"99999999999999999999.1", "1.99999999999999999999", "v1.0\n\n"} {
		var wm, wn int
		wok := false
		if m := re.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
			var e1, e2 error
			wm, e1 = strconv.Atoi(m[1])
			wn, e2 = strconv.Atoi(m[2])
			wok = e1 == nil && e2 == nil
		}
		m, n, ok := ParseVersion(s)
		if m != wm || n != wn || ok != wok {
			t.Errorf("ParseVersion(%q) = %d, %d, %v; the regexp read %d, %d, %v", s, m, n, ok, wm, wn, wok)
		}
	}
}

package check

import "testing"

// The body is walked for version lines only where mayStateVersion says
// one may be: it must say so of every line bodyVersionRE matches.
func FuzzVersionLinesAreNeverSkipped(f *testing.F) {
	for _, s := range []string{"Version: 1.2", "- **Document Version:** v1.2.3", "VERſION：1.0", "version -- : 2.3",
		"Ｖersion: 1.0", "x\nversion\n: 1.2", "ver sion: 1.2", "myversion: 1.0", "Version 1.2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if bodyVersionRE.MatchString(line) && !mayStateVersion([]byte(line)) {
			t.Errorf("%q states a version, but the body would not be read for it", line)
		}
	})
}

func TestBodiesWithoutVersionLinesAreSkipped(t *testing.T) {
	for _, s := range []string{"no colon, version 1.2", "Owner: Jane", "Revision: 3", "version-ish text: none"} {
		if mayStateVersion([]byte(s)) {
			t.Errorf("%q: a version line is looked for where none can be", s)
		}
	}
}

package document

import "testing"

// A document's page is named by its path without the document extensions,
// so access.html.md.erb builds access.html, not access.html.md.html.
func TestStem(t *testing.T) {
	for in, want := range map[string]string{
		"content/access.md":                   "content/access",
		"content/access.html.md":              "content/access",
		"content/policies/access.html.md.erb": "content/policies/access",
		"content/a.mdx":                       "content/a",
		"content/policy.v2.md":                "content/policy.v2",
		"content/notes.txt":                   "content/notes",
		"content/README":                      "content/README",
		"content/.hidden":                     "content/.hidden",
	} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q, want %q", in, got, want)
		}
	}
}

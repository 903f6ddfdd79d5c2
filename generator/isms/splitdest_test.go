package isms

import "testing"

// A destination split without url.Parse splits as url.Parse splits it.
func TestPlainDestinationsSplitAsURLs(t *testing.T) {
	for _, dest := range []string{
		"a.md", "../policies/access.md", "/content/x.md", "x.md#Section-2", "#top", "a.md#", "./a_b~c-d.md",
		"x.html", "a.md#b#c", "//host/x.md", "http://x.md", "a%20b.md", "a b.md", "a.md?x=1", "mailto:x", "",
	} {
		checkSplit(t, dest)
	}
}

func FuzzPlainDestinationsSplitAsURLs(f *testing.F) {
	for _, s := range []string{"a.md#x", "../b/c.md", "//x", "#", "a#b#c", "x%41.md"} {
		f.Add(s)
	}
	f.Fuzz(checkSplit)
}

func checkSplit(t *testing.T, dest string) {
	p, frag, ok := splitPlainDest(dest)
	if !ok {
		return
	}
	wp, wfrag, scheme := splitURLDest(dest)
	if p != wp || frag != wfrag || scheme {
		t.Errorf("%q: split as %q, %q; url.Parse gives %q, %q, scheme %v", dest, p, frag, wp, wfrag, scheme)
	}
}

func BenchmarkSplitDest(b *testing.B) {
	for b.Loop() {
		splitDest("../policies/access-control.md#Section-2")
	}
}

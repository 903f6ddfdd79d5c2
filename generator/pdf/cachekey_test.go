package pdf

import (
	"reflect"
	"testing"
	"time"
)

// TestMetaKeyedWhole: a document's PDF is keyed by every field of its
// metadata (appendMeta): a field added to pdfMeta and not keyed would
// leave a PDF showing the old value in the cache.
func TestMetaKeyedWhole(t *testing.T) {
	t.Parallel()
	variants := []pdfMeta{{}, {title: "x"}, {author: "x"}, {subject: "x"}, {keywords: "x"}, {lang: "x"},
		{date: time.Unix(1, 0)}, {xmp: []byte("x")}, {title: "x y"}, {title: "x", author: "y"}}
	if n := reflect.TypeOf(pdfMeta{}).NumField(); n != 7 {
		t.Fatalf("pdfMeta has %d fields, appendMeta keys 7: key the new one, and vary it here", n)
	}
	seen := map[string]int{}
	for i, v := range variants {
		k := string(appendMeta(nil, v))
		if j, ok := seen[k]; ok {
			t.Errorf("metadata %d and %d key the same: %q", j, i, k)
		}
		seen[k] = i
	}
}

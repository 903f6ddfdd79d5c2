package site

import (
	"reflect"
	"testing"

	"github.com/ismspack/ismspack/generator/document"
)

// nonZero fails for any field of v, at any depth, left at its zero value:
// the values below must fill every field, so that a field added to a
// kept type and not written by memocodec.go fails the round trip.
func nonZero(t *testing.T, name string, v reflect.Value) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i).Name; !derived[f] {
				nonZero(t, name+"."+f, v.Field(i))
			}
		}
	case reflect.Slice, reflect.Map:
		if v.Len() == 0 {
			t.Errorf("%s is empty", name)
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				nonZero(t, name, v.Index(i))
			}
		} else {
			for _, k := range v.MapKeys() {
				nonZero(t, name, v.MapIndex(k))
			}
		}
	default:
		if v.IsZero() {
			t.Errorf("%s is zero", name)
		}
	}
}

// derived are the fields RedlineView.say fills from the others, which
// are not stored.
var derived = map[string]bool{"InsertedWords": true, "DeletedWords": true, "AfterLines": true,
	"SkippedLines": true, "Ins": true, "Del": true}

func TestKeptResultsRoundTripEveryField(t *testing.T) {
	red := &RedlineView{Mode: "lines", Inserted: 3, Deleted: 4, Unchanged: true, After: 5,
		Hunks: []RedlineHunk{{Skipped: 2, Spans: []RedlineSpan{{Op: "ins", Text: "new"}, {Op: "del", Text: "old"}}}}}
	prev := red.Prev
	red.Prev = &RevisionRef{}
	nonZero(t, "RedlineView", reflect.ValueOf(*red))
	red.say() // derived, not stored: checked by the comparison below
	if red.InsertedWords != "3 words" || !red.Hunks[0].Spans[0].Ins || !red.Hunks[0].Spans[1].Del {
		t.Fatalf("say left %+v", red)
	}
	red.Prev = prev
	got, err := decodeRedline(encodeRedline(red))
	if err != nil || !reflect.DeepEqual(got, red) {
		t.Errorf("redline: got %+v, %v; want %+v", got, err, red)
	}
	body := bodyEntry{HTML: "<p>x</p>", TitleID: "t",
		Anchors: map[string]document.Anchor{"fn:1": {Heading: true, Footnote: 1, Ref: true}},
		Links:   []tracedLink{{Dest: "a.md", Image: true, Href: "a.html", Problem: "p", Local: true}}}
	nonZero(t, "bodyEntry", reflect.ValueOf(body))
	gotBody, err := decodeBody(encodeBody(body))
	if err != nil || !reflect.DeepEqual(gotBody, body) {
		t.Errorf("body: got %+v, %v; want %+v", gotBody, err, body)
	}
	page := pageEntry{Sum: "sum", Digest: "digest", Targets: []string{"content/a.md"},
		Groups: []linkGroup{{From: "content/b.md", Prefix: "r-1-", Anchors: body.Anchors, Links: body.Links, Targets: []string{"content/a.md"}}}}
	nonZero(t, "pageEntry", reflect.ValueOf(page))
	gotPage, err := decodePage(encodePage(page))
	page.Groups[0].Targets = nil // not kept: the entry's Targets hold them
	if err != nil || !reflect.DeepEqual(gotPage, page) {
		t.Errorf("page: got %+v, %v; want %+v", gotPage, err, page)
	}
	if b := encodePage(page); func() error { _, err := decodePage(b[:len(b)-1]); return err }() == nil {
		t.Errorf("a truncated page entry decoded")
	}
	if b := encodeRedline(red); func() error { _, err := decodeRedline(b[:len(b)-1]); return err }() == nil {
		t.Errorf("a truncated redline decoded")
	}
	if b := encodeBody(body); func() error { _, err := decodeBody(b[:len(b)-1]); return err }() == nil {
		t.Errorf("a truncated body decoded")
	}
}

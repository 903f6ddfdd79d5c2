package framework

import (
	"reflect"
	"testing"
)

// scribble changes every string reachable from v, through pointers,
// slices and structs.
func scribble(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			scribble(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			scribble(v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				scribble(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString(v.String() + " changed")
	}
}

// Each caller of Builtin has sets of its own: changing everything in one
// caller's sets leaves the next caller's as the embedded files decode.
func TestBuiltinSetsAreEachCallersOwn(t *testing.T) {
	first, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	scribble(reflect.ValueOf(first))
	second, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := decodeBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(second, fresh) {
		t.Error("a change to one caller's built-in sets reached the next caller's")
	}
	if reflect.DeepEqual(first, fresh) {
		t.Error("the test changed nothing")
	}
}

func BenchmarkBuiltin(b *testing.B) {
	for range b.N {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}

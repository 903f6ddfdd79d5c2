package config

import (
	"reflect"
	"testing"
)

func TestEnvKeysAreWhatApplyEnvReads(t *testing.T) {
	base := Default()
	base.FillDefaults()
	for _, k := range EnvKeys {
		c := Default()
		if err := c.ApplyEnv(map[string]string{k: "elsewhere"}); err != nil {
			t.Fatal(err)
		}
		if reflect.DeepEqual(c, base) {
			t.Errorf("%s is in EnvKeys but ApplyEnv ignores it", k)
		}
	}
}

package config

import (
	"strings"
	"testing"
)

func TestRevisionTableColumnsAreRead(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte("revision_table:\n  columns:\n    version: [Ver.]\n    approver: [Signed off]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.RevisionTable.Columns["approver"]; len(got) != 1 || got[0] != "Signed off" {
		t.Errorf("approver headings %q", got)
	}
}

func TestUnknownRevisionColumnIsAnError(t *testing.T) {
	_, err := Parse("ismspack.yaml", []byte("title: X\nrevision_table:\n  columns:\n    version: [Ver.]\n    signer: [Signed off]\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "ismspack.yaml:5:5: revision_table.columns.signer:") || !strings.Contains(err.Error(), "approver") {
		t.Fatalf("err = %v, want one at ismspack.yaml:5:5 naming the columns", err)
	}
}

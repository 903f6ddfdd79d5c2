package sshsig

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// TestVerifiesWhatOpenSSHSigned reads a signature made by
// `ssh-keygen -Y sign -n git` (testdata/msg.sig over testdata/msg).
func TestVerifiesWhatOpenSSHSigned(t *testing.T) {
	pubLine, _ := os.ReadFile("testdata/key.pub")
	msg, _ := os.ReadFile("testdata/msg")
	armored, _ := os.ReadFile("testdata/msg.sig")
	pub, _, _, _, err := ssh.ParseAuthorizedKey(pubLine)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := Parse(string(armored))
	if err != nil {
		t.Fatal(err)
	}
	if err := sig.Verify(pub, "git", bytes.NewReader(msg)); err != nil {
		t.Fatalf("OpenSSH's signature did not verify: %v", err)
	}
	tampered := bytes.Replace(msg, []byte("approve"), []byte("reject!"), 1)
	if err := sig.Verify(pub, "git", bytes.NewReader(tampered)); err == nil {
		t.Fatal("a changed message verified")
	}
	if err := sig.Verify(pub, "file", bytes.NewReader(msg)); err == nil {
		t.Fatal("a signature for namespace git verified for namespace file")
	}
}

func TestSignRoundTripsAndRefusesOtherKeys(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	armored, err := Sign(signer, nil, "git", strings.NewReader("payload"))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := Parse(armored)
	if err != nil {
		t.Fatal(err)
	}
	if err := sig.Verify(signer.PublicKey(), "git", strings.NewReader("payload")); err != nil {
		t.Fatal(err)
	}
	other, _ := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, 32)))
	if err := sig.Verify(other.PublicKey(), "git", strings.NewReader("payload")); err == nil {
		t.Fatal("verified against a key that did not sign")
	}
}

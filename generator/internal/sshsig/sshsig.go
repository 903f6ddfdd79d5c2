// Package sshsig reads and writes SSH signatures in OpenSSH's sshsig
// format (PROTOCOL.sshsig), the format `git commit -S` writes with
// gpg.format=ssh. It is ours because no well-kept Go module for it is in
// the set this project may use; it is small, and the cryptography is
// golang.org/x/crypto/ssh's.
package sshsig

import (
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"golang.org/x/crypto/ssh"
)

const (
	magic  = "SSHSIG"
	begin  = "-----BEGIN SSH SIGNATURE-----"
	end    = "-----END SSH SIGNATURE-----"
	maxSig = 64 << 10
)

// IsArmored reports whether sig is an armoured SSH signature.
func IsArmored(sig string) bool {
	return strings.HasPrefix(strings.TrimSpace(sig), begin)
}

// wrapper is the signature blob's layout.
type wrapper struct {
	Magic     [6]byte
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	HashAlgo  string
	Signature []byte
}

// signed is what is actually signed: the message's hash with the
// namespace, so a signature for one purpose cannot be replayed for another.
type signed struct {
	Magic     [6]byte
	Namespace string
	Reserved  string
	HashAlgo  string
	Hash      []byte
}

// Signature is a parsed SSH signature.
type Signature struct {
	// PublicKey is the key the signature says it was made with.
	PublicKey ssh.PublicKey
	Namespace string
	hashAlgo  string
	sig       *ssh.Signature
}

// Parse reads an armoured SSH signature.
func Parse(armored string) (*Signature, error) {
	s := strings.TrimSpace(armored)
	if len(s) > maxSig {
		return nil, errors.New("ssh signature larger than 64 KiB")
	}
	if !strings.HasPrefix(s, begin) || !strings.HasSuffix(s, end) {
		return nil, errors.New("not an armoured ssh signature")
	}
	body := strings.Join(strings.Fields(s[len(begin):len(s)-len(end)]), "")
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("ssh signature: %w", err)
	}
	var w wrapper
	if err := ssh.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("ssh signature: %w", err)
	}
	if string(w.Magic[:]) != magic || w.Version != 1 {
		return nil, errors.New("ssh signature: not an sshsig version 1 blob")
	}
	pub, err := ssh.ParsePublicKey(w.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("ssh signature: %w", err)
	}
	sig := new(ssh.Signature)
	if err := ssh.Unmarshal(w.Signature, sig); err != nil {
		return nil, fmt.Errorf("ssh signature: %w", err)
	}
	return &Signature{PublicKey: pub, Namespace: w.Namespace, hashAlgo: w.HashAlgo, sig: sig}, nil
}

func hasher(algo string) (hash.Hash, error) {
	switch algo {
	case "sha512":
		return sha512.New(), nil
	case "sha256":
		return sha256.New(), nil
	}
	return nil, fmt.Errorf("ssh signature: unknown hash %q", algo)
}

// Verify checks that s signs message in namespace with key. The key is
// the caller's (from a register of trusted keys), never the one the
// signature carries: that one only says which key to try.
func (s *Signature) Verify(key ssh.PublicKey, namespace string, message io.Reader) error {
	if !bytes.Equal(key.Marshal(), s.PublicKey.Marshal()) {
		return errors.New("made with a different key")
	}
	if s.Namespace != namespace {
		return fmt.Errorf("made for %q, not %q", s.Namespace, namespace)
	}
	h, err := hasher(s.hashAlgo)
	if err != nil {
		return err
	}
	if _, err := io.Copy(h, message); err != nil {
		return err
	}
	var m [6]byte
	copy(m[:], magic)
	data := ssh.Marshal(signed{Magic: m, Namespace: namespace, HashAlgo: s.hashAlgo, Hash: h.Sum(nil)})
	return key.Verify(data, s.sig)
}

// Sign signs message in namespace with signer and returns the armoured
// signature. With an Ed25519 key the result is deterministic.
func Sign(signer ssh.Signer, rand io.Reader, namespace string, message io.Reader) (string, error) {
	h := sha512.New()
	if _, err := io.Copy(h, message); err != nil {
		return "", err
	}
	var m [6]byte
	copy(m[:], magic)
	data := ssh.Marshal(signed{Magic: m, Namespace: namespace, HashAlgo: "sha512", Hash: h.Sum(nil)})
	sig, err := signer.Sign(rand, data)
	if err != nil {
		return "", err
	}
	blob := ssh.Marshal(wrapper{Magic: m, Version: 1, PublicKey: signer.PublicKey().Marshal(), Namespace: namespace, HashAlgo: "sha512", Signature: ssh.Marshal(sig)})
	enc := base64.StdEncoding.EncodeToString(blob)
	var b strings.Builder
	b.WriteString(begin + "\n")
	for len(enc) > 70 {
		b.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	b.WriteString(enc + "\n" + end + "\n")
	return b.String(), nil
}

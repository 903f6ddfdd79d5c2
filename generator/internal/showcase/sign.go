package showcase

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/go-git/go-git/v5"
	"golang.org/x/crypto/ssh"

	"github.com/ismspack/ismspack/generator/internal/sshsig"
)

// Seeded returns an endless stream of bytes that depends only on seed:
// the randomness of keys that must come out the same on every run.
func Seeded(seed string) io.Reader {
	return &seeded{seed: sha256.Sum256([]byte(seed))}
}

type seeded struct {
	seed [32]byte
	n    uint64
	buf  []byte
}

func (s *seeded) Read(p []byte) (int, error) {
	for i := range p {
		if len(s.buf) == 0 {
			var block [40]byte
			copy(block[:], s.seed[:])
			binary.BigEndian.PutUint64(block[32:], s.n)
			s.n++
			sum := sha256.Sum256(block[:])
			s.buf = sum[:]
		}
		p[i], s.buf = s.buf[0], s.buf[1:]
	}
	return len(p), nil
}

// SSHKey is an Ed25519 SSH key made from a seed, as a signer for commits.
type SSHKey struct {
	signer ssh.Signer
}

// NewSSHKey makes the SSH key of seed; the same seed gives the same key.
func NewSSHKey(seed string) *SSHKey {
	s := sha256.Sum256([]byte("ssh:" + seed))
	signer, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(s[:]))
	if err != nil {
		panic(err) // an Ed25519 key is always accepted
	}
	return &SSHKey{signer: signer}
}

// AllowedSigners returns the key as an allowed-signers line for principal,
// as a repository commits it for the people register.
func (k *SSHKey) AllowedSigners(principal string) string {
	return principal + " " + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k.signer.PublicKey()))) + "\n"
}

// Sign signs a commit as `git commit -S` does with gpg.format=ssh.
func (k *SSHKey) Sign(message io.Reader) ([]byte, error) {
	s, err := sshsig.Sign(k.signer, nil, "git", message)
	return []byte(s), err
}

// PGPKey is an OpenPGP Ed25519 key made from a seed.
type PGPKey struct {
	entity *openpgp.Entity
}

// NewPGPKey makes the OpenPGP key of seed for name and email, created at
// created; the same arguments give the same key.
func NewPGPKey(name, email, seed string, created time.Time) *PGPKey {
	no := false
	cfg := &packet.Config{Rand: Seeded("pgp:" + seed), Time: func() time.Time { return created },
		Algorithm: packet.PubKeyAlgoEdDSA, DefaultHash: crypto.SHA256, NonDeterministicSignaturesViaNotation: &no}
	e, err := openpgp.NewEntity(name, "", email, cfg)
	if err != nil {
		panic(err) // only a broken random source fails here
	}
	return &PGPKey{entity: e}
}

// Armored returns the public key, armoured as `gpg --armor --export` writes it.
func (k *PGPKey) Armored() string {
	var b bytes.Buffer
	w, err := armorEncode(&b)
	if err != nil {
		panic(err)
	}
	if err := k.entity.Serialize(w); err != nil {
		panic(err)
	}
	w.Close()
	return b.String() + "\n"
}

var committerTime = regexp.MustCompile(`(?m)^committer .* (\d+) [+-]\d{4}$`)

// Sign makes a detached armoured signature of a commit, dated at the
// commit's committer time so the same commit gets the same signature.
func (k *PGPKey) Sign(message io.Reader) ([]byte, error) {
	data, err := io.ReadAll(message)
	if err != nil {
		return nil, err
	}
	when := time.Unix(0, 0)
	if m := committerTime.FindSubmatch(data); m != nil {
		secs, _ := strconv.ParseInt(string(m[1]), 10, 64)
		when = time.Unix(secs, 0)
	}
	no := false
	cfg := &packet.Config{Rand: Seeded("sig:" + string(data)), Time: func() time.Time { return when },
		DefaultHash: crypto.SHA256, NonDeterministicSignaturesViaNotation: &no}
	var b bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&b, k.entity, bytes.NewReader(data), cfg); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Tampered signs what the commit would have said with its message
// changed, then lets the commit be written as it is: a signature that
// names the right key but does not match the commit it is on, as when a
// signed commit is edited afterwards.
func Tampered(s git.Signer) git.Signer { return tampered{s} }

type tampered struct{ git.Signer }

func (t tampered) Sign(message io.Reader) ([]byte, error) {
	data, err := io.ReadAll(message)
	if err != nil {
		return nil, err
	}
	return t.Signer.Sign(bytes.NewReader(append(data, "tampered\n"...)))
}

func armorEncode(w io.Writer) (io.WriteCloser, error) {
	return armor.Encode(w, openpgp.PublicKeyType, nil)
}

package isms

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/crypto/ssh"

	"github.com/ismspack/ismspack/generator/config"
	"github.com/ismspack/ismspack/generator/source"
)

// The bounds on the people register's key files, read from the commit.
const (
	// MaxKeyFiles is the most key files the people register may name.
	MaxKeyFiles = 256
	// MaxKeyFileSize bounds one key file: an armoured OpenPGP key with
	// its subkeys and signatures is a few kilobytes.
	MaxKeyFileSize = 256 << 10
)

// Key is one public signing key of a person in the people register.
type Key struct {
	// Person is the register's name for the key's holder; Path the
	// committed file it came from.
	Person, Path string
	// Armored is an OpenPGP armoured public key block, for go-git's
	// Commit.Verify; empty for an SSH key.
	Armored string
	// pgpIDs are the key ids of the OpenPGP key and its subkeys.
	pgpIDs map[uint64]bool
	// SSH is an SSH public key; nil for an OpenPGP key.
	SSH ssh.PublicKey
}

// Fingerprint names the key for people: an OpenPGP key's primary
// fingerprint, an SSH key's SHA256 fingerprint.
func (k *Key) Fingerprint() string {
	if k.SSH != nil {
		return ssh.FingerprintSHA256(k.SSH)
	}
	if el, err := openpgp.ReadArmoredKeyRing(strings.NewReader(k.Armored)); err == nil && len(el) > 0 {
		return fmt.Sprintf("%X", el[0].PrimaryKey.Fingerprint)
	}
	return ""
}

// readKeys reads the key files the people register names from the
// commit, bounded like the theme and fonts. A key file that cannot be
// read as keys stops the build, naming it: a register whose keys are
// silently dropped would report good signatures as unknown.
func readKeys(repo *source.Repo, c *object.Commit, cfg config.Config) ([]*Key, error) {
	var keys []*Key
	n := 0
	for _, name := range cfg.PersonNames() {
		for _, p := range cfg.People[name].Keys {
			if n++; n > MaxKeyFiles {
				return nil, fmt.Errorf("%s: people: more than %d key files, the most ismspack reads: name fewer", configName(cfg), MaxKeyFiles)
			}
			f, err := repo.ReadBlob(c, p, MaxKeyFileSize)
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: people: %s: no key file %s in commit %s: commit the public key there, or remove it from keys", configName(cfg), name, p, c.Hash.String()[:7])
			}
			if err != nil {
				return nil, fmt.Errorf("%s: people: %s: %w", configName(cfg), name, err)
			}
			ks, err := ParseKeys(name, p, f.Data)
			if err != nil {
				return nil, fmt.Errorf("%s: people: %s: %w", configName(cfg), name, err)
			}
			keys = append(keys, ks...)
		}
	}
	return keys, nil
}

const pgpBegin = "-----BEGIN PGP PUBLIC KEY BLOCK-----"

// ParseKeys reads a key file: OpenPGP armoured public key blocks, or SSH
// public keys one a line, in authorized_keys or allowed-signers form.
func ParseKeys(person, path string, data []byte) ([]*Key, error) {
	text := string(data)
	var keys []*Key
	if strings.Contains(text, pgpBegin) {
		for _, part := range strings.Split(text, pgpBegin)[1:] {
			block := pgpBegin + part
			el, err := openpgp.ReadArmoredKeyRing(strings.NewReader(block))
			if err != nil {
				return nil, fmt.Errorf("%s is not an OpenPGP public key: %v; export it with gpg --armor --export", path, err)
			}
			k := &Key{Person: person, Path: path, Armored: block, pgpIDs: map[uint64]bool{}}
			for _, e := range el {
				k.pgpIDs[e.PrimaryKey.KeyId] = true
				for _, s := range e.Subkeys {
					k.pgpIDs[s.PublicKey.KeyId] = true
				}
			}
			keys = append(keys, k)
		}
		return keys, nil
	}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pub, err := sshKeyOf(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not an SSH public key or allowed-signers line (%v): write it as ssh-keygen writes a .pub file", path, i+1, err)
		}
		keys = append(keys, &Key{Person: person, Path: path, SSH: pub})
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s holds no key: commit an armoured OpenPGP public key or SSH public keys", path)
	}
	return keys, nil
}

// sshKeyOf reads the key of an authorized_keys or allowed-signers line:
// the latter puts principals (and options) before the key type.
func sshKeyOf(line string) (ssh.PublicKey, error) {
	fields := strings.Fields(line)
	var first error
	for i := range min(len(fields), 4) {
		pub, _, _, _, err := ssh.ParseAuthorizedKey([]byte(strings.Join(fields[i:], " ")))
		if err == nil {
			return pub, nil
		}
		if first == nil {
			first = err
		}
	}
	return nil, first
}

// holds reports whether the key is the one an SSH signature names.
func (k *Key) holds(pub ssh.PublicKey) bool {
	return k.SSH != nil && bytes.Equal(k.SSH.Marshal(), pub.Marshal())
}

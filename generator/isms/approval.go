package isms

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"golang.org/x/crypto/ssh"

	"github.com/ismspack/ismspack/generator/document"
	"github.com/ismspack/ismspack/generator/internal/sshsig"
	"github.com/ismspack/ismspack/generator/source"
)

// Approval is the commit that approved one version of a document: the
// event in the history, beside the claim in the front matter. It is found
// once, when the model loads, from the revisions the one history walk
// produced; the rules, the site and the pack read it.
type Approval struct {
	// Version is the version approved.
	Version string
	// Rev is the revision whose commit set status: approved, or moved
	// approved_on, for this version.
	Rev    *Revision
	Commit *source.Commit
	// ClaimedBy and On are approved_by and approved_on as that commit
	// left them.
	ClaimedBy, On string
	// Author and Committer are the people register's names for the
	// commit's author and committer; empty when the address is not
	// registered (or there is no register).
	Author, Committer string
	Signature         Signature

	by string // see Person
}

// SignatureState says what a commit's signature proves.
type SignatureState string

// Signature states.
const (
	// Unsigned: the commit carries no signature.
	Unsigned SignatureState = "unsigned"
	// Verified: the signature verifies against a key in the people
	// register; Signature.Signer names its holder.
	Verified SignatureState = "verified"
	// Invalid: the signature names a registered key but does not verify
	// against it: the commit changed after it was signed, or the
	// signature is damaged.
	Invalid SignatureState = "invalid"
	// UnknownKey: the signature was made with a key nobody in the people
	// register holds, or in a format ismspack does not verify.
	UnknownKey SignatureState = "unknown-key"
)

// Signature is what a commit's signature proves, against the people
// register's keys.
type Signature struct {
	State SignatureState
	// Kind is "OpenPGP" or "SSH"; empty when unsigned.
	Kind string
	// Signer is the register's name for the key's holder, when verified.
	Signer string
	// Key names the key the signature was made with, when known.
	Key string
	// Reason says why a signature did not verify.
	Reason string
}

// Person returns who approved, from the people register: the holder of
// the verified signing key; else the author or committer who holds the
// role approved_by names (the author first); else the author, else the
// committer; empty when none of them is registered.
func (a *Approval) Person() string { return a.by }

// People returns every registered person who made or signed the approval
// commit, each once.
func (a *Approval) People() []string {
	var out []string
	for _, p := range []string{a.Signature.Signer, a.Author, a.Committer} {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// Approval returns the approval of the document's current version: the
// newest approval event for that version; nil when the document is not
// approved or history holds no such commit (it was approved before a
// shallow clone's boundary, say).
func (d *Doc) Approval() *Approval {
	if d.Meta.Status != document.Approved {
		return nil
	}
	for _, a := range d.Approvals {
		if a.Version == d.Meta.Version {
			return a
		}
	}
	return nil
}

// approve finds every document's approval events in its history, oldest
// first, and verifies their signatures against the register's keys. Each
// revision is looked at once and each signed commit verified once, however
// many documents it approved.
func (m *Model) approve() {
	verified := map[string]Signature{}
	for _, d := range m.Docs {
		var prev *Revision
		byVersion := map[string]*Approval{}
		var order []*Approval
		for i := len(d.History) - 1; i >= 0; i-- {
			r := d.History[i]
			event := strings.EqualFold(r.Status, "approved") && (prev == nil || !strings.EqualFold(prev.Status, "approved") || prev.ApprovedOn != r.ApprovedOn)
			prev = r
			a := &Approval{Version: r.Version, Rev: r, Commit: r.Commit, ClaimedBy: r.ApprovedBy, On: r.ApprovedOn}
			// A row added to a declared revision history (a revision
			// table, comply's majorRevisions) that names an approver or
			// an approval date records an approval too.
			for _, row := range r.NewRows {
				by, on, ok := row.Approval()
				if !ok {
					continue
				}
				event, a.ClaimedBy, a.On = true, by, on.Text
				if row.Version != "" {
					a.Version = row.Version
				}
			}
			if !event {
				continue
			}
			a.Author, _ = m.Config.PersonByEmail(r.Commit.Email)
			a.Committer, _ = m.Config.PersonByEmail(r.Commit.CommitterEmail)
			sig, ok := verified[r.Commit.Hash]
			if !ok {
				sig = m.verify(r.Commit)
				verified[r.Commit.Hash] = sig
			}
			a.Signature = sig
			a.by = m.approver(a)
			if old := byVersion[a.Version]; old != nil {
				old.Rev.Approval = nil
				order = slices.DeleteFunc(order, func(x *Approval) bool { return x == old })
			}
			byVersion[a.Version] = a
			r.Approval = a
			order = append(order, a)
		}
		slices.Reverse(order)
		d.Approvals = order
	}
}

// approver picks who approved among the people behind the commit; see
// Approval.Person.
func (m *Model) approver(a *Approval) string {
	if a.Signature.State == Verified {
		return a.Signature.Signer
	}
	holders := m.Config.Holders(a.ClaimedBy)
	for _, p := range []string{a.Author, a.Committer} {
		if p != "" && slices.Contains(holders, p) {
			return p
		}
	}
	if a.Author != "" {
		return a.Author
	}
	return a.Committer
}

// verify says what a commit's signature proves against the register's
// keys.
func (m *Model) verify(c *source.Commit) Signature {
	if c.Signature == "" {
		return Signature{State: Unsigned}
	}
	if sshsig.IsArmored(c.Signature) {
		return m.verifySSH(c)
	}
	if strings.HasPrefix(strings.TrimSpace(c.Signature), "-----BEGIN PGP SIGNATURE-----") {
		return m.verifyPGP(c)
	}
	return Signature{State: UnknownKey, Reason: "a signature in a format ismspack does not verify (only OpenPGP and SSH are)"}
}

// decode rebuilds the go-git commit from its stored bytes, so that go-git
// computes the signed payload exactly as it does for any commit.
func decode(c *source.Commit) (*object.Commit, error) {
	obj := &plumbing.MemoryObject{}
	obj.SetType(plumbing.CommitObject)
	if _, err := obj.Write(c.Raw); err != nil {
		return nil, err
	}
	gc := &object.Commit{}
	if err := gc.Decode(obj); err != nil {
		return nil, err
	}
	return gc, nil
}

func (m *Model) verifyPGP(c *source.Commit) Signature {
	s := Signature{State: UnknownKey, Kind: "OpenPGP"}
	gc, err := decode(c)
	if err != nil {
		s.Reason = "the commit could not be read back: " + err.Error()
		return s
	}
	issuer, ok := pgpIssuer(c.Signature)
	if ok {
		s.Key = fmt.Sprintf("%016X", issuer)
	}
	var named *Key
	for _, k := range m.Inputs.Keys {
		if k.Armored == "" {
			continue
		}
		if ok && !k.pgpIDs[issuer] {
			continue
		}
		named = k
		if _, err := gc.Verify(k.Armored); err == nil {
			s.State, s.Signer, s.Key = Verified, k.Person, k.Fingerprint()
			return s
		}
	}
	switch {
	case named != nil:
		s.State = Invalid
		s.Reason = fmt.Sprintf("it names %s's key (%s) but does not verify against it: the commit was changed after it was signed, or the signature is damaged", named.Person, named.Path)
	case ok:
		s.Reason = fmt.Sprintf("made with OpenPGP key %016X, which no one in the people register holds", issuer)
	default:
		s.Reason = "it names no key, and no key in the people register verifies it"
	}
	return s
}

// pgpIssuer reads the key id an armoured OpenPGP signature names.
func pgpIssuer(armored string) (uint64, bool) {
	block, err := armor.Decode(strings.NewReader(armored))
	if err != nil {
		return 0, false
	}
	p, err := packet.Read(io.LimitReader(block.Body, 64<<10))
	if err != nil {
		return 0, false
	}
	sig, ok := p.(*packet.Signature)
	if !ok {
		return 0, false
	}
	switch {
	case sig.IssuerKeyId != nil:
		return *sig.IssuerKeyId, true
	case len(sig.IssuerFingerprint) >= 8:
		fp := sig.IssuerFingerprint
		var id uint64
		for _, b := range fp[len(fp)-8:] {
			id = id<<8 | uint64(b)
		}
		return id, true
	}
	return 0, false
}

func (m *Model) verifySSH(c *source.Commit) Signature {
	s := Signature{State: UnknownKey, Kind: "SSH"}
	sig, err := sshsig.Parse(c.Signature)
	if err != nil {
		s.State, s.Reason = Invalid, "the signature cannot be read: "+err.Error()
		return s
	}
	s.Key = fingerprintSSH(sig)
	gc, err := decode(c)
	if err != nil {
		s.Reason = "the commit could not be read back: " + err.Error()
		return s
	}
	payload := &plumbing.MemoryObject{}
	if err := gc.EncodeWithoutSignature(payload); err != nil {
		s.Reason = "the commit could not be read back: " + err.Error()
		return s
	}
	for _, k := range m.Inputs.Keys {
		if !k.holds(sig.PublicKey) {
			continue
		}
		rd, _ := payload.Reader()
		err := sig.Verify(k.SSH, "git", rd)
		rd.Close()
		if err == nil {
			s.State, s.Signer = Verified, k.Person
			return s
		}
		s.State = Invalid
		s.Reason = fmt.Sprintf("it names %s's key (%s) but does not verify against it: the commit was changed after it was signed, or the signature is damaged", k.Person, k.Path)
		return s
	}
	s.Reason = fmt.Sprintf("made with SSH key %s, which no one in the people register holds", s.Key)
	return s
}

func fingerprintSSH(sig *sshsig.Signature) string {
	return ssh.FingerprintSHA256(sig.PublicKey)
}

// Summary describes an approval for people in one line: who, which
// commit, and the signature ("Alice Example, 1a2b3c4 2026-03-02, signed by
// Alice Example").
func (a *Approval) Summary() string {
	who := a.Person()
	if who == "" {
		who = a.Commit.Author
	}
	return fmt.Sprintf("%s, %s %s, %s", who, a.Commit.Short(), a.Commit.When.Format("2006-01-02"), a.Signature.Label())
}

// Label says in a few words what the signature proves: "signed by Alice
// Example", "unsigned", "signature invalid", "signed, key not in register".
func (s Signature) Label() string {
	switch s.State {
	case Verified:
		return "signed by " + s.Signer
	case Invalid:
		return "signature invalid"
	case UnknownKey:
		return "signed, key not in register"
	}
	return "unsigned"
}

// HasKeys reports whether the people register holds any signing key, so a
// signature can be judged at all.
func (m *Model) HasKeys() bool { return len(m.Inputs.Keys) > 0 }

// PeopleRegister reports whether the configuration has a people register:
// the approval rules judge people only then.
func (m *Model) PeopleRegister() bool { return len(m.Config.People) > 0 }

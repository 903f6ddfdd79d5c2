package isms_test

import (
	"testing"
	"time"

	"github.com/ismspack/ismspack/generator/internal/showcase"
	"github.com/ismspack/ismspack/generator/internal/testrepo"
	"github.com/ismspack/ismspack/generator/isms"
)

const peopleConfig = `roles: [Chief Executive Officer, Information Security Manager]
leadership_roles: [Chief Executive Officer]
people:
  Alice Example:
    roles: [Chief Executive Officer]
    emails: [alice@example.com]
    keys: [keys/alice.pub, keys/alice.asc]
  Bob Example:
    roles: [Information Security Manager]
    emails: [bob@example.com]
`

// approvalRepo makes a repository where Alice, the CEO, approves the
// policy twice, once signed with SSH and once with OpenPGP, and approves
// two other documents with a tampered signature and a key nobody
// registered; Bob drafts.
func approvalRepo(t *testing.T) *testrepo.Repo {
	t.Helper()
	ssh := showcase.NewSSHKey("alice")
	pgp := showcase.NewPGPKey("Alice Example", "alice@example.com", "alice", testrepo.Epoch)
	stranger := showcase.NewSSHKey("mallory")
	alice := func(c testrepo.Commit) testrepo.Commit {
		c.Author, c.Email = "Alice Example", "alice@example.com"
		return c
	}
	bob := func(c testrepo.Commit) testrepo.Commit {
		c.Author, c.Email = "Bob Example", "bob@example.com"
		return c
	}
	draft := map[string]string{"status": "draft", "approved_by": "", "approved_on": ""}
	doc := func(f map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range draft {
			out[k] = v
		}
		for k, v := range f {
			out[k] = v
		}
		return out
	}
	r := testrepo.New(t)
	r.Commit(bob(testrepo.Commit{Message: "Draft the policy", Files: map[string]string{
		"ismspack.yaml":  peopleConfig,
		"keys/alice.pub": ssh.AllowedSigners("alice@example.com"),
		"keys/alice.asc": pgp.Armored(),
		"content/pol.md": testrepo.Doc(doc(nil), "# Policy\n\nDraft.\n"),
		"content/a.md":   testrepo.Doc(doc(map[string]string{"id": "A"}), "# A\n"),
		"content/b.md":   testrepo.Doc(doc(map[string]string{"id": "B"}), "# B\n"),
		"content/c.md":   testrepo.Doc(doc(map[string]string{"id": "C"}), "# C\n"),
	}}))
	r.Commit(alice(testrepo.Commit{Message: "Approve the policy", Signer: ssh, Files: map[string]string{
		"content/pol.md": testrepo.Doc(map[string]string{"approved_on": "2026-01-06"}, "# Policy\n\nDraft.\n"),
	}}))
	r.Commit(bob(testrepo.Commit{Message: "Revise the policy", Files: map[string]string{
		"content/pol.md": testrepo.Doc(doc(map[string]string{"version": `"1.1"`}), "# Policy\n\nRevised.\n"),
	}}))
	r.Commit(alice(testrepo.Commit{Message: "Approve 1.1", Signer: pgp, Files: map[string]string{
		"content/pol.md": testrepo.Doc(map[string]string{"version": `"1.1"`, "approved_on": "2026-01-08"}, "# Policy\n\nRevised.\n"),
	}}))
	r.Commit(alice(testrepo.Commit{Message: "Approve A", Signer: showcase.Tampered(ssh), Files: map[string]string{
		"content/a.md": testrepo.Doc(map[string]string{"id": "A", "approved_on": "2026-01-09"}, "# A\n"),
	}}))
	r.Commit(alice(testrepo.Commit{Message: "Approve B", Signer: stranger, Files: map[string]string{
		"content/b.md": testrepo.Doc(map[string]string{"id": "B", "approved_on": "2026-01-10"}, "# B\n"),
	}}))
	r.Commit(alice(testrepo.Commit{Message: "Approve C", Signer: showcase.Tampered(pgp), Files: map[string]string{
		"content/c.md": testrepo.Doc(map[string]string{"id": "C", "approved_on": "2026-01-10"}, "# C\n"),
	}}))
	r.Commit(bob(testrepo.Commit{Message: "Revise the approved policy", Files: map[string]string{
		"content/pol.md": testrepo.Doc(map[string]string{"version": `"1.2"`, "approved_on": "2026-01-08"}, "# Policy\n\nRevised again.\n"),
	}}))
	r.Commit(alice(testrepo.Commit{Message: "Approve 1.2", Files: map[string]string{
		"content/pol.md": testrepo.Doc(map[string]string{"version": `"1.2"`, "approved_on": "2026-01-12"}, "# Policy\n\nRevised again.\n"),
	}}))
	return r
}

func TestApprovalEventsAreFoundAndSignaturesVerified(t *testing.T) {
	t.Parallel()
	r := approvalRepo(t)
	m, err := isms.Open(isms.Options{Dir: r.Dir, AsOf: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	pol := m.Doc("content/pol.md")
	if len(pol.Approvals) != 3 {
		t.Fatalf("policy has %d approvals, want 3 (1.0, 1.1 and 1.2)", len(pol.Approvals))
	}
	// 1.2 was committed still marked approved by Bob; the approval is
	// Alice's later commit that moved approved_on.
	cur := pol.Approval()
	if cur == nil || cur.Version != "1.2" || cur.Commit.Hash != r.Head[8] {
		t.Fatalf("current approval = %+v, want version 1.2 in %s", cur, r.Head[8][:7])
	}
	if cur.Signature.State != isms.Unsigned || cur.Person() != "Alice Example" {
		t.Errorf("1.2 approval: signature %+v, person %q; want unsigned by Alice Example", cur.Signature, cur.Person())
	}
	mid := pol.Approvals[1]
	if mid.Version != "1.1" || mid.Commit.Hash != r.Head[3] || mid.Signature.State != isms.Verified || mid.Signature.Kind != "OpenPGP" || mid.Person() != "Alice Example" {
		t.Errorf("1.1 approval: %s %s %+v; want verified OpenPGP by Alice Example in %s", mid.Version, mid.Commit.Short(), mid.Signature, r.Head[3][:7])
	}
	old := pol.Approvals[2]
	if old.Version != "1.0" || old.Commit.Hash != r.Head[1] || old.Signature.State != isms.Verified || old.Signature.Kind != "SSH" || old.Signature.Signer != "Alice Example" {
		t.Errorf("1.0 approval = %s %s %+v, want 1.0 in %s verified SSH by Alice Example", old.Version, old.Commit.Short(), old.Signature, r.Head[1][:7])
	}
	if pol.History[0].Approval != cur || pol.History[1].Approval != nil {
		t.Error("the approval is not on the revision that made it")
	}
	if a := m.Doc("content/a.md").Approval(); a == nil || a.Signature.State != isms.Invalid {
		t.Errorf("tampered signature judged %+v, want invalid", a)
	} else if a.Author != "Alice Example" {
		t.Errorf("author matched as %q, want Alice Example", a.Author)
	}
	if c := m.Doc("content/c.md").Approval(); c == nil || c.Signature.State != isms.Invalid || c.Signature.Kind != "OpenPGP" {
		t.Errorf("a tampered OpenPGP signature judged %+v, want invalid", c)
	}
	if b := m.Doc("content/b.md").Approval(); b == nil || b.Signature.State != isms.UnknownKey || b.Signature.Signer != "" {
		t.Errorf("a stranger's signature judged %+v, want unknown-key", b)
	}
}

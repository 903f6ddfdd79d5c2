package config

import (
	"strings"
	"testing"
)

const peopleYAML = `roles: [Chief Executive Officer, Information Security Manager]
leadership_roles: [Chief Executive Officer]
people:
  Alice Example:
    roles: [chief executive officer]
    emails: [alice@example.com]
    keys: [keys/alice.asc]
  Bob Example:
    roles: [Information Security Manager]
    emails: [Bob@Example.com, bob@users.example.com]
`

func TestPeopleRegisterMatchesCommitsAndRoles(t *testing.T) {
	c, err := Parse("ismspack.yaml", []byte(peopleYAML))
	if err != nil {
		t.Fatal(err)
	}
	if name, ok := c.PersonByEmail("bob@example.com"); !ok || name != "Bob Example" {
		t.Errorf("bob@example.com is %q, %v; want Bob Example", name, ok)
	}
	if _, ok := c.PersonByEmail("mallory@example.com"); ok {
		t.Error("an address nobody registered matched a person")
	}
	if got := c.Holders("Chief Executive Officer"); len(got) != 1 || got[0] != "Alice Example" {
		t.Errorf("CEO held by %v, want [Alice Example]", got)
	}
	if !c.IsLeader("Alice Example") || c.IsLeader("Bob Example") {
		t.Error("leadership judged wrongly: Alice is CEO, Bob is not leadership")
	}
}

func TestPeopleRegisterErrorsNameTheirLine(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{strings.Replace(peopleYAML, "[chief executive officer]", "[Chief Exec]", 1), `ismspack.yaml:5:13: people.Alice Example.roles.Chief Exec: "Chief Exec" is not in roles`},
		{strings.Replace(peopleYAML, "[alice@example.com]", "[alice]", 1), `ismspack.yaml:6:14: people.Alice Example.emails.alice: "alice" is not an email address`},
		{strings.Replace(peopleYAML, "bob@users.example.com", "alice@example.com", 1), `ismspack.yaml:10:31: people.Bob Example.emails.alice@example.com: "alice@example.com" is also Alice Example's address`},
		{strings.Replace(peopleYAML, "keys/alice.asc", "/home/alice/.gnupg/pub.asc", 1), `ismspack.yaml:7:12: people.Alice Example.keys./home/alice/.gnupg/pub.asc: "/home/alice/.gnupg/pub.asc" is not a path inside the repository`},
	} {
		_, err := Parse("ismspack.yaml", []byte(tc.yaml))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("err = %v\nwant one starting %s", err, tc.want)
		}
	}
}

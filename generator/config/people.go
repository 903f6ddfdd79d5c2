package config

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// Person is one entry of the people register (`people:` in ismspack.yaml,
// keyed by the person's name): the roles they hold, the identities their
// git commits carry, and the keys they sign commits with. With it, an
// approval is judged on who made the approval commit, not on the role
// typed into approved_by.
type Person struct {
	// Roles are the roles the person holds, from the roles register.
	Roles []string `yaml:"roles"`
	// Emails are the addresses the person's commits carry as author or
	// committer; an address belongs to one person only.
	Emails []string `yaml:"emails"`
	// Keys are files committed in the repository holding the person's
	// public signing keys: an OpenPGP armoured public key block, or SSH
	// public keys one a line (allowed-signers lines are accepted, the
	// principals and options before the key ignored). They are read from
	// the commit being built, never from the machine running ismspack.
	Keys []string `yaml:"keys"`
}

// PersonNames returns the people register's names in sorted order, the one
// order every consumer lists them in.
func (c *Config) PersonNames() []string {
	return slices.Sorted(maps.Keys(c.People))
}

// PersonByEmail returns the name of the person whose commits carry email,
// matched ignoring case.
func (c *Config) PersonByEmail(email string) (string, bool) {
	email = strings.TrimSpace(email)
	if email == "" {
		return "", false
	}
	for _, name := range c.PersonNames() {
		for _, e := range c.People[name].Emails {
			if strings.EqualFold(strings.TrimSpace(e), email) {
				return name, true
			}
		}
	}
	return "", false
}

// Holders returns the people who hold role, in sorted order. A role
// written as a person's own name (approved_by: Alice Example) is held by
// that person.
func (c *Config) Holders(role string) []string {
	var out []string
	for _, name := range c.PersonNames() {
		if strings.EqualFold(strings.TrimSpace(name), strings.TrimSpace(role)) {
			out = append(out, name)
			continue
		}
		if _, ok := FindRole(c.People[name].Roles, role); ok {
			out = append(out, name)
		}
	}
	return out
}

// IsLeader reports whether the named person holds one of the leadership
// roles.
func (c *Config) IsLeader(name string) bool {
	for _, r := range c.People[name].Roles {
		if _, ok := FindRole(c.LeadershipRoles, r); ok {
			return true
		}
	}
	return false
}

// validatePeople reports a people register that cannot work: a role that
// is in neither the roles register nor leadership_roles (when either is
// set), an address that is not one or that two people share, a key path
// outside the repository.
func (c *Config) validatePeople() error {
	owner := map[string]string{}
	for _, name := range c.PersonNames() {
		p := c.People[name]
		if strings.TrimSpace(name) == "" {
			return &SettingError{[]string{"people"}, "a person has an empty name: key each person by their name"}
		}
		known := slices.Clone(c.Roles)
		for _, r := range c.LeadershipRoles {
			if _, ok := FindRole(known, r); !ok {
				known = append(known, r)
			}
		}
		for _, r := range p.Roles {
			if _, ok := FindRole(known, r); !ok && len(known) > 0 {
				return &SettingError{[]string{"people", name, "roles", r}, fmt.Sprintf("%q is not in roles or leadership_roles (%s): add it there or fix the spelling", r, strings.Join(known, ", "))}
			}
		}
		for _, e := range p.Emails {
			at := strings.LastIndexByte(e, '@')
			if at <= 0 || at == len(e)-1 || strings.ContainsAny(e, " <>") {
				return &SettingError{[]string{"people", name, "emails", e}, fmt.Sprintf("%q is not an email address: write the address git records for the person's commits, like jane@example.com", e)}
			}
			k := strings.ToLower(e)
			if other, ok := owner[k]; ok && other != name {
				return &SettingError{[]string{"people", name, "emails", e}, fmt.Sprintf("%q is also %s's address: an address names one person, so commits made with it can be told apart", e, other)}
			}
			owner[k] = name
		}
		for _, k := range p.Keys {
			if k == "" || k == "." {
				return &SettingError{[]string{"people", name, "keys"}, "an empty key path: name a file committed in the repository"}
			}
			if q := k; path.IsAbs(q) || (len(q) > 1 && q[1] == ':') || q == ".." || strings.HasPrefix(q, "../") {
				return &SettingError{[]string{"people", name, "keys", k}, fmt.Sprintf("%q is not a path inside the repository: keys are read from the commit being built, never from this machine; commit the key file and name it relative to the repository root", k)}
			}
		}
	}
	return nil
}

// cleanPeople writes the people register's key paths slash-separated and
// cleaned, as the theme's and fonts' are.
func (c *Config) cleanPeople() {
	for _, p := range c.People {
		for i, k := range p.Keys {
			p.Keys[i] = cleanRepoPath(k)
		}
	}
}

package config

import "strings"

// FindRole looks role up in a list of roles (the roles register, the
// leadership roles) the way people write role names: ignoring case and
// surrounding space. It returns the list's spelling, so what ismspack
// writes matches the register. The owner and approver rules and
// `ismspack new --owner` all match through it.
func FindRole(list []string, role string) (string, bool) {
	role = strings.TrimSpace(role)
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), role) {
			return strings.TrimSpace(x), true
		}
	}
	return "", false
}

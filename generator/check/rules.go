package check

// Rules returns the rule catalogue, a fresh copy each call, in the order
// `ismspack rules` prints it. Each family of rules lives in its own file.
func Rules() []*Rule {
	var all []*Rule
	for _, family := range [][]*Rule{
		fieldRules(),       // fields.go
		reviewRules(),      // review.go
		approvalRules(),    // approval.go
		versionRules(),     // version.go
		leftoverRules(),    // leftovers.go
		linkRules(),        // links.go
		renderingRules(),   // rendering.go
		suppressionRules(), // suppression.go
		coverageRules(),    // coverage.go
		recordRules(),      // records.go
		soaRules(),         // soa.go
		nameRules(),        // names.go
		mappingRules(),     // mapping.go
	} {
		all = append(all, family...)
	}
	return all
}

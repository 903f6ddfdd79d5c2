package showcase

import (
	"fmt"
	"strings"
)

func config(k Keys) string {
	var b strings.Builder
	b.WriteString(`organisation: Example Ltd
title: Example Ltd ISMS
roles: [Chief Executive Officer, Information Security Manager, Head of People, Head of IT]
leadership_roles: [Chief Executive Officer]
types:
  minutes: {every: 6m}
  internal-audit-report: {every: 12m}
  training-record: {every: 12m}
  communication-record: {record: true}
tables:
  corrective-actions:
    file: records/corrective-actions.csv
    title: Corrective actions
    columns: [ref, action, owner, status, due]
    status: status
    due: due
    requirements: ["5.1(e)", "5.1(g)"]
    evidence: [corrective-action-log, improvement-log]
  training:
    file: records/training/2026-security-awareness.md
    columns: [Person, Team, Completed]
    evidence: [training-records, awareness-records]
    count: {label: training completed, done: Completed, people: Person, unit: staff listed}
  communications:
    file: records/communications-log.md
    evidence: [leadership-messages]
people:
`)
	for _, p := range []struct {
		Person
		keys string
	}{
		{Alice, "[keys/alice.allowed-signers, keys/alice.asc]"},
		{Ben, "[keys/ben.asc]"},
		{Chloe, ""},
		{Dan, ""},
	} {
		fmt.Fprintf(&b, "  %s:\n    roles: [%s]\n    emails: [%s]\n", p.Name, p.Role, p.Email)
		if p.keys != "" {
			fmt.Fprintf(&b, "    keys: %s\n", p.keys)
		}
	}
	return b.String()
}

const (
	polPath   = "content/policies/information-security-policy.md"
	acPath    = "content/policies/access-control-policy.md"
	objPath   = "content/plans/security-objectives.md"
	resPath   = "content/plans/resource-plan.md"
	commPath  = "content/plans/communication-plan.md"
	rolesPath = "content/policies/roles-and-responsibilities.md"
	mrm1Path  = "content/records/minutes/2026-03-management-review.md"
	mrm2Path  = "content/records/minutes/2026-09-management-review.md"
	trainPath = "content/records/training/2026-security-awareness.md"
	logPath   = "content/records/communications-log.md"
	auditPath = "content/records/audits/2026-internal-audit.md"
)

func policyBody(v string) string {
	b := `# Information Security Policy

## Purpose

Example Ltd protects the information it holds for its customers, staff and
partners. This policy sets the direction for information security and
commits top management to it.

## Commitments

- Information is classified and handled according to its classification.
- Access is granted on a need-to-know basis and reviewed every quarter.
- Incidents are reported at once to the Information Security Manager.
`
	if v >= "1.1" {
		b += "- Suppliers that handle our information are assessed before contract.\n"
	}
	if v >= "2.0" {
		b += `
## Objectives

Security objectives are set each year in the
[security objectives](../plans/security-objectives.md) and reviewed at the
management review.
`
	}
	return b
}

func steps(k Keys) []step {
	base := map[string]string{"owner": "Chief Executive Officer", "classification": "internal", "review_interval": ""}
	pol := with(base, "id", "ISMS-POL-001", "title", "Information Security Policy", "type", "policy", "requirements", `["5.1(a)", "5.1(b)"]`)
	draft := func(m map[string]string, v string) map[string]string {
		return with(m, "version", `"`+v+`"`, "status", "draft")
	}
	approved := func(m map[string]string, v, on string) map[string]string {
		return with(m, "version", `"`+v+`"`, "status", "approved", "approved_by", "Chief Executive Officer", "approved_on", on, "last_reviewed", on)
	}
	ac := with(base, "id", "ISMS-POL-002", "title", "Access Control Policy", "type", "policy", "owner", "Head of IT", "requirements", `["5.1(b)"]`)
	acBody := "# Access Control Policy\n\nAccess to systems is granted by role, approved by the system owner and\nremoved on the day a person leaves. Administrator access needs a second\nfactor.\n"
	obj := with(base, "id", "ISMS-OBJ-001", "title", "Security Objectives 2026", "type", "plan", "owner", "Information Security Manager", "requirements", `["5.1(a)", "5.1(e)"]`, "evidence", "[security-objectives, objective-results]")
	objBody := "# Security Objectives 2026\n\n| Objective | Measure | Target | Owner |\n|---|---|---|---|\n| Staff complete awareness training | completions | 95% by June | Head of People |\n| Critical patches applied | days to patch | 14 days | Head of IT |\n| Incidents reviewed | reviews held | every incident | Information Security Manager |\n"
	res := with(base, "id", "ISMS-RES-001", "title", "ISMS Resource Plan", "type", "plan", "review_interval", "6m", "requirements", `["5.1(c)"]`, "evidence", "[resource-plan]")
	resBody := "# ISMS Resource Plan\n\nThe Information Security Manager spends half of her time on the ISMS.\nAn external auditor is engaged for the internal audit each year, and a\ntraining budget of 40 hours per person is set aside.\n"
	comm := with(base, "id", "ISMS-PLN-002", "title", "Communication Plan", "type", "plan", "owner", "Information Security Manager", "requirements", `["5.1(d)"]`, "evidence", "[communication-plan]")
	commBody := "# Communication Plan\n\n| Audience | Message | Channel | When |\n|---|---|---|---|\n| All staff | Why security matters | All-hands | Quarterly |\n| New starters | Policy essentials | Induction | First week |\n| Managers | Their duties | Management meeting | Twice a year |\n\nWhat was sent is kept in the [communications log](../records/communications-log.md).\n"
	roles := with(base, "id", "ISMS-ROL-001", "title", "Roles and Responsibilities", "type", "policy", "requirements", `["5.1(f)", "5.1(h)"]`, "evidence", "[roles-and-responsibilities, responsibility-matrix, manager-ownership]")
	rolesBody := "# Roles and Responsibilities\n\n| Role | Responsible for |\n|---|---|\n| Chief Executive Officer | Direction, approval of the policy, resources |\n| Information Security Manager | Running the ISMS, reporting on it |\n| Head of People | Awareness and training |\n| Head of IT | Technical controls |\n"
	rec := func(id, title, typ, date, reqs string) map[string]string {
		return with(base, "id", id, "title", title, "type", typ, "date", date, "owner", "Information Security Manager",
			"version", `"1.0"`, "status", "approved", "approved_by", "Chief Executive Officer", "approved_on", date, "last_reviewed", date, "requirements", reqs)
	}
	mrm1 := "# Management Review, March 2026\n\nPresent: Alice Hart (chair), Ben Ortiz, Chloe Nakamura, Dan Fisher.\n\n## Decisions\n\n1. The information security policy is to cover supplier assessment (Ben, by April).\n2. Training completion to be reported at the next review (Chloe).\n3. Resources for the internal audit approved (Alice).\n"
	mrm2 := "# Management Review, September 2026\n\nPresent: Alice Hart (chair), Ben Ortiz, Chloe Nakamura.\n\n## Actions from March\n\nAll three closed: the policy was revised (version 1.1), training is at 41 of 45\nstaff, the internal audit is booked for October.\n\n## Decisions\n\n1. Version 2.0 of the policy to link the yearly objectives.\n2. The resource plan to be reviewed before year end.\n"
	train := "# Security Awareness Training 2026\n\n41 of 45 staff completed the course by 15 June 2026.\n\n| Person | Team | Completed |\n|---|---|---|\n| Alice Hart | Leadership | 2026-02-03 |\n| Ben Ortiz | Security | 2026-02-03 |\n| Chloe Nakamura | People | 2026-02-10 |\n| Dan Fisher | IT | 2026-03-01 |\n"
	log := "# Communications Log\n\n| Date | Audience | Message | Sent by |\n|---|---|---|---|\n| 2026-01-12 | All staff | Policy version 1.0 published | Alice Hart |\n| 2026-03-16 | All staff | Supplier assessment added to the policy | Ben Ortiz |\n| 2026-09-07 | All staff | Policy version 2.0 and 2026 objectives | Alice Hart |\n"
	audit := "# Internal Audit Report 2026\n\nAuditor: external, engaged under the resource plan. Scope: clauses 4 to 10.\n\n## Findings\n\n1. Minor: access reviews were late in one quarter.\n2. Observation: the resource plan had not been reviewed within its six-month interval.\n\n## Conclusion\n\nThe ISMS conforms to ISO/IEC 27001:2022 with one minor nonconformity.\n"
	return []step{
		{"2025-12-01", Ben, &Alice, nil, "Set up the ISMS repository", map[string]string{
			"ismspack.yaml":              config(k),
			"keys/alice.allowed-signers": k.AliceSSH.AllowedSigners(Alice.Email),
			"keys/alice.asc":             k.AlicePGP.Armored(),
			"keys/ben.asc":               k.BenPGP.Armored(),
			polPath:                      doc(draft(pol, "1.0"), policyBody("1.0")),
			rolesPath:                    doc(approved(roles, "1.0", "2025-11-28"), rolesBody),
		}},
		{"2025-12-05", Alice, nil, k.AliceSSH, "Approve the information security policy 1.0", map[string]string{
			polPath: doc(approved(pol, "1.0", "2025-12-05"), policyBody("1.0")),
		}},
		{"2026-01-12", Ben, &Alice, nil, "Draft the 2026 objectives and the communication plan", map[string]string{
			objPath:  doc(draft(obj, "1.0"), objBody),
			commPath: doc(draft(comm, "1.0"), commBody),
			logPath:  doc(rec("ISMS-REC-002", "Communications Log", "communication-record", "2026-01-12", `["5.1(d)"]`), strings.Join(strings.Split(log, "\n")[:5], "\n")+"\n"),
		}},
		{"2026-01-15", Alice, nil, k.AlicePGP, "Approve the 2026 objectives", map[string]string{
			objPath: doc(approved(obj, "1.0", "2026-01-15"), objBody),
		}},
		{"2026-01-20", Ben, nil, k.AlicePGP, "Approve the communication plan (signed by Alice)", map[string]string{
			commPath: doc(approved(comm, "1.0", "2026-01-20"), commBody),
		}},
		{"2026-02-16", Alice, nil, nil, "Add the resource plan, approved at the board", map[string]string{
			resPath: doc(approved(res, "1.0", "2026-02-16"), resBody),
		}},
		{"2026-03-10", Ben, nil, k.BenPGP, "Revise the policy: supplier assessment", map[string]string{
			polPath: doc(with(approved(pol, "1.1", "2025-12-05"), "status", "review"), policyBody("1.1")),
		}},
		{"2026-03-12", Alice, nil, k.AlicePGP, "Approve the information security policy 1.1", map[string]string{
			polPath: doc(approved(pol, "1.1", "2026-03-12"), policyBody("1.1")),
		}},
		{"2026-03-18", Ben, &Alice, nil, "Minutes of the March management review", map[string]string{
			mrm1Path: doc(rec("ISMS-MRM-001", "Management Review, March 2026", "minutes", "2026-03-18", `["5.1(e)", "5.1(g)"]`), mrm1),
			logPath:  doc(with(rec("ISMS-REC-002", "Communications Log", "communication-record", "2026-03-18", `["5.1(d)"]`), "version", `"1.1"`), strings.Join(strings.Split(log, "\n")[:6], "\n")+"\n"),
		}},
		{"2026-05-14", Dan, nil, nil, "Draft the access control policy", map[string]string{
			acPath: doc(draft(ac, "1.0"), acBody),
		}},
		{"2026-05-15", Dan, nil, nil, "Approve the access control policy", map[string]string{
			acPath: doc(approved(ac, "1.0", "2026-05-15"), acBody),
		}},
		{"2026-06-16", Chloe, &Alice, nil, "Record the 2026 awareness training completions", map[string]string{
			trainPath: doc(with(rec("ISMS-REC-001", "Security Awareness Training 2026", "training-record", "2026-06-16", `["5.1(f)"]`), "owner", "Head of People"), train),
		}},
		{"2026-09-01", Ben, nil, nil, "Revise the policy: link the yearly objectives", map[string]string{
			polPath: doc(with(approved(pol, "2.0", "2026-03-12"), "status", "review"), policyBody("2.0")),
		}},
		{"2026-09-03", Alice, nil, nil, "Approve the information security policy 2.0", map[string]string{
			polPath: doc(approved(pol, "2.0", "2026-09-03"), policyBody("2.0")),
		}},
		{"2026-09-09", Ben, &Alice, nil, "Minutes of the September management review", map[string]string{
			rolesPath: doc(with(approved(roles, "1.0", "2025-11-28"), "last_reviewed", "2026-09-09"), rolesBody),
			mrm2Path:  doc(rec("ISMS-MRM-002", "Management Review, September 2026", "minutes", "2026-09-09", `["5.1(e)", "5.1(g)"]`), mrm2),
			logPath:   doc(with(rec("ISMS-REC-002", "Communications Log", "communication-record", "2026-09-09", `["5.1(d)"]`), "version", `"1.2"`), log),
		}},
		{"2026-10-28", Alice, nil, k.AliceSSH, "Internal audit report 2026", map[string]string{
			"content/records/corrective-actions.csv": "ref,action,owner,status,due\n" +
				"CA-2026-01,\"Hold access reviews every quarter, with a reminder\",Head of IT,open,2026-11-15\n" +
				"CA-2026-02,Review the resource plan,Chief Executive Officer,closed,2026-11-30\n",
			auditPath: doc(rec("ISMS-AUD-001", "Internal Audit Report 2026", "internal-audit-report", "2026-10-28", `["5.1(e)", "5.1(g)"]`), audit),
		}},
	}
}

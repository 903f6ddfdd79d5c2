package document

// Type says what a schema field's value is.
type Type int

// Field value types.
const (
	TextType     Type = iota // free text
	VersionType              // MAJOR.MINOR
	DateType                 // a calendar date
	DurationType             // a review interval: 12m, 1y, 90d
	EnumType                 // one of Spec.Values
	ListType                 // a list of text
)

// Status is a document's place in its life cycle.
type Status string

// The statuses a document may have.
const (
	Draft    Status = "draft"
	InReview Status = "review"
	Approved Status = "approved"
	Retired  Status = "retired"
)

// Spec is one document-control field.
type Spec struct {
	// Name is the key in front matter and the name config uses.
	Name string
	// Aliases are other keys that carry the field in every repository;
	// a configuration adds its own.
	Aliases []string
	Type    Type
	// Values are the allowed values of an enum, in display order.
	Values []string
	// Fold lower-cases the value as read: Approved is approved.
	Fold bool
	// Required is whether the default configuration requires it.
	Required bool
	// Labels are what the field is called when written in a document's
	// text rather than its front matter: "**Policy owner:** Jane", a row
	// "| Version | 1.2 |". They are matched ignoring case, spaces, - and _;
	// a configuration's aliases are labels too. A field whose everyday
	// name opens ordinary sentences ("Type:", "Requirements:") has none
	// but the explicit ones, so prose is not read as document control.
	Labels []string
}

// Fields is the document-control schema in display order: the one table
// the front-matter decoder, the revision fast path, the field rules and
// the renderers read. A new field, or a new value of an enum, is one line
// here.
var Fields = []Spec{
	{Name: "id", Type: TextType, Required: true, Labels: []string{"ID", "Document ID", "Policy ID", "Document number", "Doc ID"}},
	{Name: "title", Type: TextType, Required: true, Labels: []string{"Title", "Document title", "Policy title", "Policy name", "Document name"}},
	{Name: "owner", Type: TextType, Required: true, Labels: []string{"Owner", "Document owner", "Policy owner", "Process owner"}},
	{Name: "version", Type: VersionType, Required: true, Labels: []string{"Version", "Document version", "Policy version", "Version number"}},
	{Name: "status", Type: EnumType, Values: []string{string(Draft), string(InReview), string(Approved), string(Retired)}, Fold: true, Required: true, Labels: []string{"Status", "Document status", "Policy status"}},
	{Name: "classification", Type: EnumType, Values: []string{"public", "internal", "confidential", "restricted"}, Fold: true, Required: true, Labels: []string{"Classification", "Document classification", "Security classification"}},
	{Name: "type", Type: TextType, Fold: true, Required: true, Labels: []string{"Document type"}},
	{Name: "approved_by", Type: TextType, Labels: []string{"Approved by"}},
	{Name: "approved_on", Type: DateType, Labels: []string{"Approved on", "Approval date", "Date approved", "Date of approval"}},
	{Name: "last_reviewed", Type: DateType, Required: true, Labels: []string{"Last reviewed", "Last review", "Last review date", "Date of last review", "Last reviewed on"}},
	{Name: "review_interval", Type: DurationType, Labels: []string{"Review interval", "Review frequency", "Review cycle"}},
	{Name: "requirements", Type: ListType},
	{Name: "date", Type: DateType},
	{Name: "evidence", Type: ListType},
}

// Schema lists the document-control field names in display order.
var Schema = func() []string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = f.Name
	}
	return names
}()

// SpecFor returns the field named name.
func SpecFor(name string) (Spec, bool) {
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Spec{}, false
}

// IsField reports whether name is a document-control field.
func IsField(name string) bool { _, ok := SpecFor(name); return ok }

// RequiredByDefault lists the fields the default configuration requires.
func RequiredByDefault() []string {
	var out []string
	for _, f := range Fields {
		if f.Required {
			out = append(out, f.Name)
		}
	}
	return out
}

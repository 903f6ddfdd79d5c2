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
}

// Fields is the document-control schema in display order: the one table
// the front-matter decoder, the revision fast path, the field rules and
// the renderers read. A new field, or a new value of an enum, is one line
// here.
var Fields = []Spec{
	{Name: "id", Type: TextType, Required: true},
	{Name: "title", Type: TextType, Required: true},
	{Name: "owner", Type: TextType, Required: true},
	{Name: "version", Type: VersionType, Required: true},
	{Name: "status", Type: EnumType, Values: []string{string(Draft), string(InReview), string(Approved), string(Retired)}, Fold: true, Required: true},
	{Name: "classification", Type: EnumType, Values: []string{"public", "internal", "confidential", "restricted"}, Fold: true, Required: true},
	{Name: "type", Type: TextType, Fold: true, Required: true},
	{Name: "approved_by", Type: TextType},
	{Name: "approved_on", Type: DateType},
	{Name: "last_reviewed", Type: DateType, Required: true},
	{Name: "review_interval", Type: DurationType},
	{Name: "requirements", Type: ListType},
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

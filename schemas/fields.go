package schemas

import (
	"encoding/json"
	"slices"
)

// Field describes one claim for building a clerk's form: its structure
// comes from the schema, its order from the metadata. Labels come from the
// metadata through Type.Label and Type.ValueLabel; the schemas carry no
// per-claim titles, so there is one place to translate.
type Field struct {
	// Path is the claim's path, with AllElements for an array position.
	Path ClaimPath
	// Kind is the JSON Schema type: "string", "integer", "number",
	// "boolean", "object" or "array".
	Kind string
	// Format is "date", FormatDateOrLongTerm, FormatCitizenID, FormatUSCC
	// or "".
	Format string
	// Required is true for a claim the form must fill (the schema's
	// required, the metadata's mandatory).
	Required bool
	// SD is the claim's selective disclosure policy.
	SD SDPolicy
	// Enum lists the allowed values of an enumerated claim, in schema order.
	Enum []string
	// Pattern is the regular expression (RE2 syntax) a string must match.
	Pattern string
	// MinLength and MaxLength bound a string's length in characters; 0 is
	// no bound.
	MinLength, MaxLength int
	// Minimum and Maximum bound a number; "" is no bound.
	Minimum, Maximum json.Number
	// MinItems and MaxItems bound an array's length; 0 is no bound.
	MinItems, MaxItems int
	// Fields are the claims of an object, or of each element of an array.
	Fields []Field
}

// Fields returns the type's claims as a tree, top-level claims first, each
// list in metadata order. The result is the caller's.
func (t *Type) Fields() []Field {
	return t.fieldsUnder(t.root, nil)
}

func (t *Type) fieldsUnder(obj *node, prefix ClaimPath) []Field {
	var out []Field
	for i := range t.meta.Claims {
		m := &t.meta.Claims[i]
		if len(m.Path) != len(prefix)+1 || !slices.Equal(m.Path[:len(prefix)], prefix) {
			continue
		}
		name := m.Path[len(prefix)]
		n := obj.Properties[name]
		if n == nil {
			continue
		}
		f := Field{
			Path:      slices.Clone(m.Path),
			Kind:      n.Type,
			Format:    n.Format,
			Required:  slices.Contains(obj.Required, name),
			SD:        m.SD,
			Enum:      slices.Clone(n.Enum),
			Pattern:   n.Pattern,
			MinLength: deref(n.MinLength),
			MaxLength: deref(n.MaxLength),
			MinItems:  deref(n.MinItems),
			MaxItems:  deref(n.MaxItems),
		}
		if n.Minimum != nil {
			f.Minimum = *n.Minimum
		}
		if n.Maximum != nil {
			f.Maximum = *n.Maximum
		}
		switch {
		case n.Type == "object":
			f.Fields = t.fieldsUnder(n, m.Path)
		case n.Type == "array" && n.Items != nil:
			f.Fields = t.fieldsUnder(n.Items, append(slices.Clone(m.Path), AllElements))
		}
		out = append(out, f)
	}
	return out
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

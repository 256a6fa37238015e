package schemas

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sort"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ErrBadDefinition is wrapped by every error of Load: an embedded schema or
// metadata document is malformed or the two disagree.
var ErrBadDefinition = errors.New("schemas: bad type definition")

// Naming of the district's types, schemas and locales.
const (
	draft2020      = "https://json-schema.org/draft/2020-12/schema"
	vctPrefix      = "urn:cachet:vct:"
	schemaIDPrefix = "urn:cachet:schema:"
	typeVersion    = ":1"
	localeZH       = "zh-CN"
	localeEN       = "en"
	maxNameLength  = 64
)

// node is the part of a schema document that Load checks and Fields
// reports. Keywords not listed here (if, then, else, contains, const) are
// left to the schema library.
type node struct {
	Schema               string           `json:"$schema"`
	ID                   string           `json:"$id"`
	Title                string           `json:"title"`
	Type                 string           `json:"type"`
	Format               string           `json:"format"`
	Enum                 []string         `json:"enum"`
	Pattern              string           `json:"pattern"`
	MinLength            *int             `json:"minLength"`
	MaxLength            *int             `json:"maxLength"`
	Minimum              *json.Number     `json:"minimum"`
	Maximum              *json.Number     `json:"maximum"`
	Properties           map[string]*node `json:"properties"`
	Required             []string         `json:"required"`
	AdditionalProperties *bool            `json:"additionalProperties"`
	Items                *node            `json:"items"`
	MinItems             *int             `json:"minItems"`
	MaxItems             *int             `json:"maxItems"`
	IDChecks             []idCheck        `json:"x-cachet-id-consistency"`
}

// idCheck names three top-level claims that must agree: the date of birth
// and the sex encoded in a citizen identity number (digits 7 to 14, and the
// parity of digit 17) with the claims stating them. JSON Schema cannot
// compare two claims, so the schema declares the rule in the Cachet
// keyword x-cachet-id-consistency and Validate applies it.
type idCheck struct {
	IDNumber  string `json:"id_number"`
	BirthDate string `json:"birth_date"`
	Sex       string `json:"sex"`
}

// schemaClaim is one claim the schema declares.
type schemaClaim struct {
	path     ClaimPath
	node     *node
	required bool
}

// load reads every type folder of fsys, checks it and compiles the schemas
// together.
func load(fsys fs.FS) (*Registry, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadDefinition, err)
	}
	compiler := jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft2020)
	// JSON Schema 2020-12 Validation, Section 7.2: format is an annotation
	// unless the validator is configured to assert it; the district's
	// formats are rules, so assert them.
	compiler.AssertFormat()
	for _, f := range customFormats() {
		compiler.RegisterFormat(f)
	}

	// A type's vct and $id are derived from its folder name (checkType), so
	// they are as unique as the folders.
	r := &Registry{byID: map[string]*Type{}, byVCT: map[string]*Type{}}
	for _, e := range entries {
		if !e.IsDir() {
			return nil, fmt.Errorf("%w: unexpected file %q among the types", ErrBadDefinition, e.Name())
		}
		t, doc, err := readType(fsys, e.Name())
		if err != nil {
			return nil, err
		}
		if err := compiler.AddResource(t.schemaID, doc); err != nil {
			return nil, defError(t.ID, "schema: %v", err)
		}
		r.types = append(r.types, t)
		r.byID[t.ID] = t
		r.byVCT[t.VCT] = t
	}
	if len(r.types) == 0 {
		return nil, fmt.Errorf("%w: no types", ErrBadDefinition)
	}
	for _, t := range r.types {
		if t.schema, err = compiler.Compile(t.schemaID); err != nil {
			return nil, defError(t.ID, "schema: %v", err)
		}
	}
	sort.Slice(r.types, func(i, j int) bool { return r.types[i].ID < r.types[j].ID })
	return r, nil
}

func defError(id, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrBadDefinition, id, fmt.Sprintf(format, args...))
}

// readType reads and checks one type folder. It returns the type and the
// decoded schema document for the compiler.
func readType(fsys fs.FS, id string) (*Type, any, error) {
	if !isName(id, '-') {
		return nil, nil, fmt.Errorf("%w: type folder %q is not a lower-case name", ErrBadDefinition, id)
	}
	schemaJSON, err := fs.ReadFile(fsys, id+"/schema.json")
	if err != nil {
		return nil, nil, defError(id, "%v", err)
	}
	metadataJSON, err := fs.ReadFile(fsys, id+"/metadata.json")
	if err != nil {
		return nil, nil, defError(id, "%v", err)
	}
	if err := checkJSON(schemaJSON); err != nil {
		return nil, nil, defError(id, "schema.json: %v", err)
	}
	if err := checkJSON(metadataJSON); err != nil {
		return nil, nil, defError(id, "metadata.json: %v", err)
	}

	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, nil, defError(id, "schema.json: %v", err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, nil, defError(id, "schema.json is not an object")
	}
	if err := checkKeywords(obj, true); err != nil {
		return nil, nil, defError(id, "schema.json: %v", err)
	}
	var root node
	if err := json.Unmarshal(schemaJSON, &root); err != nil {
		return nil, nil, defError(id, "schema.json: %v", err)
	}
	var meta, private Metadata
	if err := decodeStrict(metadataJSON, &meta); err != nil {
		return nil, nil, defError(id, "metadata.json: %v", err)
	}
	if err := decodeStrict(metadataJSON, &private); err != nil {
		return nil, nil, defError(id, "metadata.json: %v", err)
	}

	sum := sha256.Sum256(schemaJSON)
	msum := sha256.Sum256(metadataJSON)
	t := &Type{
		ID:           id,
		VCT:          meta.VCT,
		Metadata:     meta,
		meta:         private,
		schemaID:     root.ID,
		schemaJSON:   schemaJSON,
		metadataJSON: metadataJSON,
		digest:       "sha256-" + base64.RawURLEncoding.EncodeToString(sum[:]),
		integrity:    "sha256-" + base64.StdEncoding.EncodeToString(msum[:]),
		root:         &root,
		idChecks:     root.IDChecks,
	}
	if err := checkType(t); err != nil {
		return nil, nil, defError(id, "%v", err)
	}
	return t, doc, nil
}

// decodeStrict decodes a metadata document, refusing members Metadata does
// not know. The draft lets consumers ignore unknown members; for our own
// files an unknown member is a typo.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// checkKeywords refuses keywords outside the small set the district's
// schemas use, and formats the validator does not know: the schema library
// ignores both silently, so a typo would switch a rule off.
func checkKeywords(obj map[string]any, root bool) error {
	for _, k := range sortedKeys(obj) {
		v := obj[k]
		switch k {
		case "$schema", "$id", "x-cachet-id-consistency":
			if !root {
				return fmt.Errorf("%s is only allowed at the root", k)
			}
		case "title", "description", "type", "enum", "const", "required",
			"minLength", "maxLength", "pattern", "minItems", "maxItems", "minimum", "maximum":
		case "additionalProperties":
			if _, ok := v.(bool); !ok {
				return errors.New("additionalProperties must be true or false")
			}
		case "format":
			if f, _ := v.(string); !knownFormat(f) {
				return fmt.Errorf("unknown format %v", v)
			}
		case "items", "if", "then", "else", "contains":
			sub, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("%s must be a schema object", k)
			}
			if err := checkKeywords(sub, false); err != nil {
				return err
			}
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				return errors.New("properties must be an object")
			}
			for _, name := range sortedKeys(props) {
				sub, ok := props[name].(map[string]any)
				if !ok {
					return fmt.Errorf("property %q must be a schema object", name)
				}
				if err := checkKeywords(sub, false); err != nil {
					return fmt.Errorf("property %q: %w", name, err)
				}
			}
		default:
			return fmt.Errorf("keyword %q is not used by the district's schemas", k)
		}
	}
	return nil
}

// checkType checks a type's schema against its metadata.
func checkType(t *Type) error {
	r := t.root
	if r.Schema != draft2020 {
		return fmt.Errorf("$schema must be %s", draft2020)
	}
	if want := schemaIDPrefix + t.ID + typeVersion; r.ID != want {
		return fmt.Errorf("$id must be %s", want)
	}
	if r.Title == "" {
		return errors.New("schema has no title")
	}
	// draft-ietf-oauth-sd-jwt-vc, Section 6.3: the vct of the credential
	// must be identical to the vct the metadata was retrieved for.
	if want := vctPrefix + t.ID + typeVersion; t.meta.VCT != want {
		return fmt.Errorf("vct must be %s", want)
	}
	// Section 8: an entry for each supported locale, each with a name.
	locales := make([]string, len(t.meta.Display))
	for i, d := range t.meta.Display {
		if d.Name == "" {
			return fmt.Errorf("display %q has no name", d.Locale)
		}
		locales[i] = d.Locale
	}
	if !hasLocales(locales) {
		return fmt.Errorf("display needs %s and %s", localeZH, localeEN)
	}

	var claims []schemaClaim
	if err := collectClaims(r, nil, &claims); err != nil {
		return err
	}
	bySchema := map[string]schemaClaim{}
	for _, c := range claims {
		bySchema[pathKey(c.path)] = c
	}
	seen := map[string]bool{}
	for i := range t.meta.Claims {
		m := &t.meta.Claims[i]
		key := pathKey(m.Path)
		if len(m.Path) == 0 {
			return errors.New("a claim has an empty path")
		}
		if seen[key] {
			return fmt.Errorf("claim %v listed twice", m.Path)
		}
		seen[key] = true
		sc, ok := bySchema[key]
		if !ok {
			return fmt.Errorf("metadata claim %v is not in the schema", m.Path)
		}
		if err := checkClaim(m, sc); err != nil {
			return fmt.Errorf("claim %v: %w", m.Path, err)
		}
	}
	for _, c := range claims {
		if !seen[pathKey(c.path)] {
			return fmt.Errorf("schema claim %v has no metadata", c.path)
		}
	}
	for _, c := range t.idChecks {
		if err := checkIDRule(r, c); err != nil {
			return err
		}
	}
	return nil
}

// collectClaims lists the claims of the closed object n, depth first, and
// checks each is bounded.
func collectClaims(n *node, prefix ClaimPath, out *[]schemaClaim) error {
	where := "the claims object"
	if len(prefix) > 0 {
		where = prefix.String()
	}
	if n.Type != "object" || n.AdditionalProperties == nil || *n.AdditionalProperties {
		return fmt.Errorf("%s must be an object with additionalProperties false", where)
	}
	if len(n.Properties) == 0 {
		return fmt.Errorf("%s declares no properties", where)
	}
	for _, req := range n.Required {
		if n.Properties[req] == nil {
			return fmt.Errorf("%s requires undeclared %q", where, req)
		}
	}
	for _, name := range sortedKeys(n.Properties) {
		p := n.Properties[name]
		path := append(slices.Clone(prefix), name)
		if !isName(name, '_') {
			return fmt.Errorf("claim %v is not snake_case", path)
		}
		*out = append(*out, schemaClaim{path: path, node: p, required: slices.Contains(n.Required, name)})
		switch p.Type {
		case "object":
			if err := collectClaims(p, path, out); err != nil {
				return err
			}
		case "array":
			if p.MaxItems == nil || *p.MaxItems > MaxSchemaItems {
				return fmt.Errorf("array %v needs maxItems up to %d", path, MaxSchemaItems)
			}
			if p.Items == nil {
				return fmt.Errorf("array %v needs items", path)
			}
			if err := collectClaims(p.Items, append(path, AllElements), out); err != nil {
				return err
			}
		case "string":
			bounded := len(p.Enum) > 0 || (p.Format != "" && knownFormat(p.Format)) ||
				(p.MaxLength != nil && *p.MaxLength <= MaxSchemaStringLength)
			if !bounded {
				return fmt.Errorf("string %v needs an enum, a format or maxLength up to %d", path, MaxSchemaStringLength)
			}
		case "integer", "number":
			if p.Minimum == nil || p.Maximum == nil {
				return fmt.Errorf("number %v needs minimum and maximum", path)
			}
		case "boolean":
		default:
			return fmt.Errorf("claim %v has unsupported type %q", path, p.Type)
		}
	}
	return nil
}

// checkClaim checks one claim's metadata against its schema.
func checkClaim(m *ClaimMetadata, sc schemaClaim) error {
	// Section 9.2: a display entry for each supported locale, with a label.
	if err := checkDisplay(m.Display); err != nil {
		return err
	}
	// Section 9.4: always, allowed or never. The draft defaults an absent
	// sd to allowed; the district states it for every claim.
	switch m.SD {
	case SDAlways, SDAllowed, SDNever:
	default:
		return fmt.Errorf("sd must be %s, %s or %s", SDAlways, SDAllowed, SDNever)
	}
	// Section 9.3: mandatory claims must be present; the schema's required
	// is what enforces it.
	if m.Mandatory != sc.required {
		return fmt.Errorf("mandatory is %t but the schema's required says %t", m.Mandatory, sc.required)
	}
	if len(sc.node.Enum) == 0 {
		if len(m.Values) > 0 {
			return errors.New("x-cachet-values on a claim without enum")
		}
		return nil
	}
	if len(m.Values) != len(sc.node.Enum) {
		return errors.New("x-cachet-values must label every enum value once")
	}
	seen := map[string]bool{}
	for _, v := range m.Values {
		if seen[v.Value] || !slices.Contains(sc.node.Enum, v.Value) {
			return fmt.Errorf("x-cachet-values: %q is not an enum value or is listed twice", v.Value)
		}
		seen[v.Value] = true
		if err := checkDisplay(v.Display); err != nil {
			return fmt.Errorf("value %q: %w", v.Value, err)
		}
	}
	return nil
}

func checkDisplay(d []ClaimDisplay) error {
	for _, e := range d {
		if e.Label == "" {
			return fmt.Errorf("display %q has no label", e.Locale)
		}
	}
	if !hasLocales(claimLocales(d)) {
		return fmt.Errorf("display needs %s and %s", localeZH, localeEN)
	}
	return nil
}

// hasLocales reports whether locales holds zh-CN and en, each once.
func hasLocales(locales []string) bool {
	zh, en := 0, 0
	for _, l := range locales {
		switch l {
		case localeZH:
			zh++
		case localeEN:
			en++
		}
	}
	return zh == 1 && en == 1
}

// checkIDRule checks an x-cachet-id-consistency entry names top-level
// claims of the right kinds.
func checkIDRule(r *node, c idCheck) error {
	id, bd, sex := r.Properties[c.IDNumber], r.Properties[c.BirthDate], r.Properties[c.Sex]
	if id == nil || id.Type != "string" {
		return fmt.Errorf("x-cachet-id-consistency: %q is not a string claim", c.IDNumber)
	}
	if bd == nil || bd.Format != FormatDate {
		return fmt.Errorf("x-cachet-id-consistency: %q is not a date claim", c.BirthDate)
	}
	if sex == nil || len(sex.Enum) != 2 || !slices.Contains(sex.Enum, sexMale) || !slices.Contains(sex.Enum, sexFemale) {
		return fmt.Errorf("x-cachet-id-consistency: %q is not a male/female claim", c.Sex)
	}
	return nil
}

// isName reports whether s is a lower-case name: a letter, then letters,
// digits and sep, at most maxNameLength long.
func isName(s string, sep byte) bool {
	if s == "" || len(s) > maxNameLength || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || isDigit(c) || c == sep) {
			return false
		}
	}
	return true
}

func pathKey(p ClaimPath) string {
	b, _ := json.Marshal([]string(p))
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

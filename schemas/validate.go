package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// ErrInvalidClaims is matched by errors.Is for every *ValidationError.
var ErrInvalidClaims = errors.New("schemas: invalid claims")

// The values of a sex claim.
const (
	sexMale   = "male"
	sexFemale = "female"
)

// Codes of FieldError, one per kind of rule a claim can break. Callers may
// branch on them; they are never renamed.
const (
	CodeRequired     = "required"        // a mandatory claim is missing
	CodeUnknownField = "unknown_field"   // a claim the type does not declare
	CodeType         = "type"            // the wrong kind of value (a number where text is due, ...)
	CodeEnum         = "enum"            // not one of the listed values
	CodeFormat       = "format"          // not a date, not a well-formed identity number or credit code
	CodeChecksum     = "checksum"        // an identity number or credit code whose check character does not match
	CodePattern      = "pattern"         // not in the expected form (a certificate number, a code)
	CodeTooShort     = "too_short"       // empty text, or too few list entries
	CodeTooLong      = "too_long"        // text too long, or too many list entries
	CodeRange        = "range"           // a number out of range
	CodeMismatch     = "mismatch"        // contradicts another claim
	CodeTooMany      = "too_many_fields" // an object with more than MaxClaims members
	CodeTooDeep      = "too_deep"        // nested deeper than MaxClaimDepth
	CodeInvalid      = "invalid"         // any other rule of the schema
)

// ValidationError lists why a set of claims does not fit a type. It never
// holds a claim value.
type ValidationError struct {
	// Type is the ID of the type the claims were checked against.
	Type string
	// Fields holds one entry per problem, sorted by Path, then Code, at most
	// MaxFieldErrors of them.
	Fields []FieldError
	// Omitted counts the problems found beyond MaxFieldErrors.
	Omitted int
}

// FieldError is one problem with one claim.
type FieldError struct {
	// Path is the JSON Pointer (RFC 6901) of the claim in the claims object,
	// such as /id_number or /test_items/0/result; "" is the object itself.
	Path string
	// Message and MessageZH say what is wrong in a sentence for the clerk,
	// in English and in Simplified Chinese, naming the claim by its label.
	Message   string
	MessageZH string
	// Code is one of the Code constants.
	Code string
}

// Error lists the paths and codes, for logs; the sentences are in Fields.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("schemas: invalid ")
	b.WriteString(e.Type)
	b.WriteString(" claims")
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		p := f.Path
		if p == "" {
			p = "/"
		}
		b.WriteString(truncate(p, MaxEchoedPathLength))
		b.WriteByte(' ')
		b.WriteString(f.Code)
	}
	if e.Omitted > 0 {
		fmt.Fprintf(&b, "; %d more", e.Omitted)
	}
	return b.String()
}

// Unwrap lets errors.Is(err, ErrInvalidClaims) find a ValidationError.
func (e *ValidationError) Unwrap() error { return ErrInvalidClaims }

// Validate checks a credential's subject claims (what the clerk fills in,
// not the JWT envelope) against the type's schema and its cross-claim
// rules. It returns nil or a *ValidationError listing every problem found.
//
// claims is a JSON object as encoding/json decodes it, into float64 or
// json.Number numbers; Go integers are accepted too. Any other Go type is
// reported as CodeType. Validate never panics on its input.
func (t *Type) Validate(claims map[string]any) error {
	return t.validate(claims, false)
}

// ValidateDisclosed checks the claims a holder disclosed in a presentation,
// as a verifier sees them after processing the SD-JWT: like Validate,
// except that a missing claim is not an error when its metadata lets the
// issuer make it selectively disclosable (sd "always" or "allowed",
// draft-ietf-oauth-sd-jwt-vc, Section 9.4), since the holder may have
// withheld it. A missing "never" claim is still an error: it is always in
// the credential. Which disclosed claims a service needs is the verifier's
// policy, not the schema's.
func (t *Type) ValidateDisclosed(claims map[string]any) error {
	return t.validate(claims, true)
}

func (t *Type) validate(claims map[string]any, disclosed bool) error {
	if claims == nil {
		claims = map[string]any{}
	}
	// Values the schema library cannot take (NaN, Go types outside JSON,
	// number literals math/big refuses) and values too large to be worth
	// checking piece by piece are reported before it runs.
	if out := t.checkValues(claims, nil, 0, nil); len(out) > 0 {
		return t.invalid(out)
	}
	var out []FieldError
	if err := t.schema.Validate(claims); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return fmt.Errorf("schemas: %s: %w", t.ID, err)
		}
		out = t.collect(ve, out)
	}
	out = t.checkIDRules(claims, out)
	if disclosed {
		out = slices.DeleteFunc(out, func(f FieldError) bool {
			return f.Code == CodeRequired && t.withholdable(f.Path)
		})
	}
	if len(out) == 0 {
		return nil
	}
	return t.invalid(out)
}

// withholdable reports whether the claim at the JSON pointer path may be
// left out of a presentation.
func (t *Type) withholdable(path string) bool {
	var loc []string
	if path != "" {
		for _, tok := range strings.Split(path[1:], "/") {
			loc = append(loc, strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~"))
		}
	}
	c := t.claim(loc)
	return c != nil && c.SD != SDNever
}

// invalid sorts and deduplicates the problems into a ValidationError.
func (t *Type) invalid(fields []FieldError) *ValidationError {
	sort.SliceStable(fields, func(i, j int) bool {
		if fields[i].Path != fields[j].Path {
			return fields[i].Path < fields[j].Path
		}
		return fields[i].Code < fields[j].Code
	})
	fields = slices.Compact(fields)
	e := &ValidationError{Type: t.ID, Fields: fields}
	if len(fields) > MaxFieldErrors {
		e.Fields, e.Omitted = fields[:MaxFieldErrors:MaxFieldErrors], len(fields)-MaxFieldErrors
	}
	return e
}

// problem is what went wrong, before it is put into words.
type problem struct {
	code    string
	format  string   // the format that failed
	err     error    // the format's error
	want    []string // the JSON types expected
	value   any      // the value a const demands
	n       int      // a length or count bound
	bound   string   // a numeric bound
	minimum bool     // bound is a minimum
	array   bool     // n counts list entries, not characters
	other   []string // the claim an identity number contradicts
	sex     bool     // the contradiction is about sex, not date of birth
}

// collect turns the schema library's error tree into FieldErrors.
func (t *Type) collect(e *jsonschema.ValidationError, out []FieldError) []FieldError {
	loc := e.InstanceLocation
	switch k := e.ErrorKind.(type) {
	case *kind.Schema, *kind.Group, *kind.Reference, *kind.AllOf:
		if len(e.Causes) == 0 {
			return append(out, t.fieldError(loc, problem{code: CodeInvalid}))
		}
		for _, c := range e.Causes {
			out = t.collect(c, out)
		}
		return out
	case *kind.Required:
		for _, name := range k.Missing {
			out = append(out, t.fieldError(child(loc, name), problem{code: CodeRequired}))
		}
		return out
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			out = append(out, t.fieldError(child(loc, name), problem{code: CodeUnknownField}))
		}
		return out
	}
	return append(out, t.fieldError(loc, problemOf(e.ErrorKind)))
}

// problemOf maps a leaf error of the schema library.
func problemOf(k jsonschema.ErrorKind) problem {
	switch k := k.(type) {
	case *kind.Type:
		return problem{code: CodeType, want: k.Want}
	case *kind.InvalidJsonValue:
		return problem{code: CodeType}
	case *kind.Enum:
		return problem{code: CodeEnum}
	case *kind.Const:
		return problem{code: CodeMismatch, value: k.Want}
	case *kind.Format:
		code := CodeFormat
		if errors.Is(k.Err, ErrCitizenIDChecksum) || errors.Is(k.Err, ErrUSCCChecksum) {
			code = CodeChecksum
		}
		return problem{code: code, format: k.Want, err: k.Err}
	case *kind.Pattern:
		return problem{code: CodePattern}
	case *kind.MinLength:
		return problem{code: CodeTooShort, n: k.Want}
	case *kind.MaxLength:
		return problem{code: CodeTooLong, n: k.Want}
	case *kind.MinItems:
		return problem{code: CodeTooShort, n: k.Want, array: true}
	case *kind.MaxItems:
		return problem{code: CodeTooLong, n: k.Want, array: true}
	case *kind.Minimum:
		return problem{code: CodeRange, bound: k.Want.RatString(), minimum: true}
	case *kind.Maximum:
		return problem{code: CodeRange, bound: k.Want.RatString()}
	case *kind.ExclusiveMinimum, *kind.ExclusiveMaximum, *kind.MultipleOf:
		return problem{code: CodeRange}
	}
	return problem{code: CodeInvalid}
}

// checkValues walks the claims for values the schema library must not see.
// loc is a stack shared down the walk: fieldError copies what it keeps.
func (t *Type) checkValues(v any, loc []string, depth int, out []FieldError) []FieldError {
	switch x := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
	case string:
		if len(x) > MaxClaimBytes {
			out = append(out, t.fieldError(loc, problem{code: CodeTooLong}))
		}
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			out = append(out, t.fieldError(loc, problem{code: CodeRange}))
		}
	case float32:
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			out = append(out, t.fieldError(loc, problem{code: CodeRange}))
		}
	case json.Number:
		if code := numberProblem(string(x)); code != "" {
			out = append(out, t.fieldError(loc, problem{code: code, want: []string{"number"}}))
		}
	case map[string]any:
		if depth >= MaxClaimDepth {
			return append(out, t.fieldError(loc, problem{code: CodeTooDeep}))
		}
		if len(x) > MaxClaims {
			return append(out, t.fieldError(loc, problem{code: CodeTooMany, n: MaxClaims}))
		}
		for k, e := range x {
			out = t.checkValues(e, append(loc, k), depth+1, out)
		}
	case []any:
		if depth >= MaxClaimDepth {
			return append(out, t.fieldError(loc, problem{code: CodeTooDeep}))
		}
		if len(x) > MaxClaimItems {
			return append(out, t.fieldError(loc, problem{code: CodeTooLong, n: MaxClaimItems, array: true}))
		}
		for i, e := range x {
			out = t.checkValues(e, append(loc, strconv.Itoa(i)), depth+1, out)
		}
	default:
		out = append(out, t.fieldError(loc, problem{code: CodeType}))
	}
	return out
}

// numberProblem returns "" for a number literal the schema library can
// evaluate, CodeType for one that is not JSON, CodeRange for one too long,
// too large or with too long an exponent.
func numberProblem(s string) string {
	if len(s) > MaxNumberLength {
		return CodeRange
	}
	if !isJSONNumber(s) {
		return CodeType
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp := strings.TrimLeft(strings.TrimLeft(s[i+1:], "+-"), "0")
		if len(exp) > MaxNumberExponentDigits {
			return CodeRange
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err != nil || math.IsInf(f, 0) {
		return CodeRange
	}
	return ""
}

// isJSONNumber reports whether s is a number of RFC 8259, Section 6:
// -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == start {
			return false
		}
	}
	return i == len(s)
}

// checkIDRules applies the schema's x-cachet-id-consistency rules: the
// date of birth and sex encoded in a citizen identity number (GB
// 11643-1999: digits 7 to 14 are the date of birth; the sequence code's
// last digit, digit 17, is odd for a man and even for a woman) must agree
// with the claims stating them. A rule is skipped when one of its claims
// is absent or already wrong, or when the number is not a valid citizen
// identity number (a foreign spouse's passport number).
func (t *Type) checkIDRules(claims map[string]any, out []FieldError) []FieldError {
	if len(t.idChecks) == 0 {
		return out
	}
	flagged := map[string]bool{}
	for _, f := range out {
		flagged[f.Path] = true
	}
	usable := func(name string) (string, bool) {
		s, ok := claims[name].(string)
		return s, ok && !flagged[pointer([]string{name})]
	}
	for _, c := range t.idChecks {
		id, ok := usable(c.IDNumber)
		if !ok || ValidCitizenID(id) != nil {
			continue
		}
		if bd, ok := usable(c.BirthDate); ok && len(bd) == len(time.DateOnly) {
			if id[6:14] != bd[0:4]+bd[5:7]+bd[8:10] {
				out = append(out, t.fieldError([]string{c.IDNumber}, problem{code: CodeMismatch, other: []string{c.BirthDate}}))
			}
		}
		if sex, ok := usable(c.Sex); ok && (sex == sexMale || sex == sexFemale) {
			if isMale := (id[16]-'0')%2 == 1; isMale != (sex == sexMale) {
				out = append(out, t.fieldError([]string{c.IDNumber}, problem{code: CodeMismatch, other: []string{c.Sex}, sex: true}))
			}
		}
	}
	return out
}

// child returns loc with one more token, sharing nothing with loc.
func child(loc []string, tok string) []string {
	out := make([]string, len(loc), len(loc)+1)
	copy(out, loc)
	return append(out, tok)
}

// pointer writes loc as a JSON Pointer (RFC 6901, Section 3).
func pointer(loc []string) string {
	var b strings.Builder
	for _, tok := range loc {
		b.WriteByte('/')
		b.WriteString(strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1"))
	}
	return b.String()
}

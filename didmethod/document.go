package didmethod

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// JSON-LD contexts used by DID documents.
const (
	// ContextDIDv1 is the DID v1 context, first in every JSON-LD DID
	// document (DID Core §6.3.1).
	ContextDIDv1 = "https://www.w3.org/ns/did/v1"
	// ContextJWS2020 defines JsonWebKey2020 (did:jwk, did:key).
	ContextJWS2020 = "https://w3id.org/security/suites/jws-2020/v1"
	// ContextEd25519_2020 defines Ed25519VerificationKey2020.
	ContextEd25519_2020 = "https://w3id.org/security/suites/ed25519-2020/v1"
	// ContextMultikey defines Multikey (W3C Controlled Identifiers v1.0
	// §2.2.2).
	ContextMultikey = "https://w3id.org/security/multikey/v1"
)

// Verification method types this package reads keys from.
const (
	TypeJSONWebKey                 = "JsonWebKey"     // Controlled Identifiers v1.0 §2.2.3
	TypeJSONWebKey2020             = "JsonWebKey2020" // legacy name of JsonWebKey
	TypeMultikey                   = "Multikey"       // Controlled Identifiers v1.0 §2.2.2
	TypeEd25519VerificationKey2020 = "Ed25519VerificationKey2020"
)

// Relationship is a verification relationship (DID Core §5.3).
type Relationship string

// The verification relationships of DID Core §5.3.1-§5.3.5.
const (
	Authentication       Relationship = "authentication"
	AssertionMethod      Relationship = "assertionMethod"
	KeyAgreement         Relationship = "keyAgreement"
	CapabilityInvocation Relationship = "capabilityInvocation"
	CapabilityDelegation Relationship = "capabilityDelegation"
)

// Relationships lists the verification relationships in DID Core order.
func Relationships() []Relationship {
	return []Relationship{Authentication, AssertionMethod, KeyAgreement, CapabilityInvocation, CapabilityDelegation}
}

// Valid reports whether r is one of the relationships of DID Core §5.3.
func (r Relationship) Valid() bool {
	switch r {
	case Authentication, AssertionMethod, KeyAgreement, CapabilityInvocation, CapabilityDelegation:
		return true
	}
	return false
}

// Document is a DID document (DID Core §5) in its JSON or JSON-LD
// representation (DID Core §6.2, §6.3). Members DID Core does not define are
// ignored when parsing and not written back.
type Document struct {
	Context              Context              `json:"@context,omitempty"`
	ID                   string               `json:"id"`
	Controller           StringSet            `json:"controller,omitempty"`
	AlsoKnownAs          []string             `json:"alsoKnownAs,omitempty"`
	VerificationMethod   []VerificationMethod `json:"verificationMethod,omitempty"`
	Authentication       []MethodRef          `json:"authentication,omitempty"`
	AssertionMethod      []MethodRef          `json:"assertionMethod,omitempty"`
	KeyAgreement         []MethodRef          `json:"keyAgreement,omitempty"`
	CapabilityInvocation []MethodRef          `json:"capabilityInvocation,omitempty"`
	CapabilityDelegation []MethodRef          `json:"capabilityDelegation,omitempty"`
	Service              []Service            `json:"service,omitempty"`
}

// VerificationMethod is a verification method (DID Core §5.2). It carries
// its key in exactly one of PublicKeyJwk and PublicKeyMultibase.
type VerificationMethod struct {
	ID                 string          `json:"id"`
	Type               string          `json:"type"`
	Controller         string          `json:"controller"`
	PublicKeyJwk       json.RawMessage `json:"publicKeyJwk,omitempty"`
	PublicKeyMultibase string          `json:"publicKeyMultibase,omitempty"`
}

// MethodRef is one entry of a verification relationship (DID Core §5.3): a
// reference to a verification method (a DID URL, or a relative DID URL such
// as "#key-1"), or a verification method embedded in the relationship.
// Exactly one of Ref and Method is set.
type MethodRef struct {
	Ref    string
	Method *VerificationMethod
}

// Service is a service (DID Core §5.4).
type Service struct {
	ID              string          `json:"id"`
	Type            StringSet       `json:"type"`
	ServiceEndpoint ServiceEndpoint `json:"serviceEndpoint"`
}

// ServiceEndpoint is the value of serviceEndpoint (DID Core §5.4): a URI
// string, a map, or a set of URI strings and maps. Exactly one of URI, Map
// and Set is set; entries of Set have URI or Map set.
type ServiceEndpoint struct {
	URI string
	Map map[string]any
	Set []ServiceEndpoint
}

// StringSet is a string or a set of strings, as controller and a service's
// type are. It is written as a string when it has one entry.
type StringSet []string

// Context is the value of @context: a URI string, or an ordered set of URI
// strings and context maps (JSON-LD 1.1 §3.1). It is always written as an
// array.
type Context []any

// ParseDocument decodes a DID document from its JSON or JSON-LD
// representation and validates it (see Validate). Duplicate member names,
// invalid UTF-8 and input over the limits of limits.go are rejected.
func ParseDocument(data []byte) (*Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, docErr("", ErrDocumentTooLarge, fmt.Sprintf("larger than %d bytes", MaxDocumentSize))
	}
	if err := checkJSON(data); err != nil {
		return nil, err
	}
	var d Document
	if err := josejson.Unmarshal(data, &d); err != nil {
		return nil, docErr("", ErrMalformedDocument, err.Error())
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}

// checkJSON rejects invalid UTF-8 (RFC 8259 §8.1; the JSON decoder would
// silently replace it), duplicate member names at any depth and nesting
// deeper than MaxJSONDepth.
func checkJSON(data []byte) error {
	if err := strictjson.Check(data, MaxJSONDepth); err != nil {
		if errors.Is(err, strictjson.ErrTooDeep) {
			return docErr("", ErrDocumentTooLarge, err.Error())
		}
		return docErr("", ErrMalformedDocument, err.Error())
	}
	return nil
}

// MarshalJSON writes the document with members in DID Core order.
func (d *Document) MarshalJSON() ([]byte, error) {
	type plain Document
	return marshalNoEscape((*plain)(d))
}

// UnmarshalJSON decodes a document strictly; it does not validate it.
func (d *Document) UnmarshalJSON(b []byte) error {
	type plain Document
	var p plain
	if err := josejson.Unmarshal(b, &p); err != nil {
		return err
	}
	// An empty set is the same as an absent member, and is written as
	// absent; keep one form so that a document round-trips. (Empty
	// verification relationships stay: Validate rejects them.)
	if len(p.Context) == 0 {
		p.Context = nil
	}
	if len(p.Controller) == 0 {
		p.Controller = nil
	}
	if len(p.AlsoKnownAs) == 0 {
		p.AlsoKnownAs = nil
	}
	if len(p.VerificationMethod) == 0 {
		p.VerificationMethod = nil
	}
	if len(p.Service) == 0 {
		p.Service = nil
	}
	*d = Document(p)
	return nil
}

// UnmarshalJSON decodes a verification method; publicKeyJwk is checked to
// be a JSON object with unique member names and stored compacted.
func (m *VerificationMethod) UnmarshalJSON(b []byte) error {
	type plain VerificationMethod
	var p plain
	if err := josejson.Unmarshal(b, &p); err != nil {
		return err
	}
	if p.PublicKeyJwk != nil {
		var obj map[string]any
		if err := josejson.Unmarshal(p.PublicKeyJwk, &obj); err != nil {
			return fmt.Errorf("publicKeyJwk: %w", err)
		}
		if obj == nil {
			return fmt.Errorf("publicKeyJwk is not an object")
		}
		// Keep the JWK in one canonical encoding (members sorted, no HTML
		// escaping, numbers exact), so that a document re-encoded by any
		// JSON encoder (encoding/json escapes '&' as \u0026) parses back
		// to the same value.
		var canon any
		if err := decodeUseNumber(p.PublicKeyJwk, &canon); err != nil {
			return fmt.Errorf("publicKeyJwk: %w", err)
		}
		b, err := marshalNoEscape(canon)
		if err != nil {
			return fmt.Errorf("publicKeyJwk: %w", err)
		}
		p.PublicKeyJwk = b
	}
	*m = VerificationMethod(p)
	return nil
}

// MarshalJSON writes a reference as a string and an embedded method as an
// object.
func (r MethodRef) MarshalJSON() ([]byte, error) {
	if r.Method != nil {
		return marshalNoEscape(r.Method)
	}
	return marshalNoEscape(r.Ref)
}

// UnmarshalJSON reads a string reference or an embedded method object.
func (r *MethodRef) UnmarshalJSON(b []byte) error {
	switch firstByte(b) {
	case '"':
		var s string
		if err := josejson.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = MethodRef{Ref: s}
		return nil
	case '{':
		var m VerificationMethod
		if err := josejson.Unmarshal(b, &m); err != nil {
			return err
		}
		*r = MethodRef{Method: &m}
		return nil
	}
	return fmt.Errorf("verification relationship entry is neither a string nor an object")
}

// MarshalJSON writes one entry as a string, more as an array.
func (s StringSet) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return marshalNoEscape(s[0])
	}
	return marshalNoEscape([]string(s))
}

// UnmarshalJSON reads a string or an array of strings.
func (s *StringSet) UnmarshalJSON(b []byte) error {
	if firstByte(b) == '"' {
		var one string
		if err := josejson.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = StringSet{one}
		return nil
	}
	var many []string
	if err := josejson.Unmarshal(b, &many); err != nil {
		return err
	}
	if many == nil {
		return fmt.Errorf("expected a string or an array of strings")
	}
	*s = many
	return nil
}

// MarshalJSON writes the context as an array.
func (c Context) MarshalJSON() ([]byte, error) {
	return marshalNoEscape([]any(c))
}

// UnmarshalJSON reads a string, a map or an array of strings and maps.
func (c *Context) UnmarshalJSON(b []byte) error {
	var v any
	if err := decodeUseNumber(b, &v); err != nil {
		return err
	}
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	for _, it := range items {
		switch it.(type) {
		case string, map[string]any:
		default:
			return fmt.Errorf("@context entry is neither a string nor an object")
		}
	}
	*c = items
	return nil
}

// MarshalJSON writes the endpoint in the form it has.
func (e ServiceEndpoint) MarshalJSON() ([]byte, error) {
	switch {
	case e.Set != nil:
		return marshalNoEscape(e.Set)
	case e.Map != nil:
		return marshalNoEscape(e.Map)
	}
	return marshalNoEscape(e.URI)
}

// UnmarshalJSON reads a string, a map, or an array of strings and maps.
func (e *ServiceEndpoint) UnmarshalJSON(b []byte) error {
	var v any
	if err := decodeUseNumber(b, &v); err != nil {
		return err
	}
	out, err := endpointFrom(v, true)
	if err != nil {
		return err
	}
	*e = out
	return nil
}

func endpointFrom(v any, top bool) (ServiceEndpoint, error) {
	switch x := v.(type) {
	case string:
		return ServiceEndpoint{URI: x}, nil
	case map[string]any:
		return ServiceEndpoint{Map: x}, nil
	case []any:
		if top {
			set := make([]ServiceEndpoint, 0, len(x))
			for _, it := range x {
				e, err := endpointFrom(it, false)
				if err != nil {
					return ServiceEndpoint{}, err
				}
				set = append(set, e)
			}
			return ServiceEndpoint{Set: set}, nil
		}
	}
	return ServiceEndpoint{}, fmt.Errorf("serviceEndpoint must be a string, a map or a set of strings and maps")
}

// decodeUseNumber decodes strictly (duplicate member names rejected) and
// keeps numbers as json.Number so they are written back unchanged.
func decodeUseNumber(b []byte, v any) error {
	dec := josejson.NewDecoder(bytes.NewReader(b))
	dec.SetNumberType(josejson.UnmarshalJSONNumber)
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data")
	}
	if p, ok := v.(*any); ok {
		*p = stdNumbers(*p)
	}
	return nil
}

// stdNumbers replaces the JSON decoder's josejson.Number values with
// encoding/json's json.Number, which encoding/json writes back as numbers.
func stdNumbers(v any) any {
	switch x := v.(type) {
	case josejson.Number:
		return json.Number(x)
	case []any:
		for i := range x {
			x[i] = stdNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = stdNumbers(x[k])
		}
	}
	return v
}

// marshalNoEscape marshals v without HTML escaping (a DID document is not
// HTML) and without the encoder's trailing newline.
func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// Relationship returns the entries of verification relationship r.
func (d *Document) Relationship(r Relationship) []MethodRef {
	switch r {
	case Authentication:
		return d.Authentication
	case AssertionMethod:
		return d.AssertionMethod
	case KeyAgreement:
		return d.KeyAgreement
	case CapabilityInvocation:
		return d.CapabilityInvocation
	case CapabilityDelegation:
		return d.CapabilityDelegation
	}
	return nil
}

// AbsoluteID resolves a DID URL found in the document against the
// document's id: a relative DID URL "#fragment" becomes id + "#fragment"
// (DID Core §3.2.2, "Relative DID URLs": "the base URI ... is the DID that is
// the value of the id property"); other values are returned unchanged.
func (d *Document) AbsoluteID(ref string) string {
	if len(ref) > 0 && ref[0] == '#' {
		return d.ID + ref
	}
	return ref
}

package didmethod

import (
	"fmt"
	"strings"

	josejson "github.com/go-jose/go-jose/v4/json"
)

// jwkPrivateMembers returns the JWK parameters of the "Private" information
// class in the IANA "JSON Web Key Parameters" registry (RFC 7517 §8.1):
// "d", "p", "q", "dp", "dq", "qi", "oth" (RFC 7518 §6.2.2, §6.3.2), "k"
// (RFC 7518 §6.4.1), and "priv" (the AKP key type of the JOSE ML-DSA
// draft).
func jwkPrivateMembers() [9]string {
	return [...]string{"d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"}
}

// Validate checks the document against the requirements of DID Core v1.0
// §5 and §6.3.1, in spec order, and against the limits of limits.go. It
// returns a *DocumentError naming the member at fault and wrapping one
// sentinel per rule.
//
// Relative DID URLs of the form "#fragment" are accepted wherever DID Core
// asks for a DID URL, and are resolved against the document id (DID Core
// §3.2.2). Beyond DID Core, ids must be unique across verification methods
// and services alike, so that a DID URL dereferences to one resource.
func (d *Document) Validate() error {
	if err := d.checkLimits(); err != nil {
		return err
	}
	// DID Core §6.3.1 (JSON-LD production): the value of @context "MUST be
	// the string https://www.w3.org/ns/did/v1, or a list where the first
	// item is the string https://www.w3.org/ns/did/v1". A plain JSON
	// representation (§6.2) may omit @context.
	if len(d.Context) > 0 {
		if s, ok := d.Context[0].(string); !ok || s != ContextDIDv1 {
			return docErr("@context[0]", ErrContextInvalid, "")
		}
	}
	// DID Core §5.1.1: "The value of id MUST be a string that conforms to
	// the rules in 3.1 DID Syntax".
	if _, err := ParseDID(d.ID); err != nil {
		return docErr("id", ErrDocumentIDInvalid, err.Error())
	}
	// DID Core §5.1.2: "If present, the value MUST be a string or a set of
	// strings that conform to the rules in 3.1 DID Syntax."
	for i, c := range d.Controller {
		if _, err := ParseDID(c); err != nil {
			return docErr(fmt.Sprintf("controller[%d]", i), ErrControllerInvalid, err.Error())
		}
	}
	// DID Core §5.1.3: "If present, the value MUST be a set where each item
	// in the set is a URI conforming to [RFC3986]."
	for i, a := range d.AlsoKnownAs {
		if !isURI(a) {
			return docErr(fmt.Sprintf("alsoKnownAs[%d]", i), ErrAlsoKnownAsInvalid, "")
		}
	}
	ids := map[string]string{} // absolute id -> field that defined it
	// DID Core §5.2: "If present, the value MUST be a set of verification
	// methods".
	for i := range d.VerificationMethod {
		field := fmt.Sprintf("verificationMethod[%d]", i)
		if err := d.checkMethod(field, &d.VerificationMethod[i], ids); err != nil {
			return err
		}
	}
	// DID Core §5.3: each relationship, "If present, the associated value
	// MUST be a set of one or more verification methods. Each verification
	// method MAY be embedded or referenced."
	for _, r := range Relationships() {
		entries := d.Relationship(r)
		if entries != nil && len(entries) == 0 {
			return docErr(string(r), ErrRelationshipEmpty, "")
		}
		for i, e := range entries {
			field := fmt.Sprintf("%s[%d]", r, i)
			switch {
			case e.Method != nil && e.Ref == "":
				if err := d.checkMethod(field, e.Method, ids); err != nil {
					return err
				}
			case e.Method == nil:
				if _, err := ParseURL(d.AbsoluteID(e.Ref)); err != nil {
					return docErr(field, ErrReferenceInvalid, err.Error())
				}
			default:
				return docErr(field, ErrReferenceInvalid, "both a reference and an embedded method")
			}
		}
	}
	// DID Core §5.4: "Each service map MUST contain id, type, and
	// serviceEndpoint properties."
	for i := range d.Service {
		if err := d.checkService(fmt.Sprintf("service[%d]", i), &d.Service[i], ids); err != nil {
			return err
		}
	}
	return nil
}

func (d *Document) checkLimits() error {
	tooMany := func(field string, n, limit int) error {
		if n > limit {
			return docErr(field, ErrDocumentTooLarge, fmt.Sprintf("more than %d entries", limit))
		}
		return nil
	}
	if err := tooMany("@context", len(d.Context), MaxSetEntries); err != nil {
		return err
	}
	if err := tooMany("controller", len(d.Controller), MaxSetEntries); err != nil {
		return err
	}
	if err := tooMany("alsoKnownAs", len(d.AlsoKnownAs), MaxSetEntries); err != nil {
		return err
	}
	if err := tooMany("verificationMethod", len(d.VerificationMethod), MaxVerificationMethods); err != nil {
		return err
	}
	for _, r := range Relationships() {
		if err := tooMany(string(r), len(d.Relationship(r)), MaxVerificationMethods); err != nil {
			return err
		}
	}
	if err := tooMany("service", len(d.Service), MaxServices); err != nil {
		return err
	}
	for i, s := range d.Service {
		if err := tooMany(fmt.Sprintf("service[%d].type", i), len(s.Type), MaxSetEntries); err != nil {
			return err
		}
		if err := tooMany(fmt.Sprintf("service[%d].serviceEndpoint", i), len(s.ServiceEndpoint.Set), MaxSetEntries); err != nil {
			return err
		}
	}
	return nil
}

// checkMethod checks one verification method against DID Core §5.2 and
// §5.2.1, and records its id.
func (d *Document) checkMethod(field string, m *VerificationMethod, ids map[string]string) error {
	// DID Core §5.2: "The value of the id property for a verification
	// method MUST be a string that conforms to the rules in Section 3.2 DID
	// URL Syntax."
	id := d.AbsoluteID(m.ID)
	if _, err := ParseURL(id); err != nil {
		return docErr(field+".id", ErrMethodIDInvalid, err.Error())
	}
	if prev, ok := ids[id]; ok {
		return docErr(field+".id", ErrDuplicateID, "also at "+prev)
	}
	ids[id] = field
	// DID Core §5.2: "The value of the type property MUST be a string that
	// references exactly one verification method type."
	if m.Type == "" {
		return docErr(field+".type", ErrMethodTypeMissing, "")
	}
	// DID Core §5.2: "The value of the controller property MUST be a string
	// that conforms to the rules in 3.1 DID Syntax."
	if _, err := ParseDID(m.Controller); err != nil {
		return docErr(field+".controller", ErrMethodController, err.Error())
	}
	// DID Core §5.2.1: "A verification method MUST NOT contain multiple
	// verification material properties for the same material. For example,
	// expressing key material in a verification method using both
	// publicKeyJwk and publicKeyMultibase at the same time is prohibited."
	switch {
	case m.PublicKeyJwk != nil && m.PublicKeyMultibase != "":
		return docErr(field, ErrMultipleKeyMaterial, "")
	case m.PublicKeyJwk == nil && m.PublicKeyMultibase == "":
		return docErr(field, ErrNoKeyMaterial, "")
	case m.PublicKeyJwk != nil:
		return checkPublicJWK(field+".publicKeyJwk", m.PublicKeyJwk)
	}
	// DID Core §5.2.1 publicKeyMultibase: "the value MUST be a string
	// representation of a [MULTIBASE] encoded public key." Multikey
	// (Controlled Identifiers v1.0 §2.2.2) uses base58-btc ("z") and
	// base64url-no-pad ("u").
	if !isMultibase(m.PublicKeyMultibase) {
		return docErr(field+".publicKeyMultibase", ErrMultibaseInvalid, "")
	}
	return nil
}

// checkPublicJWK enforces DID Core §5.2.1 publicKeyJwk: "the value MUST be
// a map representing a JSON Web Key that conforms to [RFC7517]. The map
// MUST NOT contain "d", or any other members of the private information
// class as described in Registration Template."
func checkPublicJWK(field string, raw []byte) error {
	var jwk map[string]any
	if err := josejson.Unmarshal(raw, &jwk); err != nil || jwk == nil {
		return docErr(field, ErrJWKInvalid, "not a json object")
	}
	// RFC 7517 §4.1: "The "kty" (key type) parameter ... MUST be present in
	// a JWK."
	if kty, _ := jwk["kty"].(string); kty == "" {
		return docErr(field, ErrJWKInvalid, "no \"kty\"")
	}
	for _, name := range jwkPrivateMembers() {
		if _, ok := jwk[name]; ok {
			return docErr(field, ErrPrivateKeyMaterial, fmt.Sprintf("member %q", name))
		}
	}
	return nil
}

// checkService checks one service against DID Core §5.4.
func (d *Document) checkService(field string, s *Service, ids map[string]string) error {
	// DID Core §5.4: "The value of the id property MUST be a URI conforming
	// to [RFC3986]. ... A conforming consumer MUST produce an error if it
	// detects multiple service entries with the same id."
	id := d.AbsoluteID(s.ID)
	if !isURI(id) {
		return docErr(field+".id", ErrServiceIDInvalid, "")
	}
	if prev, ok := ids[id]; ok {
		return docErr(field+".id", ErrDuplicateID, "also at "+prev)
	}
	ids[id] = field
	// DID Core §5.4: "The value of the type property MUST be a string or a
	// set of strings."
	if len(s.Type) == 0 {
		return docErr(field+".type", ErrServiceTypeInvalid, "")
	}
	for _, t := range s.Type {
		if t == "" {
			return docErr(field+".type", ErrServiceTypeInvalid, "empty type")
		}
	}
	// DID Core §5.4: "The value of the serviceEndpoint property MUST be a
	// string, a map, or a set composed of one or more strings and/or maps.
	// All string values MUST be valid URIs conforming to [RFC3986]".
	e := s.ServiceEndpoint
	switch {
	case e.Set != nil:
		if len(e.Set) == 0 {
			return docErr(field+".serviceEndpoint", ErrServiceEndpoint, "empty set")
		}
		for i, it := range e.Set {
			if it.Map == nil && !isURI(it.URI) {
				return docErr(fmt.Sprintf("%s.serviceEndpoint[%d]", field, i), ErrServiceEndpoint, "")
			}
		}
	case e.Map != nil:
	default:
		if !isURI(e.URI) {
			return docErr(field+".serviceEndpoint", ErrServiceEndpoint, "")
		}
	}
	return nil
}

// isMultibase reports whether s is a base58-btc ("z") or base64url ("u")
// multibase string.
func isMultibase(s string) bool {
	if len(s) < 2 {
		return false
	}
	var alphabet string
	switch s[0] {
	case 'z':
		alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	case 'u':
		alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	default:
		return false
	}
	for i := 1; i < len(s); i++ {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

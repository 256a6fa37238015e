package ledger

import (
	"crypto/sha256"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/cachet-district/cachet/keys"
	"github.com/mr-tron/base58"
)

// MethodPrefix starts every DID this ledger registers.
const MethodPrefix = "did:cachet:"

// didSuffixBytes is how many bytes of the SHA-256 of the did.create payload
// make the method-specific id (160 bits: collision search costs 2^80).
const didSuffixBytes = 20

// Verification method types a document may use (W3C Controlled Identifiers
// v1.0 §2.2.2 JsonWebKey, §2.2.3 Multikey).
const (
	TypeJsonWebKey = "JsonWebKey"
	TypeMultikey   = "Multikey"
)

// Document is the ledger's compact DID document (W3C DID Core §5): the DID
// subject is implied (the DID being created or updated), so every id is a
// fragment ("#key-1") relative to it, relationships reference verification
// methods by id and never embed them, and the controller is the DID itself.
// The resolver of didmethod/cachet expands it to a full DID Core document.
type Document struct {
	VerificationMethod   []VerificationMethod `json:"verificationMethod"`
	Authentication       []string             `json:"authentication,omitempty"`
	AssertionMethod      []string             `json:"assertionMethod,omitempty"`
	KeyAgreement         []string             `json:"keyAgreement,omitempty"`
	CapabilityInvocation []string             `json:"capabilityInvocation"`
	CapabilityDelegation []string             `json:"capabilityDelegation,omitempty"`
	Service              []Service            `json:"service,omitempty"`
}

// VerificationMethod is a public key in a Document (DID Core §5.2), either a
// JsonWebKey with PublicKeyJwk or a Multikey with PublicKeyMultibase.
type VerificationMethod struct {
	ID                 string    `json:"id"`
	Type               string    `json:"type"`
	PublicKeyJwk       *keys.JWK `json:"publicKeyJwk,omitempty"`
	PublicKeyMultibase string    `json:"publicKeyMultibase,omitempty"`
}

// Service is a service endpoint of a Document (DID Core §5.4).
type Service struct {
	ID              string `json:"id"`
	Type            string `json:"type"`
	ServiceEndpoint string `json:"serviceEndpoint"`
}

// DIDFromCreatePayload returns the self-certifying DID a did.create payload
// registers: MethodPrefix followed by the base58btc encoding (no multibase
// prefix) of the first 20 bytes of SHA-256 over the payload bytes.
func DIDFromCreatePayload(payload []byte) string {
	sum := sha256.Sum256(payload)
	return MethodPrefix + base58.Encode(sum[:didSuffixBytes])
}

// validDID reports whether s has the form DIDFromCreatePayload produces.
func validDID(s string) bool {
	id, ok := strings.CutPrefix(s, MethodPrefix)
	if !ok || len(id) == 0 || len(id) > 32 {
		return false
	}
	b, err := base58.Decode(id)
	return err == nil && len(b) == didSuffixBytes && base58.Encode(b) == id
}

// validFragment reports whether s is "#" followed by 1 to MaxIDLength-1
// characters of [A-Za-z0-9._-].
func validFragment(s string) bool {
	if len(s) < 2 || len(s) > MaxIDLength || s[0] != '#' {
		return false
	}
	return validIDChars(s[1:])
}

func validIDChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return len(s) > 0
}

// validText reports whether s is non-empty, at most max bytes and free of
// control characters.
func validText(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// PublicKey returns the key of a verification method.
func (vm *VerificationMethod) PublicKey() (*keys.PublicKey, error) {
	switch vm.Type {
	case TypeJsonWebKey:
		if vm.PublicKeyJwk == nil || vm.PublicKeyMultibase != "" {
			return nil, errf(ErrInvalidDocument, "%s: JsonWebKey needs publicKeyJwk only", vm.ID)
		}
		raw, err := json.Marshal(vm.PublicKeyJwk)
		if err != nil {
			return nil, errf(ErrInvalidDocument, "%s: %v", vm.ID, err)
		}
		k, err := keys.ParseJWK(raw)
		if err != nil {
			return nil, errf(ErrInvalidDocument, "%s: %v", vm.ID, err)
		}
		return k, nil
	case TypeMultikey:
		if vm.PublicKeyJwk != nil || vm.PublicKeyMultibase == "" {
			return nil, errf(ErrInvalidDocument, "%s: Multikey needs publicKeyMultibase only", vm.ID)
		}
		k, err := keys.ParseMultibase(vm.PublicKeyMultibase)
		if err != nil {
			return nil, errf(ErrInvalidDocument, "%s: %v", vm.ID, err)
		}
		return k, nil
	}
	return nil, errf(ErrInvalidDocument, "%s: unsupported verification method type %q", vm.ID, vm.Type)
}

// Validate checks the document's rules: DID Core §5.1.1 (ids unique within
// the document), §5.2 (each verification method has an id, a type and key
// material the ledger can parse), §5.3 (each relationship references a
// method of this document, at most once), §5.4 (services have an id, a type
// and an endpoint), the limits of limits.go, and the ledger's own rule that a
// document always lists at least one capabilityInvocation key, so that no
// update can lock a DID out of its own future updates.
func (d *Document) Validate() error {
	if len(d.VerificationMethod) == 0 {
		return errf(ErrInvalidDocument, "no verification method")
	}
	if len(d.VerificationMethod) > MaxVerificationMethods {
		return errf(ErrInvalidDocument, "%d verification methods, limit %d", len(d.VerificationMethod), MaxVerificationMethods)
	}
	if len(d.Service) > MaxServices {
		return errf(ErrInvalidDocument, "%d services, limit %d", len(d.Service), MaxServices)
	}
	ids := make(map[string]bool, len(d.VerificationMethod)+len(d.Service))
	var pubs []*keys.PublicKey
	for i := range d.VerificationMethod {
		vm := &d.VerificationMethod[i]
		if !validFragment(vm.ID) {
			return errf(ErrInvalidDocument, "verification method id %q is not a fragment \"#[A-Za-z0-9._-]+\"", vm.ID)
		}
		if ids[vm.ID] {
			return errf(ErrInvalidDocument, "duplicate id %q", vm.ID)
		}
		ids[vm.ID] = true
		k, err := vm.PublicKey()
		if err != nil {
			return err
		}
		for _, p := range pubs {
			if p.Equal(k) {
				return errf(ErrInvalidDocument, "%s: the same key is listed twice", vm.ID)
			}
		}
		pubs = append(pubs, k)
	}
	for i := range d.Service {
		s := &d.Service[i]
		if !validFragment(s.ID) {
			return errf(ErrInvalidDocument, "service id %q is not a fragment", s.ID)
		}
		if ids[s.ID] {
			return errf(ErrInvalidDocument, "duplicate id %q", s.ID)
		}
		ids[s.ID] = true
		if !validText(s.Type, MaxStringLength) || !validText(s.ServiceEndpoint, MaxStringLength) {
			return errf(ErrInvalidDocument, "service %s: type and serviceEndpoint must be non-empty text of at most %d bytes", s.ID, MaxStringLength)
		}
		// DID Core §5.4: "The value of the serviceEndpoint property MUST be
		// a string, a map, or a set"; a string "MUST be a valid URI
		// conforming to [RFC3986]". Cachet stores one absolute URI.
		if u, err := url.Parse(s.ServiceEndpoint); err != nil || u.Scheme == "" || strings.ContainsAny(s.ServiceEndpoint, " \t") {
			return errf(ErrInvalidDocument, "service %s: serviceEndpoint must be an absolute URI", s.ID)
		}
	}
	rels := []struct {
		name string
		refs []string
	}{
		{"authentication", d.Authentication},
		{"assertionMethod", d.AssertionMethod},
		{"keyAgreement", d.KeyAgreement},
		{"capabilityInvocation", d.CapabilityInvocation},
		{"capabilityDelegation", d.CapabilityDelegation},
	}
	for _, rel := range rels {
		if len(rel.refs) > MaxRelationshipSize {
			return errf(ErrInvalidDocument, "%s: %d references, limit %d", rel.name, len(rel.refs), MaxRelationshipSize)
		}
		seen := make(map[string]bool, len(rel.refs))
		for _, ref := range rel.refs {
			if seen[ref] {
				return errf(ErrInvalidDocument, "%s lists %q twice", rel.name, ref)
			}
			seen[ref] = true
			if d.method(ref) == nil {
				return errf(ErrInvalidDocument, "%s references %q, not a verification method of this document", rel.name, ref)
			}
		}
	}
	if len(d.CapabilityInvocation) == 0 {
		return errf(ErrInvalidDocument, "no capabilityInvocation key: the DID could never be updated")
	}
	return nil
}

// method returns the verification method with the fragment id, or nil.
func (d *Document) method(id string) *VerificationMethod {
	for i := range d.VerificationMethod {
		if d.VerificationMethod[i].ID == id {
			return &d.VerificationMethod[i]
		}
	}
	return nil
}

// keyFor returns the key of the verification method id if it is listed in
// one of the relationships.
func (d *Document) keyFor(id string, rels ...[]string) (*keys.PublicKey, bool) {
	for _, rel := range rels {
		for _, ref := range rel {
			if ref == id {
				vm := d.method(id)
				if vm == nil {
					return nil, false
				}
				k, err := vm.PublicKey()
				return k, err == nil
			}
		}
	}
	return nil, false
}

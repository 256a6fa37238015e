package sdjwt

import (
	"errors"
	"fmt"
)

// Disclosure is one Disclosure (RFC 9901 §4.2): the base64url encoding of a
// JSON array [salt, claim name, claim value] for an object property
// (§4.2.1) or [salt, value] for an array element (§4.2.2). The encoded form
// is kept as received: the digest is taken over it (§4.2.3), never over a
// re-encoding.
type Disclosure struct {
	encoded string
	salt    string
	name    string
	hasName bool
	value   any
}

// ParseDisclosure decodes a Disclosure and checks its form: base64url, a
// JSON array of two or three elements with unique member names in any
// object, a string salt and, for three elements, a string claim name.
// Whether the form fits the position of its digest, and whether the name is
// allowed, is checked by Verify (RFC 9901 §7.1 step 3.3).
func ParseDisclosure(encoded string) (*Disclosure, error) {
	if len(encoded) > MaxDisclosureSize {
		return nil, fmt.Errorf("%w: disclosure longer than %d bytes", ErrLimit, MaxDisclosureSize)
	}
	if encoded == "" || !isB64URL(encoded) {
		return nil, fmt.Errorf("%w: not base64url", ErrMalformedDisclosure)
	}
	raw, err := b64.DecodeString(encoded)
	if err != nil {
		return nil, fmt.Errorf("%w: not base64url: %v", ErrMalformedDisclosure, err)
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, wrapDecode(ErrMalformedDisclosure, "", err)
	}
	arr, ok := v.([]any)
	// RFC 9901 §4.2.1: "Create a JSON array of three elements"; §4.2.2: "The
	// array MUST contain two elements".
	if !ok || (len(arr) != 2 && len(arr) != 3) {
		return nil, fmt.Errorf("%w: not a json array of two or three elements", ErrMalformedDisclosure)
	}
	// §4.2.1: the salt "MUST be a string".
	salt, ok := arr[0].(string)
	if !ok {
		return nil, fmt.Errorf("%w: salt is not a string", ErrMalformedDisclosure)
	}
	d := &Disclosure{encoded: encoded, salt: salt, value: arr[len(arr)-1]}
	if len(arr) == 3 {
		// §4.2.1: the claim name "MUST be a string".
		if d.name, ok = arr[1].(string); !ok {
			return nil, fmt.Errorf("%w: claim name is not a string", ErrMalformedDisclosure)
		}
		d.hasName = true
	}
	return d, nil
}

// newDisclosure creates and encodes a Disclosure (RFC 9901 §4.2.1, §4.2.2).
func newDisclosure(salt string, name string, hasName bool, value any) (*Disclosure, error) {
	arr := []any{salt, value}
	if hasName {
		arr = []any{salt, name, value}
	}
	raw, err := marshalJSON(arr)
	if err != nil {
		return nil, fmt.Errorf("sdjwt: encode disclosure: %w", err)
	}
	return &Disclosure{encoded: b64.EncodeToString(raw), salt: salt, name: name, hasName: hasName, value: value}, nil
}

// String returns the Disclosure as serialized: the base64url string.
func (d *Disclosure) String() string { return d.encoded }

// Salt returns the salt.
func (d *Disclosure) Salt() string { return d.salt }

// Name returns the claim name, and false for an array element Disclosure.
func (d *Disclosure) Name() (string, bool) { return d.name, d.hasName }

// Value returns the decoded claim value (numbers as encoding/json.Number).
// It is shared: callers must not modify it. Digests nested in it are not
// resolved; Verify builds the resolved payload.
func (d *Disclosure) Value() any { return d.value }

// Digest returns the base64url digest of the Disclosure with the named hash
// algorithm (RFC 9901 §4.2.3): taken over the US-ASCII bytes of the
// base64url string, not over the bytes it encodes.
func (d *Disclosure) Digest(hashAlg string) (string, error) {
	if !supportedHash(hashAlg) {
		return "", fmt.Errorf("%w: %q", ErrUnsupportedHashAlg, hashAlg)
	}
	return digest(hashAlg, d.encoded), nil
}

// wrapDecode reports a JSON decoding failure as sentinel, except a limit,
// which stays ErrLimit.
func wrapDecode(sentinel error, context string, err error) error {
	if errors.Is(err, ErrLimit) {
		return err
	}
	if context != "" {
		return fmt.Errorf("%w: %s: %v", sentinel, context, err)
	}
	return fmt.Errorf("%w: %v", sentinel, err)
}

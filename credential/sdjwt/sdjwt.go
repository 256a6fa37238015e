package sdjwt

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// SDJWT is a parsed SD-JWT or SD-JWT+KB in the compact serialization
// (RFC 9901 §4): an Issuer-signed JWT, zero or more Disclosures and an
// optional Key Binding JWT. Nothing in it is verified until one of the
// Verify methods says so. It is immutable and safe for concurrent use.
type SDJWT struct {
	sdPart      string // "<Issuer-signed JWT>~<D1>~...~<Dn>~", the sd_hash input (§4.3.1)
	jwt         string // the Issuer-signed JWT
	token       *jws.Token
	payload     map[string]any // decoded, unverified, never modified
	disclosures []*Disclosure
	kbJWT       string // "" for an SD-JWT without Key Binding
	kb          *jws.Token
}

// Parse splits and decodes a compact SD-JWT or SD-JWT+KB without verifying
// anything (RFC 9901 §7.1 step 1, §7.3 step 3). It checks the structure of
// §4: an Issuer-signed JWT that is a compact JWS with a JSON object payload,
// a tilde, Disclosures each followed by a tilde, and either nothing (an
// SD-JWT) or a Key Binding JWT (an SD-JWT+KB). What Parse accepts,
// String reproduces byte for byte.
func Parse(serialized string) (*SDJWT, error) {
	if len(serialized) > MaxSerializedSize {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrLimit, MaxSerializedSize)
	}
	// §4 ABNF: every part is BASE64URL, joined by "." and "~". Checking the
	// alphabet first also rules out the line breaks Go's base64 decoder
	// would silently skip.
	for i := 0; i < len(serialized); i++ {
		if c := serialized[i]; !b64Char(c) && c != '.' && c != '~' {
			return nil, fmt.Errorf("%w: character %q at %d is not base64url, '.' or '~'", ErrMalformed, c, i)
		}
	}
	first := strings.IndexByte(serialized, '~')
	if first < 0 {
		return nil, fmt.Errorf("%w: no '~' after the issuer-signed jwt", ErrMalformed)
	}
	last := strings.LastIndexByte(serialized, '~')
	s := &SDJWT{
		sdPart: serialized[:last+1],
		jwt:    serialized[:first],
		kbJWT:  serialized[last+1:],
	}
	var err error
	if s.token, err = parseJWS(s.jwt, ErrMalformed); err != nil {
		return nil, fmt.Errorf("issuer-signed jwt: %w", err)
	}
	if s.payload, err = decodeObject(s.token.Payload); err != nil {
		return nil, wrapDecode(ErrMalformed, "issuer-signed jwt payload", err)
	}
	if first != last {
		parts := strings.Split(serialized[first+1:last], "~")
		if len(parts) > MaxDisclosures {
			return nil, fmt.Errorf("%w: more than %d disclosures", ErrLimit, MaxDisclosures)
		}
		s.disclosures = make([]*Disclosure, len(parts))
		for i, p := range parts {
			// §4 ABNF: DISCLOSURE = BASE64URL, at least one character.
			if p == "" {
				return nil, fmt.Errorf("%w: disclosure %d is empty", ErrMalformed, i)
			}
			if s.disclosures[i], err = ParseDisclosure(p); err != nil {
				return nil, fmt.Errorf("disclosure %d: %w", i, err)
			}
		}
	}
	if s.kbJWT != "" {
		if s.kb, err = parseJWS(s.kbJWT, ErrMalformedKeyBinding); err != nil {
			return nil, fmt.Errorf("key binding jwt: %w", err)
		}
	}
	return s, nil
}

// parseJWS parses a compact JWS, telling apart the "none" algorithm and
// algorithms jws does not implement (both only on the error path, so the
// header is decoded a second time only for a token that fails anyway).
func parseJWS(compact string, malformed error) (*jws.Token, error) {
	t, err := jws.Parse(compact)
	if err == nil {
		return t, nil
	}
	if errors.Is(err, jws.ErrMalformed) {
		if dot := strings.IndexByte(compact, '.'); dot > 0 {
			if raw, derr := b64.DecodeString(compact[:dot]); derr == nil {
				if h, derr := decodeObject(raw); derr == nil {
					if alg, _ := h["alg"].(string); alg != "" {
						if strings.EqualFold(alg, "none") {
							return nil, ErrNoneAlgorithm
						}
						if !keys.Algorithm(alg).Supported() {
							return nil, fmt.Errorf("%w: %q", ErrAlgorithmNotAllowed, alg)
						}
					}
				}
			}
		}
	}
	return nil, fmt.Errorf("%w: %v", malformed, err)
}

// String returns the compact serialization: exactly the string Parse read,
// or what Issue, Select and Present built.
func (s *SDJWT) String() string { return s.sdPart + s.kbJWT }

// SDJWT returns the serialization without the Key Binding JWT, ending in
// '~': the input of sd_hash (RFC 9901 §4.3.1).
func (s *SDJWT) SDJWT() string { return s.sdPart }

// IssuerJWT returns the Issuer-signed JWT in compact form.
func (s *SDJWT) IssuerJWT() string { return s.jwt }

// Header returns the unverified protected header of the Issuer-signed JWT,
// for finding the issuer key (kid).
func (s *SDJWT) Header() jws.Header { return s.token.Header }

// UnverifiedPayload returns the decoded payload of the Issuer-signed JWT as
// signed: digests not resolved, nothing verified. It is meant for finding
// the issuer (iss) before verification and must not be modified.
func (s *SDJWT) UnverifiedPayload() map[string]any { return s.payload }

// Disclosures returns the Disclosures in serialization order.
func (s *SDJWT) Disclosures() []*Disclosure {
	return append([]*Disclosure(nil), s.disclosures...)
}

// KeyBindingJWT returns the Key Binding JWT, or "" for an SD-JWT.
func (s *SDJWT) KeyBindingJWT() string { return s.kbJWT }

// HasKeyBinding reports whether s is an SD-JWT+KB.
func (s *SDJWT) HasKeyBinding() bool { return s.kbJWT != "" }

// hashAlg returns the _sd_alg of the payload (RFC 9901 §4.1.1: "If the
// _sd_alg claim is not present at the top level, a default value of sha-256
// MUST be used") and whether it is a supported string.
func (s *SDJWT) hashAlg() (string, error) {
	v, ok := s.payload["_sd_alg"]
	if !ok {
		return SHA256, nil
	}
	name, ok := v.(string)
	if !ok || !supportedHash(name) {
		return "", fmt.Errorf("%w: %v", ErrUnsupportedHashAlg, v)
	}
	return name, nil
}

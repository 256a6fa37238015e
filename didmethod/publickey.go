package didmethod

import (
	"fmt"

	josejson "github.com/go-jose/go-jose/v4/json"
	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/keys"
)

// PublicKey returns the verification method's public key. It reads
//
//   - JsonWebKey (W3C Controlled Identifiers v1.0 §2.2.3) and its legacy name
//     JsonWebKey2020: an Ed25519 (RFC 8037 §2) or P-256 (RFC 7518 §6.2.1)
//     key in publicKeyJwk;
//   - Multikey (Controlled Identifiers v1.0 §2.2.2): an ed25519-pub or
//     p256-pub (compressed) multicodec key in base58-btc publicKeyMultibase;
//   - Ed25519VerificationKey2020 (Ed25519 Signature 2020 §2.3.1): an
//     ed25519-pub multicodec key in publicKeyMultibase.
//
// Errors wrap ErrUnsupportedPublicKeyType (another type or key type),
// ErrInvalidPublicKeyType (the material does not fit the type) or
// ErrInvalidPublicKey (the key does not decode).
func (m *VerificationMethod) PublicKey() (*keys.PublicKey, error) {
	switch m.Type {
	case TypeJSONWebKey, TypeJSONWebKey2020:
		if m.PublicKeyJwk == nil || m.PublicKeyMultibase != "" {
			return nil, fmt.Errorf("%w: %s keeps its key in publicKeyJwk only", ErrInvalidPublicKeyType, m.Type)
		}
		return publicKeyFromJWK(m.PublicKeyJwk)
	case TypeMultikey, TypeEd25519VerificationKey2020:
		if m.PublicKeyMultibase == "" || m.PublicKeyJwk != nil {
			return nil, fmt.Errorf("%w: %s keeps its key in publicKeyMultibase only", ErrInvalidPublicKeyType, m.Type)
		}
		codec, err := multicodecOf(m.PublicKeyMultibase)
		if err != nil {
			return nil, err
		}
		switch {
		case codec == codecEd25519:
		case codec == codecP256 && m.Type == TypeMultikey:
		case codec == codecP256:
			return nil, fmt.Errorf("%w: %s holds an Ed25519 key, not P-256", ErrInvalidPublicKeyType, m.Type)
		default:
			return nil, fmt.Errorf("%w: multicodec 0x%x", ErrUnsupportedPublicKeyType, codec)
		}
		pub, err := keys.ParseMultibase(m.PublicKeyMultibase)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidPublicKey, err)
		}
		return pub, nil
	}
	return nil, fmt.Errorf("%w: verification method type %q", ErrUnsupportedPublicKeyType, m.Type)
}

// Multicodec codes of the public keys Cachet reads (the multicodec table;
// did:key v0.7 §"Signature Method Creation Algorithm").
const (
	codecEd25519 = 0xed
	codecP256    = 0x1200
)

// multicodecOf decodes the base58-btc multibase string s and returns the
// multicodec code of its unsigned-varint header.
func multicodecOf(s string) (uint64, error) {
	if len(s) > keys.MaxMultibaseSize || len(s) < 2 || s[0] != 'z' {
		return 0, fmt.Errorf("%w: not a base58-btc multikey", ErrInvalidPublicKey)
	}
	b, err := base58.Decode(s[1:])
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrInvalidPublicKey, err)
	}
	code, _, ok := uvarint(b)
	if !ok {
		return 0, fmt.Errorf("%w: bad multicodec header", ErrInvalidPublicKey)
	}
	return code, nil
}

// uvarint decodes the unsigned varint of the multiformats spec (at most 9
// bytes, minimally encoded) at the start of b. It returns the value and the
// number of bytes read.
func uvarint(b []byte) (uint64, int, bool) {
	var v uint64
	for i := 0; i < len(b) && i < 9; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			// Minimal encoding: no trailing zero byte after the first.
			if i > 0 && b[i] == 0 {
				return 0, 0, false
			}
			return v, i + 1, true
		}
	}
	return 0, 0, false
}

// publicKeyFromJWK reads an Ed25519 or P-256 public JWK.
func publicKeyFromJWK(raw []byte) (*keys.PublicKey, error) {
	if err := checkPublicJWK("publicKeyJwk", raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPublicKey, err)
	}
	var head struct {
		Kty string `json:"kty"`
		Crv string `json:"crv"`
	}
	if err := josejson.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPublicKey, err)
	}
	if !(head.Kty == "OKP" && head.Crv == "Ed25519") && !(head.Kty == "EC" && head.Crv == "P-256") {
		return nil, fmt.Errorf("%w: jwk kty %q crv %q", ErrUnsupportedPublicKeyType, head.Kty, head.Crv)
	}
	pub, err := keys.ParseJWK(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPublicKey, err)
	}
	return pub, nil
}

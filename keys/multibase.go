package keys

import (
	"errors"
	"fmt"

	"github.com/mr-tron/base58"
)

// ErrInvalidMultibase is wrapped by every multibase key parse failure.
var ErrInvalidMultibase = errors.New("keys: invalid multibase key")

// Multicodec prefixes (the unsigned-varint encoding of the code from the
// multicodec table) used by did:key v0.7 §3.1.2.
var (
	multicodecEd25519 = []byte{0xed, 0x01} // ed25519-pub, 0xed
	multicodecP256    = []byte{0x80, 0x24} // p256-pub, 0x1200
)

// Multibase returns the public key as did:key encodes it (did:key v0.7
// §3.1.2): the multibase base58btc prefix "z" followed by the base58btc
// encoding of the multicodec prefix and the raw public key (the 32-byte
// Ed25519 key, or the 33-byte compressed P-256 point).
func (k *PublicKey) Multibase() string {
	var prefix []byte
	if k.alg == EdDSA {
		prefix = multicodecEd25519
	} else {
		prefix = multicodecP256
	}
	return "z" + base58.Encode(append(append([]byte(nil), prefix...), k.Raw()...))
}

// ParseMultibase parses a multibase base58btc multicodec public key of the
// form Multibase produces.
func ParseMultibase(s string) (*PublicKey, error) {
	if len(s) > MaxMultibaseSize {
		return nil, fmt.Errorf("%w: longer than %d characters", ErrInvalidMultibase, MaxMultibaseSize)
	}
	// The multibase header "z" names base58btc, the only encoding did:key
	// allows for public keys.
	if len(s) < 2 || s[0] != 'z' {
		return nil, fmt.Errorf("%w: not base58btc (multibase prefix \"z\")", ErrInvalidMultibase)
	}
	b, err := base58.Decode(s[1:])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidMultibase, err)
	}
	if len(b) < 2 {
		return nil, fmt.Errorf("%w: too short", ErrInvalidMultibase)
	}
	switch {
	case b[0] == multicodecEd25519[0] && b[1] == multicodecEd25519[1]:
		pub, err := NewEd25519Public(b[2:])
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidMultibase, err)
		}
		return pub, nil
	case b[0] == multicodecP256[0] && b[1] == multicodecP256[1]:
		// did:key v0.7 §3.1.2: P-256 keys are encoded compressed.
		if len(b) != 2+33 {
			return nil, fmt.Errorf("%w: p-256 key must be a 33-byte compressed point", ErrInvalidMultibase)
		}
		ec, err := p256FromCompressed(b[2:])
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidMultibase, err)
		}
		return &PublicKey{alg: ES256, ec: ec}, nil
	}
	return nil, fmt.Errorf("%w: unsupported multicodec 0x%02x%02x", ErrInvalidMultibase, b[0], b[1])
}

package keys

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
)

// Errors returned by key operations.
var (
	ErrUnsupportedAlgorithm = errors.New("keys: unsupported algorithm")
	ErrInvalidSignature     = errors.New("keys: invalid signature")
	ErrAlgorithmMismatch    = errors.New("keys: algorithm does not match the key")
)

// es256SigSize is the size of an ES256 JWS signature: R and S as 32-byte
// big-endian integers, concatenated (RFC 7518 §3.4).
const es256SigSize = 64

// Signer signs bytes with a private key it may never reveal. Sign returns the
// signature in its JWS encoding (RFC 7518 §3.4 for ES256: R||S; RFC 8037 §3.1
// for EdDSA: the 64-byte Ed25519 signature).
type Signer interface {
	Algorithm() Algorithm
	Public() *PublicKey
	Sign(data []byte) ([]byte, error)
}

// PublicKey is an Ed25519 or P-256 public key. The zero value is not usable;
// obtain one from Generate, ParseJWK or ParseMultibase.
type PublicKey struct {
	alg Algorithm
	ed  ed25519.PublicKey
	ec  *ecdsa.PublicKey
}

// PrivateKey is an Ed25519 or P-256 private key. It implements Signer. Its
// private material never prints: String, GoString and LogValue give
// "[redacted]".
type PrivateKey struct {
	pub *PublicKey
	ed  ed25519.PrivateKey
	ec  *ecdsa.PrivateKey
}

var (
	_ Signer         = (*PrivateKey)(nil)
	_ slog.LogValuer = (*PrivateKey)(nil)
	_ fmt.Stringer   = (*PrivateKey)(nil)
)

// Generate creates a new private key for alg from crypto/rand.
func Generate(alg Algorithm) (*PrivateKey, error) {
	switch alg {
	case EdDSA:
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("keys: generate ed25519: %w", err)
		}
		return &PrivateKey{pub: &PublicKey{alg: EdDSA, ed: pub}, ed: priv}, nil
	case ES256:
		priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("keys: generate p-256: %w", err)
		}
		return &PrivateKey{pub: &PublicKey{alg: ES256, ec: &priv.PublicKey}, ec: priv}, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnsupportedAlgorithm, alg)
}

// NewEd25519 wraps an existing Ed25519 private key.
func NewEd25519(priv ed25519.PrivateKey) (*PrivateKey, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, errors.New("keys: ed25519 private key must be 64 bytes")
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &PrivateKey{pub: &PublicKey{alg: EdDSA, ed: pub}, ed: priv}, nil
}

// NewP256 wraps an existing P-256 private key.
func NewP256(priv *ecdsa.PrivateKey) (*PrivateKey, error) {
	if priv == nil || priv.Curve != elliptic.P256() {
		return nil, errors.New("keys: not a p-256 private key")
	}
	return &PrivateKey{pub: &PublicKey{alg: ES256, ec: &priv.PublicKey}, ec: priv}, nil
}

// NewEd25519Public wraps raw Ed25519 public key bytes.
func NewEd25519Public(b []byte) (*PublicKey, error) {
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("keys: ed25519 public key must be %d bytes, got %d", ed25519.PublicKeySize, len(b))
	}
	return &PublicKey{alg: EdDSA, ed: ed25519.PublicKey(append([]byte(nil), b...))}, nil
}

// NewP256Public wraps a P-256 public key after checking it is on the curve.
func NewP256Public(k *ecdsa.PublicKey) (*PublicKey, error) {
	if k == nil || k.Curve != elliptic.P256() {
		return nil, errors.New("keys: not a p-256 public key")
	}
	b, err := k.Bytes() // fails for a point not on the curve
	if err != nil {
		return nil, fmt.Errorf("keys: invalid p-256 public key: %w", err)
	}
	ec, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), b)
	if err != nil {
		return nil, fmt.Errorf("keys: invalid p-256 public key: %w", err)
	}
	return &PublicKey{alg: ES256, ec: ec}, nil
}

// Algorithm returns the JWS algorithm of the key.
func (k *PrivateKey) Algorithm() Algorithm { return k.pub.alg }

// Public returns the public half of the key.
func (k *PrivateKey) Public() *PublicKey { return k.pub }

// Sign signs data and returns the JWS-encoded signature.
func (k *PrivateKey) Sign(data []byte) ([]byte, error) {
	switch k.pub.alg {
	case EdDSA:
		return ed25519.Sign(k.ed, data), nil
	case ES256:
		h := sha256.Sum256(data)
		r, s, err := ecdsa.Sign(rand.Reader, k.ec, h[:])
		if err != nil {
			return nil, fmt.Errorf("keys: es256 sign: %w", err)
		}
		sig := make([]byte, es256SigSize)
		r.FillBytes(sig[:32])
		s.FillBytes(sig[32:])
		return sig, nil
	}
	return nil, ErrUnsupportedAlgorithm
}

// String hides the private material.
func (k *PrivateKey) String() string { return "[redacted]" }

// GoString hides the private material from %#v.
func (k *PrivateKey) GoString() string { return "[redacted]" }

// LogValue hides the private material from log/slog.
func (k *PrivateKey) LogValue() slog.Value { return slog.StringValue("[redacted]") }

// Algorithm returns the JWS algorithm this key verifies.
func (k *PublicKey) Algorithm() Algorithm { return k.alg }

// Verify checks a JWS-encoded signature over data. It never panics on
// malformed input: a signature of the wrong size is ErrInvalidSignature.
func (k *PublicKey) Verify(data, sig []byte) error {
	if k == nil {
		return ErrInvalidSignature
	}
	switch k.alg {
	case EdDSA:
		// ed25519.Verify panics on a public key of the wrong size; ours are
		// checked at construction, and the signature length here.
		if len(sig) != ed25519.SignatureSize || len(k.ed) != ed25519.PublicKeySize {
			return ErrInvalidSignature
		}
		if !ed25519.Verify(k.ed, data, sig) {
			return ErrInvalidSignature
		}
		return nil
	case ES256:
		// RFC 7518 §3.4: the signature is the 64-byte R||S; any other length
		// (for example a DER-encoded signature) is invalid.
		if len(sig) != es256SigSize {
			return ErrInvalidSignature
		}
		h := sha256.Sum256(data)
		r := new(big.Int).SetBytes(sig[:32])
		s := new(big.Int).SetBytes(sig[32:])
		if !ecdsa.Verify(k.ec, h[:], r, s) {
			return ErrInvalidSignature
		}
		return nil
	}
	return ErrUnsupportedAlgorithm
}

// VerifyAlg checks that alg is the key's algorithm, then verifies sig.
func (k *PublicKey) VerifyAlg(alg Algorithm, data, sig []byte) error {
	if k == nil || alg != k.alg {
		return ErrAlgorithmMismatch
	}
	return k.Verify(data, sig)
}

// Equal reports whether k and o are the same public key.
func (k *PublicKey) Equal(o *PublicKey) bool {
	if k == nil || o == nil || k.alg != o.alg {
		return false
	}
	switch k.alg {
	case EdDSA:
		return k.ed.Equal(o.ed)
	case ES256:
		return k.ec.Equal(o.ec)
	}
	return false
}

// CryptoPublicKey returns the standard library key (ed25519.PublicKey or
// *ecdsa.PublicKey), for libraries that take one.
func (k *PublicKey) CryptoPublicKey() any {
	if k.alg == EdDSA {
		return k.ed
	}
	return k.ec
}

// Raw returns the key's raw public bytes: the 32-byte Ed25519 key, or the
// 33-byte SEC 1 compressed P-256 point.
func (k *PublicKey) Raw() []byte {
	if k.alg == EdDSA {
		return append([]byte(nil), k.ed...)
	}
	// SEC 1 §2.3.3 compressed form: 0x02 or 0x03 (the parity of Y), then X.
	u := k.uncompressed()
	return append([]byte{2 | u[64]&1}, u[1:33]...)
}

// uncompressed returns the SEC 1 uncompressed P-256 point 0x04 || X || Y.
func (k *PublicKey) uncompressed() []byte {
	b, err := k.ec.Bytes()
	if err != nil {
		// Every P-256 key here was checked on the curve when constructed.
		panic("keys: invalid p-256 key escaped validation")
	}
	return b
}

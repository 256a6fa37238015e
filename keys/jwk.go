package keys

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// ErrInvalidJWK is wrapped by every JWK parse failure.
var ErrInvalidJWK = errors.New("keys: invalid jwk")

// b64 is unpadded base64url with strict trailing bits (RFC 7515 §2,
// "Base64url Encoding": no padding, no other characters).
var b64 = base64.RawURLEncoding.Strict()

// JWK is the public JSON Web Key form of a PublicKey, with members in the
// order RFC 7638 §3.2 uses for thumbprints.
type JWK struct {
	Crv string `json:"crv"`
	Kty string `json:"kty"`
	X   string `json:"x"`
	Y   string `json:"y,omitempty"`
}

// rawJWK is what ParseJWK reads. Members not understood are ignored, as
// RFC 7517 §4 requires.
type rawJWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	D   string `json:"d"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	// Members that carry private or symmetric material for other key types;
	// their presence in a key we expect to be public is an error.
	K  string `json:"k"`
	P  string `json:"p"`
	Q  string `json:"q"`
	DP string `json:"dp"`
	DQ string `json:"dq"`
	QI string `json:"qi"`
}

func jwkErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidJWK, fmt.Sprintf(format, a...))
}

// JWK returns the public key as a JWK (RFC 7517 §4, RFC 8037 §2 for OKP,
// RFC 7518 §6.2.1 for EC).
func (k *PublicKey) JWK() JWK {
	switch k.alg {
	case EdDSA:
		return JWK{Kty: "OKP", Crv: "Ed25519", X: b64.EncodeToString(k.ed)}
	default:
		u := k.uncompressed() // 0x04 || X || Y
		return JWK{Kty: "EC", Crv: "P-256", X: b64.EncodeToString(u[1:33]), Y: b64.EncodeToString(u[33:])}
	}
}

// MarshalJSON encodes the public key as a JWK.
func (k *PublicKey) MarshalJSON() ([]byte, error) {
	return josejson.Marshal(k.JWK())
}

// UnmarshalJSON decodes a public JWK; see ParseJWK.
func (k *PublicKey) UnmarshalJSON(data []byte) error {
	p, err := ParseJWK(data)
	if err != nil {
		return err
	}
	*k = *p
	return nil
}

// Thumbprint returns the RFC 7638 §3 JWK thumbprint of the key with SHA-256,
// base64url-encoded: the hash of the required members in lexicographic order
// with no white space.
func (k *PublicKey) Thumbprint() string {
	j := k.JWK()
	var in string
	// RFC 7638 §3.2: required members only, sorted, no white space. The
	// values are base64url strings and fixed names, so no escaping is needed.
	if j.Kty == "OKP" {
		in = `{"crv":"` + j.Crv + `","kty":"OKP","x":"` + j.X + `"}`
	} else {
		in = `{"crv":"` + j.Crv + `","kty":"EC","x":"` + j.X + `","y":"` + j.Y + `"}`
	}
	sum := sha256.Sum256([]byte(in))
	return b64.EncodeToString(sum[:])
}

// ParseJWK parses a public JWK for Ed25519 (kty OKP, crv Ed25519) or P-256
// (kty EC, crv P-256). A JWK carrying private material is rejected: a key
// that should be public (a cnf key, a DID document key) must never leak one.
// Duplicate member names are rejected.
func ParseJWK(data []byte) (*PublicKey, error) {
	r, err := decodeJWK(data)
	if err != nil {
		return nil, err
	}
	if r.D != "" || r.K != "" || r.P != "" || r.Q != "" || r.DP != "" || r.DQ != "" || r.QI != "" {
		return nil, jwkErr("public jwk contains private key material")
	}
	return r.public()
}

// ParsePrivateJWK parses a private JWK of the same two kinds. The public
// members must match the private key.
func ParsePrivateJWK(data []byte) (*PrivateKey, error) {
	r, err := decodeJWK(data)
	if err != nil {
		return nil, err
	}
	pub, err := r.public()
	if err != nil {
		return nil, err
	}
	d, err := b64.DecodeString(r.D)
	if err != nil || r.D == "" {
		return nil, jwkErr("missing or malformed \"d\"")
	}
	switch pub.alg {
	case EdDSA:
		// RFC 8037 §2: "d" is the 32-byte private key (the seed).
		if len(d) != ed25519.SeedSize {
			return nil, jwkErr("ed25519 \"d\" must be %d bytes", ed25519.SeedSize)
		}
		priv := ed25519.NewKeyFromSeed(d)
		if !pub.ed.Equal(priv.Public()) {
			return nil, jwkErr("\"x\" does not match \"d\"")
		}
		return &PrivateKey{pub: pub, ed: priv}, nil
	default:
		// RFC 7518 §6.2.2.1: "d" is the full coordinate size.
		if len(d) != 32 {
			return nil, jwkErr("p-256 \"d\" must be 32 bytes")
		}
		priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d)
		if err != nil {
			return nil, jwkErr("p-256 \"d\": %v", err)
		}
		if !priv.PublicKey.Equal(pub.ec) {
			return nil, jwkErr("\"x\"/\"y\" do not match \"d\"")
		}
		return &PrivateKey{pub: pub, ec: priv}, nil
	}
}

// MarshalPrivateJWK encodes the private key as a JWK. The result is secret.
func (k *PrivateKey) MarshalPrivateJWK() ([]byte, error) {
	j := k.pub.JWK()
	var d []byte
	switch k.pub.alg {
	case EdDSA:
		d = k.ed.Seed()
	case ES256:
		b, err := k.ec.Bytes()
		if err != nil {
			return nil, fmt.Errorf("keys: encode p-256 private key: %w", err)
		}
		d = b
	}
	return josejson.Marshal(struct {
		JWK
		D string `json:"d"`
	}{j, b64.EncodeToString(d)})
}

func decodeJWK(data []byte) (*rawJWK, error) {
	if len(data) > MaxJWKSize {
		return nil, jwkErr("larger than %d bytes", MaxJWKSize)
	}
	var r rawJWK
	// RFC 7517 §4: member names within a JWK MUST be unique; strictjson
	// rejects duplicates at any depth.
	if err := strictjson.Unmarshal(data, &r); err != nil {
		return nil, jwkErr("%v", err)
	}
	return &r, nil
}

func (r *rawJWK) public() (*PublicKey, error) {
	x, err := b64.DecodeString(r.X)
	if err != nil || r.X == "" {
		return nil, jwkErr("missing or malformed \"x\"")
	}
	switch {
	case r.Kty == "OKP" && r.Crv == "Ed25519":
		if r.Alg != "" && r.Alg != string(EdDSA) {
			return nil, jwkErr("\"alg\" %q does not fit an Ed25519 key", r.Alg)
		}
		if r.Y != "" {
			return nil, jwkErr("okp key has a \"y\" member")
		}
		if len(x) != ed25519.PublicKeySize {
			return nil, jwkErr("ed25519 \"x\" must be %d bytes", ed25519.PublicKeySize)
		}
		return &PublicKey{alg: EdDSA, ed: ed25519.PublicKey(x)}, nil
	case r.Kty == "EC" && r.Crv == "P-256":
		if r.Alg != "" && r.Alg != string(ES256) {
			return nil, jwkErr("\"alg\" %q does not fit a P-256 key", r.Alg)
		}
		y, err := b64.DecodeString(r.Y)
		if err != nil || r.Y == "" {
			return nil, jwkErr("missing or malformed \"y\"")
		}
		// RFC 7518 §6.2.1.2: the coordinates MUST be the full size of a
		// coordinate for the curve (32 bytes for P-256), not shortened.
		if len(x) != 32 || len(y) != 32 {
			return nil, jwkErr("p-256 coordinates must be 32 bytes")
		}
		raw := append(append([]byte{4}, x...), y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
		if err != nil {
			return nil, jwkErr("p-256 point is not on the curve")
		}
		return &PublicKey{alg: ES256, ec: pub}, nil
	case r.Kty == "":
		return nil, jwkErr("missing \"kty\"")
	}
	return nil, jwkErr("unsupported key type %q curve %q", r.Kty, r.Crv)
}

// p256FromCompressed decodes a SEC 1 §2.3.4 compressed P-256 point.
func p256FromCompressed(b []byte) (*ecdsa.PublicKey, error) {
	x, y := elliptic.UnmarshalCompressed(elliptic.P256(), b)
	if x == nil {
		return nil, errors.New("keys: invalid compressed p-256 point")
	}
	u := make([]byte, 65)
	u[0] = 4
	x.FillBytes(u[1:33])
	y.FillBytes(u[33:])
	return ecdsa.ParseUncompressedPublicKey(elliptic.P256(), u)
}

package sdjwt

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// VerifyOptions are the trust inputs of verification. There are no
// defaults for trust: IssuerKey, Algorithms and Now are required, and Key
// Binding is required unless SkipKeyBindingUnsafe is set.
type VerifyOptions struct {
	// IssuerKey verifies the Issuer-signed JWT. Resolving it for the issuer
	// (iss, kid) and checking it belongs to that issuer is the caller's part
	// of RFC 9901 §7.1 step 2.3.
	IssuerKey *keys.PublicKey
	// Algorithms the Issuer-signed JWT may be signed with (§7.1 step 2.1).
	Algorithms []keys.Algorithm
	// Now is the current time, for exp, nbf, iat and the Key Binding JWT.
	Now time.Time
	// Leeway is the clock skew tolerated in every time comparison.
	Leeway time.Duration
	// Issuer, when set, must equal the iss claim of the signed payload.
	Issuer string
	// Type, when set, is the typ the Issuer-signed JWT must have (RFC 9901
	// §9.11), compared as jws.TypIs does. VerifyVC requires dc+sd-jwt and
	// ignores Type.
	Type string
	// VCT, when set, is the vct VerifyVC and VerifyVCIssuance require.
	VCT string
	// HashAlgorithms are the _sd_alg values deemed secure (§7.1 step 2.4);
	// empty means sha-256, sha-384 and sha-512.
	HashAlgorithms []string
	// KeyBinding is what the Key Binding JWT must carry (§7.3 step 5).
	KeyBinding KeyBindingOptions
	// SkipKeyBindingUnsafe accepts a presentation without checking Key
	// Binding, so anyone holding a copy of the SD-JWT can present it (RFC
	// 9901 §9.5). A Key Binding JWT, if present, is then ignored. Only for
	// credentials a service has decided need no holder proof.
	SkipKeyBindingUnsafe bool
}

// KeyBindingOptions are the expected contents of a Key Binding JWT.
type KeyBindingOptions struct {
	// Nonce is the value this Verifier gave the Holder for this transaction.
	Nonce string
	// Audience is this Verifier's identifier, as the Holder puts it in aud.
	Audience string
	// MaxAge is how old the Key Binding JWT may be; zero means
	// DefaultKeyBindingMaxAge, more than MaxKeyBindingMaxAge is refused.
	MaxAge time.Duration
	// Algorithms the Key Binding JWT may be signed with; empty means
	// VerifyOptions.Algorithms.
	Algorithms []keys.Algorithm
}

// Verified is the result of a successful verification.
type Verified struct {
	// Header is the protected header of the Issuer-signed JWT.
	Header jws.Header
	// Claims is the Processed SD-JWT Payload (RFC 9901 §7.1): disclosed
	// claims inserted, undisclosed array elements removed, _sd, "..." and
	// _sd_alg gone. Numbers are encoding/json.Number, exact as signed.
	Claims map[string]any
	// Disclosures are the Disclosures presented, every one of them used.
	Disclosures []*Disclosure
	// HashAlg is the _sd_alg in effect.
	HashAlg string
	// HolderKey is the key in cnf.jwk, or nil when the payload has none.
	HolderKey *keys.PublicKey
	// KeyBinding is the verified Key Binding JWT; nil when Key Binding was
	// not checked (VerifyIssuance, or SkipKeyBindingUnsafe).
	KeyBinding *KeyBinding
}

// KeyBinding is a verified Key Binding JWT (RFC 9901 §4.3).
type KeyBinding struct {
	Header   jws.Header
	IssuedAt time.Time
	Audience string
	Nonce    string
	SDHash   string
}

type mode int

const (
	verifierMode mode = iota // RFC 9901 §7.3
	holderMode               // RFC 9901 §7.2
)

// Verify is the Verifier's check of a presentation: RFC 9901 §7.3, which
// includes all of §7.1. It returns the Processed SD-JWT Payload.
func (s *SDJWT) Verify(o VerifyOptions) (*Verified, error) {
	v, _, err := s.verify(o, verifierMode, false)
	return v, err
}

// VerifyIssuance is the Holder's check of an SD-JWT received from the
// Issuer: RFC 9901 §7.2 with §7.1. An SD-JWT+KB is rejected; KeyBinding and
// SkipKeyBindingUnsafe are ignored.
func (s *SDJWT) VerifyIssuance(o VerifyOptions) (*Verified, error) {
	v, _, err := s.verify(o, holderMode, false)
	return v, err
}

func (s *SDJWT) verify(o VerifyOptions, m mode, vc bool) (*Verified, *processor, error) {
	if o.IssuerKey == nil || len(o.Algorithms) == 0 || o.Now.IsZero() || o.Leeway < 0 {
		return nil, nil, fmt.Errorf("%w: IssuerKey, Algorithms and Now are required, Leeway not negative", ErrInvalidOptions)
	}
	// RFC 9901 §7.3 step 1: "Determine if Key Binding is to be checked
	// according to the Verifier's policy for the use case at hand. This
	// decision MUST NOT be based on whether or not a Key Binding JWT is
	// provided by the Holder." It is decided here from the options alone.
	kbRequired := m == verifierMode && !o.SkipKeyBindingUnsafe
	if kbRequired {
		if o.KeyBinding.Nonce == "" || o.KeyBinding.Audience == "" {
			return nil, nil, fmt.Errorf("%w: key binding needs a nonce and an audience", ErrInvalidOptions)
		}
		if o.KeyBinding.MaxAge < 0 || o.KeyBinding.MaxAge > MaxKeyBindingMaxAge {
			return nil, nil, fmt.Errorf("%w: key binding max age must be in [0, %v]", ErrInvalidOptions, MaxKeyBindingMaxAge)
		}
	}
	// RFC 9901 §7.2: "The Issuer provides the Holder with an SD-JWT, not an
	// SD-JWT+KB. If the Holder receives an SD-JWT+KB, it MUST be rejected."
	if m == holderMode && s.kbJWT != "" {
		return nil, nil, ErrUnexpectedKeyBinding
	}
	// §7.3 step 2: "If Key Binding is required and the Holder has provided
	// an SD-JWT (without Key Binding), the Verifier MUST reject the
	// presentation."
	if kbRequired && s.kbJWT == "" {
		return nil, nil, ErrKeyBindingMissing
	}

	// §7.3 step 4: "Process the SD-JWT as defined in Section 7.1".
	// §7.1 step 2.1: "Ensure that the used signing algorithm was deemed
	// secure for the application. ... The "none" algorithm MUST NOT be
	// accepted." (Parse already refused "none" with ErrNoneAlgorithm.)
	h := s.token.Header
	if !slices.Contains(o.Algorithms, h.Alg) {
		return nil, nil, fmt.Errorf("%w: issuer-signed jwt uses %s", ErrAlgorithmNotAllowed, h.Alg)
	}
	// §7.1 step 2.2: "Validate the signature over the Issuer-signed JWT per
	// Section 5.2 of [RFC7515]."
	if err := s.token.Verify(o.IssuerKey, o.Algorithms); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrIssuerSignature, err)
	}
	// §9.11 (explicit typing, RFC 8725 §3.11): "for Verifiers to check
	// this value". draft-ietf-oauth-sd-jwt-vc-12 §3.2.1: "The typ header
	// parameter of the SD-JWT MUST be present. The typ value MUST use
	// dc+sd-jwt." The legacy vc+sd-jwt is refused: see the package doc.
	if vc {
		if !jws.TypIs(h.Typ, TypeVC) {
			return nil, nil, fmt.Errorf("%w: %q", ErrVCType, h.Typ)
		}
	} else if o.Type != "" && !jws.TypIs(h.Typ, o.Type) {
		return nil, nil, fmt.Errorf("%w: %q, want %q", ErrWrongType, h.Typ, o.Type)
	}
	// §7.1 step 2.3: "Validate the Issuer and that the signing key belongs
	// to this Issuer." The key is the caller's (IssuerKey); the issuer named
	// must be the one the caller resolved it for. Only a permanently
	// disclosed iss counts: RFC 9901 §9.7 calls iss security-critical.
	if o.Issuer != "" {
		if iss, _ := s.payload["iss"].(string); iss != o.Issuer {
			return nil, nil, fmt.Errorf("%w: iss %q, want %q", ErrIssuerMismatch, s.payload["iss"], o.Issuer)
		}
	}
	// §7.1 step 2.4: "Check that the _sd_alg claim value is understood and
	// the hash algorithm is deemed secure according to the Holder or
	// Verifier's policy".
	hashAlg, err := s.hashAlg()
	if err != nil {
		return nil, nil, err
	}
	if len(o.HashAlgorithms) > 0 && !slices.Contains(o.HashAlgorithms, hashAlg) {
		return nil, nil, fmt.Errorf("%w: %s not allowed", ErrUnsupportedHashAlg, hashAlg)
	}

	// §7.1 step 3-5: process the Disclosures and embedded digests.
	p, err := newProcessor(hashAlg, s.disclosures)
	if err != nil {
		return nil, nil, err
	}
	claims, err := p.run(s.payload)
	if err != nil {
		return nil, nil, err
	}
	if vc {
		// draft-ietf-oauth-sd-jwt-vc-12 §3.2.2.2: these claims "MUST NOT be
		// included in the Disclosures, i.e., cannot be selectively
		// disclosed". Checked before step 6 uses them.
		for _, name := range p.topDisclosed {
			if nonDisclosable(name) {
				return nil, nil, fmt.Errorf("%w: %s", ErrNonDisclosableClaim, name)
			}
		}
	}
	// §7.1 step 6: "Check that the SD-JWT is valid using claims such as
	// nbf, exp, and aud in the processed payload, if present."
	if err := checkValidity(claims, o); err != nil {
		return nil, nil, err
	}

	v := &Verified{
		Header:      h,
		Claims:      claims,
		Disclosures: append([]*Disclosure(nil), s.disclosures...),
		HashAlg:     hashAlg,
	}
	if _, ok := claims["cnf"]; ok && (kbRequired || vc) {
		if v.HolderKey, err = holderKey(claims); err != nil {
			return nil, nil, err
		}
	}
	if kbRequired {
		if v.KeyBinding, err = s.verifyKeyBinding(o, hashAlg, v.HolderKey); err != nil {
			return nil, nil, err
		}
	}
	return v, p, nil
}

// checkValidity is RFC 9901 §7.1 step 6 for exp, nbf, iat and aud.
func checkValidity(claims map[string]any, o VerifyOptions) error {
	if v, ok := claims["exp"]; ok {
		exp, err := numericDate("exp", v)
		if err != nil {
			return err
		}
		// RFC 7519 §4.1.4: "the current date/time MUST be before the
		// expiration date/time".
		if !o.Now.Before(exp.Add(o.Leeway)) {
			return fmt.Errorf("%w: at %v", ErrExpired, exp.UTC())
		}
	}
	if v, ok := claims["nbf"]; ok {
		nbf, err := numericDate("nbf", v)
		if err != nil {
			return err
		}
		// RFC 7519 §4.1.5: "the current date/time MUST be after or equal to
		// the not-before date/time".
		if o.Now.Add(o.Leeway).Before(nbf) {
			return fmt.Errorf("%w: until %v", ErrNotYetValid, nbf.UTC())
		}
	}
	if v, ok := claims["iat"]; ok {
		iat, err := numericDate("iat", v)
		if err != nil {
			return err
		}
		if iat.After(o.Now.Add(o.Leeway)) {
			return fmt.Errorf("%w: at %v", ErrIssuedInFuture, iat.UTC())
		}
	}
	if v, ok := claims["aud"]; ok {
		// RFC 7519 §4.1.3: "If the principal processing the claim does not
		// identify itself with a value in the "aud" claim when this claim is
		// present, then the JWT MUST be rejected." This Verifier identifies
		// itself by KeyBindingOptions.Audience.
		var auds []string
		switch t := v.(type) {
		case string:
			auds = []string{t}
		case []any:
			for _, e := range t {
				s, ok := e.(string)
				if !ok {
					return fmt.Errorf("%w: aud", ErrInvalidClaim)
				}
				auds = append(auds, s)
			}
		default:
			return fmt.Errorf("%w: aud", ErrInvalidClaim)
		}
		if o.KeyBinding.Audience == "" || !slices.Contains(auds, o.KeyBinding.Audience) {
			return fmt.Errorf("%w: %q", ErrAudience, auds)
		}
	}
	return nil
}

// maxNumericDate is 9999-12-31T23:59:59Z: later dates are not plausible and
// would overflow time arithmetic.
const maxNumericDate = 253402300799

// numericDate decodes an RFC 7519 §2 NumericDate.
func numericDate(name string, v any) (time.Time, error) {
	var f float64
	switch t := v.(type) {
	case json.Number:
		var err error
		if f, err = strconv.ParseFloat(string(t), 64); err != nil {
			return time.Time{}, fmt.Errorf("%w: %s is not a number", ErrInvalidClaim, name)
		}
	case float64:
		f = t
	default:
		return time.Time{}, fmt.Errorf("%w: %s is not a number", ErrInvalidClaim, name)
	}
	if math.IsNaN(f) || f < 0 || f > maxNumericDate {
		return time.Time{}, fmt.Errorf("%w: %s out of range", ErrInvalidClaim, name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)), nil
}

// holderKey reads the Holder's key from cnf.jwk (RFC 7800 §3.2), the
// confirmation method RFC 9901 §4.1.2 suggests and the only one Cachet
// issues.
func holderKey(claims map[string]any) (*keys.PublicKey, error) {
	cnf, ok := claims["cnf"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: cnf is not an object", ErrNoHolderKey)
	}
	jwk, ok := cnf["jwk"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: cnf has no jwk", ErrNoHolderKey)
	}
	if k := simpleJWK(jwk); k != nil {
		return k, nil
	}
	raw, err := marshalJSON(jwk)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoHolderKey, err)
	}
	k, err := keys.ParseJWK(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoHolderKey, err)
	}
	return k, nil
}

// simpleJWK builds the key of a JWK with only the members required for an
// Ed25519 (RFC 8037 §2) or P-256 (RFC 7518 §6.2.1) public key, the form
// Cachet's wallets send, without re-encoding it for keys.ParseJWK. It
// applies the same checks; anything else (other members, a bad value)
// returns nil and goes through ParseJWK, which says what is wrong.
func simpleJWK(jwk map[string]any) *keys.PublicKey {
	kty, _ := jwk["kty"].(string)
	crv, _ := jwk["crv"].(string)
	x, _ := jwk["x"].(string)
	switch {
	case len(jwk) == 3 && kty == "OKP" && crv == "Ed25519":
		xb, err := b64.DecodeString(x)
		if err != nil || len(xb) != ed25519.PublicKeySize {
			return nil
		}
		k, err := keys.NewEd25519Public(xb)
		if err != nil {
			return nil
		}
		return k
	case len(jwk) == 4 && kty == "EC" && crv == "P-256":
		y, _ := jwk["y"].(string)
		xb, err1 := b64.DecodeString(x)
		yb, err2 := b64.DecodeString(y)
		if err1 != nil || err2 != nil || len(xb) != 32 || len(yb) != 32 {
			return nil
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, xb...), yb...))
		if err != nil {
			return nil
		}
		k, err := keys.NewP256Public(pub)
		if err != nil {
			return nil
		}
		return k
	}
	return nil
}

// verifyKeyBinding is RFC 9901 §7.3 step 5.
func (s *SDJWT) verifyKeyBinding(o VerifyOptions, hashAlg string, holder *keys.PublicKey) (*KeyBinding, error) {
	// §7.3 step 5.1: "Determine the public key for the Holder from the
	// SD-JWT (see Section 4.1.2)."
	if holder == nil {
		return nil, fmt.Errorf("%w: no cnf claim", ErrNoHolderKey)
	}
	// §7.3 step 5.2: "Ensure that a signing algorithm was used that was
	// deemed secure for the application. ... The "none" algorithm MUST NOT
	// be accepted." (Parse refused "none".)
	algs := o.KeyBinding.Algorithms
	if len(algs) == 0 {
		algs = o.Algorithms
	}
	if !slices.Contains(algs, s.kb.Header.Alg) {
		return nil, fmt.Errorf("%w: key binding jwt uses %s", ErrAlgorithmNotAllowed, s.kb.Header.Alg)
	}
	// §7.3 step 5.3: "Validate the signature over the Key Binding JWT per
	// Section 5.2 of [RFC7515]." §4.3.2: "the Verifier MUST ensure that the
	// key with which it validates the signature on the Key Binding JWT is
	// the key specified in the SD-JWT as the Holder's public key."
	if err := s.kb.Verify(holder, algs); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyBindingSignature, err)
	}
	// §7.3 step 5.4: "Check that the typ of the Key Binding JWT is kb+jwt".
	if !jws.TypIs(s.kb.Header.Typ, "kb+jwt") {
		return nil, fmt.Errorf("%w: %q", ErrKeyBindingType, s.kb.Header.Typ)
	}
	kb, payload, err := parseKeyBindingClaims(s.kb)
	if err != nil {
		return nil, err
	}
	// §7.3 step 5.5: "Check that the creation time of the Key Binding JWT,
	// as determined by the iat claim, is within an acceptable window."
	maxAge := o.KeyBinding.MaxAge
	if maxAge == 0 {
		maxAge = DefaultKeyBindingMaxAge
	}
	if kb.IssuedAt.After(o.Now.Add(o.Leeway)) {
		return nil, fmt.Errorf("%w: iat %v", ErrKeyBindingInFuture, kb.IssuedAt.UTC())
	}
	if kb.IssuedAt.Before(o.Now.Add(-maxAge - o.Leeway)) {
		return nil, fmt.Errorf("%w: iat %v, max age %v", ErrKeyBindingTooOld, kb.IssuedAt.UTC(), maxAge)
	}
	// §7.3 step 5.6: "Determine that the Key Binding JWT is bound to the
	// current transaction and was created for this Verifier (replay
	// detection) by validating nonce and aud claims."
	if kb.Nonce != o.KeyBinding.Nonce {
		return nil, ErrNonceMismatch
	}
	if kb.Audience != o.KeyBinding.Audience {
		return nil, fmt.Errorf("%w: %q", ErrAudienceMismatch, kb.Audience)
	}
	// §7.3 step 5.7: "Calculate the digest over the Issuer-signed JWT and
	// Disclosures as defined in Section 4.3.1 and verify that it matches
	// the value of the sd_hash claim in the Key Binding JWT." §4.3.1: "The
	// same hash algorithm as for the Disclosures MUST be used".
	if digest(hashAlg, s.sdPart) != kb.SDHash {
		return nil, ErrSDHashMismatch
	}
	// §7.3 step 5.8: "Check that the Key Binding JWT is a valid JWT in all
	// other respects, per [RFC7519] and [RFC8725]": exp and nbf, if present.
	for _, name := range []string{"exp", "nbf"} {
		if v, ok := payload[name]; ok {
			if err := checkValidity(map[string]any{name: v}, o); err != nil {
				if errors.Is(err, ErrInvalidClaim) {
					return nil, fmt.Errorf("%w: %v", ErrMalformedKeyBinding, err)
				}
				return nil, fmt.Errorf("key binding jwt: %w", err)
			}
		}
	}
	return kb, nil
}

// parseKeyBindingClaims reads the REQUIRED claims of RFC 9901 §4.3.
func parseKeyBindingClaims(t *jws.Token) (*KeyBinding, map[string]any, error) {
	m, err := decodeObject(t.Payload)
	if err != nil {
		return nil, nil, wrapDecode(ErrMalformedKeyBinding, "payload", err)
	}
	kb := &KeyBinding{Header: t.Header}
	iat, ok := m["iat"]
	if !ok {
		return nil, nil, fmt.Errorf("%w: no iat", ErrMalformedKeyBinding)
	}
	if kb.IssuedAt, err = numericDate("iat", iat); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrMalformedKeyBinding, err)
	}
	// §4.3: aud "MUST be a single string"; nonce "MUST be a string";
	// sd_hash is the base64url-encoded hash value (a string).
	var okAud, okNonce, okHash bool
	kb.Audience, okAud = m["aud"].(string)
	kb.Nonce, okNonce = m["nonce"].(string)
	kb.SDHash, okHash = m["sd_hash"].(string)
	if !okAud || !okNonce || !okHash {
		return nil, nil, fmt.Errorf("%w: aud, nonce and sd_hash must be strings", ErrMalformedKeyBinding)
	}
	return kb, m, nil
}

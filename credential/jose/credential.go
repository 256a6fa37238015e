package jose

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// Media types and header values of VC-JOSE-COSE §3.1 and §6 (IANA).
const (
	TypeCredential        = "vc+jwt"             // typ of a secured credential (§3.1.1)
	TypePresentation      = "vp+jwt"             // typ of a secured presentation (§3.1.2)
	ContentTypeCredential = "vc"                 // optional cty of a vc+jwt (§3.1.1)
	ContentTypePresent    = "vp"                 // optional cty of a vp+jwt (§3.1.2)
	MediaTypeCredential   = "application/vc+jwt" // data: URL media type of an enveloped vc+jwt
)

// Issue secures c as a vc+jwt (VC-JOSE-COSE §3.1.1): a compact JWS whose
// protected header is {"alg", "typ":"vc+jwt", "kid"} and whose payload is the
// credential itself. kid is the DID URL of the issuer's verification method
// (for example did:cachet:...#key-1); its DID must be the credential's
// issuer id. Issue adds no JWT registered claims: iat and exp would describe
// the signature, not the credential (§3.1.3), whose validity period is
// validFrom and validUntil.
func Issue(s keys.Signer, kid string, c *credential.Credential) (string, error) {
	// VCDM 2.0 §4.12: "A conforming issuer implementation ... MUST include
	// all required properties in the conforming documents that it produces".
	if err := c.Check(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidCredential, err)
	}
	if c.Proof != nil {
		return "", ErrEmbeddedProof
	}
	// VC-JOSE-COSE §1.1.2.1: "The JWT Claim Names vc and vp MUST NOT be
	// present".
	if hasVCVP(c.Extensions) {
		return "", ErrVCVPClaim
	}
	if iss, ok := c.Extensions["iss"]; ok && iss != c.Issuer.ID {
		return "", ErrIssuerMismatch
	}
	if !kidInDocument(kid, c.Issuer.ID) {
		return "", fmt.Errorf("%w: kid %q, issuer %q", ErrKidNotIssuer, kid, c.Issuer.ID)
	}
	payload, err := c.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("jose: encode credential: %w", err)
	}
	return jws.Sign(s, jws.Header{Typ: TypeCredential, Kid: kid}, payload)
}

// Parsed is a vc+jwt that has been decoded but not verified. The caller
// resolves the issuer's key from Header.Kid (a DID URL) and passes it to
// Verify. Nothing in an unverified Parsed is to be trusted.
type Parsed struct {
	Header     jws.Header
	Credential *credential.Credential // unverified
	Claims     Claims                 // unverified

	token *jws.Token
}

// Claims are the JWT registered claims (RFC 7519 §4.1) found in a payload
// next to the credential's own members. Cachet processes these; others are
// ignored, as VC-JOSE-COSE §3.1.3 requires for members not understood.
type Claims struct {
	Issuer    string    // iss, "" when absent
	Expiry    time.Time // exp, zero when absent
	NotBefore time.Time // nbf, zero when absent
	IssuedAt  time.Time // iat (presentations only), zero when absent
	Audience  []string  // aud (presentations only)
	Nonce     string    // nonce (presentations only)
	VCVP      bool      // a vc or vp claim is present
}

// Parse decodes a vc+jwt without verifying it: the compact JWS structure
// (RFC 7515 §5.2 steps 1-7, via credential/jws), the typ and cty headers
// (VC-JOSE-COSE §3.1.1), the presence of kid (§4.1.1) and the payload as a
// credential document. Verify does the rest.
func Parse(token string) (*Parsed, error) {
	t, err := jws.Parse(token)
	if err != nil {
		return nil, fmt.Errorf("jose: %w", err)
	}
	// VC-JOSE-COSE §3.1.1: "The typ header parameter SHOULD be vc+jwt."
	// Cachet requires it (explicit typing, RFC 8725 §3.11), so that no other
	// kind of JWT signed by a bureau key is accepted as a credential.
	if !jws.TypIs(t.Header.Typ, TypeCredential) {
		return nil, fmt.Errorf("%w: %q", ErrType, t.Header.Typ)
	}
	// "When present, the cty header parameter SHOULD be vc." Cachet knows no
	// more specific content type, so any other value is refused.
	if t.Header.Cty != "" && !jws.TypIs(t.Header.Cty, ContentTypeCredential) {
		return nil, fmt.Errorf("%w: %q", ErrContentType, t.Header.Cty)
	}
	// §4.1.1: "kid MUST be present when the key of the issuer or subject is
	// expressed as a DID URL." Cachet keys always are.
	if t.Header.Kid == "" {
		return nil, ErrKidMissing
	}
	// §3.1.1: "The unsecured verifiable credential is the unencoded JWS
	// payload."
	c, err := credential.ParseCredential(t.Payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPayload, err)
	}
	claims, err := credentialClaims(c.Extensions)
	if err != nil {
		return nil, err
	}
	return &Parsed{Header: t.Header, Credential: c, Claims: claims, token: t}, nil
}

// VerifyOptions are the trust inputs of Verify. Algorithms and Now are
// required. Checks are on unless an ...Unsafe field turns one off.
type VerifyOptions struct {
	// Algorithms the verifier accepts (RFC 8725 §3.1); EdDSA and/or ES256.
	Algorithms []keys.Algorithm
	// Now is the current time.
	Now time.Time
	// Leeway allows for clock skew in exp, nbf and the validity period.
	Leeway time.Duration
	// SkipValidityWindowUnsafe skips the validFrom/validUntil check, for
	// callers that apply their own (for example a verifier judging a
	// credential at the time it was presented).
	SkipValidityWindowUnsafe bool
	// KeyFromIssUnsafe accepts a kid that is not a verification method in
	// the issuer's identifier document when the payload's iss names the
	// issuer, as VC-JOSE-COSE §4.1.2 and §4.3 allow; the caller must then
	// have obtained key for that iss by other means (§4.2.1). Cachet never
	// issues such tokens; the W3C test-suite vectors are of that kind.
	KeyFromIssUnsafe bool
}

// Verify checks the parsed vc+jwt with key, which the caller resolved from
// Header.Kid, and returns the credential. The checks follow VC-JOSE-COSE
// §5.1 (RFC 7519 §7.2, validating a JWT) and then the data model (§5's
// "additional validation checks"), in this order: signature, vc/vp claims,
// iss, kid, exp/nbf, VCDM 2.0 rules, validity period. The signature comes
// first, ahead of the claims rules of §1.1.2.1: "verifiers SHOULD strive to
// minimize the processing of untrusted data" (§5).
func (p *Parsed) Verify(key *keys.PublicKey, o VerifyOptions) (*credential.Credential, error) {
	if o.Now.IsZero() {
		return nil, fmt.Errorf("%w: Now is required", ErrOptions)
	}
	// VC-JOSE-COSE §3.1.1: "A conforming JWS verifier implementation MUST use
	// [RFC7515] to verify conforming JWS documents that use this media
	// type." RFC 7515 §5.2 step 8, with the caller's algorithms only.
	if err := p.token.Verify(key, o.Algorithms); err != nil {
		return nil, fmt.Errorf("jose: %w", err)
	}
	c := p.Credential
	// §1.1.2.1: "The JWT Claim Names vc and vp MUST NOT be present in any
	// JWT Claims Set that comprises a verifiable credential or a verifiable
	// presentation."
	if p.Claims.VCVP {
		return nil, ErrVCVPClaim
	}
	// §4.1.2: "When issuer value is a string, iss value, if present, MUST
	// match issuer value. When issuer value is an object with an id value,
	// iss value, if present, MUST match issuer.id value."
	if p.Claims.Issuer != "" && p.Claims.Issuer != c.Issuer.ID {
		return nil, fmt.Errorf("%w: iss %q, issuer %q", ErrIssuerMismatch, p.Claims.Issuer, c.Issuer.ID)
	}
	// §4.3: "When iss is absent, and the issuer is identified as a URL, the
	// kid MUST be an absolute URL to a verification method listed in a
	// controlled identifier documents or a DID Document." Cachet applies it
	// whether or not iss is present: the kid must name a verification
	// method of the issuer's own DID document.
	if !kidInDocument(p.Header.Kid, c.Issuer.ID) && !(o.KeyFromIssUnsafe && p.Claims.Issuer != "") {
		return nil, fmt.Errorf("%w: kid %q, issuer %q", ErrKidNotIssuer, p.Header.Kid, c.Issuer.ID)
	}
	// §5.1: "Follow the algorithm defined in Validating a JWT [RFC7519]",
	// whose exp (§4.1.4) and nbf (§4.1.5) rules apply.
	if err := checkTimeClaims(p.Claims, o.Now, o.Leeway); err != nil {
		return nil, err
	}
	// §5 and VCDM 2.0 §4.12: a conforming verifier "MUST check that each
	// required property satisfies the normative requirements for that
	// property".
	if err := c.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidCredential, err)
	}
	// VCDM 2.0 §4.9 and Appendix A.7: the validity period.
	if !o.SkipValidityWindowUnsafe {
		if err := c.ValidAtWithLeeway(o.Now, o.Leeway); err != nil {
			return nil, fmt.Errorf("jose: %w", err)
		}
	}
	return c, nil
}

// kidInDocument reports whether kid is an absolute URL with a fragment
// naming a verification method in the document identified by doc: a DID URL
// did:cachet:abc#key-1 for the issuer did:cachet:abc (VC-JOSE-COSE §4.3,
// Example 12).
func kidInDocument(kid, doc string) bool {
	base, frag, ok := strings.Cut(kid, "#")
	return ok && frag != "" && doc != "" && base == doc && credential.IsURL(kid)
}

func hasVCVP(ext map[string]any) bool {
	_, vc := ext["vc"]
	_, vp := ext["vp"]
	return vc || vp
}

// credentialClaims extracts the registered claims Verify processes for a
// credential. iat is not processed for credentials: it dates the signature
// (§3.1.3) and nothing in Cachet depends on it.
func credentialClaims(ext map[string]any) (Claims, error) {
	var c Claims
	c.VCVP = hasVCVP(ext)
	if len(ext) == 0 {
		return c, nil
	}
	var err error
	if v, ok := ext["iss"]; ok {
		s, isStr := v.(string)
		if !isStr || s == "" {
			return c, fmt.Errorf("%w: iss must be a non-empty string", ErrClaim)
		}
		c.Issuer = s
	}
	if c.Expiry, err = numericDate(ext, "exp"); err != nil {
		return c, err
	}
	if c.NotBefore, err = numericDate(ext, "nbf"); err != nil {
		return c, err
	}
	return c, nil
}

// numericDate reads a NumericDate claim (RFC 7519 §2: seconds since the
// epoch, possibly fractional). Absent is the zero time.
func numericDate(ext map[string]any, name string) (time.Time, error) {
	v, ok := ext[name]
	if !ok {
		return time.Time{}, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return time.Time{}, fmt.Errorf("%w: %s must be a NumericDate", ErrClaim, name)
	}
	f, err := strconv.ParseFloat(string(n), 64)
	// Beyond ±2^53 seconds a float64 loses whole seconds; nothing real is
	// there, so such a date is refused rather than rounded.
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) > 1<<53 {
		return time.Time{}, fmt.Errorf("%w: %s out of range", ErrClaim, name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// checkTimeClaims applies RFC 7519 §4.1.4 ("the current date/time MUST be
// before the expiration date/time listed in the exp claim", with "some small
// leeway") and §4.1.5 ("the current date/time MUST be after or equal to the
// not-before date/time listed in the nbf claim").
func checkTimeClaims(c Claims, now time.Time, leeway time.Duration) error {
	if !c.Expiry.IsZero() && !now.Add(-leeway).Before(c.Expiry) {
		return fmt.Errorf("%w: exp %s", ErrTokenExpired, c.Expiry.Format(time.RFC3339))
	}
	if !c.NotBefore.IsZero() && now.Add(leeway).Before(c.NotBefore) {
		return fmt.Errorf("%w: nbf %s", ErrTokenNotYetValid, c.NotBefore.Format(time.RFC3339))
	}
	return nil
}

package jose

import (
	"crypto/subtle"
	"fmt"
	"slices"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// PresentationClaims are the JWT claims IssuePresentation adds to a vp+jwt
// payload (RFC 7519 §4.1.3 aud, §4.1.4 exp, §4.1.6 iat; nonce as registered
// in the IANA JSON Web Token Claims registry by OpenID Connect Core §2).
// VC-JOSE-COSE §3.1.3 leaves registered claims to their specifications;
// Cachet uses them to bind a presentation to one verifier request (VCDM 2.0
// §9.5.2, replay attacks).
type PresentationClaims struct {
	Audience string    // the verifier's identifier, required
	Nonce    string    // the verifier's fresh nonce, required
	IssuedAt time.Time // required
	Expiry   time.Time // optional
}

// IssuePresentation secures p as a vp+jwt (VC-JOSE-COSE §3.1.2), signed by
// the holder: kid is the DID URL of a verification method of p's holder.
// Every credential in p must be an EnvelopedVerifiableCredential.
func IssuePresentation(s keys.Signer, kid string, p *credential.Presentation, c PresentationClaims) (string, error) {
	if err := p.Check(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidPresentation, err)
	}
	if err := checkEnveloped(p); err != nil {
		return "", err
	}
	if p.Proof != nil {
		return "", ErrEmbeddedProof
	}
	if hasVCVP(p.Extensions) {
		return "", ErrVCVPClaim
	}
	if p.Holder.ID == "" {
		return "", ErrHolderMissing
	}
	if !kidInDocument(kid, p.Holder.ID) {
		return "", fmt.Errorf("%w: kid %q, holder %q", ErrKidNotHolder, kid, p.Holder.ID)
	}
	if c.Audience == "" || c.Nonce == "" || c.IssuedAt.IsZero() {
		return "", fmt.Errorf("%w: audience, nonce and issued-at are required", ErrOptions)
	}
	q := *p
	q.Extensions = make(map[string]any, len(p.Extensions)+4)
	for k, v := range p.Extensions {
		q.Extensions[k] = v
	}
	q.Extensions["aud"] = c.Audience
	q.Extensions["nonce"] = c.Nonce
	q.Extensions["iat"] = c.IssuedAt.Unix()
	if !c.Expiry.IsZero() {
		q.Extensions["exp"] = c.Expiry.Unix()
	}
	payload, err := q.MarshalJSON()
	if err != nil {
		return "", fmt.Errorf("jose: encode presentation: %w", err)
	}
	return jws.Sign(s, jws.Header{Typ: TypePresentation, Kid: kid}, payload)
}

// ParsedPresentation is a vp+jwt decoded but not verified, with each of its
// enveloped credentials parsed (and likewise unverified). The caller
// resolves the holder's key from Header.Kid for Verify, and each issuer's
// key from Credentials[i].Header.Kid for Credentials[i].Verify.
type ParsedPresentation struct {
	Header       jws.Header
	Presentation *credential.Presentation // unverified
	Claims       Claims                   // unverified
	Credentials  []*Parsed                // the enveloped vc+jwt, in order

	token *jws.Token
}

// ParsePresentation decodes a vp+jwt without verifying it: the JWS
// structure, typ vp+jwt and cty (VC-JOSE-COSE §3.1.2), kid (§4.1.1), the
// payload as a presentation, and every verifiableCredential item, which
// "MUST use the Enveloped Verifiable Credential type" and, "Credentials in
// verifiable presentations MUST be secured", must be an
// application/vc+jwt data: URL that Parse accepts.
func ParsePresentation(token string) (*ParsedPresentation, error) {
	t, err := jws.Parse(token)
	if err != nil {
		return nil, fmt.Errorf("jose: %w", err)
	}
	// §3.1.2: "The typ header parameter SHOULD be vp+jwt." Required here.
	if !jws.TypIs(t.Header.Typ, TypePresentation) {
		return nil, fmt.Errorf("%w: %q", ErrPresentationType, t.Header.Typ)
	}
	// "When present, the cty header parameter SHOULD be vp."
	if t.Header.Cty != "" && !jws.TypIs(t.Header.Cty, ContentTypePresent) {
		return nil, fmt.Errorf("%w: %q", ErrContentType, t.Header.Cty)
	}
	if t.Header.Kid == "" {
		return nil, ErrKidMissing
	}
	p, err := credential.ParsePresentation(t.Payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPayload, err)
	}
	claims, err := presentationClaims(p.Extensions)
	if err != nil {
		return nil, err
	}
	if len(p.VerifiableCredential) > MaxEnvelopedCredentials {
		return nil, fmt.Errorf("%w: %d, limit %d", ErrTooManyCredentials, len(p.VerifiableCredential), MaxEnvelopedCredentials)
	}
	if err := checkEnveloped(p); err != nil {
		return nil, err
	}
	pp := &ParsedPresentation{Header: t.Header, Presentation: p, Claims: claims, token: t}
	for i, c := range p.VerifiableCredential {
		d, _ := credential.ParseDataURL(c.ID) // checkEnveloped parsed it already
		inner, err := Parse(string(d.Data))
		if err != nil {
			return nil, fmt.Errorf("jose: verifiableCredential[%d]: %w", i, err)
		}
		pp.Credentials = append(pp.Credentials, inner)
	}
	return pp, nil
}

// checkEnveloped applies VC-JOSE-COSE §3.1.2: "Verifiable Credentials
// secured in verifiable presentations MUST use the Enveloped Verifiable
// Credential type" and "Credentials in verifiable presentations MUST be
// secured. In this case, these credentials are secured using JWS."
func checkEnveloped(p *credential.Presentation) error {
	for i, c := range p.VerifiableCredential {
		if c == nil || !c.IsEnveloped() {
			return fmt.Errorf("%w: verifiableCredential[%d]", ErrNotEnveloped, i)
		}
		d, err := credential.ParseDataURL(c.ID)
		if err != nil {
			return fmt.Errorf("%w: verifiableCredential[%d]: %w", ErrInvalidPresentation, i,
				&credential.RuleError{Rule: credential.ErrEnvelopedID, Path: "id"})
		}
		if d.MediaType != MediaTypeCredential {
			return fmt.Errorf("%w: verifiableCredential[%d] is %q", ErrEnvelopeMediaType, i, d.MediaType)
		}
	}
	return nil
}

// PresentationOptions are the trust inputs of ParsedPresentation.Verify.
// Algorithms, Now, Audience and Nonce are required.
type PresentationOptions struct {
	Algorithms []keys.Algorithm
	Now        time.Time
	Leeway     time.Duration
	// Audience is this verifier's identifier; the aud claim must contain it.
	Audience string
	// Nonce is the nonce this verifier sent in its request.
	Nonce string
	// MaxAge, when positive, bounds how long ago the presentation may have
	// been made (its iat claim).
	MaxAge time.Duration
}

// Verify checks the vp+jwt layer with the holder's key, resolved from
// Header.Kid, and returns the presentation. It does not verify the enveloped
// credentials: call Credentials[i].Verify with each issuer's key.
func (pp *ParsedPresentation) Verify(key *keys.PublicKey, o PresentationOptions) (*credential.Presentation, error) {
	if o.Now.IsZero() || o.Audience == "" || o.Nonce == "" {
		return nil, fmt.Errorf("%w: Now, Audience and Nonce are required", ErrOptions)
	}
	// VC-JOSE-COSE §3.1.2: "A conforming JWS verifier implementation MUST
	// use [RFC7515] to verify conforming JWS documents that use this media
	// type."
	if err := pp.token.Verify(key, o.Algorithms); err != nil {
		return nil, fmt.Errorf("jose: %w", err)
	}
	p := pp.Presentation
	// §1.1.2.1: vc and vp "MUST NOT be present".
	if pp.Claims.VCVP {
		return nil, ErrVCVPClaim
	}
	// Holder binding: Cachet accepts a vp+jwt only from a holder it can name.
	if p.Holder.ID == "" {
		return nil, ErrHolderMissing
	}
	// §4.1.2 read for presentations: iss, if present, names the signer,
	// here the holder.
	if pp.Claims.Issuer != "" && pp.Claims.Issuer != p.Holder.ID {
		return nil, fmt.Errorf("%w: iss %q, holder %q", ErrHolderMismatch, pp.Claims.Issuer, p.Holder.ID)
	}
	// §4.3: "When the holder is identified as a URL, and iss is absent, the
	// kid MUST be an absolute URL to a verification method listed in a
	// controlled identifier document." Cachet: always, and in the holder's
	// own document.
	if !kidInDocument(pp.Header.Kid, p.Holder.ID) {
		return nil, fmt.Errorf("%w: kid %q, holder %q", ErrKidNotHolder, pp.Header.Kid, p.Holder.ID)
	}
	// §5.1, RFC 7519 §7.2: exp and nbf, then aud (§4.1.3: "If the principal
	// processing the claim does not identify itself with a value in the aud
	// claim when this claim is present, then the JWT MUST be rejected.").
	if err := checkTimeClaims(pp.Claims, o.Now, o.Leeway); err != nil {
		return nil, err
	}
	if !slices.Contains(pp.Claims.Audience, o.Audience) {
		return nil, fmt.Errorf("%w: want %q", ErrAudience, o.Audience)
	}
	if subtle.ConstantTimeCompare([]byte(pp.Claims.Nonce), []byte(o.Nonce)) != 1 {
		return nil, ErrNonce
	}
	iat := pp.Claims.IssuedAt
	switch {
	case !iat.IsZero() && iat.After(o.Now.Add(o.Leeway)):
		return nil, fmt.Errorf("%w: iat %s is in the future", ErrIssuedAt, iat.Format(time.RFC3339))
	case o.MaxAge > 0 && (iat.IsZero() || o.Now.Sub(iat) > o.MaxAge+o.Leeway):
		return nil, fmt.Errorf("%w: older than %s", ErrIssuedAt, o.MaxAge)
	}
	// VCDM 2.0 §4.13 and the rest of the data model.
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPresentation, err)
	}
	return p, nil
}

// presentationClaims extracts the registered claims of a vp+jwt.
func presentationClaims(ext map[string]any) (Claims, error) {
	c, err := credentialClaims(ext)
	if err != nil {
		return c, err
	}
	if c.IssuedAt, err = numericDate(ext, "iat"); err != nil {
		return c, err
	}
	switch aud := ext["aud"].(type) {
	case nil:
		if _, present := ext["aud"]; present {
			return c, fmt.Errorf("%w: aud must be a string or an array of strings", ErrClaim)
		}
	case string:
		c.Audience = []string{aud}
	case []any:
		for _, a := range aud {
			s, ok := a.(string)
			if !ok {
				return c, fmt.Errorf("%w: aud must be a string or an array of strings", ErrClaim)
			}
			c.Audience = append(c.Audience, s)
		}
	default:
		return c, fmt.Errorf("%w: aud must be a string or an array of strings", ErrClaim)
	}
	if n, ok := ext["nonce"]; ok {
		s, isStr := n.(string)
		if !isStr {
			return c, fmt.Errorf("%w: nonce must be a string", ErrClaim)
		}
		c.Nonce = s
	}
	return c, nil
}

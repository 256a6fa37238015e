package sdjwt

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// TypeVC is the typ of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-12 §3.2.1)
// and the media type application/dc+sd-jwt without its prefix.
const TypeVC = "dc+sd-jwt"

// nonDisclosable reports whether an SD-JWT VC claim "MUST NOT be included
// in the Disclosures" (draft-ietf-oauth-sd-jwt-vc-12 §3.2.2.2).
func nonDisclosable(name string) bool {
	switch name {
	case "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status":
		return true
	}
	return false
}

// registeredClaim reports whether name is a registered claim of an SD-JWT VC
// (draft-ietf-oauth-sd-jwt-vc-12 §3.2.2: the non-disclosable ones, and sub
// and iat of RFC 7519 §4.1) rather than a claim about the subject.
func registeredClaim(name string) bool {
	return nonDisclosable(name) || name == "sub" || name == "iat"
}

// CredentialClaims returns the verified claims without the registered ones:
// what the credential says about its subject, as a form or schema sees it.
// The map is a new one; its values are shared with Claims.
func (v *VerifiedVC) CredentialClaims() map[string]any {
	out := make(map[string]any, len(v.Claims))
	for k, val := range v.Claims {
		if !registeredClaim(k) {
			out[k] = val
		}
	}
	return out
}

// VCClaims are the registered claims of an SD-JWT VC
// (draft-ietf-oauth-sd-jwt-vc-12 §3.2.2.2). Zero values are absent claims.
type VCClaims struct {
	// VCT is the credential type (vct, REQUIRED), a Collision-Resistant
	// Name (RFC 7515 §2) such as a URI.
	VCT string
	// Issuer is iss.
	Issuer string
	// Subject is sub; the only one of these IssueVC may make selectively
	// disclosable (path ["sub"]), with iat.
	Subject string
	// IssuedAt, NotBefore and Expires are iat, nbf and exp, whole seconds.
	IssuedAt, NotBefore, Expires time.Time
	// Holder is the key in cnf.jwk (RFC 7800 §3.2), required for Key
	// Binding.
	Holder *keys.PublicKey
	// Status is the status claim as parsed JSON: an IETF Token Status List
	// reference {"status_list": {"idx": N, "uri": "..."}}
	// (draft-ietf-oauth-status-list §6.1), or a W3C Bitstring Status List
	// entry, which Cachet also allows. See StatusList.
	Status map[string]any
}

// StatusListRef is an IETF Token Status List reference
// (draft-ietf-oauth-status-list §6.1): the index of the credential's
// status in the Status List Token at URI.
type StatusListRef struct {
	Index uint64
	URI   string
}

// StatusList returns the status_list reference of the status claim, or nil
// when there is no status claim or it has no status_list member (a W3C
// Bitstring Status List entry, say). A malformed one is ErrInvalidStatus.
func (c *VCClaims) StatusList() (*StatusListRef, error) {
	v, ok := c.Status["status_list"]
	if !ok {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: status_list is not an object", ErrInvalidStatus)
	}
	uri, ok := m["uri"].(string)
	if !ok || uri == "" {
		return nil, fmt.Errorf("%w: status_list has no uri", ErrInvalidStatus)
	}
	idx, ok := uintValue(m["idx"])
	if !ok {
		return nil, fmt.Errorf("%w: status_list idx is not a non-negative integer", ErrInvalidStatus)
	}
	return &StatusListRef{Index: idx, URI: uri}, nil
}

func uintValue(v any) (uint64, bool) {
	switch t := v.(type) {
	case json.Number:
		n, err := strconv.ParseUint(string(t), 10, 64)
		return n, err == nil
	case float64:
		if t >= 0 && t <= 1<<53 && t == math.Trunc(t) {
			return uint64(t), true
		}
	case int:
		return uint64(t), t >= 0
	case int64:
		return uint64(t), t >= 0
	case uint64:
		return t, true
	case uint32:
		return uint64(t), true
	}
	return 0, false
}

// vcOwned are the claims IssueVC takes from VCClaims, never from claims.
var vcOwned = [...]string{"vct", "iss", "sub", "iat", "nbf", "exp", "cnf", "status"}

// IssueVC issues an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-12 §3): typ
// dc+sd-jwt, kid in the header, the registered claims from vc and the
// credential's own claims, disclosable as for Issue. Paths into iss, nbf,
// exp, cnf, vct, vct#integrity or status are ErrNonDisclosableClaim
// (§3.2.2.2); registered claims inside claims are ErrInvalidOptions.
func IssueVC(s keys.Signer, kid string, vc VCClaims, claims map[string]any, disclosable [][]string, o IssueOptions) (*SDJWT, error) {
	if vc.VCT == "" {
		return nil, ErrMissingVCT
	}
	for _, name := range vcOwned {
		if _, ok := claims[name]; ok {
			return nil, fmt.Errorf("%w: claim %q belongs in VCClaims", ErrInvalidOptions, name)
		}
	}
	for _, p := range disclosable {
		if len(p) > 0 && nonDisclosable(p[0]) {
			return nil, fmt.Errorf("%w: %s", ErrNonDisclosableClaim, p[0])
		}
	}
	if vc.Status != nil {
		if _, err := vc.StatusList(); err != nil {
			return nil, err
		}
	}
	payload := make(map[string]any, len(claims)+8)
	for k, v := range claims {
		payload[k] = v
	}
	payload["vct"] = vc.VCT
	if vc.Issuer != "" {
		payload["iss"] = vc.Issuer
	}
	if vc.Subject != "" {
		payload["sub"] = vc.Subject
	}
	for name, t := range map[string]time.Time{"iat": vc.IssuedAt, "nbf": vc.NotBefore, "exp": vc.Expires} {
		if !t.IsZero() {
			payload[name] = t.Unix()
		}
	}
	if vc.Holder != nil {
		payload["cnf"] = map[string]any{"jwk": vc.Holder.JWK()}
	}
	if vc.Status != nil {
		payload["status"] = vc.Status
	}
	return Issue(s, jws.Header{Typ: TypeVC, Kid: kid}, payload, disclosable, o)
}

// VerifiedVC is a verified SD-JWT VC.
type VerifiedVC struct {
	*Verified
	// VC holds the registered claims, read from the Processed SD-JWT
	// Payload.
	VC VCClaims
}

// VerifyVC is Verify with the rules of an SD-JWT VC
// (draft-ietf-oauth-sd-jwt-vc-12 §3.4): typ dc+sd-jwt, vct present (and
// equal to VerifyOptions.VCT when set), and none of iss, nbf, exp, cnf,
// vct, vct#integrity, status in a Disclosure. Key Binding uses cnf.
func (s *SDJWT) VerifyVC(o VerifyOptions) (*VerifiedVC, error) {
	return s.verifyVC(o, verifierMode)
}

// VerifyVCIssuance is VerifyIssuance with the rules of an SD-JWT VC: the
// Holder's check of a credential it received.
func (s *SDJWT) VerifyVCIssuance(o VerifyOptions) (*VerifiedVC, error) {
	return s.verifyVC(o, holderMode)
}

func (s *SDJWT) verifyVC(o VerifyOptions, m mode) (*VerifiedVC, error) {
	v, _, err := s.verify(o, m, true)
	if err != nil {
		return nil, err
	}
	out := &VerifiedVC{Verified: v, VC: VCClaims{Holder: v.HolderKey}}
	c := v.Claims
	// §3.2.2.2: vct "REQUIRED. The type of the Verifiable Credential".
	var ok bool
	if out.VC.VCT, ok = c["vct"].(string); !ok || out.VC.VCT == "" {
		return nil, ErrMissingVCT
	}
	if o.VCT != "" && out.VC.VCT != o.VCT {
		return nil, fmt.Errorf("%w: %q, want %q", ErrVCTMismatch, out.VC.VCT, o.VCT)
	}
	if out.VC.Issuer, err = optionalString(c, "iss"); err != nil {
		return nil, err
	}
	if out.VC.Subject, err = optionalString(c, "sub"); err != nil {
		return nil, err
	}
	// Validity was checked by verify (RFC 9901 §7.1 step 6); read it back.
	if out.VC.IssuedAt, err = optionalDate(c, "iat"); err != nil {
		return nil, err
	}
	if out.VC.NotBefore, err = optionalDate(c, "nbf"); err != nil {
		return nil, err
	}
	if out.VC.Expires, err = optionalDate(c, "exp"); err != nil {
		return nil, err
	}
	if x, present := c["status"]; present {
		if out.VC.Status, ok = x.(map[string]any); !ok {
			return nil, fmt.Errorf("%w: status is not an object", ErrInvalidStatus)
		}
		if _, err := out.VC.StatusList(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func optionalString(c map[string]any, name string) (string, error) {
	x, present := c[name]
	if !present {
		return "", nil
	}
	s, ok := x.(string)
	if !ok {
		return "", fmt.Errorf("%w: %s is not a string", ErrInvalidClaim, name)
	}
	return s, nil
}

func optionalDate(c map[string]any, name string) (time.Time, error) {
	x, present := c[name]
	if !present {
		return time.Time{}, nil
	}
	return numericDate(name, x)
}

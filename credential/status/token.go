package status

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// TokenType is the typ of a Status List Token in JWT format (draft §5.1).
const TokenType = "statuslist+jwt"

// MediaType is the media type of a Status List Token in JWT format (draft
// §8.1, §8.2).
const MediaType = "application/statuslist+jwt"

// ClockSkew is how far in the future of now a token's iat or nbf may lie
// before Verify rejects it, for clocks of issuer and counter that disagree a
// little. It never extends exp.
const ClockSkew = time.Minute

// maxNumericDate is 9999-12-31T23:59:59Z, the largest NumericDate accepted.
const maxNumericDate = 253402300799

// TokenClaims are the claims of a Status List Token an issuer signs (draft
// §5.1).
type TokenClaims struct {
	// Issuer is the optional iss.
	Issuer string
	// Subject is sub: the URI of the Status List Token, equal to the uri of
	// every Referenced Token pointing into it. Required.
	Subject string
	// IssuedAt is iat. Required.
	IssuedAt time.Time
	// Expiry is exp (RECOMMENDED); zero leaves it out.
	Expiry time.Time
	// TTL is ttl (RECOMMENDED), in whole seconds; zero leaves it out.
	TTL time.Duration
	// StatusList is the status_list claim (§4.2), from List.EncodeTokenList.
	StatusList StatusList
}

type tokenPayload struct {
	Iss        string     `json:"iss,omitempty"`
	Sub        string     `json:"sub"`
	Iat        int64      `json:"iat"`
	Exp        int64      `json:"exp,omitempty"`
	TTL        int64      `json:"ttl,omitempty"`
	StatusList StatusList `json:"status_list"`
}

// SignStatusListToken signs a Status List Token in JWT format (draft §5.1):
// header typ statuslist+jwt and kid, claims sub, iat, exp, ttl and
// status_list. The claims are checked first, the status list included, so
// that an issuer never publishes a token a Relying Party must reject.
func SignStatusListToken(s keys.Signer, kid string, c TokenClaims) (string, error) {
	if s == nil {
		return "", fmt.Errorf("status: no signer")
	}
	if !isAbsoluteURI(c.Subject) {
		return "", fmt.Errorf("%w: sub %q is not a URI", ErrMissingClaim, c.Subject)
	}
	if c.IssuedAt.IsZero() || c.IssuedAt.Unix() < 0 || c.IssuedAt.Unix() > maxNumericDate {
		return "", fmt.Errorf("%w: iat", ErrMissingClaim)
	}
	if !c.Expiry.IsZero() && (!c.Expiry.After(c.IssuedAt) || c.Expiry.Unix() > maxNumericDate) {
		return "", fmt.Errorf("%w: exp %v not after iat %v", ErrTokenExpired, c.Expiry, c.IssuedAt)
	}
	if c.TTL != 0 && (c.TTL < time.Second || c.TTL > MaxTTL) {
		return "", fmt.Errorf("%w: %v", ErrTTL, c.TTL)
	}
	if _, err := c.StatusList.Decode(); err != nil {
		return "", err
	}
	if a := c.StatusList.AggregationURI; a != "" && !isAbsoluteURI(a) {
		return "", fmt.Errorf("status: aggregation_uri %q is not a URI", a)
	}
	p := tokenPayload{
		Iss:        c.Issuer,
		Sub:        c.Subject,
		Iat:        c.IssuedAt.Unix(),
		TTL:        int64(c.TTL / time.Second),
		StatusList: c.StatusList,
	}
	if !c.Expiry.IsZero() {
		p.Exp = c.Expiry.Unix()
	}
	payload, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("status: encode claims: %w", err)
	}
	return jws.Sign(s, jws.Header{Typ: TokenType, Kid: kid}, payload)
}

// StatusListToken is a parsed, unverified Status List Token. Its fields are
// outside input until Verify returns without error.
type StatusListToken struct {
	Header    jws.Header
	Issuer    string
	Subject   string
	IssuedAt  time.Time // zero when absent
	Expiry    time.Time // zero when absent
	NotBefore time.Time // zero when absent
	TTL       time.Duration
	// StatusList is the status_list claim, not yet decompressed.
	StatusList StatusList

	token      *jws.Token
	hasSub     bool
	hasIat     bool
	hasList    bool
	hasTTL     bool
	ttlSeconds float64
}

type tokenClaimsWire struct {
	Iss        *string             `json:"iss"`
	Sub        *string             `json:"sub"`
	Iat        josejson.RawMessage `json:"iat"`
	Exp        josejson.RawMessage `json:"exp"`
	Nbf        josejson.RawMessage `json:"nbf"`
	TTL        josejson.RawMessage `json:"ttl"`
	StatusList *statusListWire     `json:"status_list"`
}

type statusListWire struct {
	Bits           *int    `json:"bits"`
	Lst            *string `json:"lst"`
	AggregationURI *string `json:"aggregation_uri"`
}

// ParseStatusListToken decodes a compact Status List Token without
// verifying it: the JWS structure (credential/jws), a claims set that is a
// JSON object with unique member names, and claims of the right JSON types
// (NumericDate and ttl are JSON numbers, status_list an object with an
// integer bits and a string lst). Failures wrap ErrMalformedToken.
func ParseStatusListToken(compact string) (*StatusListToken, error) {
	if len(compact) > MaxStatusListTokenSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrMalformedToken, len(compact), MaxStatusListTokenSize)
	}
	tok, err := jws.Parse(compact)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformedToken, err)
	}
	// RFC 7519 §7.2 step 8: a cty of "JWT" announces a nested JWT, which a
	// Status List Token never is.
	if strings.EqualFold(tok.Header.Cty, "JWT") {
		return nil, fmt.Errorf("%w: nested JWT", ErrMalformedToken)
	}
	var w tokenClaimsWire
	if err := decodeObject(tok.Payload, &w); err != nil {
		return nil, fmt.Errorf("%w: claims: %v", ErrMalformedToken, err)
	}
	t := &StatusListToken{Header: tok.Header, token: tok}
	if w.Iss != nil {
		t.Issuer = *w.Iss
	}
	if w.Sub != nil {
		t.Subject, t.hasSub = *w.Sub, true
	}
	if t.IssuedAt, t.hasIat, err = parseNumericDate(w.Iat); err != nil {
		return nil, fmt.Errorf("%w: iat: %v", ErrMalformedToken, err)
	}
	if t.Expiry, _, err = parseNumericDate(w.Exp); err != nil {
		return nil, fmt.Errorf("%w: exp: %v", ErrMalformedToken, err)
	}
	if t.NotBefore, _, err = parseNumericDate(w.Nbf); err != nil {
		return nil, fmt.Errorf("%w: nbf: %v", ErrMalformedToken, err)
	}
	if w.TTL != nil {
		if t.ttlSeconds, err = parseJSONNumber(w.TTL); err != nil {
			return nil, fmt.Errorf("%w: ttl: %v", ErrMalformedToken, err)
		}
		t.hasTTL = true
		if t.ttlSeconds > 0 && t.ttlSeconds <= MaxTTL.Seconds() {
			t.TTL = time.Duration(t.ttlSeconds * float64(time.Second))
		}
	}
	if sl := w.StatusList; sl != nil && sl.Bits != nil && sl.Lst != nil {
		t.hasList = true
		t.StatusList = StatusList{Bits: *sl.Bits, Lst: *sl.Lst}
		if sl.AggregationURI != nil {
			t.StatusList.AggregationURI = *sl.AggregationURI
		}
	}
	return t, nil
}

// Verify checks the token and returns its decompressed status list. It
// takes every trust input: the Status Issuer's key, the algorithms accepted
// (no default), the current time, and uri, the uri of the Referenced
// Token's status_list that led here. It walks draft §8.3 step 3 to 5:
//
//   - 3a: the signature (§5.1 rule 2: "Relying Parties MUST reject JWTs
//     with an invalid signature") and typ ("The JWT type MUST be
//     statuslist+jwt");
//   - 3b: the required claims sub, iat and status_list;
//   - 4a: "The subject claim (sub or 2) of the Status List Token MUST be
//     equal to the uri claim in the status_list object of the Referenced
//     Token";
//   - 4b: iat, which may not lie in the future beyond ClockSkew;
//   - 4c: "If the expiration time is defined (exp or 4), it MUST be checked
//     if the Status List Token is expired", and nbf (RFC 7519 §4.1.5);
//   - ttl "MUST be a positive number" (§5.1);
//   - 5: bits and lst (§4.2), decompressed within MaxListSize.
func (t *StatusListToken) Verify(key *keys.PublicKey, allowed []keys.Algorithm, now time.Time, uri string) (*TokenList, error) {
	if t == nil || t.token == nil {
		return nil, fmt.Errorf("%w: not parsed", ErrMalformedToken)
	}
	// §8.3 step 3a, §5.1 rule 2: "Relying Parties MUST reject JWTs with an
	// invalid signature."
	if err := t.token.Verify(key, allowed); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrTokenSignature, err)
	}
	// §5.1 typ: "The JWT type MUST be statuslist+jwt."
	if !jws.TypIs(t.Header.Typ, TokenType) {
		return nil, fmt.Errorf("%w: %q", ErrTokenType, truncate(t.Header.Typ))
	}
	// §8.3 step 3b: "Check for the existence of the required claims": sub,
	// iat and status_list are REQUIRED (§5.1).
	switch {
	case !t.hasSub:
		return nil, fmt.Errorf("%w: sub", ErrMissingClaim)
	case !t.hasIat:
		return nil, fmt.Errorf("%w: iat", ErrMissingClaim)
	case !t.hasList:
		return nil, fmt.Errorf("%w: status_list with bits and lst", ErrMissingClaim)
	}
	// §8.3 step 4a: "The subject claim ... MUST be equal to the uri claim in
	// the status_list object of the Referenced Token" (RFC 3986 §6.2.1
	// simple string comparison).
	if uri == "" || t.Subject != uri {
		return nil, fmt.Errorf("%w: sub %q, uri %q", ErrSubjectMismatch, truncate(t.Subject), truncate(uri))
	}
	// §8.3 step 4b: freshness policy on iat; Cachet refuses a list issued in
	// the future.
	if t.IssuedAt.After(now.Add(ClockSkew)) {
		return nil, fmt.Errorf("%w: iat %s, now %s", ErrTokenIssuedInFuture, t.IssuedAt.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	// §8.3 step 4c: "If the expiration time is defined (exp or 4), it MUST
	// be checked if the Status List Token is expired"; RFC 7519 §4.1.4: not
	// accepted "on or after the expiration time".
	if !t.Expiry.IsZero() && !now.Before(t.Expiry) {
		return nil, fmt.Errorf("%w: exp %s, now %s", ErrTokenExpired, t.Expiry.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	// §5.1 rule 3: valid "in all other respects per" RFC 7519: nbf (§4.1.5).
	if !t.NotBefore.IsZero() && now.Add(ClockSkew).Before(t.NotBefore) {
		return nil, fmt.Errorf("%w: nbf %s, now %s", ErrTokenNotYetValid, t.NotBefore.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	// §5.1 ttl: "The value of the claim MUST be a positive number".
	if t.hasTTL && (t.ttlSeconds <= 0 || t.ttlSeconds > MaxTTL.Seconds()) {
		return nil, fmt.Errorf("%w: %v", ErrTTL, t.ttlSeconds)
	}
	// §4.2 aggregation_uri: "JSON String that contains a URI".
	if a := t.StatusList.AggregationURI; a != "" && !isAbsoluteURI(a) {
		return nil, fmt.Errorf("%w: aggregation_uri %q is not a URI", ErrMalformedToken, truncate(a))
	}
	// §8.3 step 5 and §4.2: bits and lst, decompressed within MaxListSize.
	return t.StatusList.Decode()
}

// parseJSONNumber reads a JSON number literal (not a string holding one).
func parseJSONNumber(raw josejson.RawMessage) (float64, error) {
	s := string(raw)
	if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) {
		return 0, fmt.Errorf("not a JSON number")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("not a finite number")
	}
	return f, nil
}

// parseNumericDate reads an RFC 7519 §2 NumericDate: a JSON number of
// seconds since the epoch, fractions allowed, 0 to maxNumericDate.
func parseNumericDate(raw josejson.RawMessage) (time.Time, bool, error) {
	if raw == nil {
		return time.Time{}, false, nil
	}
	f, err := parseJSONNumber(raw)
	if err != nil {
		return time.Time{}, false, err
	}
	if f < 0 || f > maxNumericDate {
		return time.Time{}, false, fmt.Errorf("NumericDate %v out of range", f)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true, nil
}

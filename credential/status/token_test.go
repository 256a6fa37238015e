package status

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

const tokenURI = "https://status.cachet.example/tsl/3"

var (
	tokenIat = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	tokenNow = tokenIat.Add(time.Hour)
	edOnly   = []keys.Algorithm{keys.EdDSA}
)

func testClaims(t *testing.T) TokenClaims {
	l, err := NewList(1024, 2)
	requireNoErr(t, err)
	requireNoErr(t, l.Set(7, uint8(StatusSuspended)))
	requireNoErr(t, l.Set(8, uint8(StatusInvalid)))
	sl, err := l.EncodeTokenList()
	requireNoErr(t, err)
	return TokenClaims{
		Issuer:     issuerDID,
		Subject:    tokenURI,
		IssuedAt:   tokenIat,
		Expiry:     tokenIat.Add(24 * time.Hour),
		TTL:        10 * time.Minute,
		StatusList: sl,
	}
}

// signRaw signs an arbitrary payload, for tokens SignStatusListToken refuses
// to make.
func signRaw(t *testing.T, k keys.Signer, typ string, payload map[string]any) string {
	t.Helper()
	b, err := json.Marshal(payload)
	requireNoErr(t, err)
	s, err := jws.Sign(k, jws.Header{Typ: typ, Kid: "k1"}, b)
	requireNoErr(t, err)
	return s
}

func basePayload(t *testing.T) map[string]any {
	c := testClaims(t)
	return map[string]any{
		"sub":         c.Subject,
		"iat":         c.IssuedAt.Unix(),
		"exp":         c.Expiry.Unix(),
		"ttl":         600,
		"status_list": map[string]any{"bits": c.StatusList.Bits, "lst": c.StatusList.Lst},
	}
}

func TestSignParseVerify(t *testing.T) {
	for _, alg := range keys.Algorithms() {
		t.Run(string(alg), func(t *testing.T) {
			k, err := keys.Generate(alg)
			requireNoErr(t, err)
			compact, err := SignStatusListToken(k, "k1", testClaims(t))
			requireNoErr(t, err)
			tok, err := ParseStatusListToken(compact)
			requireNoErr(t, err)
			if tok.Header.Typ != TokenType || tok.Header.Kid != "k1" || tok.Issuer != issuerDID || tok.TTL != 10*time.Minute {
				t.Fatalf("%+v", tok)
			}
			tl, err := tok.Verify(k.Public(), []keys.Algorithm{alg}, tokenNow, tokenURI)
			requireNoErr(t, err)
			ref, err := ParseStatusClaim(mustJSON(t, NewStatusClaim(tokenURI, 7)))
			requireNoErr(t, err)
			for idx, want := range map[uint64]StatusType{7: StatusSuspended, 8: StatusInvalid, 9: StatusValid} {
				ref.Idx = idx
				if got, err := ref.Lookup(tl); err != nil || got != want {
					t.Fatalf("idx %d: %v %v", idx, got, err)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	requireNoErr(t, err)
	return b
}

func TestVerifyErrors(t *testing.T) {
	k := testKey(t)
	other, err := keys.Generate(keys.EdDSA)
	requireNoErr(t, err)
	bomb := b64.EncodeToString(zl(t, make([]byte, MaxListSize+1)))
	with := func(k string, v any) map[string]any {
		p := basePayload(t)
		if v == nil {
			delete(p, k)
		} else {
			p[k] = v
		}
		return p
	}
	good := signRaw(t, k, TokenType, basePayload(t))
	flipped := []byte(good)
	flipped[len(flipped)-5] ^= 0x01
	for _, tc := range []struct {
		name    string
		compact string
		key     *keys.PublicKey
		allowed []keys.Algorithm
		now     time.Time
		uri     string
		want    []error
	}{
		{"bad signature", string(flipped), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenSignature, jws.ErrSignature}},
		{"other key", good, other.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenSignature}},
		{"no key", good, nil, edOnly, tokenNow, tokenURI, []error{ErrTokenSignature}},
		{"algorithm not allowed", good, k.Public(), []keys.Algorithm{keys.ES256}, tokenNow, tokenURI, []error{ErrTokenSignature, jws.ErrAlgorithmNotAllowed}},
		{"no allowed algorithms", good, k.Public(), nil, tokenNow, tokenURI, []error{ErrTokenSignature, jws.ErrNoAllowedAlgorithms}},
		{"wrong typ", signRaw(t, k, "JWT", basePayload(t)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenType}},
		{"no typ", signRaw(t, k, "", basePayload(t)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenType}},
		{"cwt typ", signRaw(t, k, "statuslist+cwt", basePayload(t)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenType}},
		{"sub missing", signRaw(t, k, TokenType, with("sub", nil)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrMissingClaim}},
		{"iat missing", signRaw(t, k, TokenType, with("iat", nil)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrMissingClaim}},
		{"status_list missing", signRaw(t, k, TokenType, with("status_list", nil)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrMissingClaim}},
		{"lst missing", signRaw(t, k, TokenType, with("status_list", map[string]any{"bits": 1})), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrMissingClaim}},
		{"bits missing", signRaw(t, k, TokenType, with("status_list", map[string]any{"lst": "eNrbuRgAAhcBXQ"})), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrMissingClaim}},
		{"sub mismatch", good, k.Public(), edOnly, tokenNow, tokenURI + "/", []error{ErrSubjectMismatch}},
		{"sub differs in case", good, k.Public(), edOnly, tokenNow, strings.ToUpper(tokenURI), []error{ErrSubjectMismatch}},
		{"empty uri", signRaw(t, k, TokenType, with("sub", "")), k.Public(), edOnly, tokenNow, "", []error{ErrSubjectMismatch}},
		{"expired", good, k.Public(), edOnly, tokenIat.Add(25 * time.Hour), tokenURI, []error{ErrTokenExpired}},
		{"expired at exp", good, k.Public(), edOnly, tokenIat.Add(24 * time.Hour), tokenURI, []error{ErrTokenExpired}},
		{"exp 0", signRaw(t, k, TokenType, with("exp", 0)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenExpired}},
		{"nbf in the future", signRaw(t, k, TokenType, with("nbf", tokenNow.Add(2*time.Minute).Unix())), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTokenNotYetValid}},
		{"iat in the future", good, k.Public(), edOnly, tokenIat.Add(-2 * time.Minute), tokenURI, []error{ErrTokenIssuedInFuture}},
		{"ttl 0", signRaw(t, k, TokenType, with("ttl", 0)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTTL}},
		{"ttl negative", signRaw(t, k, TokenType, with("ttl", -5)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTTL}},
		{"ttl over the limit", signRaw(t, k, TokenType, with("ttl", MaxTTL.Seconds()+1)), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrTTL}},
		{"bits 3", signRaw(t, k, TokenType, with("status_list", map[string]any{"bits": 3, "lst": "eNrbuRgAAhcBXQ"})), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrBits}},
		{"lst not zlib", signRaw(t, k, TokenType, with("status_list", map[string]any{"bits": 1, "lst": "aGVsbG8"})), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrNotZlib}},
		{"aggregation_uri relative", signRaw(t, k, TokenType, with("status_list", map[string]any{"bits": 1, "lst": "eNrbuRgAAhcBXQ", "aggregation_uri": "/all"})), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrMalformedToken}},
		{"lst bomb", signRaw(t, k, TokenType, with("status_list", map[string]any{"bits": 1, "lst": bomb})), k.Public(), edOnly, tokenNow, tokenURI, []error{ErrListTooLarge}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := ParseStatusListToken(tc.compact)
			requireNoErr(t, err)
			_, err = tok.Verify(tc.key, tc.allowed, tc.now, tc.uri)
			requireErr(t, err, tc.want...)
		})
	}
	// Within ClockSkew, iat and nbf in the future are accepted, and the
	// media type form of typ is the same type (RFC 7515 §4.1.9).
	for name, compact := range map[string]string{
		"iat within skew":        good,
		"nbf within skew":        signRaw(t, k, TokenType, with("nbf", tokenIat.Add(30*time.Second).Unix())),
		"typ as media type":      signRaw(t, k, MediaType, basePayload(t)),
		"no exp":                 signRaw(t, k, TokenType, with("exp", nil)),
		"fractional NumericDate": signRaw(t, k, TokenType, with("iat", float64(tokenIat.Unix())+0.5)),
	} {
		tok, err := ParseStatusListToken(compact)
		requireNoErr(t, err)
		if _, err := tok.Verify(k.Public(), edOnly, tokenIat.Add(-30*time.Second), tokenURI); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	var nilTok *StatusListToken
	_, err = nilTok.Verify(k.Public(), edOnly, tokenNow, tokenURI)
	requireErr(t, err, ErrMalformedToken)
}

func TestParseStatusListTokenErrors(t *testing.T) {
	k := testKey(t)
	raw := func(payload string) string {
		s, err := jws.Sign(k, jws.Header{Typ: TokenType}, []byte(payload))
		requireNoErr(t, err)
		return s
	}
	for _, tc := range []struct {
		name    string
		compact string
	}{
		{"empty", ""},
		{"not a JWS", "hello"},
		{"two parts", "a.b"},
		{"too large", strings.Repeat("a", MaxStatusListTokenSize+1)},
		{"alg none", "eyJhbGciOiJub25lIn0.e30."},
		{"payload not JSON", raw("not json")},
		{"payload an array", raw("[]")},
		{"payload null", raw("null")},
		{"duplicate claim", raw(`{"sub":"a","sub":"b","iat":1}`)},
		{"duplicate member inside status_list", raw(`{"sub":"a","iat":1,"status_list":{"bits":1,"bits":2,"lst":""}}`)},
		{"duplicate member inside an unknown claim", raw(`{"sub":"a","iat":1,"x":{"y":1,"y":2}}`)},
		{"iat a string", raw(`{"sub":"a","iat":"1"}`)},
		{"iat negative", raw(`{"sub":"a","iat":-1}`)},
		{"iat past year 9999", raw(`{"sub":"a","iat":1e12}`)},
		{"iat null", raw(`{"sub":"a","iat":null}`)},
		{"exp a boolean", raw(`{"sub":"a","iat":1,"exp":true}`)},
		{"nbf an object", raw(`{"sub":"a","iat":1,"nbf":{}}`)},
		{"ttl a string", raw(`{"sub":"a","iat":1,"ttl":"600"}`)},
		{"sub a number", raw(`{"sub":1,"iat":1}`)},
		{"status_list a string", raw(`{"sub":"a","iat":1,"status_list":"x"}`)},
		{"bits a string", raw(`{"sub":"a","iat":1,"status_list":{"bits":"1","lst":"x"}}`)},
		{"bits a fraction", raw(`{"sub":"a","iat":1,"status_list":{"bits":1.5,"lst":"x"}}`)},
		{"lst a number", raw(`{"sub":"a","iat":1,"status_list":{"bits":1,"lst":5}}`)},
		{"nested JWT", func() string {
			s, _ := jws.Sign(k, jws.Header{Typ: TokenType, Cty: "JWT"}, []byte(`{}`))
			return s
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStatusListToken(tc.compact)
			requireErr(t, err, ErrMalformedToken)
		})
	}
}

func TestSignStatusListTokenErrors(t *testing.T) {
	k := testKey(t)
	for _, tc := range []struct {
		name   string
		signer keys.Signer
		modify func(*TokenClaims)
		want   error
	}{
		{"no signer", nil, func(*TokenClaims) {}, nil},
		{"subject not a URI", k, func(c *TokenClaims) { c.Subject = "tsl/3" }, ErrMissingClaim},
		{"no iat", k, func(c *TokenClaims) { c.IssuedAt = time.Time{} }, ErrMissingClaim},
		{"iat before 1970", k, func(c *TokenClaims) { c.IssuedAt = time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC) }, ErrMissingClaim},
		{"exp before iat", k, func(c *TokenClaims) { c.Expiry = c.IssuedAt.Add(-time.Second) }, ErrTokenExpired},
		{"ttl under a second", k, func(c *TokenClaims) { c.TTL = time.Millisecond }, ErrTTL},
		{"ttl negative", k, func(c *TokenClaims) { c.TTL = -time.Minute }, ErrTTL},
		{"bits 3", k, func(c *TokenClaims) { c.StatusList.Bits = 3 }, ErrBits},
		{"lst not zlib", k, func(c *TokenClaims) { c.StatusList.Lst = "aGVsbG8" }, ErrNotZlib},
		{"aggregation_uri relative", k, func(c *TokenClaims) { c.StatusList.AggregationURI = "all" }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testClaims(t)
			tc.modify(&c)
			_, err := SignStatusListToken(tc.signer, "k1", c)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil {
				requireErr(t, err, tc.want)
			}
		})
	}
}

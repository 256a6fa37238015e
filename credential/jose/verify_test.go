package jose

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// signRaw signs an arbitrary header and payload with the bureau key.
func signRaw(t *testing.T, h jws.Header, payload string) string {
	t.Helper()
	tok, err := jws.Sign(bureauKey(t), h, []byte(payload))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func cardJSON(t *testing.T) string {
	b, err := residentCard().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withMember adds a member to the top-level object of a JSON document.
func withMember(doc, member string) string { return "{" + member + "," + doc[1:] }

func TestVerifyCredentialFailures(t *testing.T) {
	vcHeader := jws.Header{Typ: TypeCredential, Kid: bureauKid}
	card := cardJSON(t)
	otherKey := seededEd25519(t, "another bureau")
	es256, err := keys.Generate(keys.ES256)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	tests := []struct {
		name     string
		token    string
		key      *keys.PublicKey // default: the bureau's
		opts     func(*VerifyOptions)
		parseErr error
		want     error
	}{
		{name: "valid", token: signRaw(t, vcHeader, card)},
		{name: "valid with cty vc and matching iss", token: signRaw(t, jws.Header{Typ: "application/vc+jwt", Kid: bureauKid, Cty: "vc"}, withMember(card, `"iss":"`+bureauDID+`"`))},
		{name: "wrong typ", token: signRaw(t, jws.Header{Typ: "JWT", Kid: bureauKid}, card), parseErr: ErrType},
		{name: "typ of a presentation", token: signRaw(t, jws.Header{Typ: TypePresentation, Kid: bureauKid}, card), parseErr: ErrType},
		{name: "no typ", token: signRaw(t, jws.Header{Kid: bureauKid}, card), parseErr: ErrType},
		{name: "unknown cty", token: signRaw(t, jws.Header{Typ: TypeCredential, Kid: bureauKid, Cty: "vc+ld+json"}, card), parseErr: ErrContentType},
		{name: "crit header", token: signRaw(t, jws.Header{Typ: TypeCredential, Kid: bureauKid, Crit: []string{"exp"}}, card), parseErr: jws.ErrUnknownCritical},
		{name: "alg none", token: b64([]byte(`{"alg":"none","typ":"vc+jwt","kid":"`+bureauKid+`"}`)) + "." + b64([]byte(card)) + ".", parseErr: jws.ErrMalformed},
		{name: "not three parts", token: "abc.def", parseErr: jws.ErrMalformed},
		{name: "kid missing", token: signRaw(t, jws.Header{Typ: TypeCredential}, card), parseErr: ErrKidMissing},
		{name: "payload not JSON", token: signRaw(t, vcHeader, "hello"), parseErr: ErrPayload},
		{name: "payload a JSON array", token: signRaw(t, vcHeader, "[]"), parseErr: ErrPayload},
		{name: "payload with duplicate members", token: signRaw(t, vcHeader, withMember(card, `"issuer":"did:cachet:impostor"`)), parseErr: credential.ErrDuplicateMember},
		{name: "exp not a number", token: signRaw(t, vcHeader, withMember(card, `"exp":"2030-01-01"`)), parseErr: ErrClaim},
		{name: "iss not a string", token: signRaw(t, vcHeader, withMember(card, `"iss":7`)), parseErr: ErrClaim},
		{name: "no allowed algorithms", token: signRaw(t, vcHeader, card), opts: func(o *VerifyOptions) { o.Algorithms = nil }, want: jws.ErrNoAllowedAlgorithms},
		{name: "alg not allowed", token: signRaw(t, vcHeader, card), opts: func(o *VerifyOptions) { o.Algorithms = []keys.Algorithm{keys.ES256} }, want: jws.ErrAlgorithmNotAllowed},
		{name: "no time", token: signRaw(t, vcHeader, card), opts: func(o *VerifyOptions) { o.Now = time.Time{} }, want: ErrOptions},
		{name: "key of another algorithm", token: signRaw(t, vcHeader, card), key: es256.Public(), want: jws.ErrKeyMismatch},
		{name: "bad signature", token: signRaw(t, vcHeader, card), key: otherKey.Public(), want: jws.ErrSignature},
		{name: "vc claim", token: signRaw(t, vcHeader, withMember(card, `"vc":{}`)), want: ErrVCVPClaim},
		{name: "iss is not the issuer", token: signRaw(t, vcHeader, withMember(card, `"iss":"did:cachet:other"`)), want: ErrIssuerMismatch},
		{name: "kid not a DID URL", token: signRaw(t, jws.Header{Typ: TypeCredential, Kid: "key-1"}, card), want: ErrKidNotIssuer},
		{name: "kid without fragment", token: signRaw(t, jws.Header{Typ: TypeCredential, Kid: bureauDID}, card), want: ErrKidNotIssuer},
		{name: "kid of another DID", token: signRaw(t, jws.Header{Typ: TypeCredential, Kid: "did:cachet:other#key-1"}, card), want: ErrKidNotIssuer},
		{name: "kid of another DID even with iss, unless opted out", token: signRaw(t, jws.Header{Typ: TypeCredential, Kid: "did:cachet:other#key-1"}, withMember(card, `"iss":"`+bureauDID+`"`)), want: ErrKidNotIssuer},
		{name: "token expired (exp)", token: signRaw(t, vcHeader, withMember(card, `"exp":1770000000`)), want: ErrTokenExpired},
		{name: "token not yet valid (nbf)", token: signRaw(t, vcHeader, withMember(card, `"nbf":1900000000`)), want: ErrTokenNotYetValid},
		{name: "exp within leeway", token: signRaw(t, vcHeader, withMember(card, `"exp":`+formatInt(now.Unix()-30))), opts: func(o *VerifyOptions) { o.Leeway = time.Minute }},
		{name: "missing @context", token: signRaw(t, vcHeader, strings.Replace(card, `"@context":["https://www.w3.org/ns/credentials/v2","https://cachet.example/ns/v1"],`, "", 1)), want: credential.ErrContextMissing},
		{name: "no VerifiableCredential type", token: signRaw(t, vcHeader, strings.Replace(card, `"VerifiableCredential",`, "", 1)), want: credential.ErrTypeNoVC},
		{name: "not yet valid (validFrom)", token: signRaw(t, vcHeader, card), opts: func(o *VerifyOptions) { o.Now = time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC) }, want: credential.ErrNotYetValid},
		{name: "expired (validUntil)", token: signRaw(t, vcHeader, card), opts: func(o *VerifyOptions) { o.Now = time.Date(2036, 3, 1, 0, 0, 0, 0, time.UTC) }, want: credential.ErrExpired},
		{name: "expired but window check skipped", token: signRaw(t, vcHeader, card), opts: func(o *VerifyOptions) {
			o.Now = time.Date(2036, 3, 1, 0, 0, 0, 0, time.UTC)
			o.SkipValidityWindowUnsafe = true
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(tt.token)
			if tt.parseErr != nil || err != nil {
				if tt.parseErr == nil || !errors.Is(err, tt.parseErr) {
					t.Fatalf("Parse: want %v, got %v", tt.parseErr, err)
				}
				return
			}
			o := verifyOpts()
			if tt.opts != nil {
				tt.opts(&o)
			}
			key := tt.key
			if key == nil {
				key = bureauKey(t).Public()
			}
			c, err := p.Verify(key, o)
			if tt.want == nil {
				if err != nil || c == nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || c != nil {
				t.Fatalf("Verify: want %v, got %v", tt.want, err)
			}
		})
	}
}

func formatInt(n int64) string {
	b, _ := credential.MarshalValue(n)
	return string(b)
}

func TestIssueFailures(t *testing.T) {
	k := bureauKey(t)
	tests := []struct {
		name   string
		kid    string
		mutate func(*credential.Credential)
		want   error
	}{
		{"nonconforming credential", bureauKid, func(c *credential.Credential) { c.Issuer.ID = "" }, credential.ErrIssuerMissing},
		{"kid of another DID", "did:cachet:other#key-1", nil, ErrKidNotIssuer},
		{"kid without fragment", bureauDID, nil, ErrKidNotIssuer},
		{"embedded proof", bureauKid, func(c *credential.Credential) { c.Proof = map[string]any{"type": "DataIntegrityProof"} }, ErrEmbeddedProof},
		{"vc extension member", bureauKid, func(c *credential.Credential) { c.Extensions = map[string]any{"vc": "x"} }, ErrVCVPClaim},
		{"iss differs from issuer", bureauKid, func(c *credential.Credential) { c.Extensions = map[string]any{"iss": "did:cachet:x"} }, ErrIssuerMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := residentCard()
			if tt.mutate != nil {
				tt.mutate(c)
			}
			if _, err := Issue(k, tt.kid, c); !errors.Is(err, tt.want) {
				t.Fatalf("want %v, got %v", tt.want, err)
			}
		})
	}
}

func TestIssueES256RoundTrip(t *testing.T) {
	k, err := keys.Generate(keys.ES256)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := Issue(k, bureauKid, residentCard())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(tok)
	if err != nil {
		t.Fatal(err)
	}
	if p.Header.Alg != keys.ES256 || p.Header.Typ != TypeCredential || p.Header.Kid != bureauKid {
		t.Fatalf("header %+v", p.Header)
	}
	if _, err := p.Verify(k.Public(), verifyOpts()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Verify(k.Public(), VerifyOptions{Algorithms: []keys.Algorithm{keys.EdDSA}, Now: now}); !errors.Is(err, jws.ErrAlgorithmNotAllowed) {
		t.Fatalf("EdDSA-only verifier accepted ES256: %v", err)
	}
}

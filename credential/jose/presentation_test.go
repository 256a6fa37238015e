package jose

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

const (
	counterID = "https://counter.xuhui.cachet.example/verifier"
	nonce     = "n-0S6_WzA2Mj"
)

func presentationOpts() PresentationOptions {
	return PresentationOptions{Algorithms: []keys.Algorithm{keys.EdDSA, keys.ES256}, Now: now, Audience: counterID, Nonce: nonce, MaxAge: 5 * time.Minute}
}

// presentCard issues the resident card and wraps it in a presentation by the
// holder.
func presentCard(t *testing.T) (*credential.Presentation, string) {
	t.Helper()
	vc, err := Issue(bureauKey(t), bureauKid, residentCard())
	if err != nil {
		t.Fatal(err)
	}
	return &credential.Presentation{
		Context:              []credential.Context{{URL: credential.ContextV2}},
		Type:                 []string{credential.TypeVerifiablePresentation},
		Holder:               credential.Issuer{ID: holderDID},
		VerifiableCredential: []*credential.Credential{credential.NewEnveloped(MediaTypeCredential, vc)},
	}, vc
}

func claimsAt(at time.Time) PresentationClaims {
	return PresentationClaims{Audience: counterID, Nonce: nonce, IssuedAt: at, Expiry: at.Add(2 * time.Minute)}
}

func TestPresentationRoundTrip(t *testing.T) {
	p, vc := presentCard(t)
	tok, err := IssuePresentation(holderKey(t), holderKid, p, claimsAt(now.Add(-10*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	pp, err := ParsePresentation(tok)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pp.Verify(holderKey(t).Public(), presentationOpts())
	if err != nil {
		t.Fatal(err)
	}
	if got.Holder.ID != holderDID || len(pp.Credentials) != 1 {
		t.Fatalf("holder %q, %d credentials", got.Holder.ID, len(pp.Credentials))
	}
	if pp.Credentials[0].token.SigningInput() != vc[:strings.LastIndexByte(vc, '.')] {
		t.Fatal("enveloped credential differs from the one issued")
	}
	c, err := pp.Credentials[0].Verify(bureauKey(t).Public(), verifyOpts())
	if err != nil {
		t.Fatal(err)
	}
	if c.CredentialSubject[0]["id"] != holderDID {
		t.Fatalf("subject %v", c.CredentialSubject[0]["id"])
	}
}

func TestVerifyPresentationFailures(t *testing.T) {
	hk := holderKey(t)
	p, _ := presentCard(t)
	issue := func(kid string, mutate func(*credential.Presentation), c PresentationClaims) string {
		q := *p
		if mutate != nil {
			mutate(&q)
		}
		tok, err := IssuePresentation(hk, kid, &q, c)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	fresh := claimsAt(now.Add(-10 * time.Second))
	vpJSON, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	rawVP := func(h jws.Header, payload string) string {
		tok, err := jws.Sign(hk, h, []byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	claims := `"aud":"` + counterID + `","nonce":"` + nonce + `","iat":` + formatInt(now.Unix()-10)
	vpHeader := jws.Header{Typ: TypePresentation, Kid: holderKid}
	tests := []struct {
		name     string
		token    string
		key      *keys.PublicKey
		opts     func(*PresentationOptions)
		parseErr error
		want     error
	}{
		{name: "valid", token: issue(holderKid, nil, fresh)},
		{name: "typ vc+jwt", token: rawVP(jws.Header{Typ: TypeCredential, Kid: holderKid}, withMember(string(vpJSON), claims)), parseErr: ErrPresentationType},
		{name: "unknown cty", token: rawVP(jws.Header{Typ: TypePresentation, Kid: holderKid, Cty: "vc"}, withMember(string(vpJSON), claims)), parseErr: ErrContentType},
		{name: "kid missing", token: rawVP(jws.Header{Typ: TypePresentation}, withMember(string(vpJSON), claims)), parseErr: ErrKidMissing},
		{name: "embedded credential not enveloped", token: rawVP(vpHeader, withMember(strings.Replace(string(vpJSON), `"verifiableCredential":[{`, `"verifiableCredential":[`+cardJSON(t)+`,{`, 1), claims)), parseErr: ErrNotEnveloped},
		{name: "enveloped SD-JWT is not JOSE", token: rawVP(vpHeader, withMember(strings.Replace(string(vpJSON), "data:application/vc+jwt,", "data:application/dc+sd-jwt,", 1), claims)), parseErr: ErrEnvelopeMediaType},
		{name: "enveloped token is not a vc+jwt", token: rawVP(vpHeader, withMember(strings.Replace(string(vpJSON), "data:application/vc+jwt,", "data:application/vc+jwt,x", 1), claims)), parseErr: jws.ErrMalformed},
		{name: "too many credentials", token: rawVP(vpHeader, withMember(strings.Replace(string(vpJSON), `"verifiableCredential":[`, `"verifiableCredential":[`+strings.Repeat(`{"type":"EnvelopedVerifiableCredential"},`, MaxEnvelopedCredentials), 1), claims)), parseErr: ErrTooManyCredentials},
		{name: "aud not a string", token: rawVP(vpHeader, withMember(string(vpJSON), `"aud":5`)), parseErr: ErrClaim},
		{name: "options without nonce", token: issue(holderKid, nil, fresh), opts: func(o *PresentationOptions) { o.Nonce = "" }, want: ErrOptions},
		{name: "bad signature", token: issue(holderKid, nil, fresh), key: bureauKey(t).Public(), want: jws.ErrSignature},
		{name: "vp claim", token: rawVP(vpHeader, withMember(string(vpJSON), claims+`,"vp":{}`)), want: ErrVCVPClaim},
		{name: "no holder", token: rawVP(vpHeader, withMember(strings.Replace(string(vpJSON), `"holder":"`+holderDID+`",`, "", 1), claims)), want: ErrHolderMissing},
		{name: "iss is not the holder", token: rawVP(vpHeader, withMember(string(vpJSON), claims+`,"iss":"`+bureauDID+`"`)), want: ErrHolderMismatch},
		{name: "kid of another DID", token: rawVP(jws.Header{Typ: TypePresentation, Kid: bureauKid}, withMember(string(vpJSON), claims)), want: ErrKidNotHolder},
		{name: "expired (exp)", token: issue(holderKid, nil, claimsAt(now.Add(-time.Hour))), want: ErrTokenExpired},
		{name: "wrong audience", token: issue(holderKid, nil, fresh), opts: func(o *PresentationOptions) { o.Audience = "https://other.example" }, want: ErrAudience},
		{name: "no aud claim", token: rawVP(vpHeader, withMember(string(vpJSON), `"nonce":"`+nonce+`"`)), want: ErrAudience},
		{name: "wrong nonce", token: issue(holderKid, nil, fresh), opts: func(o *PresentationOptions) { o.Nonce = "replayed" }, want: ErrNonce},
		{name: "iat in the future", token: issue(holderKid, nil, PresentationClaims{Audience: counterID, Nonce: nonce, IssuedAt: now.Add(time.Hour)}), want: ErrIssuedAt},
		{name: "older than MaxAge", token: issue(holderKid, nil, PresentationClaims{Audience: counterID, Nonce: nonce, IssuedAt: now.Add(-time.Hour)}), want: ErrIssuedAt},
		{name: "no iat with MaxAge", token: rawVP(vpHeader, withMember(string(vpJSON), `"aud":"`+counterID+`","nonce":"`+nonce+`"`)), want: ErrIssuedAt},
		{name: "presentation missing its type", token: rawVP(vpHeader, withMember(strings.Replace(string(vpJSON), `"type":["VerifiablePresentation"],`, "", 1), claims)), want: credential.ErrTypeMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pp, err := ParsePresentation(tt.token)
			if tt.parseErr != nil || err != nil {
				if tt.parseErr == nil || !errors.Is(err, tt.parseErr) {
					t.Fatalf("ParsePresentation: want %v, got %v", tt.parseErr, err)
				}
				return
			}
			o := presentationOpts()
			if tt.opts != nil {
				tt.opts(&o)
			}
			key := tt.key
			if key == nil {
				key = hk.Public()
			}
			got, err := pp.Verify(key, o)
			if tt.want == nil {
				if err != nil || got == nil {
					t.Fatalf("Verify: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) || got != nil {
				t.Fatalf("Verify: want %v, got %v", tt.want, err)
			}
		})
	}
}

func TestIssuePresentationFailures(t *testing.T) {
	hk := holderKey(t)
	fresh := claimsAt(now)
	tests := []struct {
		name   string
		kid    string
		mutate func(*credential.Presentation)
		claims PresentationClaims
		want   error
	}{
		{"kid not the holder's", bureauKid, nil, fresh, ErrKidNotHolder},
		{"no holder", holderKid, func(p *credential.Presentation) { p.Holder = credential.Issuer{} }, fresh, ErrHolderMissing},
		{"credential not enveloped", holderKid, func(p *credential.Presentation) {
			c := residentCard()
			c.Issuer.ID = holderDID
			c.Proof = map[string]any{"type": "DataIntegrityProof"}
			p.VerifiableCredential = []*credential.Credential{c}
		}, fresh, ErrNotEnveloped},
		{"no nonce", holderKid, nil, PresentationClaims{Audience: counterID, IssuedAt: now}, ErrOptions},
		{"nonconforming presentation", holderKid, func(p *credential.Presentation) { p.Type = []string{"Presentation"} }, fresh, credential.ErrTypeNoVP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := presentCard(t)
			if tt.mutate != nil {
				tt.mutate(p)
			}
			if _, err := IssuePresentation(hk, tt.kid, p, tt.claims); !errors.Is(err, tt.want) {
				t.Fatalf("want %v, got %v", tt.want, err)
			}
		})
	}
}

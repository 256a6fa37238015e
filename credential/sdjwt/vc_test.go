package sdjwt

import (
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

const testVCT = "https://cachet.example/credentials/residence"

func (f *fixture) vcClaims() VCClaims {
	return VCClaims{
		VCT:       testVCT,
		Issuer:    "did:cachet:bureau-of-civil-affairs",
		Subject:   "citizen-0042",
		IssuedAt:  t0.Add(-24 * time.Hour),
		NotBefore: t0.Add(-24 * time.Hour),
		Expires:   t0.Add(365 * 24 * time.Hour),
		Holder:    f.holder.Public(),
		Status:    map[string]any{"status_list": map[string]any{"idx": 412, "uri": "https://bureau.example/status/1"}},
	}
}

func residenceClaims() map[string]any {
	return map[string]any{
		"given_name":  "小明",
		"family_name": "王",
		"birthdate":   "1990-05-01",
		"address":     map[string]any{"district": "东城区", "street": "和平里 1 号"},
	}
}

var residencePaths = [][]string{{"given_name"}, {"family_name"}, {"birthdate"}, {"address"}, {"address", "street"}}

func TestVCRoundTrip(t *testing.T) {
	for _, alg := range []keys.Algorithm{keys.EdDSA, keys.ES256} {
		t.Run(string(alg), func(t *testing.T) {
			f := newFixture(alg)
			issued, err := IssueVC(f.issuer, "did:cachet:bureau#key-1", f.vcClaims(), residenceClaims(), append(residencePaths, []string{"sub"}), IssueOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if h := issued.Header(); h.Typ != TypeVC || h.Kid != "did:cachet:bureau#key-1" {
				t.Fatalf("header %+v", h)
			}
			o := f.options()
			o.VCT = testVCT
			o.Issuer = "did:cachet:bureau-of-civil-affairs"
			if _, err := issued.VerifyVCIssuance(o); err != nil {
				t.Fatal(err)
			}
			sel, err := issued.Select([][]string{{"given_name"}, {"family_name"}, {"address", "street"}})
			if err != nil {
				t.Fatal(err)
			}
			pres, err := sel.Present(f.holder, testAud, testNonce, t0.Add(-5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			v, err := mustParse(t, pres).VerifyVC(o)
			if err != nil {
				t.Fatal(err)
			}
			vc := v.VC
			if vc.VCT != testVCT || vc.Issuer != o.Issuer || vc.Subject != "" || !vc.Holder.Equal(f.holder.Public()) ||
				!vc.Expires.Equal(t0.Add(365*24*time.Hour)) || !vc.NotBefore.Equal(t0.Add(-24*time.Hour)) {
				t.Fatalf("vc %+v", vc)
			}
			ref, err := vc.StatusList()
			if err != nil || ref == nil || ref.Index != 412 || ref.URI != "https://bureau.example/status/1" {
				t.Fatalf("status %+v %v", ref, err)
			}
			if v.Claims["given_name"] != "小明" || v.Claims["address"].(map[string]any)["street"] != "和平里 1 号" {
				t.Fatalf("claims %s", mustJSON(v.Claims))
			}
			if _, ok := v.Claims["birthdate"]; ok {
				t.Fatal("birthdate was not selected")
			}
			// CredentialClaims keeps the subject's claims and drops every
			// registered one.
			own := v.CredentialClaims()
			if own["given_name"] != "小明" || own["address"] == nil {
				t.Fatalf("credential claims %s", mustJSON(own))
			}
			for _, r := range []string{"iss", "sub", "iat", "nbf", "exp", "cnf", "vct", "vct#integrity", "status"} {
				if _, ok := own[r]; ok {
					t.Errorf("registered claim %s in CredentialClaims", r)
				}
			}
		})
	}
}

func TestVCBitstringStatus(t *testing.T) {
	f := newFixture(keys.EdDSA)
	c := f.vcClaims()
	c.Status = map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
		"statusListIndex": "94567", "statusListCredential": "https://bureau.example/status/3"}
	issued, err := IssueVC(f.issuer, "", c, residenceClaims(), nil, IssueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pres, _ := issued.Present(f.holder, testAud, testNonce, t0)
	v, err := mustParse(t, pres).VerifyVC(f.options())
	if err != nil {
		t.Fatal(err)
	}
	if ref, err := v.VC.StatusList(); ref != nil || err != nil || v.VC.Status["statusListIndex"] != "94567" {
		t.Fatalf("status %v %v %v", v.VC.Status, ref, err)
	}
}

func TestVCRejects(t *testing.T) {
	f := newFixture(keys.EdDSA)
	// generic issues through Issue, to make what IssueVC refuses to make.
	generic := func(typ string, payload map[string]any, paths ...[]string) func() string {
		return func() string {
			s, err := Issue(f.issuer, jws.Header{Typ: typ}, payload, paths, IssueOptions{})
			if err != nil {
				panic(err)
			}
			// Not Present: it refuses an SD-JWT whose cnf is disclosed.
			return f.withKB(s.String(), f.holder, nil)
		}
	}
	vcPayload := func(edit func(m map[string]any)) map[string]any {
		m := residenceClaims()
		m["vct"] = testVCT
		m["iss"] = "did:cachet:bureau"
		m["exp"] = t0.Add(time.Hour).Unix()
		m["nbf"] = t0.Add(-time.Hour).Unix()
		m["cnf"] = map[string]any{"jwk": f.holder.Public().JWK()}
		m["status"] = map[string]any{"status_list": map[string]any{"idx": 1, "uri": "https://bureau.example/s"}}
		m["vct#integrity"] = "sha256-x"
		if edit != nil {
			edit(m)
		}
		return m
	}
	tests := []struct {
		name string
		in   func() string
		opts func(o *VerifyOptions)
		want error
	}{
		// draft-ietf-oauth-sd-jwt-vc-12 §3.2.1.
		{name: "legacy typ vc+sd-jwt", in: generic("vc+sd-jwt", vcPayload(nil)), want: ErrVCType},
		{name: "no typ", in: generic("", vcPayload(nil)), want: ErrVCType},
		// §3.2.2.2: never selectively disclosable.
		{name: "iss disclosed", in: generic(TypeVC, vcPayload(nil), []string{"iss"}), want: ErrNonDisclosableClaim},
		{name: "nbf disclosed", in: generic(TypeVC, vcPayload(nil), []string{"nbf"}), want: ErrNonDisclosableClaim},
		{name: "exp disclosed", in: generic(TypeVC, vcPayload(nil), []string{"exp"}), want: ErrNonDisclosableClaim},
		{name: "vct disclosed", in: generic(TypeVC, vcPayload(nil), []string{"vct"}), want: ErrNonDisclosableClaim},
		{name: "vct#integrity disclosed", in: generic(TypeVC, vcPayload(nil), []string{"vct#integrity"}), want: ErrNonDisclosableClaim},
		{name: "status disclosed", in: generic(TypeVC, vcPayload(nil), []string{"status"}), want: ErrNonDisclosableClaim},
		{name: "cnf disclosed", in: generic(TypeVC, vcPayload(nil), []string{"cnf"}), want: ErrNonDisclosableClaim},
		// §3.2.2.2: vct REQUIRED.
		{name: "no vct", in: generic(TypeVC, vcPayload(func(m map[string]any) { delete(m, "vct") })), want: ErrMissingVCT},
		{name: "vct not a string", in: generic(TypeVC, vcPayload(func(m map[string]any) { m["vct"] = 7 })), want: ErrMissingVCT},
		{name: "vct mismatch", in: generic(TypeVC, vcPayload(nil)), opts: func(o *VerifyOptions) { o.VCT = "https://other.example/type" }, want: ErrVCTMismatch},
		{name: "iss not a string", in: generic(TypeVC, vcPayload(func(m map[string]any) { m["iss"] = 1 })), want: ErrInvalidClaim},
		{name: "status not an object", in: generic(TypeVC, vcPayload(func(m map[string]any) { m["status"] = "revoked" })), want: ErrInvalidStatus},
		{name: "status_list without uri", in: generic(TypeVC, vcPayload(func(m map[string]any) {
			m["status"] = map[string]any{"status_list": map[string]any{"idx": 1}}
		})), want: ErrInvalidStatus},
		{name: "status_list negative idx", in: generic(TypeVC, vcPayload(func(m map[string]any) {
			m["status"] = map[string]any{"status_list": map[string]any{"idx": -1, "uri": "https://x"}}
		})), want: ErrInvalidStatus},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := f.options()
			if tc.opts != nil {
				tc.opts(&o)
			}
			if err := parseVerify(tc.in(), o, "vc"); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestIssueVCErrors(t *testing.T) {
	f := newFixture(keys.EdDSA)
	for _, name := range []string{"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status"} {
		t.Run("disclosable "+name, func(t *testing.T) {
			_, err := IssueVC(f.issuer, "", f.vcClaims(), residenceClaims(), [][]string{{name}}, IssueOptions{})
			if !errors.Is(err, ErrNonDisclosableClaim) {
				t.Fatalf("got %v", err)
			}
		})
	}
	c := f.vcClaims()
	c.VCT = ""
	if _, err := IssueVC(f.issuer, "", c, nil, nil, IssueOptions{}); !errors.Is(err, ErrMissingVCT) {
		t.Fatalf("no vct: %v", err)
	}
	claims := residenceClaims()
	claims["exp"] = 1
	if _, err := IssueVC(f.issuer, "", f.vcClaims(), claims, nil, IssueOptions{}); !errors.Is(err, ErrInvalidOptions) {
		t.Fatalf("exp in claims: %v", err)
	}
	c = f.vcClaims()
	c.Status = map[string]any{"status_list": "x"}
	if _, err := IssueVC(f.issuer, "", c, nil, nil, IssueOptions{}); !errors.Is(err, ErrInvalidStatus) {
		t.Fatalf("bad status: %v", err)
	}
	// sub and iat may be disclosable.
	if _, err := IssueVC(f.issuer, "", f.vcClaims(), nil, [][]string{{"sub"}, {"iat"}}, IssueOptions{}); err != nil {
		t.Fatal(err)
	}
}

package sdjwt

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

func TestVerifyBaseline(t *testing.T) {
	for _, alg := range []keys.Algorithm{keys.EdDSA, keys.ES256} {
		t.Run(string(alg), func(t *testing.T) {
			f := newFixture(alg)
			s := mustParse(t, f.presentation(nil))
			v, err := s.Verify(f.options())
			if err != nil {
				t.Fatal(err)
			}
			want := jsonValue(t, `{"iss":"https://bureau.example","iat":`+itoa(t0.Add(-time.Hour).Unix())+
				`,"exp":`+itoa(t0.Add(365*24*time.Hour).Unix())+`,"cnf":`+mustJSON(map[string]any{"jwk": f.holder.Public().JWK()})+
				`,"given_name":"Erika","family_name":"Mustermann","nationalities":["DE","FR"]}`)
			if !reflect.DeepEqual(any(v.Claims), want) {
				t.Fatalf("claims %s", mustJSON(v.Claims))
			}
			if !v.HolderKey.Equal(f.holder.Public()) || v.KeyBinding == nil || v.KeyBinding.Nonce != testNonce || len(v.Disclosures) != 3 {
				t.Fatalf("verified %+v", v)
			}
		})
	}
}

func itoa(n int64) string { return strings.TrimSpace(mustJSON(n)) }

// TestVerifyRejects has one case per check of RFC 9901 §7.1/§7.3 and of the
// SD-JWT VC draft: each must fail with its own error.
func TestVerifyRejects(t *testing.T) {
	f := newFixture(keys.EdDSA)
	hdr := jws.Header{Typ: "example+sd-jwt"}
	// build signs p (after edit) and presents ds with a valid KB-JWT.
	build := func(edit func(p map[string]any), ds ...string) func() string {
		return func() string { return f.presentation(edit, ds...) }
	}
	// custom signs an arbitrary payload and presents ds.
	custom := func(p any, ds ...string) func() string {
		return func() string { return f.withKB(sd(signJWT(f.issuer, hdr, p), ds...), f.holder, nil) }
	}
	kb := func(edit func(h *jws.Header, c map[string]any)) func() string {
		return func() string {
			return f.withKB(sd(signJWT(f.issuer, hdr, f.payload()), dGiven, dFamily, dNat), f.holder, edit)
		}
	}
	valid := f.presentation(nil)
	validSD := valid[:strings.LastIndexByte(valid, '~')+1]
	base := func(extra map[string]any, ds ...string) func() string {
		return build(func(p map[string]any) {
			for k, v := range extra {
				p[k] = v
			}
		}, ds...)
	}
	dup := disc("c2FsdC1kdXA", "given_name", "Other")
	tests := []struct {
		name   string
		in     func() string
		opts   func(o *VerifyOptions)
		method string
		want   error
	}{
		// §4 serialization.
		{name: "no tilde", in: func() string { return strings.SplitN(valid, "~", 2)[0] }, want: ErrMalformed},
		{name: "line break in a part", in: func() string { return strings.Replace(valid, "~", "\n~", 1) }, want: ErrMalformed},
		{name: "empty disclosure", in: func() string { return strings.Replace(valid, "~", "~~", 1) }, want: ErrMalformed},
		{name: "issuer jwt not a jws", in: func() string { return "abc~" }, want: ErrMalformed},
		{name: "payload not an object", in: custom([]any{1, 2}), want: ErrMalformed},
		{name: "payload duplicate member", in: custom([]byte(`{"iss":"a","iss":"b"}`)), want: ErrMalformed},
		{name: "too large", in: func() string { return valid + strings.Repeat("A", MaxSerializedSize) }, want: ErrLimit},
		{name: "too many disclosures", in: func() string { return sd(strings.SplitN(valid, "~", 2)[0], repeat(dGiven, MaxDisclosures+1)...) }, want: ErrLimit},
		{name: "payload nested too deep", in: custom([]byte(`{"a":` + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + `}`)), want: ErrLimit},
		// §4.2.1, §4.2.2 Disclosure form.
		{name: "disclosure not base64url", in: base(nil, "A", dFamily), want: ErrMalformedDisclosure},
		{name: "disclosure with non-zero trailing bits", in: base(nil, "WyJhIiwxXR"), want: ErrMalformedDisclosure},
		{name: "disclosure not an array", in: base(nil, rawDisc(`{"a":1}`)), want: ErrMalformedDisclosure},
		{name: "disclosure of four elements", in: base(nil, rawDisc(`["s","a",1,2]`)), want: ErrMalformedDisclosure},
		{name: "disclosure of one element", in: base(nil, rawDisc(`["s"]`)), want: ErrMalformedDisclosure},
		{name: "salt not a string", in: base(nil, rawDisc(`[1,"a",1]`)), want: ErrMalformedDisclosure},
		{name: "claim name not a string", in: base(nil, rawDisc(`["s",1,1]`)), want: ErrMalformedDisclosure},
		{name: "disclosure duplicate member", in: base(nil, rawDisc(`["s","a",{"x":1,"x":2}]`)), want: ErrMalformedDisclosure},
		{name: "key binding jwt not a jws", in: func() string { return validSD + "abc" }, want: ErrMalformedKeyBinding},
		// §7.3 step 2, §7.2.
		{name: "key binding missing", in: func() string { return validSD }, want: ErrKeyBindingMissing},
		{name: "holder receives sd-jwt+kb", in: func() string { return valid }, method: "holder", want: ErrUnexpectedKeyBinding},
		// §7.1 step 2.1.
		{name: "none algorithm", in: func() string {
			return f.withKB(sd(unsignedJWT(`{"alg":"none","typ":"example+sd-jwt"}`, f.payload()), dGiven, dFamily, dNat), f.holder, nil)
		}, want: ErrNoneAlgorithm},
		{name: "algorithm not allowed", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.Algorithms = []keys.Algorithm{keys.ES256} }, want: ErrAlgorithmNotAllowed},
		{name: "unsupported algorithm", in: func() string {
			return f.withKB(sd(unsignedJWT(`{"alg":"HS256"}`, f.payload())+"c2ln", dGiven, dFamily, dNat), f.holder, nil)
		}, want: ErrAlgorithmNotAllowed},
		// §7.1 step 2.2.
		{name: "signed by another key", in: func() string {
			return f.withKB(sd(signJWT(f.other, hdr, f.payload()), dGiven, dFamily, dNat), f.holder, nil)
		}, want: ErrIssuerSignature},
		{name: "payload changed after signing", in: func() string {
			parts := strings.SplitN(valid, ".", 3)
			other := strings.SplitN(signJWT(f.issuer, hdr, map[string]any{"iss": "x"}), ".", 3)
			return f.withKB(sd(parts[0]+"."+other[1]+"."+strings.SplitN(parts[2], "~", 2)[0], dGiven, dFamily, dNat), f.holder, nil)
		}, want: ErrIssuerSignature},
		// §9.11 typ.
		{name: "wrong typ", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.Type = "other+sd-jwt" }, want: ErrWrongType},
		// §7.1 step 2.3.
		{name: "issuer mismatch", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.Issuer = "https://other.example" }, want: ErrIssuerMismatch},
		// §7.1 step 2.4, §4.1.1.
		{name: "unknown _sd_alg", in: base(map[string]any{"_sd_alg": "md5"}), want: ErrUnsupportedHashAlg},
		{name: "_sd_alg not a string", in: base(map[string]any{"_sd_alg": 256}), want: ErrUnsupportedHashAlg},
		{name: "_sd_alg not allowed by policy", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.HashAlgorithms = []string{SHA512} }, want: ErrUnsupportedHashAlg},
		{name: "_sd_alg nested", in: base(map[string]any{"address": map[string]any{"_sd_alg": "sha-256"}}), want: ErrSDAlgNotTopLevel},
		// §4: a Disclosure sent twice.
		{name: "disclosure sent twice", in: base(nil, dGiven, dFamily, dNat, dGiven), want: ErrDuplicateDisclosure},
		// §7.1 step 3.2.
		{name: "_sd not an array", in: base(map[string]any{"_sd": "x"}, dNat), want: ErrInvalidSDClaim},
		{name: "_sd element not a string", in: base(map[string]any{"_sd": []any{dg(dGiven), 5}}, dNat), want: ErrInvalidSDClaim},
		{name: "... element with other keys", in: base(map[string]any{"nationalities": []any{map[string]any{"...": dg(dNat), "x": 1}}}, dGiven, dFamily), want: ErrInvalidArrayDigest},
		{name: "... element not a string", in: base(map[string]any{"nationalities": []any{map[string]any{"...": 1}}}, dGiven, dFamily), want: ErrInvalidArrayDigest},
		{name: "... key outside an array", in: base(map[string]any{"address": map[string]any{"...": dg(dNat)}}, dGiven, dFamily), want: ErrInvalidArrayDigest},
		// §7.1 step 3.3.2.1 and 3.3.3.1.
		{name: "object disclosure in an array", in: base(map[string]any{"nationalities": []any{map[string]any{"...": dg(dGiven)}}}, dGiven, dFamily), want: ErrWrongDisclosureForm},
		{name: "array disclosure in _sd", in: base(map[string]any{"_sd": []any{dg(dGiven), dg(dFamily), dg(dNat)}, "nationalities": []any{}}), want: ErrWrongDisclosureForm},
		// §7.1 step 3.3.2.2.
		{name: "claim name _sd", in: base(map[string]any{"_sd": []any{dg(dGiven), dg(dFamily), dg(disc("c2FsdA", "_sd", []any{}))}}, dGiven, dFamily, dNat, disc("c2FsdA", "_sd", []any{})), want: ErrReservedClaimName},
		{name: "claim name ...", in: base(map[string]any{"_sd": []any{dg(dGiven), dg(dFamily), dg(disc("c2FsdA", "...", "x"))}}, dGiven, dFamily, dNat, disc("c2FsdA", "...", "x")), want: ErrReservedClaimName},
		// §7.1 step 3.3.2.3.
		{name: "claim name exists in the clear", in: base(map[string]any{"given_name": "Clear"}), want: ErrClaimNameExists},
		{name: "claim name disclosed twice", in: base(map[string]any{"_sd": []any{dg(dGiven), dg(dFamily), dg(dup)}}, dGiven, dFamily, dNat, dup), want: ErrClaimNameExists},
		// §7.1 step 4.
		{name: "duplicate digest in _sd", in: base(map[string]any{"_sd": []any{dg(dGiven), dg(dFamily), decoy, decoy}}), want: ErrDuplicateDigest},
		{name: "duplicate digest in _sd and array", in: base(map[string]any{"_sd": []any{dg(dGiven), dg(dFamily), dg(dNat)}}, dGiven, dFamily), want: ErrDuplicateDigest},
		{name: "duplicate digest via a disclosure", in: func() string {
			inner := disc("c2FsdC1pbm5lcg", "address", map[string]any{"_sd": []any{dg(dGiven)}})
			return f.presentation(func(p map[string]any) { p["_sd"] = []any{dg(dGiven), dg(dFamily), dg(inner)} }, dGiven, dFamily, dNat, inner)
		}, want: ErrDuplicateDigest},
		// §7.1 step 5.
		{name: "unused disclosure", in: base(nil, dGiven, dFamily, dNat, disc("c2FsdC11bnVzZWQ", "email", "x@example")), want: ErrUnusedDisclosure},
		{name: "nested disclosure without its parent", in: func() string {
			street := disc("c2FsdC1zdHJlZXQ", "street", "Hauptstr. 1")
			addr := disc("c2FsdC1hZGRy", "address", map[string]any{"_sd": []any{dg(street)}})
			return f.presentation(func(p map[string]any) { p["_sd"] = []any{dg(dGiven), dg(dFamily), dg(addr)} }, dGiven, dFamily, dNat, street)
		}, want: ErrUnusedDisclosure},
		// §7.1 step 6.
		{name: "expired", in: base(map[string]any{"exp": t0.Add(-time.Minute).Unix()}), want: ErrExpired},
		{name: "not yet valid", in: base(map[string]any{"nbf": t0.Add(time.Hour).Unix()}), want: ErrNotYetValid},
		{name: "issued in the future", in: base(map[string]any{"iat": t0.Add(time.Hour).Unix()}), want: ErrIssuedInFuture},
		{name: "exp not a number", in: base(map[string]any{"exp": "tomorrow"}), want: ErrInvalidClaim},
		{name: "credential for another audience", in: base(map[string]any{"aud": "https://other.example"}), want: ErrAudience},
		// §7.3 step 5.1.
		{name: "no cnf", in: build(func(p map[string]any) { delete(p, "cnf") }), want: ErrNoHolderKey},
		{name: "cnf without jwk", in: base(map[string]any{"cnf": map[string]any{"kid": "k1"}}), want: ErrNoHolderKey},
		{name: "cnf jwk with private key", in: base(map[string]any{"cnf": map[string]any{"jwk": map[string]any{"kty": "OKP", "crv": "Ed25519", "x": b64.EncodeToString(make([]byte, 32)), "d": "AA"}}}), want: ErrNoHolderKey},
		// §7.3 step 5.2.
		{name: "key binding none algorithm", in: func() string { return validSD + unsignedJWT(`{"alg":"none","typ":"kb+jwt"}`, f.kbClaims(validSD)) }, want: ErrNoneAlgorithm},
		{name: "key binding algorithm not allowed", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.KeyBinding.Algorithms = []keys.Algorithm{keys.ES256} }, want: ErrAlgorithmNotAllowed},
		// §7.3 step 5.3.
		{name: "key binding not signed by the cnf key", in: func() string { return f.withKB(validSD, f.other, nil) }, want: ErrKeyBindingSignature},
		// §7.3 step 5.4.
		{name: "key binding typ JWT", in: kb(func(h *jws.Header, c map[string]any) { h.Typ = "JWT" }), want: ErrKeyBindingType},
		{name: "key binding typ missing", in: kb(func(h *jws.Header, c map[string]any) { h.Typ = "" }), want: ErrKeyBindingType},
		// §4.3 required claims.
		{name: "key binding without sd_hash", in: kb(func(h *jws.Header, c map[string]any) { delete(c, "sd_hash") }), want: ErrMalformedKeyBinding},
		{name: "key binding without iat", in: kb(func(h *jws.Header, c map[string]any) { delete(c, "iat") }), want: ErrMalformedKeyBinding},
		{name: "key binding aud array", in: kb(func(h *jws.Header, c map[string]any) { c["aud"] = []any{testAud} }), want: ErrMalformedKeyBinding},
		// §7.3 step 5.5.
		{name: "key binding in the future", in: kb(func(h *jws.Header, c map[string]any) { c["iat"] = t0.Add(time.Minute).Unix() }), want: ErrKeyBindingInFuture},
		{name: "key binding too old", in: kb(func(h *jws.Header, c map[string]any) {
			c["iat"] = t0.Add(-DefaultKeyBindingMaxAge - time.Minute).Unix()
		}), want: ErrKeyBindingTooOld},
		{name: "key binding older than max age", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.KeyBinding.MaxAge = time.Second; o.Leeway = 0 }, want: ErrKeyBindingTooOld},
		// §7.3 step 5.6.
		{name: "nonce mismatch", in: kb(func(h *jws.Header, c map[string]any) { c["nonce"] = "old" }), want: ErrNonceMismatch},
		{name: "audience mismatch", in: kb(func(h *jws.Header, c map[string]any) { c["aud"] = "https://other.example" }), want: ErrAudienceMismatch},
		// §7.3 step 5.7.
		{name: "sd_hash mismatch", in: kb(func(h *jws.Header, c map[string]any) { c["sd_hash"] = dg("other") }), want: ErrSDHashMismatch},
		{name: "disclosure removed after key binding", in: func() string {
			parts := strings.Split(valid, "~")
			return strings.Join(append(parts[:2:2], parts[3:]...), "~")
		}, want: ErrSDHashMismatch},
		{name: "sd_hash with another hash", in: kb(func(h *jws.Header, c map[string]any) { c["sd_hash"] = digest(SHA512, validSD) }), want: ErrSDHashMismatch},
		// §7.3 step 5.8.
		{name: "key binding expired", in: kb(func(h *jws.Header, c map[string]any) { c["exp"] = t0.Add(-time.Minute).Unix() }), want: ErrExpired},
		// Options.
		{name: "no time", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.Now = time.Time{} }, want: ErrInvalidOptions},
		{name: "no nonce", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.KeyBinding.Nonce = "" }, want: ErrInvalidOptions},
		{name: "no algorithms", in: func() string { return valid }, opts: func(o *VerifyOptions) { o.Algorithms = nil }, want: ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := f.options()
			if tc.opts != nil {
				tc.opts(&o)
			}
			err := parseVerify(tc.in(), o, tc.method)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			// Every error wraps exactly one sentinel of errors.go.
			n := 0
			for _, s := range allErrors {
				if errors.Is(err, s) {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%v wraps %d sentinels", err, n)
			}
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

var allErrors = []error{
	ErrMalformed, ErrLimit, ErrMalformedDisclosure, ErrMalformedKeyBinding, ErrKeyBindingMissing,
	ErrUnexpectedKeyBinding, ErrNoneAlgorithm, ErrAlgorithmNotAllowed, ErrIssuerSignature, ErrWrongType,
	ErrIssuerMismatch, ErrUnsupportedHashAlg, ErrSDAlgNotTopLevel, ErrDuplicateDisclosure, ErrInvalidSDClaim,
	ErrInvalidArrayDigest, ErrWrongDisclosureForm, ErrReservedClaimName, ErrClaimNameExists, ErrDuplicateDigest,
	ErrUnusedDisclosure, ErrInvalidClaim, ErrExpired, ErrNotYetValid, ErrIssuedInFuture, ErrAudience,
	ErrNoHolderKey, ErrKeyBindingSignature, ErrKeyBindingType, ErrKeyBindingInFuture, ErrKeyBindingTooOld,
	ErrNonceMismatch, ErrAudienceMismatch, ErrSDHashMismatch, ErrVCType, ErrNonDisclosableClaim, ErrMissingVCT,
	ErrVCTMismatch, ErrInvalidStatus, ErrInvalidPath, ErrHolderKeyMismatch, ErrInvalidOptions,
}

// TestVerifyAccepts are the cases RFC 9901 says are not errors.
func TestVerifyAccepts(t *testing.T) {
	f := newFixture(keys.EdDSA)
	p := f.payload()
	p["_sd_alg"] = SHA512
	p["_sd"] = []any{digest(SHA512, dGiven)}
	delete(p, "nationalities")
	sha512SD := sd(signJWT(f.issuer, jws.Header{}, p), dGiven)
	sha512Presentation := f.withKB(sha512SD, f.holder, func(h *jws.Header, c map[string]any) { c["sd_hash"] = digest(SHA512, sha512SD) })
	tests := []struct {
		name string
		in   string
		opts func(o *VerifyOptions)
		want func(t *testing.T, v *Verified)
	}{
		// §7.1 step 3.3.1: "If no such Disclosure can be found, the digest
		// MUST be ignored." The baseline has a decoy; here nothing is
		// disclosed at all.
		{"digests without disclosures are ignored", f.presentation(nil, []string{}...), nil, func(t *testing.T, v *Verified) {
			if _, ok := v.Claims["given_name"]; ok {
				t.Fatal("undisclosed claim present")
			}
			if n := v.Claims["nationalities"].([]any); len(n) != 1 || n[0] != "FR" {
				t.Fatalf("nationalities %v", n)
			}
		}},
		// §7.1 step 3.5: an object left with no properties is {}.
		{"empty object stays", f.presentation(func(p map[string]any) { p["address"] = map[string]any{"_sd": []any{decoy + "x"}} }), nil, func(t *testing.T, v *Verified) {
			if a, ok := v.Claims["address"].(map[string]any); !ok || len(a) != 0 {
				t.Fatalf("address %v", v.Claims["address"])
			}
		}},
		// §7.3 step 1: Key Binding not required by policy; a KB-JWT present
		// is then not checked.
		{"key binding skipped by policy", f.withKB(sd(signJWT(f.issuer, jws.Header{}, f.payload()), dGiven), f.other, nil), func(o *VerifyOptions) { o.SkipKeyBindingUnsafe = true }, func(t *testing.T, v *Verified) {
			if v.KeyBinding != nil {
				t.Fatal("key binding reported")
			}
		}},
		// RFC 7515 §4.1.9: typ compares case-insensitively and without
		// "application/".
		{"typ with application/ prefix", f.withKB(sd(signJWT(f.issuer, jws.Header{Typ: "application/Example+SD-JWT"}, f.payload())), f.holder, nil), func(o *VerifyOptions) { o.Type = "example+sd-jwt" }, nil},
		{"credential aud names this verifier", f.presentation(func(p map[string]any) { p["aud"] = []any{"x", testAud} }), nil, nil},
		{"sha-512 digests and sd_hash", sha512Presentation, nil, func(t *testing.T, v *Verified) {
			if v.HashAlg != SHA512 || v.Claims["given_name"] != "Erika" {
				t.Fatalf("verified %+v", v)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := f.options()
			if tc.opts != nil {
				tc.opts(&o)
			}
			v, err := mustParse(t, tc.in).Verify(o)
			if err != nil {
				t.Fatal(err)
			}
			if tc.want != nil {
				tc.want(t, v)
			}
		})
	}
}

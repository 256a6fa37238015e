package keys

import (
	"bytes"
	"crypto"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
)

// RFC 8037 Appendix A.1/A.2 Ed25519 key.
const (
	rfc8037D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
	rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
)

func mustGenerate(t testing.TB, alg Algorithm) *PrivateKey {
	t.Helper()
	k, err := Generate(alg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestRFC8037Vectors(t *testing.T) {
	priv, err := ParsePrivateJWK([]byte(`{"kty":"OKP","crv":"Ed25519","d":"` + rfc8037D + `","x":"` + rfc8037X + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	// RFC 8037 A.3: the thumbprint of the public key.
	if got, want := priv.Public().Thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"; got != want {
		t.Errorf("thumbprint = %s, want %s", got, want)
	}
	// RFC 8037 A.4: Ed25519 is deterministic, so the signature is exact.
	sig, err := priv.Sign([]byte("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"))
	if err != nil {
		t.Fatal(err)
	}
	want := "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
	if got := b64.EncodeToString(sig); got != want {
		t.Errorf("signature = %s, want %s", got, want)
	}
}

func TestSignVerify(t *testing.T) {
	for _, alg := range Algorithms() {
		t.Run(string(alg), func(t *testing.T) {
			k := mustGenerate(t, alg)
			msg := []byte("cachet")
			sig, err := k.Sign(msg)
			if err != nil {
				t.Fatal(err)
			}
			if err := k.Public().Verify(msg, sig); err != nil {
				t.Fatalf("verify: %v", err)
			}
			if err := k.Public().VerifyAlg(alg, msg, sig); err != nil {
				t.Fatalf("verify alg: %v", err)
			}
			bad := []struct {
				name string
				msg  []byte
				sig  []byte
				want error
			}{
				{"changed message", []byte("cachez"), sig, ErrInvalidSignature},
				{"short signature", msg, sig[:10], ErrInvalidSignature},
				{"long signature", msg, append(bytes.Clone(sig), 0), ErrInvalidSignature},
				{"empty signature", msg, nil, ErrInvalidSignature},
				{"flipped bit", msg, flip(sig, 5), ErrInvalidSignature},
			}
			for _, c := range bad {
				if err := k.Public().Verify(c.msg, c.sig); !errors.Is(err, c.want) {
					t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
				}
			}
			other := EdDSA
			if alg == EdDSA {
				other = ES256
			}
			if err := k.Public().VerifyAlg(other, msg, sig); !errors.Is(err, ErrAlgorithmMismatch) {
				t.Errorf("wrong alg: err = %v", err)
			}
			var nilKey *PublicKey
			if err := nilKey.Verify(msg, sig); !errors.Is(err, ErrInvalidSignature) {
				t.Errorf("nil key: err = %v", err)
			}
		})
	}
	if _, err := Generate("RS256"); !errors.Is(err, ErrUnsupportedAlgorithm) {
		t.Errorf("RS256: err = %v", err)
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

func TestJWKRoundTripAndGoJose(t *testing.T) {
	for _, alg := range Algorithms() {
		t.Run(string(alg), func(t *testing.T) {
			k := mustGenerate(t, alg)
			pubJSON, err := k.Public().MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			pub, err := ParseJWK(pubJSON)
			if err != nil {
				t.Fatal(err)
			}
			if !pub.Equal(k.Public()) {
				t.Fatal("public key changed in round trip")
			}
			privJSON, err := k.MarshalPrivateJWK()
			if err != nil {
				t.Fatal(err)
			}
			k2, err := ParsePrivateJWK(privJSON)
			if err != nil {
				t.Fatal(err)
			}
			if !k2.Public().Equal(k.Public()) {
				t.Fatal("private key changed in round trip")
			}
			// Cross-check with go-jose: the same key and the same RFC 7638
			// thumbprint.
			var gj jose.JSONWebKey
			if err := gj.UnmarshalJSON(pubJSON); err != nil {
				t.Fatalf("go-jose rejects our jwk: %v", err)
			}
			tp, err := gj.Thumbprint(crypto.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			if got := b64.EncodeToString(tp); got != k.Public().Thumbprint() {
				t.Errorf("thumbprint %s, go-jose %s", k.Public().Thumbprint(), got)
			}
			var gjPriv jose.JSONWebKey
			if err := gjPriv.UnmarshalJSON(privJSON); err != nil || gjPriv.IsPublic() {
				t.Fatalf("go-jose rejects our private jwk: %v", err)
			}
		})
	}
}

func TestParseJWKRejects(t *testing.T) {
	ed := mustGenerate(t, EdDSA).Public().JWK()
	ec := mustGenerate(t, ES256).Public().JWK()
	cases := []struct {
		name string
		jwk  string
	}{
		{"not json", `{`},
		{"array", `[]`},
		{"missing kty", `{"crv":"Ed25519","x":"` + ed.X + `"}`},
		{"unsupported kty", `{"kty":"RSA","n":"AQAB","e":"AQAB"}`},
		{"symmetric", `{"kty":"oct","k":"AAAA"}`},
		{"unsupported curve", `{"kty":"EC","crv":"P-384","x":"` + ec.X + `","y":"` + ec.Y + `"}`},
		{"x25519", `{"kty":"OKP","crv":"X25519","x":"` + ed.X + `"}`},
		{"missing x", `{"kty":"OKP","crv":"Ed25519"}`},
		{"short ed x", `{"kty":"OKP","crv":"Ed25519","x":"AAAA"}`},
		{"padded x", `{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `="}`},
		{"std base64 x", `{"kty":"OKP","crv":"Ed25519","x":"` + strings.NewReplacer("-", "+", "_", "/").Replace(ed.X) + `+"}`},
		{"okp with y", `{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `","y":"` + ed.X + `"}`},
		{"private in public", `{"kty":"OKP","crv":"Ed25519","x":"` + rfc8037X + `","d":"` + rfc8037D + `"}`},
		{"private rsa member", `{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `","p":"AQAB"}`},
		{"symmetric member", `{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `","k":"AQAB"}`},
		{"crt member", `{"kty":"EC","crv":"P-256","x":"` + ec.X + `","y":"` + ec.Y + `","qi":"AQAB"}`},
		{"missing y", `{"kty":"EC","crv":"P-256","x":"` + ec.X + `"}`},
		{"short y", `{"kty":"EC","crv":"P-256","x":"` + ec.X + `","y":"AAAA"}`},
		{"point off curve", `{"kty":"EC","crv":"P-256","x":"` + ec.X + `","y":"` + ec.X + `"}`},
		{"alg mismatch", `{"kty":"EC","crv":"P-256","alg":"EdDSA","x":"` + ec.X + `","y":"` + ec.Y + `"}`},
		{"duplicate member", `{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `","x":"` + ed.X + `"}`},
		{"too large", `{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `","pad":"` + strings.Repeat("a", MaxJWKSize) + `"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParseJWK([]byte(c.jwk)); !errors.Is(err, ErrInvalidJWK) {
				t.Fatalf("err = %v, want ErrInvalidJWK", err)
			}
		})
	}
	// Unknown members are ignored (RFC 7517 §4).
	if _, err := ParseJWK([]byte(`{"kty":"OKP","crv":"Ed25519","x":"` + ed.X + `","kid":"k1","use":"sig","ext":true}`)); err != nil {
		t.Fatalf("unknown members: %v", err)
	}
}

func TestParsePrivateJWKRejects(t *testing.T) {
	ec := mustGenerate(t, ES256)
	other := mustGenerate(t, ES256).Public().JWK()
	ecJSON, _ := ec.MarshalPrivateJWK()
	cases := []struct{ name, jwk string }{
		{"missing d", `{"kty":"OKP","crv":"Ed25519","x":"` + rfc8037X + `"}`},
		{"short d", `{"kty":"OKP","crv":"Ed25519","x":"` + rfc8037X + `","d":"AAAA"}`},
		{"x does not match d", `{"kty":"OKP","crv":"Ed25519","x":"` + mustGenerate(t, EdDSA).Public().JWK().X + `","d":"` + rfc8037D + `"}`},
		{"ec public does not match d", strings.Replace(strings.Replace(string(ecJSON), ec.Public().JWK().X, other.X, 1), ec.Public().JWK().Y, other.Y, 1)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ParsePrivateJWK([]byte(c.jwk)); !errors.Is(err, ErrInvalidJWK) {
				t.Fatalf("err = %v, want ErrInvalidJWK", err)
			}
		})
	}
}

func TestMultibaseVectors(t *testing.T) {
	for _, mb := range []string{
		"z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",  // did:key v0.7, Ed25519 example
		"zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169", // did:key v0.7, P-256 example
	} {
		k, err := ParseMultibase(mb)
		if err != nil {
			t.Fatalf("%s: %v", mb, err)
		}
		if got := k.Multibase(); got != mb {
			t.Errorf("round trip %s -> %s", mb, got)
		}
	}
	for _, alg := range Algorithms() {
		k := mustGenerate(t, alg).Public()
		got, err := ParseMultibase(k.Multibase())
		if err != nil || !got.Equal(k) {
			t.Fatalf("%s round trip: %v", alg, err)
		}
		wantPrefix := map[Algorithm]string{EdDSA: "z6Mk", ES256: "zDn"}[alg]
		if !strings.HasPrefix(k.Multibase(), wantPrefix) {
			t.Errorf("%s multibase %s lacks prefix %s", alg, k.Multibase(), wantPrefix)
		}
	}
}

func TestParseMultibaseRejects(t *testing.T) {
	cases := map[string]string{
		"empty":             "",
		"base64 prefix":     "u7QE",
		"not base58":        "z0OIl",
		"too short":         "z2",
		"unknown codec":     "z" + "3yQ",
		"short ed25519":     "z6MkhaXgBZDvotDkL5257",
		"long ed25519":      "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doKz",
		"uncompressed p256": "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169zzzz",
		"too long":          "z" + strings.Repeat("1", MaxMultibaseSize),
	}
	for name, s := range cases {
		if _, err := ParseMultibase(s); !errors.Is(err, ErrInvalidMultibase) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestPrivateKeyNeverPrints(t *testing.T) {
	k := mustGenerate(t, EdDSA)
	seed := b64.EncodeToString(k.ed.Seed())
	var logBuf bytes.Buffer
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("key", "k", k)
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%v %+v %#v %s", k, k, k, k), logBuf.String()} {
		if strings.Contains(s, seed) || !strings.Contains(s, "[redacted]") {
			t.Errorf("private key printed: %q", s)
		}
	}
}

func TestRoles(t *testing.T) {
	for _, r := range []Role{RoleIssuer, RoleHolder, RoleVerifier, RoleValidator, RoleGovernance} {
		if !r.Valid() {
			t.Errorf("%s invalid", r)
		}
	}
	if Role("root").Valid() {
		t.Error("unknown role valid")
	}
}

func FuzzParseJWK(f *testing.F) {
	f.Add([]byte(`{"kty":"OKP","crv":"Ed25519","x":"` + rfc8037X + `"}`))
	ec, _ := Generate(ES256)
	ecJSON, _ := ec.Public().MarshalJSON()
	f.Add(ecJSON)
	f.Add([]byte(`{"kty":"EC","crv":"P-256","x":"","y":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := ParseJWK(data)
		if err != nil {
			if !errors.Is(err, ErrInvalidJWK) {
				t.Fatalf("error does not wrap ErrInvalidJWK: %v", err)
			}
			return
		}
		// Property: an accepted key re-encodes to a JWK that parses to the
		// same key, with the same thumbprint.
		out, err := k.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		k2, err := ParseJWK(out)
		if err != nil || !k2.Equal(k) || k2.Thumbprint() != k.Thumbprint() {
			t.Fatalf("round trip failed: %v", err)
		}
		if _, err := ParsePrivateJWK(data); err == nil {
			t.Fatal("public-only jwk parsed as private")
		}
	})
}

func FuzzParseMultibase(f *testing.F) {
	f.Add("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	f.Add("zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseMultibase(s)
		if err != nil {
			return
		}
		// Property: base58 has one encoding per byte string, so an accepted
		// key re-encodes to the input.
		if k.Multibase() != s {
			t.Fatalf("round trip %q -> %q", s, k.Multibase())
		}
	})
}

package jwk

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/keys"
)

type specExample struct {
	DID         string          `json:"did"`
	DIDURL      string          `json:"didUrl"`
	DIDDocument json.RawMessage `json:"didDocument"`
}

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

func resolve(t *testing.T, did string) *didmethod.Document {
	t.Helper()
	res, err := Resolver{}.Resolve(context.Background(), did, didmethod.ResolutionOptions{})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return res.Document
}

// generic turns JSON into maps and slices, so that member order and white
// space do not matter in comparisons.
func generic(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSpecExampleP256(t *testing.T) {
	var ex specExample
	readJSON(t, "spec-example-p256.json", &ex)
	// The published authentication entry has a stray "$" (see
	// testdata/README.md).
	want := strings.ReplaceAll(string(ex.DIDDocument), "did:jwk:$eyJ", "did:jwk:eyJ")
	got, err := json.Marshal(resolve(t, ex.DID))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(generic(t, got), generic(t, []byte(want))) {
		t.Errorf("document\n got %s\nwant %s", got, want)
	}
	// Create reproduces the example's DID from its key.
	var doc struct {
		VM []struct {
			JWK json.RawMessage `json:"publicKeyJwk"`
		} `json:"verificationMethod"`
	}
	_ = json.Unmarshal(ex.DIDDocument, &doc)
	pub, err := keys.ParseJWK(doc.VM[0].JWK)
	if err != nil {
		t.Fatal(err)
	}
	made, err := Create(pub, UseUnspecified)
	if err != nil || made.String() != ex.DID {
		t.Errorf("Create = %s, %v", made, err)
	}
	// The DID URL of the example is the key, for every relationship.
	for _, rel := range didmethod.Relationships() {
		k, _, err := didmethod.VerificationKey(context.Background(), Resolver{}, ex.DIDURL, rel)
		if err != nil || !k.Equal(pub) {
			t.Errorf("%s: %v", rel, err)
		}
	}
}

func TestSpecExampleX25519(t *testing.T) {
	var ex specExample
	readJSON(t, "spec-example-x25519.json", &ex)
	doc := resolve(t, ex.DID)
	got, _ := json.Marshal(doc)
	if !reflect.DeepEqual(generic(t, got), generic(t, ex.DIDDocument)) {
		t.Errorf("document\n got %s\nwant %s", got, ex.DIDDocument)
	}
	// "use":"enc": only keyAgreement, so the key never verifies an
	// assertion; and Cachet reads no X25519 keys.
	if _, _, err := didmethod.VerificationKey(context.Background(), Resolver{}, ex.DIDURL, didmethod.AssertionMethod); !errors.Is(err, didmethod.ErrNotAuthorized) {
		t.Errorf("assertionMethod: %v", err)
	}
	if _, _, err := didmethod.VerificationKey(context.Background(), Resolver{}, ex.DIDURL, didmethod.KeyAgreement); !errors.Is(err, didmethod.ErrUnsupportedPublicKeyType) {
		t.Errorf("keyAgreement: %v", err)
	}
}

func TestRFC8037Vector(t *testing.T) {
	var v struct {
		JWK           json.RawMessage `json:"publicKeyJwk"`
		DID           string          `json:"did"`
		DIDWithUseSig string          `json:"didWithUseSig"`
	}
	readJSON(t, "rfc8037-ed25519.json", &v)
	pub, err := keys.ParseJWK(v.JWK)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		use  Use
		want string
	}{{UseUnspecified, v.DID}, {UseSig, v.DIDWithUseSig}} {
		made, err := Create(pub, tc.use)
		if err != nil || made.String() != tc.want {
			t.Errorf("Create(use %q) = %s, %v; want %s", tc.use, made, err, tc.want)
		}
		k, _, err := didmethod.VerificationKey(context.Background(), Resolver{}, tc.want+"#0", didmethod.AssertionMethod)
		if err != nil || !k.Equal(pub) {
			t.Errorf("resolve %s: %v", tc.want, err)
		}
	}
}

func TestUseDecidesRelationships(t *testing.T) {
	priv, err := keys.Generate(keys.ES256)
	if err != nil {
		t.Fatal(err)
	}
	j := priv.Public().JWK()
	didFor := func(use string) string {
		m := map[string]string{"kty": j.Kty, "crv": j.Crv, "x": j.X, "y": j.Y}
		if use != "" {
			m["use"] = use
		}
		b, _ := json.Marshal(m)
		return "did:jwk:" + base64.RawURLEncoding.EncodeToString(b)
	}
	all := didmethod.Relationships()
	for _, tc := range []struct {
		use  string
		want []didmethod.Relationship
	}{
		// §"To create the DID Document": no "use", all five.
		{"", all},
		// "If the JWK contains a use property with the value "sig" then the
		// keyAgreement property is not included".
		{"sig", []didmethod.Relationship{didmethod.Authentication, didmethod.AssertionMethod, didmethod.CapabilityInvocation, didmethod.CapabilityDelegation}},
		// "If the use value is "enc" then only the keyAgreement property is
		// included".
		{"enc", []didmethod.Relationship{didmethod.KeyAgreement}},
	} {
		t.Run("use="+tc.use, func(t *testing.T) {
			doc := resolve(t, didFor(tc.use))
			var got []didmethod.Relationship
			for _, r := range all {
				if len(doc.Relationship(r)) > 0 {
					got = append(got, r)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("relationships %v, want %v", got, tc.want)
			}
		})
	}
}

// TestExpandErrors has one case per rule of §"Read" and §"Security".
func TestExpandErrors(t *testing.T) {
	enc := func(s string) string { return "did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte(s)) }
	ed, _ := keys.Generate(keys.EdDSA)
	x := ed.Public().JWK().X
	cases := []struct {
		name, did string
		want      error
	}{
		{"not a did", "jwk:eyJ9", didmethod.ErrInvalidDID},
		{"other method", "did:key:" + enc(`{}`)[8:], didmethod.ErrInvalidDID},
		{"padding", enc(`{"kty":"OKP"}`) + "=", didmethod.ErrInvalidDID},
		{"standard base64 alphabet", "did:jwk:eyJ+", didmethod.ErrInvalidDID},
		{"dot is not base64url", "did:jwk:eyJ.", didmethod.ErrInvalidDID},
		{"colon segments", "did:jwk:eyJ:eyJ", didmethod.ErrInvalidDID},
		{"pct-encoded", "did:jwk:eyJ%41", didmethod.ErrInvalidDID},
		{"non-canonical trailing bits", "did:jwk:eyK", didmethod.ErrInvalidDID},
		{"not utf-8", "did:jwk:" + base64.RawURLEncoding.EncodeToString([]byte{'{', 0xff, '}'}), didmethod.ErrInvalidDID},
		{"not json", enc(`kty=OKP`), didmethod.ErrInvalidDID},
		{"json array", enc(`["kty"]`), didmethod.ErrInvalidDID},
		{"json null", enc(`null`), didmethod.ErrInvalidDID},
		{"duplicate member", enc(`{"kty":"OKP","crv":"Ed25519","x":"` + x + `","x":"` + x + `"}`), didmethod.ErrInvalidDID},
		{"too long", "did:jwk:" + strings.Repeat("A", base64.RawURLEncoding.EncodedLen(keys.MaxJWKSize)+1), didmethod.ErrInvalidDID},
		{"private key d", enc(`{"kty":"OKP","crv":"Ed25519","x":"` + x + `","d":"` + x + `"}`), didmethod.ErrInvalidPublicKey},
		{"symmetric key k", enc(`{"kty":"oct","k":"AAAA"}`), didmethod.ErrInvalidPublicKey},
		{"rsa private p", enc(`{"kty":"RSA","n":"AQAB","e":"AQAB","p":"AQAB"}`), didmethod.ErrInvalidPublicKey},
		{"use neither sig nor enc", enc(`{"kty":"OKP","crv":"Ed25519","use":"both","x":"` + x + `"}`), didmethod.ErrInvalidPublicKey},
		{"use not a string", enc(`{"kty":"OKP","crv":"Ed25519","use":1,"x":"` + x + `"}`), didmethod.ErrInvalidPublicKey},
		{"no kty", enc(`{"crv":"Ed25519","x":"` + x + `"}`), didmethod.ErrInvalidPublicKey},
		{"ed25519 short x", enc(`{"kty":"OKP","crv":"Ed25519","x":"AAAA"}`), didmethod.ErrInvalidPublicKey},
		{"ed25519 alg mismatch", enc(`{"kty":"OKP","crv":"Ed25519","alg":"ES256","x":"` + x + `"}`), didmethod.ErrInvalidPublicKey},
		{"p256 off the curve", enc(`{"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"}`), didmethod.ErrInvalidPublicKey},
		{"x25519 short x", enc(`{"kty":"OKP","crv":"X25519","x":"AAAA"}`), didmethod.ErrInvalidPublicKey},
		{"x25519 with y", enc(`{"kty":"OKP","crv":"X25519","x":"` + x + `","y":"` + x + `"}`), didmethod.ErrInvalidPublicKey},
		{"rsa", enc(`{"kty":"RSA","n":"AQAB","e":"AQAB"}`), didmethod.ErrUnsupportedPublicKeyType},
		{"p-384", enc(`{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}`), didmethod.ErrUnsupportedPublicKeyType},
		{"secp256k1", enc(`{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}`), didmethod.ErrUnsupportedPublicKeyType},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Expand(tc.did)
			if !errors.Is(err, tc.want) || doc != nil {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var re *didmethod.ResolutionError
			if !errors.As(err, &re) || re.DID != tc.did {
				t.Fatalf("error %#v does not name the did", err)
			}
			res, rerr := Resolver{}.Resolve(context.Background(), tc.did, didmethod.ResolutionOptions{})
			if !errors.Is(rerr, tc.want) || res == nil || res.ResolutionMetadata.Error != re.Code || res.Document != nil {
				t.Errorf("Resolve: %+v, %v", res, rerr)
			}
		})
	}
}

func TestResolveOptionsAndFragments(t *testing.T) {
	priv, _ := keys.Generate(keys.EdDSA)
	did, _ := Create(priv.Public(), UseSig)
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		opts didmethod.ResolutionOptions
		want error
	}{
		{"versionId", ctx, didmethod.ResolutionOptions{VersionID: "2"}, didmethod.ErrNotFound},
		{"cbor", ctx, didmethod.ResolutionOptions{Accept: "application/did+cbor"}, didmethod.ErrRepresentationNotSupported},
		{"cancelled", cancelled, didmethod.ResolutionOptions{}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := (Resolver{}).Resolve(tc.ctx, did.String(), tc.opts); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	// §"To create the DID URL": "#0 is the only valid value".
	for _, frag := range []string{"#1", "#" + priv.Public().Thumbprint()} {
		if _, _, err := didmethod.VerificationKey(ctx, Resolver{}, did.String()+frag, didmethod.AssertionMethod); !errors.Is(err, didmethod.ErrNotFound) {
			t.Errorf("fragment %s: %v", frag, err)
		}
	}
}

func TestCreate(t *testing.T) {
	for _, alg := range keys.Algorithms() {
		for _, use := range []Use{UseUnspecified, UseSig} {
			t.Run(string(alg)+"/use="+string(use), func(t *testing.T) {
				priv, err := keys.Generate(alg)
				if err != nil {
					t.Fatal(err)
				}
				did, err := Create(priv.Public(), use)
				if err != nil {
					t.Fatal(err)
				}
				again, _ := Create(priv.Public(), use)
				if again != did {
					t.Error("Create is not deterministic")
				}
				pub, vm, err := didmethod.VerificationKey(context.Background(), Resolver{}, did.String()+"#0", didmethod.AssertionMethod)
				if err != nil || !pub.Equal(priv.Public()) || vm.Type != "JsonWebKey2020" {
					t.Fatalf("VerificationKey: %v", err)
				}
				sig, _ := priv.Sign([]byte("payload"))
				if err := pub.VerifyAlg(alg, []byte("payload"), sig); err != nil {
					t.Error(err)
				}
			})
		}
	}
	priv, _ := keys.Generate(keys.EdDSA)
	if _, err := Create(priv.Public(), UseEnc); err == nil {
		t.Error("use enc accepted for a signing key")
	}
	if _, err := Create(nil, UseSig); err == nil {
		t.Error("nil key accepted")
	}
}

func FuzzResolveJWK(f *testing.F) {
	for _, name := range []string{"spec-example-p256.json", "spec-example-x25519.json"} {
		var ex specExample
		readJSON(f, name, &ex)
		raw, _ := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(ex.DID, "did:jwk:"))
		f.Add(raw)
	}
	f.Add([]byte(`{"kty":"OKP","crv":"Ed25519","use":"sig","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`))
	f.Add([]byte(`{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}`))
	f.Add([]byte("did:jwk:eyJrdHkiOiJPS1AifQ"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// The input is tried as the JWK of a did:jwk, and as a DID.
		for _, did := range []string{"did:jwk:" + base64.RawURLEncoding.EncodeToString(data), string(data)} {
			res, err := Resolver{}.Resolve(context.Background(), did, didmethod.ResolutionOptions{})
			if err != nil {
				var re *didmethod.ResolutionError
				if !errors.As(err, &re) || res == nil || res.ResolutionMetadata.Error != re.Code || res.Document != nil {
					t.Fatalf("failure not reported as a resolution error: %+v %v", res, err)
				}
				continue
			}
			doc := res.Document
			if err := doc.Validate(); err != nil {
				t.Fatalf("resolved document does not validate: %v", err)
			}
			raw, _ := json.Marshal(doc)
			if _, err := didmethod.ParseDocument(raw); err != nil {
				t.Fatalf("marshaled document does not parse: %v\n%s", err, raw)
			}
			vm := doc.VerificationMethod[0]
			pub, err := vm.PublicKey()
			if err != nil {
				continue // X25519: resolves, but is no key Cachet reads
			}
			// What Create makes from the key resolves to the same key.
			made, err := Create(pub, UseUnspecified)
			if err != nil {
				t.Fatal(err)
			}
			again, _, err := didmethod.VerificationKey(context.Background(), Resolver{}, made.String()+"#0", didmethod.Authentication)
			if err != nil || !again.Equal(pub) {
				t.Fatalf("Create(%s) does not resolve back: %v", did, err)
			}
		}
	})
}

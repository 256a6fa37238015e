package key

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/keys"
)

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

func resolve(t *testing.T, r Resolver, did string) *didmethod.Document {
	t.Helper()
	res, err := r.Resolve(context.Background(), did, didmethod.ResolutionOptions{})
	if err != nil {
		t.Fatalf("Resolve(%s): %v", did, err)
	}
	if err := res.Document.Validate(); err != nil {
		t.Fatalf("resolved document does not validate: %v", err)
	}
	return res.Document
}

// TestSpecCreateExample compares Expand with the document of did:key v0.7
// §"Create" (built with Ed25519VerificationKey2020).
func TestSpecCreateExample(t *testing.T) {
	raw, err := os.ReadFile("testdata/spec-create-example.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := didmethod.ParseDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := resolve(t, Resolver{Format: Ed25519VerificationKey2020}, want.ID)
	if !reflect.DeepEqual(got.VerificationMethod, want.VerificationMethod) {
		t.Errorf("verificationMethod\n got %+v\nwant %+v", got.VerificationMethod, want.VerificationMethod)
	}
	for _, rel := range []didmethod.Relationship{didmethod.Authentication, didmethod.AssertionMethod, didmethod.CapabilityInvocation, didmethod.CapabilityDelegation} {
		if !reflect.DeepEqual(got.Relationship(rel), want.Relationship(rel)) {
			t.Errorf("%s: got %+v, want %+v", rel, got.Relationship(rel), want.Relationship(rel))
		}
	}
	// enableEncryptionKeyDerivation is off: no keyAgreement, no X25519
	// context.
	if got.KeyAgreement != nil {
		t.Errorf("keyAgreement = %+v", got.KeyAgreement)
	}
	if !reflect.DeepEqual(got.Context, want.Context[:2]) {
		t.Errorf("@context = %v", got.Context)
	}
}

func TestDefaultFormatIsMultikey(t *testing.T) {
	const did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	doc := resolve(t, Resolver{}, did)
	vm := doc.VerificationMethod[0]
	if vm.Type != "Multikey" || vm.PublicKeyMultibase != did[len("did:key:"):] || vm.ID != did+"#"+did[len("did:key:"):] || vm.Controller != did {
		t.Errorf("verification method = %+v", vm)
	}
	if !reflect.DeepEqual(doc.Context, didmethod.Context{didmethod.ContextDIDv1, didmethod.ContextMultikey}) {
		t.Errorf("@context = %v", doc.Context)
	}
}

// TestSpecJWKExample compares the JsonWebKey2020 form with did:key v0.7
// §"Test Vectors", "JWK Example".
func TestSpecJWKExample(t *testing.T) {
	var v struct {
		JWK        []didmethod.VerificationMethod `json:"jwkExample"`
		Multicodec []didmethod.VerificationMethod `json:"multicodecExample"`
	}
	readJSON(t, "spec-test-vectors.json", &v)
	did := v.JWK[0].Controller
	got := resolve(t, Resolver{Format: JSONWebKey2020}, did).VerificationMethod[0]
	var gotJWK, wantJWK map[string]any
	_ = json.Unmarshal(got.PublicKeyJwk, &gotJWK)
	_ = json.Unmarshal(v.JWK[0].PublicKeyJwk, &wantJWK)
	if got.ID != v.JWK[0].ID || got.Type != v.JWK[0].Type || !reflect.DeepEqual(gotJWK, wantJWK) {
		t.Errorf("got %+v %v, want %+v %v", got, gotJWK, v.JWK[0], wantJWK)
	}
	mc := resolve(t, Resolver{Format: Ed25519VerificationKey2020}, did).VerificationMethod[0]
	if !reflect.DeepEqual(mc, v.Multicodec[0]) {
		t.Errorf("multicodec example: got %+v, want %+v", mc, v.Multicodec[0])
	}
}

// TestEd25519Vectors uses test-vectors/ed25519-x25519.json: the key made
// from each seed gives the DID, and the DID resolves to that key.
func TestEd25519Vectors(t *testing.T) {
	var vectors map[string]struct {
		Seed string `json:"seed"`
		VKP  struct {
			PublicKeyBase58 string `json:"publicKeyBase58"`
		} `json:"verificationKeyPair"`
	}
	readJSON(t, "ed25519-x25519.json", &vectors)
	if len(vectors) != 5 {
		t.Fatalf("%d vectors", len(vectors))
	}
	for did, v := range vectors {
		t.Run(did, func(t *testing.T) {
			seed, err := hex.DecodeString(v.Seed)
			if err != nil {
				t.Fatal(err)
			}
			priv, err := keys.NewEd25519(ed25519.NewKeyFromSeed(seed))
			if err != nil {
				t.Fatal(err)
			}
			made, err := Create(priv.Public())
			if err != nil || made.String() != did {
				t.Fatalf("Create = %s, %v", made, err)
			}
			pub, vm, err := didmethod.VerificationKey(context.Background(), Resolver{}, did+"#"+made.ID, didmethod.AssertionMethod)
			if err != nil {
				t.Fatal(err)
			}
			if base58.Encode(pub.Raw()) != v.VKP.PublicKeyBase58 || !pub.Equal(priv.Public()) || vm.ID != did+"#"+made.ID {
				t.Errorf("key %s, want %s", base58.Encode(pub.Raw()), v.VKP.PublicKeyBase58)
			}
		})
	}
}

// TestNISTVectors uses test-vectors/nist-curves.json.
func TestNISTVectors(t *testing.T) {
	var vectors map[string]struct {
		VM struct {
			PublicKeyJwk  json.RawMessage `json:"publicKeyJwk"`
			PrivateKeyJwk json.RawMessage `json:"privateKeyJwk"`
		} `json:"verificationMethod"`
	}
	readJSON(t, "nist-curves.json", &vectors)
	for did, v := range vectors {
		t.Run(did, func(t *testing.T) {
			var crv struct{ Crv, X, Y string }
			_ = json.Unmarshal(v.VM.PublicKeyJwk, &crv)
			if crv.Crv != "P-256" {
				_, err := Expand(did, "")
				if !errors.Is(err, didmethod.ErrUnsupportedPublicKeyType) {
					t.Fatalf("%s key: %v", crv.Crv, err)
				}
				return
			}
			doc := resolve(t, Resolver{Format: JSONWebKey2020}, did)
			pub, err := doc.VerificationMethod[0].PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			if j := pub.JWK(); j.X != crv.X || j.Y != crv.Y {
				t.Errorf("jwk %+v, want x %s y %s", j, crv.X, crv.Y)
			}
			priv, err := keys.ParsePrivateJWK(v.VM.PrivateKeyJwk)
			if err != nil {
				t.Fatal(err)
			}
			if made, _ := Create(priv.Public()); made.String() != did {
				t.Errorf("Create = %s", made)
			}
		})
	}
}

func TestSpecExampleDIDs(t *testing.T) {
	var v struct {
		DIDs map[string][]string `json:"dids"`
	}
	readJSON(t, "spec-test-vectors.json", &v)
	want := map[string]error{
		"Ed25519 / X25519": nil,
		"P-256":            nil,
		"X25519":           didmethod.ErrUnsupportedPublicKeyType,
		"Secp256k1":        didmethod.ErrUnsupportedPublicKeyType,
		"BLS 12-381":       didmethod.ErrUnsupportedPublicKeyType,
		"P-384":            didmethod.ErrUnsupportedPublicKeyType,
	}
	for section, dids := range v.DIDs {
		for _, did := range dids {
			t.Run(section+"/"+did[:16], func(t *testing.T) {
				_, err := Expand(did, "")
				if w := want[section]; w == nil && err != nil || w != nil && !errors.Is(err, w) {
					t.Errorf("got %v, want %v", err, w)
				}
			})
		}
	}
}

// TestExpandErrors has one case per error of did:key v0.7's algorithms.
func TestExpandErrors(t *testing.T) {
	ed := "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	p256 := "zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169"
	mb := func(b ...byte) string { return "z" + base58.Encode(b) }
	yAboveP := make([]byte, 32)
	for i := range yAboveP {
		yAboveP[i] = 0xff
	}
	yAboveP[31] = 0x7f
	cases := []struct {
		name   string
		did    string
		format PublicKeyFormat
		want   error
	}{
		{"not a did", "key:" + ed, "", didmethod.ErrInvalidDID},
		{"other method", "did:web:" + ed, "", didmethod.ErrInvalidDID},
		{"version 0", "did:key:0:" + ed, "", didmethod.ErrInvalidDID},
		{"version not an integer", "did:key:v1:" + ed, "", didmethod.ErrInvalidDID},
		{"version with leading zero", "did:key:01:" + ed, "", didmethod.ErrInvalidDID},
		{"too many components", "did:key:1:2:" + ed, "", didmethod.ErrInvalidDID},
		{"multibase not base58-btc", "did:key:f" + ed[1:], "", didmethod.ErrInvalidDID},
		{"not base58", "did:key:z0OIl", "", didmethod.ErrInvalidDID},
		{"pct-encoded", "did:key:z6Mk%41", "", didmethod.ErrInvalidDID},
		{"multibase too long", "did:key:z" + strings.Repeat("1", MaxMultibaseLength), "", didmethod.ErrInvalidDID},
		{"bad multicodec varint", "did:key:" + mb(0xff, 0xff), "", didmethod.ErrInvalidPublicKey},
		{"multicodec not in the table", "did:key:" + mb(append([]byte{0x01}, make([]byte, 32)...)...), "", didmethod.ErrUnsupportedPublicKeyType},
		{"ed25519 key too short", "did:key:" + mb(0xed, 0x01, 1, 2, 3), "", didmethod.ErrInvalidPublicKeyLength},
		{"p256 uncompressed", "did:key:" + mb(append([]byte{0x80, 0x24, 0x04}, make([]byte, 64)...)...), "", didmethod.ErrInvalidPublicKeyLength},
		{"secp256k1 wrong length", "did:key:" + mb(0xe7, 0x01, 2, 3), "", didmethod.ErrInvalidPublicKeyLength},
		{"p256 bad point prefix", "did:key:" + mb(append([]byte{0x80, 0x24, 0x05}, make([]byte, 32)...)...), "", didmethod.ErrInvalidPublicKey},
		{"ed25519 y not below p", "did:key:" + mb(append([]byte{0xed, 0x01}, yAboveP...)...), "", didmethod.ErrInvalidPublicKey},
		{"ed25519 not on the curve", "did:key:" + mb(append([]byte{0xed, 0x01}, offCurveY(t)...)...), "", didmethod.ErrInvalidPublicKey},
		{"unknown publicKeyFormat", "did:key:" + ed, "JsonWebKey", didmethod.ErrUnsupportedPublicKeyType},
		{"Ed25519VerificationKey2020 with a P-256 key", "did:key:" + p256, Ed25519VerificationKey2020, didmethod.ErrInvalidPublicKeyType},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := Expand(tc.did, tc.format)
			if !errors.Is(err, tc.want) || doc != nil {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var re *didmethod.ResolutionError
			if !errors.As(err, &re) {
				t.Fatalf("%v is not a *didmethod.ResolutionError", err)
			}
			res, rerr := Resolver{Format: tc.format}.Resolve(context.Background(), tc.did, didmethod.ResolutionOptions{})
			if !errors.Is(rerr, tc.want) || res == nil || res.ResolutionMetadata.Error != re.Code || res.Document != nil {
				t.Errorf("Resolve: %+v, %v", res, rerr)
			}
		})
	}
}

func TestVersionComponent(t *testing.T) {
	const did = "did:key:1:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	doc := resolve(t, Resolver{}, did)
	if doc.ID != did || doc.VerificationMethod[0].ID != did+"#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" {
		t.Errorf("document %+v", doc.VerificationMethod[0])
	}
}

func TestResolveOptions(t *testing.T) {
	ctx := context.Background()
	const did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	cases := []struct {
		name string
		ctx  context.Context
		opts didmethod.ResolutionOptions
		want error
	}{
		{"versionId has no document", ctx, didmethod.ResolutionOptions{VersionID: "1"}, didmethod.ErrNotFound},
		{"cbor not offered", ctx, didmethod.ResolutionOptions{Accept: "application/did+cbor"}, didmethod.ErrRepresentationNotSupported},
		{"cancelled context", cancelled(), didmethod.ResolutionOptions{}, context.Canceled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := (Resolver{}).Resolve(tc.ctx, did, tc.opts); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := (Resolver{}).Resolve(ctx, did, didmethod.ResolutionOptions{Accept: "application/did+ld+json"}); err != nil {
		t.Errorf("json-ld: %v", err)
	}
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// TestCreateResolves: what Create makes resolves to the same key, which
// verifies assertions and authentication but is no keyAgreement key.
func TestCreateResolves(t *testing.T) {
	for _, alg := range keys.Algorithms() {
		for _, format := range []PublicKeyFormat{Multikey, JSONWebKey2020} {
			t.Run(string(alg)+"/"+string(format), func(t *testing.T) {
				priv, err := keys.Generate(alg)
				if err != nil {
					t.Fatal(err)
				}
				did, err := Create(priv.Public())
				if err != nil {
					t.Fatal(err)
				}
				kid := did.String() + "#" + did.ID
				r := Resolver{Format: format}
				for _, rel := range []didmethod.Relationship{didmethod.AssertionMethod, didmethod.Authentication, didmethod.CapabilityInvocation, didmethod.CapabilityDelegation} {
					pub, _, err := didmethod.VerificationKey(context.Background(), r, kid, rel)
					if err != nil || !pub.Equal(priv.Public()) {
						t.Fatalf("%s: %v", rel, err)
					}
				}
				if _, _, err := didmethod.VerificationKey(context.Background(), r, kid, didmethod.KeyAgreement); !errors.Is(err, didmethod.ErrNotAuthorized) {
					t.Errorf("keyAgreement: %v", err)
				}
				sig, _ := priv.Sign([]byte("payload"))
				pub, _, _ := didmethod.VerificationKey(context.Background(), r, kid, didmethod.AssertionMethod)
				if err := pub.VerifyAlg(alg, []byte("payload"), sig); err != nil {
					t.Errorf("signature does not verify with the resolved key: %v", err)
				}
			})
		}
	}
	if _, err := Create(nil); err == nil {
		t.Error("Create(nil) succeeded")
	}
}

// offCurveY returns a y coordinate below p that is on no Ed25519 point,
// found and checked with Euler's criterion, independently of
// ed25519PointValid.
func offCurveY(t testing.TB) []byte {
	for y := int64(2); y < 100; y++ {
		b := make([]byte, 32)
		b[0] = byte(y)
		if !eulerOnCurve(b) {
			return b
		}
	}
	t.Fatal("no off-curve y found")
	return nil
}

// eulerOnCurve decides whether y (little-endian, sign bit cleared) has an x
// on Ed25519 by Euler's criterion on (y^2-1)/(d y^2+1).
func eulerOnCurve(b []byte) bool {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	le := make([]byte, 32)
	for i := range b {
		le[31-i] = b[i]
	}
	le[0] &= 0x7f
	y := new(big.Int).SetBytes(le)
	if y.Cmp(p) >= 0 {
		return false
	}
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	y2 := new(big.Int).Mul(y, y)
	u := new(big.Int).Sub(y2, big.NewInt(1))
	v := new(big.Int).Add(new(big.Int).Mul(d, y2), big.NewInt(1))
	v.Mod(v, p)
	x2 := new(big.Int).Mul(u, new(big.Int).ModInverse(v, p))
	x2.Mod(x2, p)
	if x2.Sign() == 0 {
		return b[31]&0x80 == 0
	}
	e := new(big.Int).Rsh(new(big.Int).Sub(p, big.NewInt(1)), 1)
	return new(big.Int).Exp(x2, e, p).Cmp(big.NewInt(1)) == 0
}

func TestEd25519PointValid(t *testing.T) {
	for range 200 {
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		if !ed25519PointValid(pub) {
			t.Fatalf("generated key %x rejected", pub)
		}
	}
	for range 2000 {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		if ed25519PointValid(b) != eulerOnCurve(b) {
			t.Fatalf("%x: ed25519PointValid disagrees with Euler's criterion", b)
		}
	}
	// x = 0 (y = 1, the identity) with the sign bit set is invalid (RFC 8032
	// §5.1.3 step 4).
	one := make([]byte, 32)
	one[0] = 1
	if !ed25519PointValid(one) {
		t.Error("identity rejected")
	}
	one[31] |= 0x80
	if ed25519PointValid(one) {
		t.Error("x = 0 with sign bit accepted")
	}
}

func FuzzResolveKey(f *testing.F) {
	var ed map[string]json.RawMessage
	var nist map[string]json.RawMessage
	readJSON(f, "ed25519-x25519.json", &ed)
	readJSON(f, "nist-curves.json", &nist)
	for did := range ed {
		f.Add(did)
	}
	for did := range nist {
		f.Add(did)
	}
	f.Add("did:key:1:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK")
	f.Add("did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F")
	f.Add("did:key:z")
	f.Fuzz(func(t *testing.T, did string) {
		for _, format := range []PublicKeyFormat{Multikey, JSONWebKey2020, Ed25519VerificationKey2020} {
			res, err := Resolver{Format: format}.Resolve(context.Background(), did, didmethod.ResolutionOptions{})
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
			// The document survives a JSON round trip.
			raw, _ := json.Marshal(doc)
			if _, err := didmethod.ParseDocument(raw); err != nil {
				t.Fatalf("marshaled document does not parse: %v", err)
			}
			pub, vm, err := didmethod.VerificationKey(context.Background(), Resolver{Format: format}, doc.VerificationMethod[0].ID, didmethod.AssertionMethod)
			if err != nil {
				t.Fatalf("VerificationKey: %v", err)
			}
			if vm.ID != doc.VerificationMethod[0].ID {
				t.Fatalf("method %s", vm.ID)
			}
			// What Create makes from the key is the DID (without its
			// version component).
			made, err := Create(pub)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(did, ":"+made.ID) || strings.Count(did, ":") == 2 && made.String() != did {
				t.Fatalf("Create = %s for %s", made, did)
			}
		}
	})
}

func BenchmarkVerificationKey(b *testing.B) {
	msg := make([]byte, 1300)
	for _, alg := range keys.Algorithms() {
		b.Run(string(alg), func(b *testing.B) {
			priv, err := keys.Generate(alg)
			if err != nil {
				b.Fatal(err)
			}
			did, _ := Create(priv.Public())
			kid := did.String() + "#" + did.ID
			sig, _ := priv.Sign(msg)
			// Baseline, measured in the same run: one bare signature
			// verification with the key.
			base := nsPerOp(func() {
				if err := priv.Public().Verify(msg, sig); err != nil {
					b.Fatal(err)
				}
			})
			ctx := context.Background()
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := didmethod.VerificationKey(ctx, Resolver{}, kid, didmethod.AssertionMethod); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/base, "x-bare-verify")
		})
	}
}

// nsPerOp times f over about 200ms and returns nanoseconds per call.
func nsPerOp(f func()) float64 {
	n, start := 0, time.Now()
	for time.Since(start) < 200*time.Millisecond {
		f()
		n++
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}

// TestKeyIDResolves: the kid KeyID builds names the method Expand puts in
// the document, and VerificationKey finds the key under it.
func TestKeyIDResolves(t *testing.T) {
	for _, alg := range keys.Algorithms() {
		k, err := keys.Generate(alg)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Create(k.Public())
		if err != nil {
			t.Fatal(err)
		}
		pub, _, err := didmethod.VerificationKey(context.Background(), Resolver{}, KeyID(d), didmethod.AssertionMethod)
		if err != nil || !pub.Equal(k.Public()) {
			t.Fatalf("%s: %v", alg, err)
		}
	}
}

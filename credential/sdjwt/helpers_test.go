package sdjwt

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/json"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// t0 is "now" in the tests: a credential checked in 2026.
var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// Fixed keys, so that fuzz workers and benchmarks see the same bytes.
func edKey(seed byte) *keys.PrivateKey {
	k, err := keys.NewEd25519(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize)))
	if err != nil {
		panic(err)
	}
	return k
}

func p256Key(seed byte) *keys.PrivateKey {
	d := sha256.Sum256([]byte{seed})
	priv, err := ecdsa.ParseRawPrivateKey(elliptic.P256(), d[:])
	if err != nil {
		panic(err)
	}
	k, err := keys.NewP256(priv)
	if err != nil {
		panic(err)
	}
	return k
}

type fixture struct {
	issuer, holder, other *keys.PrivateKey
	algs                  []keys.Algorithm
}

func newFixture(alg keys.Algorithm) *fixture {
	if alg == keys.ES256 {
		return &fixture{p256Key(1), p256Key(2), p256Key(3), []keys.Algorithm{keys.ES256}}
	}
	return &fixture{edKey(1), edKey(2), edKey(3), []keys.Algorithm{keys.EdDSA}}
}

const (
	testAud   = "https://counter.example/verifier"
	testNonce = "n-0S6_WzA2Mj"
)

func (f *fixture) options() VerifyOptions {
	return VerifyOptions{
		IssuerKey:  f.issuer.Public(),
		Algorithms: f.algs,
		Now:        t0,
		Leeway:     30 * time.Second,
		KeyBinding: KeyBindingOptions{Nonce: testNonce, Audience: testAud},
	}
}

// disc encodes an object property Disclosure; elem an array element one;
// rawDisc any JSON text.
func disc(salt, name string, v any) string {
	d, err := newDisclosure(salt, name, true, v)
	if err != nil {
		panic(err)
	}
	return d.encoded
}

func elem(salt string, v any) string {
	d, err := newDisclosure(salt, "", false, v)
	if err != nil {
		panic(err)
	}
	return d.encoded
}

func rawDisc(s string) string { return b64.EncodeToString([]byte(s)) }

func dg(d string) string { return digest(SHA256, d) }

// signJWT signs payload (a []byte or anything encoding/json encodes).
func signJWT(k keys.Signer, h jws.Header, payload any) string {
	raw, ok := payload.([]byte)
	if !ok {
		var err error
		if raw, err = json.Marshal(payload); err != nil {
			panic(err)
		}
	}
	s, err := jws.Sign(k, h, raw)
	if err != nil {
		panic(err)
	}
	return s
}

// unsignedJWT builds a JWS with any header, e.g. alg "none".
func unsignedJWT(header string, payload any) string {
	raw, _ := json.Marshal(payload)
	return b64.EncodeToString([]byte(header)) + "." + b64.EncodeToString(raw) + "."
}

// sd assembles "<jwt>~<d1>~...~".
func sd(jwt string, ds ...string) string {
	s := jwt + "~"
	for _, d := range ds {
		s += d + "~"
	}
	return s
}

func (f *fixture) kbClaims(sdPart string) map[string]any {
	return map[string]any{"nonce": testNonce, "aud": testAud, "iat": t0.Add(-10 * time.Second).Unix(), "sd_hash": dg(sdPart)}
}

// withKB appends a Key Binding JWT made by k after edit changes its
// header and claims.
func (f *fixture) withKB(sdPart string, k keys.Signer, edit func(h *jws.Header, c map[string]any)) string {
	h := jws.Header{Typ: "kb+jwt"}
	c := f.kbClaims(sdPart)
	if edit != nil {
		edit(&h, c)
	}
	return sdPart + signJWT(k, h, c)
}

// The baseline credential of the tests: three Disclosures (two object
// properties, one array element) and a decoy.
var (
	dGiven  = disc("c2FsdC1naXZlbg", "given_name", "Erika")
	dFamily = disc("c2FsdC1mYW1pbHk", "family_name", "Mustermann")
	dNat    = elem("c2FsdC1uYXQ", "DE")
	decoy   = digestBytes(SHA256, []byte("decoy"))
)

func (f *fixture) payload() map[string]any {
	return map[string]any{
		"iss":           "https://bureau.example",
		"iat":           t0.Add(-time.Hour).Unix(),
		"exp":           t0.Add(365 * 24 * time.Hour).Unix(),
		"cnf":           map[string]any{"jwk": f.holder.Public().JWK()},
		"_sd":           []any{dg(dGiven), dg(dFamily), decoy},
		"nationalities": []any{map[string]any{"...": dg(dNat)}, "FR"},
		"_sd_alg":       "sha-256",
	}
}

// presentation is the baseline SD-JWT+KB, with payload edited first.
func (f *fixture) presentation(edit func(p map[string]any), ds ...string) string {
	p := f.payload()
	if edit != nil {
		edit(p)
	}
	if ds == nil {
		ds = []string{dGiven, dFamily, dNat}
	}
	return f.withKB(sd(signJWT(f.issuer, jws.Header{Typ: "example+sd-jwt"}, p), ds...), f.holder, nil)
}

func parseVerify(in string, o VerifyOptions, method string) error {
	s, err := Parse(in)
	if err != nil {
		return err
	}
	switch method {
	case "holder":
		_, err = s.VerifyIssuance(o)
	case "vc":
		_, err = s.VerifyVC(o)
	default:
		_, err = s.Verify(o)
	}
	return err
}

func mustParse(t testing.TB, in string) *SDJWT {
	t.Helper()
	s, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

package jose

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func token(t testing.TB, parts ...string) string {
	return strings.TrimSpace(string(readFile(t, parts...)))
}

// TestW3CTestSuiteVectors runs the JOSE inputs of the W3C VC-JOSE-COSE test
// suite (testdata/README.md) through Parse and Verify.
func TestW3CTestSuiteVectors(t *testing.T) {
	p256, _, _ := cidKeys(t, "cid-p256.json")
	ed, _, _ := cidKeys(t, "cid-ed25519.json")
	suiteNow := time.Date(2024, 12, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		file      string
		key       *keys.PublicKey
		fromIss   bool  // KeyFromIssUnsafe: the suite's kids are JWK thumbprints
		parseErr  error // want from Parse
		verifyErr error // want from Verify
	}{
		{name: "minimal ES256 credential verifies", file: "credential-jose-minimal.jwt", key: p256, fromIss: true},
		{name: "minimal ES256 credential: thumbprint kid is not a DID URL of the issuer", file: "credential-jose-minimal.jwt", key: p256, verifyErr: ErrKidNotIssuer},
		{name: "minimal ES256 credential with the wrong key", file: "credential-jose-minimal.jwt", key: ed, fromIss: true, verifyErr: jws.ErrKeyMismatch},
		{name: "bad signature", file: "credential-jose-bad-signature.jwt", key: ed, fromIss: true, verifyErr: jws.ErrSignature},
		{name: "vc and vp claims", file: "credential-jose-vc-vp-claims.jwt", key: ed, fromIss: true, verifyErr: ErrVCVPClaim},
		{name: "bad media type", file: "credential-jose-bad-media-type.jwt", parseErr: ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse(token(t, "w3c-suite", tt.file))
			if tt.parseErr != nil || err != nil {
				if !errors.Is(err, tt.parseErr) || tt.parseErr == nil {
					t.Fatalf("Parse: want %v, got %v", tt.parseErr, err)
				}
				return
			}
			o := VerifyOptions{Algorithms: []keys.Algorithm{keys.EdDSA, keys.ES256}, Now: suiteNow, KeyFromIssUnsafe: tt.fromIss}
			c, err := p.Verify(tt.key, o)
			if tt.verifyErr == nil {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if c.Issuer.ID != "https://example.issuer/vc-jose-cose" || p.Claims.Issuer != c.Issuer.ID {
					t.Fatalf("issuer %q, iss %q", c.Issuer.ID, p.Claims.Issuer)
				}
				return
			}
			if !errors.Is(err, tt.verifyErr) {
				t.Fatalf("Verify: want %v, got %v", tt.verifyErr, err)
			}
		})
	}
	t.Run("presentation with a credential that is not a data URL", func(t *testing.T) {
		tok := token(t, "w3c-suite", "presentation-jose-bad-credential.jwt")
		// The signature itself is good (cid-ed25519): the document is what is wrong.
		raw, err := jws.Parse(tok)
		if err != nil || raw.Verify(ed, []keys.Algorithm{keys.EdDSA}) != nil {
			t.Fatalf("signature: %v", err)
		}
		_, err = ParsePresentation(tok)
		if !errors.Is(err, ErrInvalidPresentation) || !errors.Is(err, credential.ErrEnvelopedID) {
			t.Fatalf("want ErrEnvelopedID, got %v", err)
		}
	})
}

// TestSignerReproducesW3CSignatures: Ed25519 is deterministic, so signing
// the test suite's signing inputs with its published private key must give
// its signatures byte for byte.
func TestSignerReproducesW3CSignatures(t *testing.T) {
	_, priv, _ := cidKeys(t, "cid-ed25519.json")
	for _, f := range []string{"credential-jose-vc-vp-claims.jwt", "credential-jose-bad-media-type.jwt", "presentation-jose-bad-credential.jwt"} {
		t.Run(f, func(t *testing.T) {
			tok := token(t, "w3c-suite", f)
			i := strings.LastIndexByte(tok, '.')
			sig, err := priv.Sign([]byte(tok[:i]))
			if err != nil {
				t.Fatal(err)
			}
			if got := base64.RawURLEncoding.EncodeToString(sig); got != tok[i+1:] {
				t.Fatalf("signature %s, vector %s", got, tok[i+1:])
			}
		})
	}
}

// TestRecommendationExamples checks the JOSE examples of the VC-JOSE-COSE
// Recommendation. Their ES256 signatures were made with a key the respec-vc
// plugin generated while rendering the page and never published, so they
// cannot be verified by anyone; the test checks what can be: the token
// decodes to the credential the example shows, that credential conforms,
// and Cachet's Parse refuses the token for its missing typ header.
func TestRecommendationExamples(t *testing.T) {
	t.Run("example 1 vc+jwt", func(t *testing.T) {
		tok := token(t, "vc-jose-cose-rec", "example-1-vc.jwt")
		raw, err := jws.Parse(tok)
		if err != nil {
			t.Fatal(err)
		}
		if raw.Header.Alg != keys.ES256 || raw.Header.Kid != "ExHkBMW9fmbkvV266mRpuP2sUY_N_EWIN1lapUzO8ro" || raw.Header.Typ != "" {
			t.Fatalf("header %+v", raw.Header)
		}
		got, err := credential.ParseValue(raw.Payload)
		if err != nil {
			t.Fatal(err)
		}
		want, err := credential.ParseValue(readFile(t, "vc-jose-cose-rec", "example-1-credential.json"))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("payload differs from the example's credential")
		}
		c, err := credential.ParseCredential(raw.Payload)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Check(); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(tok); !errors.Is(err, ErrType) {
			t.Fatalf("Parse: want ErrType, got %v", err)
		}
	})
	t.Run("example 2 enveloped ES384 credential", func(t *testing.T) {
		// The credential enveloped in Example 2 was signed with the fixed
		// P-384 key of respec-vc's src/common.js: it verifies with that key,
		// and Cachet refuses ES384.
		tok := token(t, "vc-jose-cose-rec", "example-2-enveloped-es384.jwt")
		var jwk struct{ X, Y string }
		if err := json.Unmarshal(readFile(t, "vc-jose-cose-rec", "respec-vc-p384-public.json"), &jwk); err != nil {
			t.Fatal(err)
		}
		b := func(s string) []byte { v, _ := base64.RawURLEncoding.DecodeString(s); return v }
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P384(), append(append([]byte{4}, b(jwk.X)...), b(jwk.Y)...))
		if err != nil {
			t.Fatal(err)
		}
		i := strings.LastIndexByte(tok, '.')
		h := sha512.Sum384([]byte(tok[:i]))
		sig := b(tok[i+1:])
		if len(sig) != 96 || !ecdsa.Verify(pub, h[:], new(big.Int).SetBytes(sig[:48]), new(big.Int).SetBytes(sig[48:])) {
			t.Fatal("example 2's credential does not verify with the respec-vc key")
		}
		if _, err := Parse(tok); !errors.Is(err, jws.ErrMalformed) {
			t.Fatalf("Parse: want unsupported alg, got %v", err)
		}
	})
}

// TestGolden issues the resident card with the seeded bureau key and
// compares with the stored token (EdDSA is deterministic); the ES256 token,
// made once with the W3C suite's P-256 key, must still verify.
func TestGolden(t *testing.T) {
	tok, err := Issue(bureauKey(t), bureauKid, residentCard())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", "resident-card-eddsa.jwt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(tok+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, p256priv, controller := cidKeys(t, "cid-p256.json")
		c := residentCard()
		c.Issuer.ID = controller
		es, err := Issue(p256priv, controller+"#key-1", c)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "golden", "resident-card-es256.jwt"), []byte(es+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := token(t, "golden", "resident-card-eddsa.jwt"); tok != want {
		t.Fatalf("issued token differs from golden:\n got %s\nwant %s", tok, want)
	}
	if n := len(tok); n < 1200 || n > 1500 {
		t.Errorf("resident card vc+jwt is %d bytes, meant to be about 1.3 KB", n)
	}
	p, err := Parse(tok)
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Verify(bureauKey(t).Public(), verifyOpts())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := residentCard().MarshalJSON()
	got, _ := c.MarshalJSON()
	if !bytes.Equal(got, want) {
		t.Fatalf("verified credential differs:\n%s\n%s", got, want)
	}

	p256, _, _ := cidKeys(t, "cid-p256.json")
	pe, err := Parse(token(t, "golden", "resident-card-es256.jwt"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pe.Verify(p256, verifyOpts()); err != nil {
		t.Fatal(err)
	}
}

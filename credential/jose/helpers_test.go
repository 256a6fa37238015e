package jose

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/keys"
)

// The test district: a bureau (issuer) and a citizen (holder) with keys
// derived from fixed seeds, so EdDSA output is reproducible.
const (
	bureauDID = "did:cachet:EiDahaOGH-liLLdDtTxEAdc8i-cfCz-WUcQ1ZOdC8Zl4cA"
	bureauKid = bureauDID + "#key-1"
	holderDID = "did:cachet:EiBm4q7xOSHqJ8pZ2WqQw0c0Yyq3r3xj0wqYF0nQm3aV2A"
	holderKid = holderDID + "#key-1"
)

var (
	issuedAt = time.Date(2026, 3, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	now      = issuedAt.Add(24 * time.Hour)
)

func seededEd25519(t testing.TB, seed string) *keys.PrivateKey {
	t.Helper()
	s := sha256.Sum256([]byte(seed))
	k, err := keys.NewEd25519(ed25519.NewKeyFromSeed(s[:]))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func bureauKey(t testing.TB) *keys.PrivateKey { return seededEd25519(t, "cachet test bureau key 1") }
func holderKey(t testing.TB) *keys.PrivateKey { return seededEd25519(t, "cachet test citizen key 1") }

// residentCard is a realistic Cachet credential: a district resident
// identity card with a revocation status entry and a JSON
// Schema. Its vc+jwt is about 1.3 KB.
func residentCard() *credential.Credential {
	return &credential.Credential{
		Context:    []credential.Context{{URL: credential.ContextV2}, {URL: "https://cachet.example/ns/v1"}},
		ID:         "urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7",
		Type:       []string{credential.TypeVerifiableCredential, "ResidentIdentityCard"},
		Issuer:     credential.Issuer{ID: bureauDID},
		ValidFrom:  "2026-03-01T00:00:00+08:00",
		ValidUntil: "2036-02-29T23:59:59+08:00",
		CredentialSubject: []map[string]any{{
			"id":         holderDID,
			"familyName": "李",
			"givenName":  "华",
			"birthDate":  "1990-07-15",
			"residentId": "310104199007150028",
			"address":    "上海市徐汇区漕溪北路88号",
		}},
		CredentialStatus: []credential.Status{
			{ID: "https://cachet.example/status/3#94567", Type: "BitstringStatusListEntry", StatusPurpose: "revocation",
				StatusListIndex: "94567", StatusListCredential: "https://cachet.example/status/3"},
		},
		CredentialSchema: []credential.Schema{{ID: "https://cachet.example/schemas/resident/v1", Type: "JsonSchema"}},
	}
}

func readFile(t testing.TB, parts ...string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cidKeys loads a verification method document of the W3C VC-JOSE-COSE test
// suite and returns its public and private keys.
func cidKeys(t testing.TB, name string) (pub *keys.PublicKey, priv *keys.PrivateKey, controller string) {
	t.Helper()
	var doc struct {
		Controller   string          `json:"controller"`
		PublicKeyJwk json.RawMessage `json:"publicKeyJwk"`
		SecretKeyJwk json.RawMessage `json:"secretKeyJwk"`
	}
	if err := json.Unmarshal(readFile(t, "w3c-suite", name), &doc); err != nil {
		t.Fatal(err)
	}
	pub, err := keys.ParseJWK(doc.PublicKeyJwk)
	if err != nil {
		t.Fatal(err)
	}
	priv, err = keys.ParsePrivateJWK(doc.SecretKeyJwk)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv, doc.Controller
}

func verifyOpts() VerifyOptions {
	return VerifyOptions{Algorithms: []keys.Algorithm{keys.EdDSA, keys.ES256}, Now: now}
}

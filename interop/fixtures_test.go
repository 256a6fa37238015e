package interop_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cachet-district/cachet/keys"
)

// algs are the two signature algorithms Cachet supports; every cross-check
// runs with both.
var algs = []keys.Algorithm{keys.EdDSA, keys.ES256}

// Who is who in the SD-JWT VC tests.
const (
	bureau   = "https://ps.chancheng.example"      // the issuer (iss)
	counter  = "https://counter.chancheng.example" // the verifier (aud)
	txNonce  = "n-0S6_WzA2Mj"                      // the verifier's nonce
	otherAud = "https://elsewhere.example"         // an aud that is not ours
)

// readTestdata returns the bytes of testdata/name.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// residentCardSDJWT is testdata/resident-card-sdjwt.json: the vct and the
// claims of a Resident Identity Card SD-JWT VC, with a structured address
// and an array to exercise nested and array element Disclosures.
type residentCardSDJWT struct {
	VCT    string         `json:"vct"`
	Claims map[string]any `json:"claims"`
}

func loadResidentCardSDJWT(t testing.TB) residentCardSDJWT {
	t.Helper()
	var c residentCardSDJWT
	if err := json.Unmarshal(readTestdata(t, "resident-card-sdjwt.json"), &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// newKey generates a key or fails the test.
func newKey(t testing.TB, alg keys.Algorithm) *keys.PrivateKey {
	t.Helper()
	k, err := keys.Generate(alg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// privateJWK is k as a private JWK object, for the JS peer.
func privateJWK(t testing.TB, k *keys.PrivateKey) map[string]any {
	t.Helper()
	b, err := k.MarshalPrivateJWK()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// mustJSON marshals v or fails the test.
func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// errorIs is errors.Is, named for the tables that use it.
func errorIs(err, target error) bool { return errors.Is(err, target) }

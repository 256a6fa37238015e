package sdjwt

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// detRand is a reproducible source of salts and decoys for tests.
func detRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	s[0] = byte(seed)
	return rand.NewChaCha8(s)
}

func testClaims() map[string]any {
	return map[string]any{
		"iss":           "https://bureau.example",
		"sub":           "user_42",
		"given_name":    "太郎",
		"address":       map[string]any{"street": "Hauptstr. 1", "locality": "Köln", "country": "DE"},
		"nationalities": []string{"DE", "FR", "US"},
		"evidence":      []any{map[string]any{"method": "pipp", "time": "2012-04-22"}},
		"updated_at":    1570000000123,
		"nested":        []any{[]any{"a", "b"}},
	}
}

func TestIssueRoundTrip(t *testing.T) {
	f := newFixture(keys.EdDSA)
	tests := []struct {
		name  string
		paths [][]string
		hash  string
		sds   int // Disclosures
	}{
		{"none", nil, "", 0},
		{"flat", [][]string{{"given_name"}, {"address"}}, "", 2},
		{"structured", [][]string{{"address", "street"}, {"address", "locality"}}, "", 2},
		{"recursive", [][]string{{"address"}, {"address", "street"}, {"address", "country"}}, "", 3},
		{"array elements by index", [][]string{{"nationalities", "0"}, {"nationalities", "2"}}, "", 2},
		{"array elements by star", [][]string{{"nationalities", "*"}}, "", 3},
		{"array star and index merged", [][]string{{"nationalities", "*"}, {"nationalities", "1"}}, "", 3},
		{"array and its elements", [][]string{{"nationalities"}, {"nationalities", "*"}}, "", 4},
		{"object inside array", [][]string{{"evidence", "0"}, {"evidence", "0", "method"}}, "", 2},
		{"array inside array", [][]string{{"nested", "0", "1"}, {"nested", "0"}}, "", 2},
		{"sub and number", [][]string{{"sub"}, {"updated_at"}}, "", 2},
		{"repeated path", [][]string{{"sub"}, {"sub"}}, "", 1},
		{"sha-384", [][]string{{"given_name"}}, SHA384, 1},
		{"sha-512", [][]string{{"given_name"}, {"nationalities", "*"}}, SHA512, 4},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			claims := testClaims()
			before := mustJSON(claims)
			s, err := Issue(f.issuer, jws.Header{Typ: "example+sd-jwt"}, claims, tc.paths, IssueOptions{Hash: tc.hash, Rand: detRand(uint64(i))})
			if err != nil {
				t.Fatal(err)
			}
			if mustJSON(claims) != before {
				t.Fatal("Issue modified the claims")
			}
			if len(s.Disclosures()) != tc.sds {
				t.Fatalf("%d disclosures, want %d", len(s.Disclosures()), tc.sds)
			}
			v, err := mustParse(t, s.String()).VerifyIssuance(f.options())
			if err != nil {
				t.Fatal(err)
			}
			want := jsonValue(t, mustJSON(testClaims()))
			if !reflect.DeepEqual(any(v.Claims), want) {
				t.Fatalf("processed %s\nwant %s", mustJSON(v.Claims), mustJSON(want))
			}
			wantHash := tc.hash
			if wantHash == "" {
				wantHash = SHA256
			}
			if v.HashAlg != wantHash || s.UnverifiedPayload()["_sd_alg"] != wantHash {
				t.Fatalf("hash %s", v.HashAlg)
			}
			// Reproducible with the same randomness.
			again, _ := Issue(f.issuer, jws.Header{Typ: "example+sd-jwt"}, testClaims(), tc.paths, IssueOptions{Hash: tc.hash, Rand: detRand(uint64(i))})
			if again.String() != s.String() {
				t.Fatal("issuance not reproducible")
			}
		})
	}
}

func TestIssueDecoys(t *testing.T) {
	f := newFixture(keys.EdDSA)
	for _, tc := range []struct {
		decoys   int
		min, max int
	}{{0, 1, DefaultMaxDecoys}, {-1, 0, 0}, {5, 1, 5}, {1, 1, 1}} {
		for i := range 20 {
			s, err := Issue(f.issuer, jws.Header{}, testClaims(), [][]string{{"sub"}, {"address", "street"}}, IssueOptions{Decoys: tc.decoys, Rand: detRand(uint64(i))})
			if err != nil {
				t.Fatal(err)
			}
			p := s.UnverifiedPayload()
			for _, arr := range [][]any{p["_sd"].([]any), p["address"].(map[string]any)["_sd"].([]any)} {
				if n := len(arr) - 1; n < tc.min || n > tc.max {
					t.Fatalf("decoys %d: %d in an _sd array, want [%d,%d]", tc.decoys, n, tc.min, tc.max)
				}
				for j := 1; j < len(arr); j++ {
					if arr[j-1].(string) >= arr[j].(string) {
						t.Fatal("_sd not sorted")
					}
				}
			}
		}
	}
}

func TestIssueErrors(t *testing.T) {
	f := newFixture(keys.EdDSA)
	tests := []struct {
		name   string
		claims map[string]any
		paths  [][]string
		o      IssueOptions
		want   error
	}{
		{"missing member", testClaims(), [][]string{{"email"}}, IssueOptions{}, ErrInvalidPath},
		{"missing nested member", testClaims(), [][]string{{"address", "zip"}}, IssueOptions{}, ErrInvalidPath},
		{"index out of range", testClaims(), [][]string{{"nationalities", "3"}}, IssueOptions{}, ErrInvalidPath},
		{"index with leading zero", testClaims(), [][]string{{"nationalities", "01"}}, IssueOptions{}, ErrInvalidPath},
		{"negative index", testClaims(), [][]string{{"nationalities", "-1"}}, IssueOptions{}, ErrInvalidPath},
		{"star on an object", testClaims(), [][]string{{"address", "*"}}, IssueOptions{}, ErrInvalidPath},
		{"path through a string", testClaims(), [][]string{{"sub", "x"}}, IssueOptions{}, ErrInvalidPath},
		{"empty path", testClaims(), [][]string{{}}, IssueOptions{}, ErrInvalidPath},
		{"claim named _sd", map[string]any{"_sd": []string{}}, nil, IssueOptions{}, ErrReservedClaimName},
		{"nested claim named ...", map[string]any{"a": []any{map[string]any{"...": "x"}}}, nil, IssueOptions{}, ErrReservedClaimName},
		{"claim named _sd_alg", map[string]any{"_sd_alg": "sha-256"}, nil, IssueOptions{}, ErrReservedClaimName},
		{"unsupported hash", testClaims(), nil, IssueOptions{Hash: "sha-1"}, ErrUnsupportedHashAlg},
		{"too deep", map[string]any{"a": deep(MaxDepth + 1)}, nil, IssueOptions{}, ErrLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Issue(f.issuer, jws.Header{}, tc.claims, tc.paths, tc.o)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Issue(nil, jws.Header{}, nil, nil, IssueOptions{}); !errors.Is(err, ErrInvalidOptions) {
		t.Fatalf("nil signer: %v", err)
	}
	if _, err := Issue(f.issuer, jws.Header{}, nil, nil, IssueOptions{Rand: bytes.NewReader(nil)}); err != nil {
		t.Fatalf("no claims, no randomness needed: %v", err)
	}
	if _, err := Issue(f.issuer, jws.Header{}, testClaims(), [][]string{{"sub"}}, IssueOptions{Rand: bytes.NewReader(nil)}); err == nil {
		t.Fatal("failing randomness accepted")
	}
}

func deep(n int) any {
	var v any = "x"
	for range n {
		v = []any{v}
	}
	return v
}

func TestSelectAndPresent(t *testing.T) {
	f := newFixture(keys.EdDSA)
	claims := testClaims()
	claims["cnf"] = map[string]any{"jwk": f.holder.Public().JWK()}
	paths := [][]string{{"sub"}, {"given_name"}, {"address"}, {"address", "street"}, {"address", "locality"},
		{"nationalities", "*"}, {"evidence", "0"}, {"evidence", "0", "method"}}
	issued, err := Issue(f.issuer, jws.Header{}, claims, paths, IssueOptions{Rand: detRand(9)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := issued.VerifyIssuance(f.options()); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		paths  [][]string
		nd     int    // Disclosures presented
		claims string // expected Processed SD-JWT Payload less the permanent claims
	}{
		{"nothing", nil, 0, `{"address":null,"nationalities":[],"evidence":[]}`},
		{"one claim", [][]string{{"given_name"}}, 1, `{"given_name":"太郎","nationalities":[],"evidence":[]}`},
		{"nested claim brings its parent", [][]string{{"address", "street"}}, 2, `{"address":{"street":"Hauptstr. 1","country":"DE"},"nationalities":[],"evidence":[]}`},
		{"whole object brings its members", [][]string{{"address"}}, 3, `{"address":{"street":"Hauptstr. 1","locality":"Köln","country":"DE"},"nationalities":[],"evidence":[]}`},
		{"one array element", [][]string{{"nationalities", "1"}}, 1, `{"nationalities":["FR"],"evidence":[]}`},
		{"all array elements", [][]string{{"nationalities", "*"}}, 3, `{"nationalities":["DE","FR","US"],"evidence":[]}`},
		{"member of a disclosed array element", [][]string{{"evidence", "0", "method"}}, 2, `{"nationalities":[],"evidence":[{"method":"pipp","time":"2012-04-22"}]}`},
		{"permanent claim", [][]string{{"iss"}}, 0, `{"nationalities":[],"evidence":[]}`},
		{"path into a permanent array", [][]string{{"nested", "0", "1"}}, 0, `{"nationalities":[],"evidence":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := issued.Select(tc.paths)
			if err != nil {
				t.Fatal(err)
			}
			if len(sel.Disclosures()) != tc.nd {
				t.Fatalf("%d disclosures, want %d", len(sel.Disclosures()), tc.nd)
			}
			pres, err := sel.Present(f.holder, testAud, testNonce, t0)
			if err != nil {
				t.Fatal(err)
			}
			v, err := mustParse(t, pres).Verify(f.options())
			if err != nil {
				t.Fatal(err)
			}
			want := jsonValue(t, tc.claims).(map[string]any)
			for _, k := range []string{"given_name", "address", "nationalities", "evidence"} {
				w, ok := want[k]
				if w == nil {
					ok = false
				}
				g, has := v.Claims[k]
				if has != ok || !reflect.DeepEqual(g, w) && ok {
					t.Fatalf("%s: %s, want %s", k, mustJSON(g), mustJSON(w))
				}
			}
		})
	}
	for _, bad := range [][]string{{"email"}, {"nationalities", "3"}, {"address", "zip"}, {"sub", "x"}, {}, {"_sd"}} {
		if _, err := issued.Select([][]string{bad}); !errors.Is(err, ErrInvalidPath) {
			t.Fatalf("Select(%q): %v", bad, err)
		}
	}

	sel, _ := issued.Select([][]string{{"sub"}})
	pres, _ := sel.Present(f.holder, testAud, testNonce, t0)
	if _, err := mustParse(t, pres).Select(nil); !errors.Is(err, ErrUnexpectedKeyBinding) {
		t.Fatalf("Select on SD-JWT+KB: %v", err)
	}
	if _, err := mustParse(t, pres).Present(f.holder, testAud, testNonce, t0); !errors.Is(err, ErrUnexpectedKeyBinding) {
		t.Fatalf("Present on SD-JWT+KB: %v", err)
	}
	if _, err := sel.Present(f.other, testAud, testNonce, t0); !errors.Is(err, ErrHolderKeyMismatch) {
		t.Fatalf("Present with another key: %v", err)
	}
	if _, err := sel.Present(f.holder, "", testNonce, t0); !errors.Is(err, ErrInvalidOptions) {
		t.Fatalf("Present without aud: %v", err)
	}
	noCnf, _ := Issue(f.issuer, jws.Header{}, testClaims(), nil, IssueOptions{})
	if _, err := noCnf.Present(f.holder, testAud, testNonce, t0); !errors.Is(err, ErrNoHolderKey) {
		t.Fatalf("Present without cnf: %v", err)
	}
	// A presentation made an hour ago is too old now.
	old, _ := sel.Present(f.holder, testAud, testNonce, t0.Add(-time.Hour))
	if _, err := mustParse(t, old).Verify(f.options()); !errors.Is(err, ErrKeyBindingTooOld) {
		t.Fatalf("old presentation: %v", err)
	}
}

package sdjwt

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// rfcIssuerKey is the key of RFC 9901 Appendix A.5.
func rfcIssuerKey(t testing.TB) *keys.PublicKey {
	t.Helper()
	k, err := keys.ParseJWK([]byte(readTestdata(t, "rfc9901-a5-issuer-key.json")))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// jsonValue decodes JSON the way Verify reports claims (json.Number).
func jsonValue(t testing.TB, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func mustJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// rfcKBTime is shortly after the iat of the RFC's Key Binding JWTs.
var rfcKBTime = time.Unix(1748537244+30, 0)

func rfcOptions(t testing.TB) VerifyOptions {
	return VerifyOptions{
		IssuerKey:  rfcIssuerKey(t),
		Algorithms: []keys.Algorithm{keys.ES256},
		Now:        rfcKBTime,
		Issuer:     "",
		KeyBinding: KeyBindingOptions{Nonce: "1234567890", Audience: "https://verifier.example.org"},
	}
}

// TestRFC9901Vectors verifies every signed example of RFC 9901 with the
// Appendix A.5 key and compares the Processed SD-JWT Payload with the one
// the RFC prints.
func TestRFC9901Vectors(t *testing.T) {
	tests := []struct {
		name, file, processed string
		how                   string // "issuance", "kb", "nokb", "vc", "vc-issuance"
		typ                   string
		sdHash                string
		disclosures           int
	}{
		{"5.1 issuance", "rfc9901-5.1-issuance.txt", "rfc9901-5.1-processed.json", "issuance", "example+sd-jwt", "", 10},
		{"5.2 presentation with key binding", "rfc9901-5.2-presentation.txt", "rfc9901-5.2-processed.json", "kb", "example+sd-jwt", "0_Af-2B-EhLWX5ydh_w2xzwmO6iM66B_2QCEanI4fUY", 4},
		{"A.1 structured with decoys", "rfc9901-a1-presentation.txt", "rfc9901-a1-processed.json", "nokb", "example+sd-jwt", "", 2},
		{"A.2 complex with array element", "rfc9901-a2-presentation.txt", "rfc9901-a2-processed.json", "nokb", "example+sd-jwt", "", 6},
		{"A.3 SD-JWT VC issuance", "rfc9901-a3-issuance.txt", "", "vc-issuance", "", "", 27},
		{"A.3 SD-JWT VC presentation", "rfc9901-a3-presentation.txt", "rfc9901-a3-processed.json", "vc", "", "PjMYfM07VbJdMxLIluvRNb88JFljSX4n-G43Uc_BSRM", 3},
		{"A.4 W3C VCDM payload", "rfc9901-a4-presentation.txt", "rfc9901-a4-processed.json", "kb", "example+sd-jwt", "IoWUH91llf3XErl42bQ3sx_53V1o1ujCz08hDqHK7Dk", 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := readTestdata(t, tc.file)
			s, err := Parse(in)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if s.String() != in {
				t.Fatal("String() does not reproduce the vector")
			}
			if len(s.Disclosures()) != tc.disclosures {
				t.Fatalf("%d disclosures, want %d", len(s.Disclosures()), tc.disclosures)
			}
			o := rfcOptions(t)
			o.Type = tc.typ
			var v *Verified
			switch tc.how {
			case "issuance":
				v, err = s.VerifyIssuance(o)
			case "kb":
				v, err = s.Verify(o)
			case "nokb":
				o.SkipKeyBindingUnsafe = true
				v, err = s.Verify(o)
			case "vc", "vc-issuance":
				o.VCT = "urn:eudi:pid:de:1"
				o.Issuer = "https://pid-issuer.bund.de.example"
				var vc *VerifiedVC
				if tc.how == "vc" {
					vc, err = s.VerifyVC(o)
				} else {
					vc, err = s.VerifyVCIssuance(o)
				}
				if err == nil {
					v = vc.Verified
					if vc.VC.VCT != "urn:eudi:pid:de:1" || vc.VC.Issuer != o.Issuer || vc.VC.Holder == nil ||
						!vc.VC.IssuedAt.Equal(time.Unix(1683000000, 0)) || !vc.VC.Expires.Equal(time.Unix(1883000000, 0)) {
						t.Errorf("VC claims: %+v", vc.VC)
					}
				}
			}
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if tc.sdHash != "" {
				if v.KeyBinding == nil || v.KeyBinding.SDHash != tc.sdHash {
					t.Fatalf("key binding %+v, want sd_hash %s", v.KeyBinding, tc.sdHash)
				}
				if got := digest(SHA256, s.SDJWT()); got != tc.sdHash {
					t.Fatalf("sd_hash computed %s, RFC prints %s", got, tc.sdHash)
				}
				if !v.KeyBinding.IssuedAt.Equal(time.Unix(1748537244, 0)) {
					t.Errorf("kb iat %v", v.KeyBinding.IssuedAt)
				}
			}
			if tc.processed != "" {
				want := jsonValue(t, readTestdata(t, tc.processed))
				if !reflect.DeepEqual(any(v.Claims), want) {
					t.Fatalf("processed payload:\n%s\nwant:\n%s", mustJSON(v.Claims), mustJSON(want))
				}
			}
		})
	}
}

// TestRFC9901Disclosures reproduces, byte for byte, every Disclosure digest
// the RFC prints, and decodes each Disclosure to the contents it lists.
func TestRFC9901Disclosures(t *testing.T) {
	var entries []struct {
		Section    string          `json:"section"`
		Disclosure string          `json:"disclosure"`
		SHA256     *string         `json:"sha256"`
		Contents   json.RawMessage `json:"contents"`
	}
	if err := json.Unmarshal([]byte(readTestdata(t, "rfc9901-disclosures.json")), &entries); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		t.Run(e.Section+" "+e.Disclosure[:16], func(t *testing.T) {
			d, err := ParseDisclosure(e.Disclosure)
			if err != nil {
				t.Fatal(err)
			}
			if e.SHA256 != nil {
				got, err := d.Digest(SHA256)
				if err != nil || got != *e.SHA256 {
					t.Fatalf("digest %s (%v), RFC prints %s", got, err, *e.SHA256)
				}
			}
			want := jsonValue(t, string(e.Contents)).([]any)
			got := []any{d.Salt()}
			if name, ok := d.Name(); ok {
				got = append(got, name)
			}
			got = append(got, d.Value())
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("contents %s, want %s", mustJSON(got), mustJSON(want))
			}
		})
	}
}

// TestRFC9901Select checks that the Holder's selection from the issued
// SD-JWTs of §5.1 and A.3 yields the Disclosures the RFC presents in §5.2
// and A.3.
func TestRFC9901Select(t *testing.T) {
	tests := []struct {
		name, issued, presented string
		paths                   [][]string
	}{
		{"5.2", "rfc9901-5.1-issuance.txt", "rfc9901-5.2-presentation.txt",
			[][]string{{"given_name"}, {"family_name"}, {"address"}, {"nationalities", "0"}}},
		{"A.3", "rfc9901-a3-issuance.txt", "rfc9901-a3-presentation.txt",
			[][]string{{"nationalities"}, {"age_equal_or_over", "18"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(readTestdata(t, tc.issued))
			if err != nil {
				t.Fatal(err)
			}
			sel, err := s.Select(tc.paths)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(readTestdata(t, tc.presented))
			if err != nil {
				t.Fatal(err)
			}
			got, want := map[string]bool{}, map[string]bool{}
			for _, d := range sel.Disclosures() {
				got[d.String()] = true
			}
			for _, d := range p.Disclosures() {
				want[d.String()] = true
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("selected %v, RFC presents %v", got, want)
			}
			o := rfcOptions(t)
			o.SkipKeyBindingUnsafe = true
			if _, err := sel.Verify(o); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestRFC9901KeyBindingTamper(t *testing.T) {
	// The §5.2 presentation with one Disclosure dropped: the SD-JWT part
	// no longer hashes to sd_hash.
	in := readTestdata(t, "rfc9901-5.2-presentation.txt")
	parts := strings.Split(in, "~")
	tampered := strings.Join(append(parts[:2:2], parts[3:]...), "~")
	s, err := Parse(tampered)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Verify(rfcOptions(t)); !errors.Is(err, ErrSDHashMismatch) {
		t.Fatalf("got %v, want ErrSDHashMismatch", err)
	}
}

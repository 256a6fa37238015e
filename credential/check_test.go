package credential

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// rules maps the sentinel names used in testdata/invalid file names to the
// sentinels.
var rules = map[string]error{
	"ErrMalformed": ErrMalformed, "ErrDuplicateMember": ErrDuplicateMember,
	"ErrContextMissing": ErrContextMissing, "ErrContextFirst": ErrContextFirst, "ErrContextItem": ErrContextItem,
	"ErrIDNotURL": ErrIDNotURL, "ErrTypeMissing": ErrTypeMissing, "ErrTypeValue": ErrTypeValue,
	"ErrTypeNoVC": ErrTypeNoVC, "ErrTypeNoVP": ErrTypeNoVP, "ErrName": ErrName, "ErrDescription": ErrDescription,
	"ErrIssuerMissing": ErrIssuerMissing, "ErrIssuerNotURL": ErrIssuerNotURL,
	"ErrSubjectMissing": ErrSubjectMissing, "ErrSubjectClaims": ErrSubjectClaims,
	"ErrValidFrom": ErrValidFrom, "ErrValidUntil": ErrValidUntil, "ErrValidityOrder": ErrValidityOrder,
	"ErrStatusID": ErrStatusID, "ErrStatusType": ErrStatusType, "ErrSchemaID": ErrSchemaID, "ErrSchemaType": ErrSchemaType,
	"ErrHolderNotURL": ErrHolderNotURL, "ErrVerifiableCredential": ErrVerifiableCredential,
	"ErrEnvelopedContext": ErrEnvelopedContext, "ErrEnvelopedID": ErrEnvelopedID, "ErrEnvelopedType": ErrEnvelopedType,
	"ErrHolderClaimsNoHolder": ErrHolderClaimsNoHolder, "ErrHolderClaimsIssuerMatch": ErrHolderClaimsIssuerMatch,
	"ErrRefreshServiceType": ErrRefreshServiceType, "ErrTermsOfUseType": ErrTermsOfUseType, "ErrEvidenceType": ErrEvidenceType,
}

// parseAndCheck decodes a file as a presentation when its name says so, or
// as a credential, and checks it.
func parseAndCheck(name string, data []byte) error {
	if strings.Contains(name, "presentation") {
		p, err := ParsePresentation(data)
		if err != nil {
			return err
		}
		return p.Check()
	}
	c, err := ParseCredential(data)
	if err != nil {
		return err
	}
	return c.Check()
}

func readDir(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files in testdata/%s: %v", dir, err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = b
	}
	return out
}

func TestValidDocuments(t *testing.T) {
	for name, data := range readDir(t, "valid") {
		t.Run(name, func(t *testing.T) {
			if err := parseAndCheck(name, data); err != nil {
				t.Fatalf("want conforming, got %v", err)
			}
		})
	}
}

// TestInvalidDocuments runs one fixture per MUST statement: the file name
// names the sentinel the document violates.
func TestInvalidDocuments(t *testing.T) {
	covered := map[error]bool{}
	for name, data := range readDir(t, "invalid") {
		t.Run(name, func(t *testing.T) {
			key := strings.TrimPrefix(name, "presentation-")
			key = strings.TrimPrefix(key, "w3c-suite-")
			key, _, _ = strings.Cut(key, "-")
			want, ok := rules[key]
			if strings.HasPrefix(name, "w3c-suite-credential-subject") {
				want, ok = ErrSubjectClaims, true
			}
			if !ok {
				t.Fatalf("fixture %s names no known rule", name)
			}
			covered[want] = true
			err := parseAndCheck(name, data)
			if !errors.Is(err, want) {
				t.Fatalf("want %v, got %v", want, err)
			}
		})
	}
	for name, rule := range rules {
		if name == "ErrMalformed" {
			continue
		}
		if !covered[rule] {
			t.Errorf("no fixture for %s", name)
		}
	}
}

// TestRoundTrip holds that decoding then encoding a document yields the same
// JSON value, and that encoding is a fixed point.
func TestRoundTrip(t *testing.T) {
	for name, data := range readDir(t, "valid") {
		t.Run(name, func(t *testing.T) {
			assertRoundTrip(t, name, data)
		})
	}
}

func assertRoundTrip(t testing.TB, name string, data []byte) {
	t.Helper()
	var out []byte
	var err error
	if strings.Contains(name, "presentation") {
		p, perr := ParsePresentation(data)
		if perr != nil {
			t.Fatal(perr)
		}
		out, err = p.MarshalJSON()
	} else {
		c, perr := ParseCredential(data)
		if perr != nil {
			t.Fatal(perr)
		}
		out, err = c.MarshalJSON()
	}
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	in, err := ParseValue(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseValue(out)
	if err != nil {
		t.Fatalf("re-decode %s: %v", out, err)
	}
	if !reflect.DeepEqual(in, got) {
		t.Fatalf("round trip changed the document:\n in: %s\nout: %s", data, out)
	}
}

func TestUnknownMembersKept(t *testing.T) {
	data := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],
		"issuer":{"id":"did:example:bureau","region":"310104"},"credentialSubject":{"id":"did:example:c","x":1},
		"relatedResource":[{"id":"https://x.example/ctx","digestSRI":"sha384-abc"}],"cachetSerial":12.50}`)
	c, err := ParseCredential(data)
	if err != nil {
		t.Fatal(err)
	}
	if c.Extensions["cachetSerial"] != any(jsonNumber("12.50")) {
		t.Errorf("number extension = %#v", c.Extensions["cachetSerial"])
	}
	if c.Issuer.Extensions["region"] != "310104" {
		t.Errorf("issuer extension lost: %#v", c.Issuer.Extensions)
	}
	out, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"cachetSerial":12.50`) || !strings.Contains(string(out), `"relatedResource":[{"digestSRI":"sha384-abc","id":"https://x.example/ctx"}]`) {
		t.Errorf("extensions not written back: %s", out)
	}
}

func TestValidAt(t *testing.T) {
	c := &Credential{ValidFrom: "2026-01-01T00:00:00+08:00", ValidUntil: "2036-01-01T00:00:00+08:00"}
	from := time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC)
	until := time.Date(2035, 12, 31, 16, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		at     time.Time
		leeway time.Duration
		want   error
	}{
		{"inside", from.AddDate(1, 0, 0), 0, nil},
		{"at validFrom", from, 0, nil},
		{"at validUntil", until, 0, nil},
		{"before validFrom", from.Add(-time.Second), 0, ErrNotYetValid},
		{"after validUntil", until.Add(time.Second), 0, ErrExpired},
		{"before validFrom within leeway", from.Add(-time.Minute), 2 * time.Minute, nil},
		{"after validUntil within leeway", until.Add(time.Minute), 2 * time.Minute, nil},
		{"after validUntil beyond leeway", until.Add(3 * time.Minute), 2 * time.Minute, ErrExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.ValidAtWithLeeway(tt.at, tt.leeway)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("want %v, got %v", tt.want, err)
			}
		})
	}
	t.Run("unbounded", func(t *testing.T) {
		if err := (&Credential{}).ValidAt(time.Unix(0, 0)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("malformed validFrom", func(t *testing.T) {
		if err := (&Credential{ValidFrom: "yesterday"}).ValidAt(from); !errors.Is(err, ErrValidFrom) {
			t.Fatal(err)
		}
	})
}

func TestEnveloped(t *testing.T) {
	e := NewEnveloped("application/vc+jwt", "eyJhbGciOiJFZERTQSJ9.e30.c2ln")
	p := &Presentation{Context: []Context{{URL: ContextV2}}, Type: []string{TypeVerifiablePresentation}, VerifiableCredential: []*Credential{e}}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	out, err := p.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiablePresentation"],"verifiableCredential":[{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"data:application/vc+jwt,eyJhbGciOiJFZERTQSJ9.e30.c2ln","type":["EnvelopedVerifiableCredential"]}]}`
	if string(out) != want {
		t.Fatalf("got  %s\nwant %s", out, want)
	}
	d, err := ParseDataURL(e.ID)
	if err != nil || d.MediaType != "application/vc+jwt" || string(d.Data) != "eyJhbGciOiJFZERTQSJ9.e30.c2ln" {
		t.Fatalf("data URL: %+v %v", d, err)
	}
}

// TestEncodingJSONInterop: the types work inside structs handled by
// encoding/json, and keep their strictness there.
func TestEncodingJSONInterop(t *testing.T) {
	type envelope struct {
		Credential Credential `json:"credential"`
	}
	in := envelope{Credential: Credential{Context: []Context{{URL: ContextV2}}, Type: []string{TypeVerifiableCredential},
		Issuer: Issuer{ID: "did:example:bureau"}, CredentialSubject: []map[string]any{{"id": "did:example:c"}}}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out envelope
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if err := out.Credential.Check(); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	dup := []byte(`{"credential":{"issuer":"did:example:a","issuer":"did:example:b"}}`)
	if err := json.Unmarshal(dup, &out); !errors.Is(err, ErrDuplicateMember) {
		t.Fatalf("duplicate accepted through encoding/json: %v", err)
	}
}

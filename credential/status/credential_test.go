package status

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

const issuerDID = "did:cachet:bureau-of-civil-affairs"

func newTestList(t *testing.T, revoked ...int) *List {
	t.Helper()
	l, err := NewList(MinBitstringEntries, 1)
	requireNoErr(t, err)
	for _, i := range revoked {
		requireNoErr(t, l.Set(i, 1))
	}
	return l
}

func testParams(t *testing.T) CredentialParams {
	return CredentialParams{
		ID:         listURL,
		Issuer:     issuerDID,
		Purposes:   []Purpose{PurposeRevocation},
		List:       newTestList(t, 5),
		ValidFrom:  time.Date(2026, 3, 1, 8, 0, 0, 123, time.FixedZone("CST", 8*3600)),
		ValidUntil: time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC),
		TTL:        5 * time.Minute,
	}
}

func TestNewStatusListCredential(t *testing.T) {
	cred, err := NewStatusListCredential(testParams(t))
	requireNoErr(t, err)
	b, err := json.Marshal(cred)
	requireNoErr(t, err)
	var m map[string]any
	requireNoErr(t, json.Unmarshal(b, &m))
	if m["validFrom"] != "2026-03-01T00:00:00Z" || m["validUntil"] != "2026-03-02T08:00:00Z" {
		t.Fatalf("validity %v %v", m["validFrom"], m["validUntil"])
	}
	sub := m["credentialSubject"].(map[string]any)
	if sub["type"] != "BitstringStatusList" || sub["statusPurpose"] != "revocation" || sub["ttl"] != float64(300000) ||
		sub["id"] != listURL+"#list" || !strings.HasPrefix(sub["encodedList"].(string), "u") {
		t.Fatalf("subject %v", sub)
	}
	if !reflect.DeepEqual(m["type"], []any{"VerifiableCredential", "BitstringStatusListCredential"}) ||
		!reflect.DeepEqual(m["@context"], []any{ContextV2}) {
		t.Fatalf("%v %v", m["type"], m["@context"])
	}
	back, err := ParseStatusListCredential(b)
	requireNoErr(t, err)
	if !reflect.DeepEqual(back, cred) {
		t.Fatalf("round trip\n%+v\n%+v", back, cred)
	}
	// Two purposes marshal as an array.
	p := testParams(t)
	p.Purposes = []Purpose{PurposeRevocation, PurposeSuspension}
	cred, err = NewStatusListCredential(p)
	requireNoErr(t, err)
	b, _ = json.Marshal(cred.CredentialSubject)
	if !strings.Contains(string(b), `"statusPurpose":["revocation","suspension"]`) {
		t.Fatal(string(b))
	}
}

func TestNewStatusListCredentialErrors(t *testing.T) {
	short, err := NewList(1024, 1)
	requireNoErr(t, err)
	for _, tc := range []struct {
		name   string
		modify func(*CredentialParams)
		want   error
	}{
		{"id not a URL", func(p *CredentialParams) { p.ID = "lists/7" }, nil},
		{"issuer missing", func(p *CredentialParams) { p.Issuer = "" }, nil},
		{"no purpose", func(p *CredentialParams) { p.Purposes = nil }, nil},
		{"empty purpose", func(p *CredentialParams) { p.Purposes = []Purpose{""} }, nil},
		{"no list", func(p *CredentialParams) { p.List = nil }, ErrListSize},
		{"list too short", func(p *CredentialParams) { p.List = short }, ErrStatusListLength},
		{"validUntil before validFrom", func(p *CredentialParams) { p.ValidUntil = p.ValidFrom.Add(-time.Hour) }, nil},
		{"negative ttl", func(p *CredentialParams) { p.TTL = -time.Second }, ErrTTL},
		{"ttl over the limit", func(p *CredentialParams) { p.TTL = MaxTTL + time.Hour }, ErrTTL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := testParams(t)
			tc.modify(&p)
			_, err := NewStatusListCredential(p)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.want != nil {
				requireErr(t, err, tc.want)
			}
		})
	}
}

func TestParseStatusListCredentialErrors(t *testing.T) {
	cred, err := NewStatusListCredential(testParams(t))
	requireNoErr(t, err)
	good, _ := json.Marshal(cred)
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		_ = json.Unmarshal(good, &m)
		f(m)
		b, _ := json.Marshal(m)
		return b
	}
	sub := func(f func(s map[string]any)) []byte {
		return edit(func(m map[string]any) { f(m["credentialSubject"].(map[string]any)) })
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want []error
	}{
		{"not JSON", []byte("{"), []error{ErrMalformedValue}},
		{"not an object", []byte(`"vc"`), []error{ErrMalformedValue}},
		{"too large", []byte(`{"x":"` + strings.Repeat("a", MaxCredentialSize) + `"}`), []error{ErrMalformedValue}},
		{"duplicate top-level member", []byte(strings.Replace(string(good), `"issuer":`, `"issuer":"did:x:y","issuer":`, 1)), []error{ErrMalformedValue}},
		{"duplicate member in an unknown object", []byte(strings.Replace(string(good), `"issuer":`, `"evidence":{"a":1,"a":2},"issuer":`, 1)), []error{ErrMalformedValue}},
		{"no @context", edit(func(m map[string]any) { delete(m, "@context") }), []error{ErrMalformedValue}},
		{"v1 @context first", edit(func(m map[string]any) { m["@context"] = []string{"https://www.w3.org/2018/credentials/v1"} }), []error{ErrMalformedValue}},
		{"@context a string", edit(func(m map[string]any) { m["@context"] = ContextV2 }), []error{ErrMalformedValue}},
		{"id not a URL", edit(func(m map[string]any) { m["id"] = "seven" }), []error{ErrMalformedValue}},
		{"type without VerifiableCredential", edit(func(m map[string]any) { m["type"] = []string{"BitstringStatusListCredential"} }), []error{ErrMalformedValue}},
		{"type without BitstringStatusListCredential", edit(func(m map[string]any) { m["type"] = []string{"VerifiableCredential"} }), []error{ErrStatusVerification, ErrNotStatusListVC}},
		{"no issuer", edit(func(m map[string]any) { delete(m, "issuer") }), []error{ErrMalformedValue}},
		{"issuer not a URL", edit(func(m map[string]any) { m["issuer"] = "bureau" }), []error{ErrMalformedValue}},
		{"issuer object without id", edit(func(m map[string]any) { m["issuer"] = map[string]any{"name": "bureau"} }), []error{ErrMalformedValue}},
		{"issuer array", edit(func(m map[string]any) { m["issuer"] = []string{issuerDID} }), []error{ErrMalformedValue}},
		{"validFrom not a date", edit(func(m map[string]any) { m["validFrom"] = "yesterday" }), []error{ErrMalformedValue}},
		{"validFrom without zone", edit(func(m map[string]any) { m["validFrom"] = "2026-03-01T00:00:00" }), []error{ErrMalformedValue}},
		{"validUntil before validFrom", edit(func(m map[string]any) { m["validUntil"] = "2026-02-01T00:00:00Z" }), []error{ErrMalformedValue}},
		{"no credentialSubject", edit(func(m map[string]any) { delete(m, "credentialSubject") }), []error{ErrMalformedValue}},
		{"credentialSubject array", edit(func(m map[string]any) { m["credentialSubject"] = []any{m["credentialSubject"]} }), []error{ErrMalformedValue}},
		{"subject type wrong", sub(func(s map[string]any) { s["type"] = "StatusList2021" }), []error{ErrMalformedValue}},
		{"subject type missing", sub(func(s map[string]any) { delete(s, "type") }), []error{ErrMalformedValue}},
		{"statusPurpose missing", sub(func(s map[string]any) { delete(s, "statusPurpose") }), []error{ErrMalformedValue}},
		{"statusPurpose empty array", sub(func(s map[string]any) { s["statusPurpose"] = []string{} }), []error{ErrMalformedValue}},
		{"statusPurpose empty string", sub(func(s map[string]any) { s["statusPurpose"] = "" }), []error{ErrMalformedValue}},
		{"statusPurpose number", sub(func(s map[string]any) { s["statusPurpose"] = 1 }), []error{ErrMalformedValue}},
		{"encodedList missing", sub(func(s map[string]any) { delete(s, "encodedList") }), []error{ErrMalformedValue}},
		{"encodedList without multibase prefix", sub(func(s map[string]any) { s["encodedList"] = strings.TrimPrefix(s["encodedList"].(string), "u") }), []error{ErrMalformedValue, ErrMultibasePrefix}},
		{"ttl negative", sub(func(s map[string]any) { s["ttl"] = -1 }), []error{ErrMalformedValue, ErrTTL}},
		{"ttl string", sub(func(s map[string]any) { s["ttl"] = "1000" }), []error{ErrMalformedValue}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStatusListCredential(tc.in)
			requireErr(t, err, tc.want...)
		})
	}
	// An issuer object with an id is accepted (VCDM 2.0 §4.7).
	c, err := ParseStatusListCredential(edit(func(m map[string]any) { m["issuer"] = map[string]any{"id": issuerDID, "name": "民政局"} }))
	requireNoErr(t, err)
	if c.Issuer != issuerDID {
		t.Fatal(c.Issuer)
	}
}

package didmethod

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/cachet-district/cachet/keys"
)

// testDID is the DID of the documents the tests build.
const testDID = "did:example:bureau"

// baseDocument returns a valid document as a generic map, which tests
// break one rule at a time. It uses relative and absolute ids, both
// relationship forms, a JWK and a multibase key, and three kinds of service
// endpoint.
func baseDocument(t testing.TB) map[string]any {
	t.Helper()
	ed, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	p256, err := keys.Generate(keys.ES256)
	if err != nil {
		t.Fatal(err)
	}
	jwk := map[string]any{}
	b, _ := json.Marshal(p256.Public().JWK())
	if err := json.Unmarshal(b, &jwk); err != nil {
		t.Fatal(err)
	}
	return map[string]any{
		"@context":    []any{ContextDIDv1, ContextMultikey},
		"id":          testDID,
		"controller":  []any{testDID, "did:example:governance"},
		"alsoKnownAs": []any{"https://bureau.example.gov.cn/"},
		"verificationMethod": []any{
			map[string]any{"id": "#key-1", "type": "Multikey", "controller": testDID, "publicKeyMultibase": ed.Public().Multibase()},
			map[string]any{"id": testDID + "#key-2", "type": "JsonWebKey", "controller": testDID, "publicKeyJwk": jwk},
		},
		"authentication": []any{
			"#key-1",
			map[string]any{"id": "#key-auth", "type": "Multikey", "controller": testDID, "publicKeyMultibase": ed.Public().Multibase()},
		},
		"assertionMethod": []any{testDID + "#key-2"},
		"service": []any{
			map[string]any{"id": "#messages", "type": "MessagingService", "serviceEndpoint": "https://example.com/messages/8377464"},
			map[string]any{"id": testDID + "#didcomm", "type": []any{"DIDCommMessaging"}, "serviceEndpoint": map[string]any{"uri": "https://example.com/dc", "accept": []any{"didcomm/v2"}, "priority": 1}},
			map[string]any{"id": "#mirrors", "type": "LinkedDomains", "serviceEndpoint": []any{"https://a.example/", map[string]any{"origins": []any{"https://b.example/"}}}},
		},
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func methodAt(doc map[string]any, i int) map[string]any {
	return doc["verificationMethod"].([]any)[i].(map[string]any)
}

func serviceAt(doc map[string]any, i int) map[string]any {
	return doc["service"].([]any)[i].(map[string]any)
}

func TestParseDocumentBase(t *testing.T) {
	raw := mustJSON(t, baseDocument(t))
	d, err := ParseDocument(raw)
	if err != nil {
		t.Fatalf("ParseDocument: %v", err)
	}
	if d.ID != testDID || len(d.VerificationMethod) != 2 || len(d.Authentication) != 2 || len(d.Service) != 3 {
		t.Fatalf("unexpected document %+v", d)
	}
	if d.Authentication[0].Ref != "#key-1" || d.Authentication[1].Method == nil {
		t.Errorf("relationship forms not kept: %+v", d.Authentication)
	}
	if d.Service[0].ServiceEndpoint.URI == "" || d.Service[1].ServiceEndpoint.Map == nil || len(d.Service[2].ServiceEndpoint.Set) != 2 {
		t.Errorf("service endpoint forms not kept: %+v", d.Service)
	}
	for i := range d.VerificationMethod {
		if _, err := d.VerificationMethod[i].PublicKey(); err != nil {
			t.Errorf("verificationMethod[%d].PublicKey: %v", i, err)
		}
	}
	assertRoundTrip(t, raw)
}

// assertRoundTrip checks that a parsed document marshals to JSON that
// parses back to an equal document and marshals to the same bytes.
func assertRoundTrip(t *testing.T, raw []byte) {
	t.Helper()
	d1, err := ParseDocument(raw)
	if err != nil {
		t.Fatalf("ParseDocument: %v", err)
	}
	m1, err := json.Marshal(d1)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	d2, err := ParseDocument(m1)
	if err != nil {
		t.Fatalf("ParseDocument of marshaled document: %v\n%s", err, m1)
	}
	if !reflect.DeepEqual(d1, d2) {
		t.Fatalf("round trip changed the document:\n%+v\n%+v", d1, d2)
	}
	m2, _ := json.Marshal(d2)
	if !bytes.Equal(m1, m2) {
		t.Fatalf("marshaling is not stable:\n%s\n%s", m1, m2)
	}
}

func TestRelationshipFormsRoundTrip(t *testing.T) {
	raw := mustJSON(t, baseDocument(t))
	d, err := ParseDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(d)
	var generic map[string]any
	if err := json.Unmarshal(out, &generic); err != nil {
		t.Fatal(err)
	}
	auth := generic["authentication"].([]any)
	if _, ok := auth[0].(string); !ok {
		t.Errorf("reference written as %T", auth[0])
	}
	if _, ok := auth[1].(map[string]any); !ok {
		t.Errorf("embedded method written as %T", auth[1])
	}
	// A single controller is written as a string, a set as an array.
	if _, ok := generic["controller"].([]any); !ok {
		t.Errorf("controller set written as %T", generic["controller"])
	}
	if got := string(mustJSON(t, serviceAt(generic, 1)["serviceEndpoint"])); !strings.Contains(got, `"priority":1`) {
		t.Errorf("number in endpoint map changed: %s", got)
	}
}

func TestSpecVectors(t *testing.T) {
	for _, tc := range []struct {
		file   string
		check  func(t *testing.T, d *Document)
		keyErr error // expected error from the last verification method's PublicKey
	}{
		{"did-core-example-11.json", func(t *testing.T, d *Document) {
			if len(d.Controller) != 1 || d.Controller[0] != "did:example:bcehfew7h32f32h7af3" {
				t.Errorf("controller = %v", d.Controller)
			}
		}, nil},
		{"did-core-example-13.json", func(t *testing.T, d *Document) {
			pub, err := d.VerificationMethod[0].PublicKey()
			if err != nil {
				t.Fatalf("JsonWebKey2020 key: %v", err)
			}
			if pub.Algorithm() != keys.EdDSA || pub.JWK().X != "VCpo2LMLhn6iWku8MKvSLg2ZAoC-nlOyPVQaO3FxVeQ" {
				t.Errorf("key = %+v", pub.JWK())
			}
			// The example's multibase value has no multicodec header.
			if _, err := d.VerificationMethod[1].PublicKey(); !errors.Is(err, ErrUnsupportedPublicKeyType) {
				t.Errorf("headerless Ed25519VerificationKey2020: %v", err)
			}
		}, nil},
		{"did-core-example-15.json", func(t *testing.T, d *Document) {
			if d.Authentication[0].Ref != "did:example:123456789abcdefghi#keys-1" || d.Authentication[1].Method == nil {
				t.Errorf("authentication = %+v", d.Authentication)
			}
			// keys-1 is referenced but defined elsewhere: not found here.
			if _, err := d.MethodFor(Authentication, "did:example:123456789abcdefghi#keys-1"); !errors.Is(err, ErrNotFound) {
				t.Errorf("dangling reference: %v", err)
			}
			if _, err := d.MethodFor(Authentication, "#keys-2"); err != nil {
				t.Errorf("embedded keys-2: %v", err)
			}
		}, nil},
	} {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ParseDocument(raw)
			if err != nil {
				t.Fatalf("ParseDocument: %v", err)
			}
			tc.check(t, d)
			assertRoundTrip(t, raw)
		})
	}
}

// TestValidateRules breaks one DID Core rule per case.
func TestValidateRules(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(d map[string]any)
		want   error
		field  string
	}{
		{"§6.3.1 first @context is not did v1", func(d map[string]any) { d["@context"] = []any{ContextMultikey, ContextDIDv1} }, ErrContextInvalid, "@context[0]"},
		{"§6.3.1 @context map first", func(d map[string]any) { d["@context"] = []any{map[string]any{"@base": testDID}} }, ErrContextInvalid, "@context[0]"},
		{"§5.1.1 id missing", func(d map[string]any) { delete(d, "id") }, ErrDocumentIDInvalid, "id"},
		{"§5.1.1 id is a url", func(d map[string]any) { d["id"] = "https://example.com" }, ErrDocumentIDInvalid, "id"},
		{"§5.1.1 id is a did url", func(d map[string]any) { d["id"] = testDID + "#x" }, ErrDocumentIDInvalid, "id"},
		{"§5.1.2 controller not a did", func(d map[string]any) { d["controller"] = "bureau" }, ErrControllerInvalid, "controller[0]"},
		{"§5.1.3 alsoKnownAs not a uri", func(d map[string]any) { d["alsoKnownAs"] = []any{"not a uri"} }, ErrAlsoKnownAsInvalid, "alsoKnownAs[0]"},
		{"§5.2 method id not a did url", func(d map[string]any) { methodAt(d, 0)["id"] = "key-1" }, ErrMethodIDInvalid, "verificationMethod[0].id"},
		{"§5.2 method id missing", func(d map[string]any) { delete(methodAt(d, 0), "id") }, ErrMethodIDInvalid, "verificationMethod[0].id"},
		{"§5.2 method type missing", func(d map[string]any) { delete(methodAt(d, 0), "type") }, ErrMethodTypeMissing, "verificationMethod[0].type"},
		{"§5.2 method controller not a did", func(d map[string]any) { methodAt(d, 1)["controller"] = "bureau" }, ErrMethodController, "verificationMethod[1].controller"},
		{"§5.2.1 both materials", func(d map[string]any) {
			methodAt(d, 1)["publicKeyMultibase"] = methodAt(d, 0)["publicKeyMultibase"]
		}, ErrMultipleKeyMaterial, "verificationMethod[1]"},
		{"§5.2.1 no material", func(d map[string]any) { delete(methodAt(d, 0), "publicKeyMultibase") }, ErrNoKeyMaterial, "verificationMethod[0]"},
		{"§5.2.1 jwk has d", func(d map[string]any) {
			methodAt(d, 1)["publicKeyJwk"].(map[string]any)["d"] = "AAAA"
		}, ErrPrivateKeyMaterial, "verificationMethod[1].publicKeyJwk"},
		{"§5.2.1 jwk has k", func(d map[string]any) {
			methodAt(d, 1)["publicKeyJwk"] = map[string]any{"kty": "oct", "k": "AAAA"}
		}, ErrPrivateKeyMaterial, "verificationMethod[1].publicKeyJwk"},
		{"§5.2.1 jwk has no kty", func(d map[string]any) { delete(methodAt(d, 1)["publicKeyJwk"].(map[string]any), "kty") }, ErrJWKInvalid, "verificationMethod[1].publicKeyJwk"},
		{"§5.2.1 multibase not multibase", func(d map[string]any) { methodAt(d, 0)["publicKeyMultibase"] = "x0OIl" }, ErrMultibaseInvalid, "verificationMethod[0].publicKeyMultibase"},
		{"§5.2.1 multibase bad base58 char", func(d map[string]any) { methodAt(d, 0)["publicKeyMultibase"] = "z0OIl" }, ErrMultibaseInvalid, "verificationMethod[0].publicKeyMultibase"},
		{"§5.3 empty relationship", func(d map[string]any) { d["keyAgreement"] = []any{} }, ErrRelationshipEmpty, "keyAgreement"},
		{"§5.3 reference not a did url", func(d map[string]any) { d["assertionMethod"] = []any{"key-2"} }, ErrReferenceInvalid, "assertionMethod[0]"},
		{"§5.3 embedded method broken", func(d map[string]any) {
			delete(d["authentication"].([]any)[1].(map[string]any), "controller")
		}, ErrMethodController, "authentication[1].controller"},
		{"unique ids: relative and absolute form of one id", func(d map[string]any) { methodAt(d, 1)["id"] = testDID + "#key-1" }, ErrDuplicateID, "verificationMethod[1].id"},
		{"unique ids: embedded method repeats a verificationMethod id", func(d map[string]any) {
			d["authentication"].([]any)[1].(map[string]any)["id"] = "#key-2"
		}, ErrDuplicateID, "authentication[1].id"},
		{"§5.4 service id not a uri", func(d map[string]any) { serviceAt(d, 0)["id"] = "messages" }, ErrServiceIDInvalid, "service[0].id"},
		{"§5.4 duplicate service id", func(d map[string]any) { serviceAt(d, 1)["id"] = "#messages" }, ErrDuplicateID, "service[1].id"},
		{"§5.4 service id equals a method id", func(d map[string]any) { serviceAt(d, 0)["id"] = "#key-1" }, ErrDuplicateID, "service[0].id"},
		{"§5.4 service type missing", func(d map[string]any) { delete(serviceAt(d, 0), "type") }, ErrServiceTypeInvalid, "service[0].type"},
		{"§5.4 service type empty string", func(d map[string]any) { serviceAt(d, 0)["type"] = "" }, ErrServiceTypeInvalid, "service[0].type"},
		{"§5.4 endpoint not a uri", func(d map[string]any) { serviceAt(d, 0)["serviceEndpoint"] = "example.com/x" }, ErrServiceEndpoint, "service[0].serviceEndpoint"},
		{"§5.4 endpoint missing", func(d map[string]any) { delete(serviceAt(d, 0), "serviceEndpoint") }, ErrServiceEndpoint, "service[0].serviceEndpoint"},
		{"§5.4 endpoint set entry not a uri", func(d map[string]any) { serviceAt(d, 2)["serviceEndpoint"] = []any{"https://a.example/", "b c"} }, ErrServiceEndpoint, "service[2].serviceEndpoint[1]"},
		{"§5.4 endpoint empty set", func(d map[string]any) { serviceAt(d, 2)["serviceEndpoint"] = []any{} }, ErrServiceEndpoint, "service[2].serviceEndpoint"},
		{"§5.4 endpoint number", func(d map[string]any) { serviceAt(d, 0)["serviceEndpoint"] = 7 }, ErrMalformedDocument, ""},
		{"§5.4 endpoint nested set", func(d map[string]any) { serviceAt(d, 0)["serviceEndpoint"] = []any{[]any{"https://a.example/"}} }, ErrMalformedDocument, ""},
		{"relationship entry is a number", func(d map[string]any) { d["assertionMethod"] = []any{1} }, ErrMalformedDocument, ""},
		{"publicKeyJwk is a string", func(d map[string]any) { methodAt(d, 1)["publicKeyJwk"] = "jwk" }, ErrMalformedDocument, ""},
		{"controller is a number", func(d map[string]any) { d["controller"] = 3 }, ErrMalformedDocument, ""},
		{"limit: too many verification methods", func(d map[string]any) {
			vms := d["verificationMethod"].([]any)
			for len(vms) <= MaxVerificationMethods {
				vms = append(vms, vms[0])
			}
			d["verificationMethod"] = vms
		}, ErrDocumentTooLarge, "verificationMethod"},
		{"limit: too many services", func(d map[string]any) {
			s := d["service"].([]any)
			for len(s) <= MaxServices {
				s = append(s, s[0])
			}
			d["service"] = s
		}, ErrDocumentTooLarge, "service"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := baseDocument(t)
			tc.mutate(d)
			_, err := ParseDocument(mustJSON(t, d))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var de *DocumentError
			if !errors.As(err, &de) || de.Field != tc.field {
				t.Errorf("field = %+v, want %q", de, tc.field)
			}
		})
	}
}

// TestParseDocumentInput covers the decoder's own rules.
func TestParseDocumentInput(t *testing.T) {
	valid := string(mustJSON(t, baseDocument(t)))
	cases := []struct {
		name string
		in   []byte
		want error
	}{
		{"duplicate member", []byte(`{"id":"did:example:a","id":"did:example:b"}`), ErrMalformedDocument},
		{"duplicate member in publicKeyJwk", []byte(`{"id":"did:example:a","verificationMethod":[{"id":"#k","type":"JsonWebKey","controller":"did:example:a","publicKeyJwk":{"kty":"OKP","kty":"EC"}}]}`), ErrMalformedDocument},
		{"duplicate member in endpoint map", []byte(`{"id":"did:example:a","service":[{"id":"#s","type":"T","serviceEndpoint":{"a":1,"a":2}}]}`), ErrMalformedDocument},
		{"member names are case-sensitive", []byte(`{"ID":"did:example:a"}`), ErrDocumentIDInvalid},
		{"invalid utf-8", []byte("{\"id\":\"did:example:a\",\"alsoKnownAs\":[\"https://a.example/\xff\"]}"), ErrMalformedDocument},
		{"trailing data", []byte(valid + " {}"), ErrMalformedDocument},
		{"not an object", []byte(`["did:example:a"]`), ErrMalformedDocument},
		{"empty", nil, ErrMalformedDocument},
		{"too large", append([]byte(`{"id":"did:example:a","x":"`), append(bytes.Repeat([]byte("a"), MaxDocumentSize), '"', '}')...), ErrDocumentTooLarge},
		{"too deep", []byte(`{"id":"did:example:a","x":` + strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth) + `}`), ErrDocumentTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseDocument(tc.in); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	// Brackets inside strings do not count towards the depth.
	deepString := `{"id":"did:example:a","alsoKnownAs":["urn:x:` + strings.Repeat("%5B", MaxJSONDepth) + `"],"x":"` + strings.Repeat("[{", MaxJSONDepth) + `\""}`
	if _, err := ParseDocument([]byte(deepString)); err != nil {
		t.Errorf("brackets in strings: %v", err)
	}
}

func TestEmptySetsAreAbsent(t *testing.T) {
	raw := []byte(`{"@context":[],"id":"did:example:a","controller":[],"alsoKnownAs":[],"verificationMethod":[],"service":[]}`)
	d, err := ParseDocument(raw)
	if err != nil {
		t.Fatal(err)
	}
	if d.Context != nil || d.Controller != nil || d.AlsoKnownAs != nil || d.VerificationMethod != nil || d.Service != nil {
		t.Errorf("empty sets kept: %+v", d)
	}
	assertRoundTrip(t, raw)
}

func TestUnknownMembersIgnored(t *testing.T) {
	d, err := ParseDocument([]byte(`{"id":"did:example:a","publicKey":[1],"proof":{"x":1}}`))
	if err != nil {
		t.Fatal(err)
	}
	if out := string(mustJSON(t, d)); out != `{"id":"did:example:a"}` {
		t.Errorf("marshal = %s", out)
	}
}

func FuzzParseDocument(f *testing.F) {
	for _, name := range []string{"did-core-example-11.json", "did-core-example-13.json", "did-core-example-15.json"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(mustJSON(f, baseDocument(f)))
	f.Add([]byte(`{"id":"did:example:a","service":[{"id":"#s","type":["A","B"],"serviceEndpoint":[{"a":[1.5e3,null,true]},"urn:x"]}]}`))
	// Regression: an empty set was kept as empty and written as absent.
	f.Add([]byte(`{"id":"did:0000000:0","service":[],"controller":[],"@context":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseDocument(data)
		if err != nil {
			var de *DocumentError
			if !errors.As(err, &de) {
				t.Fatalf("error is not a *DocumentError: %v", err)
			}
			return
		}
		// What parses, marshals and parses back to the same document,
		// and marshals to the same bytes again.
		m1, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		d2, err := ParseDocument(m1)
		if err != nil {
			t.Fatalf("reparse: %v\n%s", err, m1)
		}
		if !reflect.DeepEqual(d, d2) {
			t.Fatalf("round trip changed the document\n%s", m1)
		}
		if m2, _ := json.Marshal(d2); !bytes.Equal(m1, m2) {
			t.Fatalf("unstable marshaling\n%s\n%s", m1, m2)
		}
		// Lookups and key extraction never panic.
		for _, r := range Relationships() {
			for _, e := range d.Relationship(r) {
				id := e.Ref
				if e.Method != nil {
					id = e.Method.ID
				}
				if m, err := d.MethodFor(r, id); err == nil {
					_, _ = m.PublicKey()
				}
			}
		}
		for i := range d.VerificationMethod {
			_, _ = d.VerificationMethod[i].PublicKey()
		}
	})
}

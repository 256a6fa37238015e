package didmethod

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// bureau returns a resolver holding the base test document, and the
// document.
func bureau(t *testing.T) (*fakeResolver, *Document) {
	t.Helper()
	d, err := ParseDocument(mustJSON(t, baseDocument(t)))
	if err != nil {
		t.Fatal(err)
	}
	return &fakeResolver{results: map[string]*Resolution{testDID: {Document: d}}}, d
}

func TestVerificationKey(t *testing.T) {
	ctx := context.Background()
	r, doc := bureau(t)
	wantKey := func(id string) *VerificationMethod {
		m := doc.methodByID(doc.AbsoluteID(id))
		if m == nil {
			t.Fatalf("no method %s", id)
		}
		return m
	}
	ok := []struct {
		name, kid string
		rel       Relationship
		method    string
	}{
		{"assertionMethod by absolute reference", testDID + "#key-2", AssertionMethod, "#key-2"},
		{"authentication by relative reference", testDID + "#key-1", Authentication, "#key-1"},
		{"embedded in authentication", testDID + "#key-auth", Authentication, "#key-auth"},
		{"versionId parameter passed on", testDID + "?versionId=4#key-2", AssertionMethod, "#key-2"},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			pub, vm, err := VerificationKey(ctx, r, tc.kid, tc.rel)
			if err != nil {
				t.Fatal(err)
			}
			want := wantKey(tc.method)
			wantPub, _ := want.PublicKey()
			if !pub.Equal(wantPub) || vm.ID != doc.AbsoluteID(tc.method) {
				t.Errorf("got %s", vm.ID)
			}
			if vm.ID[0] == '#' {
				t.Errorf("relative id returned: %s", vm.ID)
			}
		})
	}
	if r.lastOpts.VersionID != "4" {
		t.Errorf("versionId not passed to the resolver: %+v", r.lastOpts)
	}

	fails := []struct {
		name, kid string
		rel       Relationship
		want      error
	}{
		// DID Core §5.3: "Verification methods that are not associated
		// with a particular verification relationship cannot be used for
		// that verification relationship."
		{"authentication key for an assertion", testDID + "#key-1", AssertionMethod, ErrNotAuthorized},
		{"embedded authentication key for an assertion", testDID + "#key-auth", AssertionMethod, ErrNotAuthorized},
		{"assertion key for authentication", testDID + "#key-2", Authentication, ErrNotAuthorized},
		{"no relationship lists it for keyAgreement", testDID + "#key-2", KeyAgreement, ErrNotAuthorized},
		{"unknown fragment", testDID + "#key-9", AssertionMethod, ErrNotFound},
		{"fragment names a service", testDID + "#messages", AssertionMethod, ErrNotFound},
		{"no fragment", testDID, AssertionMethod, ErrNotVerificationMethod},
		{"path", testDID + "/keys#key-2", AssertionMethod, ErrNotVerificationMethod},
		{"service parameter", testDID + "?service=messages#key-2", AssertionMethod, ErrNotVerificationMethod},
		{"unknown relationship", testDID + "#key-2", "signing", ErrUnknownRelationship},
		{"invalid did url", "did:Example:bureau#key-2", AssertionMethod, ErrInvalidDIDURL},
		{"unknown did", "did:example:other#key-2", AssertionMethod, ErrNotFound},
	}
	for _, tc := range fails {
		t.Run("fails/"+tc.name, func(t *testing.T) {
			pub, vm, err := VerificationKey(ctx, r, tc.kid, tc.rel)
			if !errors.Is(err, tc.want) || pub != nil || vm != nil {
				t.Fatalf("got %v, %v, %v; want %v", pub, vm, err, tc.want)
			}
		})
	}
}

// TestVerificationKeyResolverResults checks what VerificationKey does with
// a resolver that misbehaves or reports a deactivated DID.
func TestVerificationKeyResolverResults(t *testing.T) {
	ctx := context.Background()
	_, doc := bureau(t)
	other := *doc
	other.ID = "did:example:impostor"
	broken := *doc
	broken.VerificationMethod = append([]VerificationMethod(nil), doc.VerificationMethod...)
	broken.VerificationMethod[1].Controller = "nobody"
	cases := []struct {
		name  string
		res   *Resolution
		err   error
		wants []error
	}{
		{"deactivated", &Resolution{Document: doc, DocumentMetadata: DocumentMetadata{Deactivated: true}}, nil, []error{ErrDeactivated}},
		{"deactivated without document (v0.3 algorithm)", &Resolution{DocumentMetadata: DocumentMetadata{Deactivated: true}}, nil, []error{ErrDeactivated}},
		{"document id mismatch", &Resolution{Document: &other}, nil, []error{ErrInternal, ErrDocumentIDMismatch}},
		{"invalid document", &Resolution{Document: &broken}, nil, []error{ErrInternal, ErrMethodController}},
		{"no document", &Resolution{}, nil, []error{ErrInternal}},
		{"metadata error without go error", &Resolution{ResolutionMetadata: ResolutionMetadata{Error: CodeNotFound}}, nil, []error{ErrNotFound}},
		{"plain error becomes internalError", nil, errors.New("disk on fire"), []error{ErrInternal}},
		{"context error kept", nil, context.Canceled, []error{ErrInternal, context.Canceled}},
		{"nil result", nil, nil, []error{ErrInternal}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &fakeResolver{results: map[string]*Resolution{testDID: tc.res}, err: tc.err}
			_, _, err := VerificationKey(ctx, r, testDID+"#key-2", AssertionMethod)
			for _, w := range tc.wants {
				if !errors.Is(err, w) {
					t.Errorf("got %v, want %v", err, w)
				}
			}
		})
	}
}

func TestDereference(t *testing.T) {
	ctx := context.Background()
	r, doc := bureau(t)

	t.Run("did alone gives the document", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID)
		if err != nil || got.Document != doc || got.VerificationMethod != nil || got.Service != nil {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("versionTime alone gives the document", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID+"?versionTime=2030-01-01T00:00:00Z")
		if err != nil || got.Document == nil || r.lastOpts.VersionTime == nil {
			t.Fatalf("got %+v, %v, opts %+v", got, err, r.lastOpts)
		}
	})
	t.Run("fragment gives a verification method with an absolute id", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID+"#key-1")
		if err != nil || got.VerificationMethod == nil || got.VerificationMethod.ID != testDID+"#key-1" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if doc.VerificationMethod[0].ID != "#key-1" {
			t.Error("dereferencing changed the document")
		}
	})
	t.Run("fragment gives an embedded method", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID+"#key-auth")
		if err != nil || got.VerificationMethod == nil {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("fragment gives a service", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID+"#messages")
		if err != nil || got.Service == nil || got.Service.ID != testDID+"#messages" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("service parameter without relativeRef", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID+"?service=messages")
		if err != nil || got.Service == nil || got.ServiceEndpointURL != "https://example.com/messages/8377464" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("service parameter with a map endpoint", func(t *testing.T) {
		got, err := Dereference(ctx, r, testDID+"?service=didcomm")
		if err != nil || got.Service == nil || got.ServiceEndpointURL != "" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})

	fails := []struct {
		name, url string
		want      error
	}{
		{"unknown fragment", testDID + "#nothing", ErrNotFound},
		{"unknown service", testDID + "?service=nothing", ErrNotFound},
		{"relativeRef on a map endpoint", testDID + "?service=didcomm&relativeRef=%2Fx", ErrInvalidDIDURL},
		{"relativeRef on a set endpoint", testDID + "?service=mirrors&relativeRef=%2Fx", ErrInvalidDIDURL},
		{"path", testDID + "/some/path", ErrNotFound},
		{"method query", testDID + "?custom=1", ErrNotFound},
		{"hashlink", testDID + "?hl=zQmWvQxTqbG2Z9HPJgG57jjwR154cKhbtJenbyYTWkjgF3e", ErrUnsupportedParameter},
		{"invalid did url", testDID + "#a#b", ErrInvalidDIDURL},
		{"unknown did", "did:example:nobody", ErrNotFound},
	}
	for _, tc := range fails {
		t.Run("fails/"+tc.name, func(t *testing.T) {
			got, err := Dereference(ctx, r, tc.url)
			if !errors.Is(err, tc.want) || got != nil {
				t.Fatalf("got %+v, %v; want %v", got, err, tc.want)
			}
		})
	}
}

// TestDereferenceServiceVector runs the DID URL dereferencing example of DID
// Resolution v0.3 §"DID URL Dereferencing" §"Examples".
func TestDereferenceServiceVector(t *testing.T) {
	raw, err := os.ReadFile("testdata/did-resolution-v0.3-dereference-example.json")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		DIDURL             string    `json:"didUrl"`
		ServiceEndpointURL string    `json:"serviceEndpointUrl"`
		Services           []Service `json:"services"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	doc := &Document{ID: "did:example:123456789abcdefghi", Service: v.Services}
	r := &fakeResolver{results: map[string]*Resolution{doc.ID: {Document: doc}}}
	got, err := Dereference(context.Background(), r, v.DIDURL)
	if err != nil {
		t.Fatal(err)
	}
	if got.ServiceEndpointURL != v.ServiceEndpointURL {
		t.Errorf("got %q, want %q", got.ServiceEndpointURL, v.ServiceEndpointURL)
	}
}

func TestEndpointURL(t *testing.T) {
	svc := func(uri string) *Service { return &Service{ServiceEndpoint: ServiceEndpoint{URI: uri}} }
	cases := []struct {
		name, endpoint, rel, frag, want string
		fails                           bool
	}{
		{"endpoint only", "https://a.example/x", "", "", "https://a.example/x", false},
		{"path appended", "https://a.example/x", "/y/z", "", "https://a.example/x/y/z", false},
		{"endpoint query kept", "https://a.example/x?q=1", "/y", "", "https://a.example/x/y?q=1", false},
		{"relativeRef query", "https://a.example/x", "/y?q=2", "", "https://a.example/x/y?q=2", false},
		{"did url fragment", "https://a.example/x", "/y", "top", "https://a.example/x/y#top", false},
		{"relativeRef fragment", "https://a.example/x", "/y#f", "", "https://a.example/x/y#f", false},
		{"both queries", "https://a.example/x?q=1", "/y?q=2", "", "", true},
		{"two fragments", "https://a.example/x#a", "/y", "b", "", true},
		{"relativeRef and did url fragments", "https://a.example/x", "/y#a", "b", "", true},
		{"not http", "urn:example:x", "/y", "", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := endpointURL(svc(tc.endpoint), tc.rel, tc.frag)
			if (err != nil) != tc.fails || got != tc.want {
				t.Errorf("got %q, %v", got, err)
			}
		})
	}
}

func TestKeyOf(t *testing.T) {
	r, _ := bureau(t)
	did, kid := testDID, testDID+"#key-2"
	if _, err := KeyOf(context.Background(), r, kid, did, AssertionMethod); err != nil {
		t.Fatalf("own key: %v", err)
	}
	if _, err := KeyOf(context.Background(), r, testDID+"#key-1", did, AssertionMethod); !errors.Is(err, ErrNotAuthorized) {
		t.Errorf("authentication-only key for an assertion: %v", err)
	}
	for name, ctl := range map[string]string{"another DID": "did:example:other", "no controller": ""} {
		if _, err := KeyOf(context.Background(), r, kid, ctl, AssertionMethod); !errors.Is(err, ErrNotController) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := KeyOf(context.Background(), r, "not a did url", did, AssertionMethod); err == nil {
		t.Error("malformed did url accepted")
	}
}

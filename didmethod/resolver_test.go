package didmethod

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// fakeResolver is a hand-written in-memory resolver: it returns the
// Resolution stored for a DID, or an error, and records the options it
// was called with.
type fakeResolver struct {
	results  map[string]*Resolution
	err      error
	lastOpts ResolutionOptions
	calls    int
}

func (f *fakeResolver) Resolve(_ context.Context, did string, opts ResolutionOptions) (*Resolution, error) {
	f.calls++
	f.lastOpts = opts
	if f.err != nil {
		return nil, f.err
	}
	res, ok := f.results[did]
	if !ok {
		return Fail(CodeNotFound, did, nil)
	}
	return res, nil
}

func TestMultiResolver(t *testing.T) {
	example := &fakeResolver{results: map[string]*Resolution{"did:example:1": {Document: &Document{ID: "did:example:1"}}}}
	m, err := NewMultiResolver(map[string]Resolver{"example": example})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("dispatches by method", func(t *testing.T) {
		res, err := m.Resolve(ctx, "did:example:1", ResolutionOptions{VersionID: "3"})
		if err != nil || res.Document.ID != "did:example:1" || example.lastOpts.VersionID != "3" {
			t.Fatalf("got %+v, %v, opts %+v", res, err, example.lastOpts)
		}
	})
	t.Run("methodNotSupported", func(t *testing.T) {
		res, err := m.Resolve(ctx, "did:other:1", ResolutionOptions{})
		if !errors.Is(err, ErrMethodNotSupported) || res.ResolutionMetadata.Error != CodeMethodNotSupported || res.Document != nil {
			t.Fatalf("got %+v, %v", res, err)
		}
		var re *ResolutionError
		if !errors.As(err, &re) || re.Code != CodeMethodNotSupported || re.DID != "did:other:1" {
			t.Fatalf("error = %#v", err)
		}
	})
	t.Run("invalidDid", func(t *testing.T) {
		res, err := m.Resolve(ctx, "did:example:1#frag", ResolutionOptions{})
		if !errors.Is(err, ErrInvalidDID) || res.ResolutionMetadata.Error != CodeInvalidDID {
			t.Fatalf("got %+v, %v", res, err)
		}
	})
	t.Run("method error passes through", func(t *testing.T) {
		_, err := m.Resolve(ctx, "did:example:2", ResolutionOptions{})
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("register twice", func(t *testing.T) {
		if err := m.Register("example", example); err == nil {
			t.Fatal("second registration accepted")
		}
	})
	t.Run("register bad name", func(t *testing.T) {
		for _, name := range []string{"", "Ex", "e-x", "e:x"} {
			if err := m.Register(name, example); err == nil {
				t.Errorf("method name %q accepted", name)
			}
		}
	})
	t.Run("register nil", func(t *testing.T) {
		if err := m.Register("nothing", nil); err == nil {
			t.Fatal("nil resolver accepted")
		}
	})
	t.Run("map with bad name", func(t *testing.T) {
		if _, err := NewMultiResolver(map[string]Resolver{"BAD": example}); err == nil {
			t.Fatal("bad name accepted")
		}
	})
	t.Run("zero value with Register", func(t *testing.T) {
		var z MultiResolver
		if err := z.Register("example", example); err != nil {
			t.Fatal(err)
		}
		if _, err := z.Resolve(ctx, "did:example:1", ResolutionOptions{}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestResolutionErrorIs(t *testing.T) {
	for _, code := range []ErrorCode{CodeInvalidDID, CodeInvalidDIDURL, CodeNotFound, CodeRepresentationNotSupported, CodeMethodNotSupported, CodeInternalError, CodeInvalidPublicKey, CodeInvalidPublicKeyLength, CodeInvalidPublicKeyType, CodeUnsupportedPublicKeyType} {
		t.Run(string(code), func(t *testing.T) {
			cause := errors.New("cause")
			err := error(NewResolutionError(code, "did:example:1", cause))
			if !errors.Is(err, code.sentinel()) || !errors.Is(err, cause) {
				t.Errorf("%v does not match its sentinel and cause", err)
			}
			if code != CodeNotFound && errors.Is(err, ErrNotFound) {
				t.Errorf("%v matches ErrNotFound", err)
			}
		})
	}
	if errors.Is(NewResolutionError("someOtherCode", "did:x:1", nil), ErrInternal) {
		t.Error("unknown code matches a sentinel")
	}
}

func TestCheckAccept(t *testing.T) {
	for _, ok := range []string{"", "*/*", "application/did+json", "application/did+ld+json", "application/ld+json;profile=\"https://w3id.org/did-resolution\"", "APPLICATION/JSON"} {
		if err := CheckAccept(ok); err != nil {
			t.Errorf("CheckAccept(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"application/did+cbor", "text/html"} {
		if err := CheckAccept(bad); !errors.Is(err, ErrRepresentationNotSupported) {
			t.Errorf("CheckAccept(%q) = %v", bad, err)
		}
	}
}

func TestDocumentMetadataJSON(t *testing.T) {
	m := DocumentMetadata{
		Created:     time.Date(2019, 3, 23, 14, 35, 22, 500, time.FixedZone("CST", 8*3600)),
		Updated:     time.Date(2023, 8, 10, 13, 40, 6, 0, time.UTC),
		VersionID:   "2",
		Deactivated: true,
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	// DID Resolution v0.3 §"DID Document Metadata", created: "normalized to
	// UTC 00:00:00 and without sub-second decimal precision".
	want := `{"created":"2019-03-23T06:35:22Z","updated":"2023-08-10T13:40:06Z","deactivated":true,"versionId":"2"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if b, _ := json.Marshal(DocumentMetadata{}); string(b) != `{}` {
		t.Errorf("empty metadata = %s", b)
	}
}

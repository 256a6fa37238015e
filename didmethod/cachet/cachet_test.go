package cachet

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

// history is a ledger with bureau a (created, then its #sign key rotated)
// and bureau d (created, then deactivated).
type history struct {
	w           *world
	a, d        *bureau
	oldSign     *keys.PrivateKey
	deactivated time.Time
}

func newHistory(t testing.TB) *history {
	t.Helper()
	h := &history{w: newWorld(t)}
	h.a = h.w.newBureau()
	h.d = h.w.newBureau()
	h.oldSign = h.w.rotate(h.a)
	h.deactivated = h.w.deactivate(h.d)
	return h
}

func randomDID(t testing.TB) string {
	t.Helper()
	b := make([]byte, idBytes)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	b[0] |= 1 // no leading zero byte: a 27-28 character id
	return ledger.MethodPrefix + base58.Encode(b)
}

func tp(t time.Time) *time.Time { return &t }

func wantCode(t *testing.T, err error, code didmethod.ErrorCode) {
	t.Helper()
	var re *didmethod.ResolutionError
	if !errors.As(err, &re) {
		t.Fatalf("error %v (%T) is not a *didmethod.ResolutionError", err, err)
	}
	if re.Code != code {
		t.Fatalf("code %q (%v), want %q", re.Code, err, code)
	}
}

// TestResolve covers SPEC.md §3.2: the latest version, versionId,
// versionTime, their metadata, deactivation and each error code.
func TestResolve(t *testing.T) {
	h := newHistory(t)
	a, d := h.a, h.d
	between := a.created.Add(30 * time.Minute)
	tests := []struct {
		name string
		did  string
		opts didmethod.ResolutionOptions
		code didmethod.ErrorCode // empty: success
		want didmethod.DocumentMetadata
		sign *keys.PrivateKey // the key #sign must hold
	}{
		{name: "latest", did: a.did,
			want: didmethod.DocumentMetadata{Created: a.created, Updated: a.updated, VersionID: "2"}, sign: a.sign},
		{name: "versionId 1", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "1"},
			want: didmethod.DocumentMetadata{Created: a.created, VersionID: "1", NextUpdate: a.updated, NextVersionID: "2"}, sign: h.oldSign},
		{name: "versionId 2", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "2"},
			want: didmethod.DocumentMetadata{Created: a.created, Updated: a.updated, VersionID: "2"}, sign: a.sign},
		{name: "versionTime at creation", did: a.did, opts: didmethod.ResolutionOptions{VersionTime: tp(a.created)},
			want: didmethod.DocumentMetadata{Created: a.created, VersionID: "1", NextUpdate: a.updated, NextVersionID: "2"}, sign: h.oldSign},
		{name: "versionTime before rotation", did: a.did, opts: didmethod.ResolutionOptions{VersionTime: tp(a.updated.Add(-time.Second))},
			want: didmethod.DocumentMetadata{Created: a.created, VersionID: "1", NextUpdate: a.updated, NextVersionID: "2"}, sign: h.oldSign},
		{name: "versionTime at rotation", did: a.did, opts: didmethod.ResolutionOptions{VersionTime: tp(a.updated)},
			want: didmethod.DocumentMetadata{Created: a.created, Updated: a.updated, VersionID: "2"}, sign: a.sign},
		{name: "versionTime in 2036", did: a.did, opts: didmethod.ResolutionOptions{VersionTime: tp(time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC))},
			want: didmethod.DocumentMetadata{Created: a.created, Updated: a.updated, VersionID: "2"}, sign: a.sign},
		{name: "versionId and versionTime agree", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "1", VersionTime: tp(between)},
			want: didmethod.DocumentMetadata{Created: a.created, VersionID: "1", NextUpdate: a.updated, NextVersionID: "2"}, sign: h.oldSign},
		{name: "accept did+ld+json", did: a.did, opts: didmethod.ResolutionOptions{Accept: didmethod.MediaTypeDIDLDJSON},
			want: didmethod.DocumentMetadata{Created: a.created, Updated: a.updated, VersionID: "2"}, sign: a.sign},
		{name: "deactivated", did: d.did,
			want: didmethod.DocumentMetadata{Created: d.created, Updated: h.deactivated, VersionID: "2", Deactivated: true}},
		{name: "deactivated, version before", did: d.did, opts: didmethod.ResolutionOptions{VersionTime: tp(h.deactivated.Add(-time.Second))},
			want: didmethod.DocumentMetadata{Created: d.created, VersionID: "1", NextUpdate: h.deactivated, NextVersionID: "2"}, sign: d.sign},

		{name: "versionId and versionTime disagree", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "2", VersionTime: tp(between)}, code: didmethod.CodeNotFound},
		{name: "versionTime before creation", did: a.did, opts: didmethod.ResolutionOptions{VersionTime: tp(a.created.Add(-time.Second))}, code: didmethod.CodeNotFound},
		{name: "versionId 3", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "3"}, code: didmethod.CodeNotFound},
		{name: "versionId 0", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "0"}, code: didmethod.CodeNotFound},
		{name: "versionId 01", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "01"}, code: didmethod.CodeNotFound},
		{name: "versionId not a number", did: a.did, opts: didmethod.ResolutionOptions{VersionID: "latest"}, code: didmethod.CodeNotFound},
		{name: "unknown did", did: randomDID(t), code: didmethod.CodeNotFound},
		{name: "unsupported representation", did: a.did, opts: didmethod.ResolutionOptions{Accept: "text/html"}, code: didmethod.CodeRepresentationNotSupported},
		{name: "other method", did: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", code: didmethod.CodeMethodNotSupported},
	}
	r := Resolver{Source: StateSource{h.w.s}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := r.Resolve(context.Background(), tc.did, tc.opts)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				if res == nil || res.Document != nil || res.ResolutionMetadata.Error != tc.code {
					t.Fatalf("failed resolution %+v, want no document and error %q", res, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.ResolutionMetadata.Error != "" {
				t.Fatalf("resolution metadata error %q", res.ResolutionMetadata.Error)
			}
			if err := res.Document.Validate(); err != nil {
				t.Fatalf("resolved document does not validate: %v", err)
			}
			if res.Document.ID != tc.did {
				t.Fatalf("id %q, want %q", res.Document.ID, tc.did)
			}
			got := res.DocumentMetadata
			if !got.Created.Equal(tc.want.Created) || !got.Updated.Equal(tc.want.Updated) || !got.NextUpdate.Equal(tc.want.NextUpdate) ||
				got.VersionID != tc.want.VersionID || got.NextVersionID != tc.want.NextVersionID || got.Deactivated != tc.want.Deactivated {
				t.Fatalf("metadata\n got %+v\nwant %+v", got, tc.want)
			}
			if tc.want.Deactivated {
				if len(res.Document.VerificationMethod) != 0 || len(res.Document.AssertionMethod) != 0 || len(res.Document.Service) != 0 {
					t.Fatalf("deactivated document carries keys or services: %+v", res.Document)
				}
				return
			}
			m, err := res.Document.MethodFor(didmethod.AssertionMethod, tc.did+"#sign")
			if err != nil {
				t.Fatal(err)
			}
			k, err := m.PublicKey()
			if err != nil {
				t.Fatal(err)
			}
			if !k.Equal(tc.sign.Public()) {
				t.Fatal("#sign holds the wrong key for this version")
			}
		})
	}
}

// TestResolveInvalidDID covers SPEC.md §2: anything but "did:cachet:" and
// the canonical base58btc of exactly 20 bytes is invalidDid.
func TestResolveInvalidDID(t *testing.T) {
	h := newHistory(t)
	id := strings.TrimPrefix(h.a.did, ledger.MethodPrefix)
	nineteen := base58.Encode(make([]byte, 19))
	twentyOne := base58.Encode(append([]byte{1}, make([]byte, 20)...))
	tests := []struct{ name, did string }{
		{"empty", ""},
		{"not a did", "cachet:" + id},
		{"no id", "did:cachet:"},
		{"upper-case method", "did:CACHET:" + id},
		{"did url with fragment", h.a.did + "#sign"},
		{"did url with query", h.a.did + "?versionId=1"},
		{"did url with path", h.a.did + "/x"},
		{"too short", "did:cachet:abc"},
		{"too long", "did:cachet:" + id + "2"},
		{"19 bytes", "did:cachet:" + nineteen},
		{"21 bytes", "did:cachet:" + twentyOne},
		{"zero not in alphabet", "did:cachet:0" + id[1:]},
		{"O not in alphabet", "did:cachet:O" + id[1:]},
		{"I not in alphabet", "did:cachet:I" + id[1:]},
		{"l not in alphabet", "did:cachet:l" + id[1:]},
		// A multibase "z" before a full-length id: 29 characters, more than
		// 20 bytes encode to. (Prefixing a random id instead was flaky: a
		// 27-character id plus "z" can be another valid id.)
		{"multibase prefix", "did:cachet:z" + base58.Encode(bytes.Repeat([]byte{0xff}, 20))},
		{"extra colon", "did:cachet:" + id[:10] + ":" + id[10:]},
		{"percent-encoded", "did:cachet:%41" + id[3:]},
		{"space", "did:cachet: " + id[1:]},
	}
	r := Resolver{Source: StateSource{h.w.s}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := r.Resolve(context.Background(), tc.did, didmethod.ResolutionOptions{})
			wantCode(t, err, didmethod.CodeInvalidDID)
			if !errors.Is(err, didmethod.ErrInvalidDID) {
				t.Fatal("error does not match didmethod.ErrInvalidDID")
			}
			if res == nil || res.Document != nil || res.ResolutionMetadata.Error != didmethod.CodeInvalidDID {
				t.Fatalf("result %+v", res)
			}
		})
	}
	// The shortest and longest ids of 20 bytes are valid syntax.
	for _, b := range [][]byte{make([]byte, idBytes), bytes.Repeat([]byte{0xff}, idBytes)} {
		did := ledger.MethodPrefix + base58.Encode(b)
		if _, err := ParseDID(did); err != nil {
			t.Errorf("ParseDID(%s): %v", did, err)
		}
		if _, err := r.Resolve(context.Background(), did, didmethod.ResolutionOptions{}); !errors.Is(err, didmethod.ErrNotFound) {
			t.Errorf("Resolve(%s) = %v, want notFound", did, err)
		}
	}
}

// TestParseDIDMatchesLedger checks that every DID the ledger derives
// parses (SPEC.md §2 is what ledger.DIDFromCreatePayload makes).
func TestParseDIDMatchesLedger(t *testing.T) {
	for i := range 500 {
		p := make([]byte, 1+i%64)
		if _, err := rand.Read(p); err != nil {
			t.Fatal(err)
		}
		did := ledger.DIDFromCreatePayload(p)
		d, err := ParseDID(did)
		if err != nil {
			t.Fatalf("ParseDID(%s): %v", did, err)
		}
		if d.Method != Method || d.String() != did {
			t.Fatalf("ParseDID(%s) = %+v", did, d)
		}
	}
}

// TestExpand checks the DID Core form of a ledger document (DID Core §5):
// id, controller, contexts, absolute ids, referenced relationships,
// services, and that it survives a JSON round trip through
// didmethod.ParseDocument.
func TestExpand(t *testing.T) {
	h := newHistory(t)
	a := h.a
	res, err := Resolver{Source: StateSource{h.w.s}}.Resolve(context.Background(), a.did, didmethod.ResolutionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc := res.Document
	checks := []struct {
		name string
		ok   bool
	}{
		{"@context", len(doc.Context) == 3 && doc.Context[0] == didmethod.ContextDIDv1 && doc.Context[1] == ContextJWK && doc.Context[2] == didmethod.ContextMultikey},
		{"id", doc.ID == a.did},
		{"controller", len(doc.Controller) == 1 && doc.Controller[0] == a.did},
		{"three methods", len(doc.VerificationMethod) == 3},
		{"#ctl", doc.VerificationMethod[0].ID == a.did+"#ctl" && doc.VerificationMethod[0].Type == didmethod.TypeJSONWebKey && doc.VerificationMethod[0].Controller == a.did},
		{"#sign", doc.VerificationMethod[1].ID == a.did+"#sign" && doc.VerificationMethod[1].Type == didmethod.TypeMultikey && doc.VerificationMethod[1].PublicKeyMultibase == a.sign.Public().Multibase()},
		{"authentication", len(doc.Authentication) == 1 && doc.Authentication[0].Ref == a.did+"#auth" && doc.Authentication[0].Method == nil},
		{"assertionMethod", len(doc.AssertionMethod) == 1 && doc.AssertionMethod[0].Ref == a.did+"#sign"},
		{"capabilityInvocation", len(doc.CapabilityInvocation) == 1 && doc.CapabilityInvocation[0].Ref == a.did+"#ctl"},
		{"no keyAgreement", doc.KeyAgreement == nil && doc.CapabilityDelegation == nil},
		{"service", len(doc.Service) == 1 && doc.Service[0].ID == a.did+"#status" && doc.Service[0].ServiceEndpoint.URI == "https://bureau.example/status"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: %+v", c.name, doc)
		}
	}
	k, err := doc.VerificationMethod[0].PublicKey()
	if err != nil || !k.Equal(a.ctl.Public()) {
		t.Errorf("#ctl key: %v", err)
	}
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := didmethod.ParseDocument(raw)
	if err != nil {
		t.Fatalf("ParseDocument(%s): %v", raw, err)
	}
	again, err := json.Marshal(back)
	if err != nil || string(again) != string(raw) {
		t.Fatalf("round trip\n got %s\nwant %s", again, raw)
	}
	if _, err := json.Marshal(res); err != nil {
		t.Fatal(err)
	}
}

// TestExpandRejects covers documents the ledger could hand over that do not
// make a DID Core document: each is ErrConversion.
func TestExpandRejects(t *testing.T) {
	did := randomDID(t)
	k := mustKey(t, keys.EdDSA)
	good := func() *ledger.Document {
		return &ledger.Document{
			VerificationMethod:   []ledger.VerificationMethod{{ID: "#k", Type: ledger.TypeMultikey, PublicKeyMultibase: k.Public().Multibase()}},
			CapabilityInvocation: []string{"#k"},
		}
	}
	tests := []struct {
		name   string
		change func(d *ledger.Document) *ledger.Document
	}{
		{"nil document", func(*ledger.Document) *ledger.Document { return nil }},
		{"unknown type", func(d *ledger.Document) *ledger.Document { d.VerificationMethod[0].Type = "RsaKey"; return d }},
		{"JsonWebKey without jwk", func(d *ledger.Document) *ledger.Document {
			d.VerificationMethod[0].Type = ledger.TypeJsonWebKey
			return d
		}},
		{"Multikey without key", func(d *ledger.Document) *ledger.Document { d.VerificationMethod[0].PublicKeyMultibase = ""; return d }},
		{"id not a fragment", func(d *ledger.Document) *ledger.Document { d.VerificationMethod[0].ID = "#a b"; return d }},
		{"endpoint not a uri", func(d *ledger.Document) *ledger.Document {
			d.Service = []ledger.Service{{ID: "#s", Type: "T", ServiceEndpoint: "not a uri"}}
			return d
		}},
		{"duplicate id", func(d *ledger.Document) *ledger.Document {
			d.Service = []ledger.Service{{ID: "#k", Type: "T", ServiceEndpoint: "https://x.example"}}
			return d
		}},
	}
	if _, err := Expand(did, good()); err != nil {
		t.Fatalf("good document: %v", err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Expand(did, tc.change(good())); !errors.Is(err, ErrConversion) {
				t.Fatalf("Expand = %v, want ErrConversion", err)
			}
		})
	}
}

// TestServiceEndpointNotURI: DID Core §5.4 requires a URI; the ledger
// refuses a document with anything else, so no such DID can exist.
func TestServiceEndpointNotURI(t *testing.T) {
	b := &bureau{ctl: mustKey(t, keys.EdDSA), sign: mustKey(t, keys.ES256), auth: mustKey(t, keys.EdDSA)}
	doc := docFor(b)
	doc.Service[0].ServiceEndpoint = "bureau status page"
	if err := doc.Validate(); !errors.Is(err, ledger.ErrInvalidDocument) {
		t.Fatalf("ledger accepted a non-URI service endpoint: %v", err)
	}
}

// fakeSource answers every ResolveDID with res and err.
type fakeSource struct {
	res *ledger.Resolution
	err error
}

func (f fakeSource) ResolveDID(context.Context, string, string, *time.Time) (*ledger.Resolution, error) {
	return f.res, f.err
}

// TestSourceFailures maps what a ledger source can answer to DID
// Resolution codes: missing things are notFound, everything else
// internalError.
func TestSourceFailures(t *testing.T) {
	did := randomDID(t)
	k := mustKey(t, keys.EdDSA)
	doc := &ledger.Document{
		VerificationMethod:   []ledger.VerificationMethod{{ID: "#k", Type: "RsaKey", PublicKeyMultibase: k.Public().Multibase()}},
		CapabilityInvocation: []string{"#k"},
	}
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		src  Source
		code didmethod.ErrorCode
	}{
		{"unknown did", context.Background(), fakeSource{err: ledger.ErrUnknownDID}, didmethod.CodeNotFound},
		{"unknown version", context.Background(), fakeSource{err: ledger.ErrNotFound}, didmethod.CodeNotFound},
		{"corrupt record", context.Background(), fakeSource{err: ledger.ErrInternal}, didmethod.CodeInternalError},
		{"bad query", context.Background(), fakeSource{err: ledger.ErrBadQuery}, didmethod.CodeInternalError},
		{"transport", context.Background(), fakeSource{err: errors.New("connection refused")}, didmethod.CodeInternalError},
		{"no answer", context.Background(), fakeSource{}, didmethod.CodeInternalError},
		{"another did", context.Background(), fakeSource{res: &ledger.Resolution{DID: randomDID(t)}}, didmethod.CodeInternalError},
		{"no document, not deactivated", context.Background(), fakeSource{res: &ledger.Resolution{DID: did}}, didmethod.CodeInternalError},
		{"unconvertible document", context.Background(), fakeSource{res: &ledger.Resolution{DID: did, Document: doc}}, didmethod.CodeInternalError},
		{"no source", context.Background(), nil, didmethod.CodeInternalError},
		{"canceled context", canceled, fakeSource{err: ledger.ErrUnknownDID}, didmethod.CodeInternalError},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Resolver{Source: tc.src}.Resolve(tc.ctx, did, didmethod.ResolutionOptions{})
			wantCode(t, err, tc.code)
			if res == nil || res.Document != nil || res.ResolutionMetadata.Error != tc.code {
				t.Fatalf("result %+v", res)
			}
		})
	}
}

// TestVerificationKey is how verifiers use the method: a "kid" DID URL and
// a verification relationship (DID Core §5.3), with versionId and
// versionTime (DID Core §3.2.1) for "the key valid at issuance".
func TestVerificationKey(t *testing.T) {
	h := newHistory(t)
	a, d := h.a, h.d
	vt := func(t time.Time) string { return "?versionTime=" + t.UTC().Format("2006-01-02T15:04:05Z") }
	tests := []struct {
		name string
		url  string
		rel  didmethod.Relationship
		want *keys.PrivateKey
		err  error
	}{
		{"latest assertion key", a.did + "#sign", didmethod.AssertionMethod, a.sign, nil},
		{"assertion key before rotation", a.did + vt(a.updated.Add(-time.Minute)) + "#sign", didmethod.AssertionMethod, h.oldSign, nil},
		{"assertion key at rotation", a.did + vt(a.updated) + "#sign", didmethod.AssertionMethod, a.sign, nil},
		{"assertion key of version 1", a.did + "?versionId=1#sign", didmethod.AssertionMethod, h.oldSign, nil},
		{"authentication key", a.did + "#auth", didmethod.Authentication, a.auth, nil},
		{"controller key", a.did + "#ctl", didmethod.CapabilityInvocation, a.ctl, nil},
		{"deactivated did, key before deactivation", d.did + vt(h.deactivated.Add(-time.Minute)) + "#sign", didmethod.AssertionMethod, d.sign, nil},

		{"authentication-only key for an assertion", a.did + "#auth", didmethod.AssertionMethod, nil, didmethod.ErrNotAuthorized},
		{"controller key for an assertion", a.did + "#ctl", didmethod.AssertionMethod, nil, didmethod.ErrNotAuthorized},
		{"assertion key for authentication", a.did + "#sign", didmethod.Authentication, nil, didmethod.ErrNotAuthorized},
		{"no such key", a.did + "#key-9", didmethod.AssertionMethod, nil, didmethod.ErrNotFound},
		{"service is not a key", a.did + "#status", didmethod.AssertionMethod, nil, didmethod.ErrNotFound},
		{"before creation", a.did + vt(a.created.Add(-time.Minute)) + "#sign", didmethod.AssertionMethod, nil, didmethod.ErrNotFound},
		{"deactivated did", d.did + "#sign", didmethod.AssertionMethod, nil, didmethod.ErrDeactivated},
		{"unknown did", randomDID(t) + "#sign", didmethod.AssertionMethod, nil, didmethod.ErrNotFound},
		{"malformed did", "did:cachet:abc#sign", didmethod.AssertionMethod, nil, didmethod.ErrInvalidDID},
		{"no fragment", a.did, didmethod.AssertionMethod, nil, didmethod.ErrNotVerificationMethod},
	}
	r := Resolver{Source: StateSource{h.w.s}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k, m, err := didmethod.VerificationKey(context.Background(), r, tc.url, tc.rel)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !k.Equal(tc.want.Public()) {
				t.Fatal("wrong key")
			}
			if !strings.HasPrefix(m.ID, tc.url[:strings.IndexAny(tc.url, "?#")]+"#") || m.Controller != m.ID[:strings.Index(m.ID, "#")] {
				t.Fatalf("method id %q controller %q", m.ID, m.Controller)
			}
		})
	}
	// A signature by the rotated-away key still verifies against the
	// version in force when it was made, and not against the latest.
	msg := []byte("credential issued before the rotation")
	sig, err := h.oldSign.Sign(msg)
	if err != nil {
		t.Fatal(err)
	}
	old, _, err := didmethod.VerificationKey(context.Background(), r, a.did+vt(a.created)+"#sign", didmethod.AssertionMethod)
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Verify(msg, sig); err != nil {
		t.Fatalf("signature by the key valid at issuance: %v", err)
	}
	latest, _, err := didmethod.VerificationKey(context.Background(), r, a.did+"#sign", didmethod.AssertionMethod)
	if err != nil {
		t.Fatal(err)
	}
	if latest.Verify(msg, sig) == nil {
		t.Fatal("the rotated-away key verifies against the latest document")
	}
}

// TestDereferenceService checks the service parameter (DID Core §3.2.1)
// through didmethod's dereferencer.
func TestDereferenceService(t *testing.T) {
	h := newHistory(t)
	res, err := didmethod.Dereference(context.Background(), Resolver{Source: StateSource{h.w.s}}, h.a.did+"?service=status&relativeRef=%2F1")
	if err != nil {
		t.Fatal(err)
	}
	if res.Service == nil || res.Service.ID != h.a.did+"#status" || res.ServiceEndpointURL != "https://bureau.example/status/1" {
		t.Fatalf("dereferenced %+v", res)
	}
	if res.Metadata.VersionID != "2" {
		t.Fatalf("metadata %+v", res.Metadata)
	}
}

// TestMultiResolver dispatches by method name (DID Resolution v0.3
// §"Algorithm" steps 1-2).
func TestMultiResolver(t *testing.T) {
	h := newHistory(t)
	mr, err := didmethod.NewMultiResolver(map[string]didmethod.Resolver{Method: Resolver{Source: StateSource{h.w.s}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		did  string
		code didmethod.ErrorCode
	}{
		{"cachet", h.a.did, ""},
		{"did:key", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", didmethod.CodeMethodNotSupported},
		{"did:web", "did:web:bureau.example", didmethod.CodeMethodNotSupported},
		{"not a did", "cachet", didmethod.CodeInvalidDID},
		{"malformed cachet id", "did:cachet:abc", didmethod.CodeInvalidDID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := mr.Resolve(context.Background(), tc.did, didmethod.ResolutionOptions{})
			if tc.code == "" {
				if err != nil || res.Document == nil || res.Document.ID != tc.did {
					t.Fatalf("Resolve = %+v, %v", res, err)
				}
				return
			}
			wantCode(t, err, tc.code)
		})
	}
}

package didresolver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/didmethod/cachet"
)

// enc percent-encodes a DID or DID URL whole, as DID Resolution §12.1 step
// 4.1.1 asks ("did:" becomes "did%3A").
func enc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// want is what a response must be.
type want struct {
	status  int
	ctype   string         // Content-Type
	errType string         // problem type of a failure
	id      string         // id of the document served
	meta    map[string]any // members didDocumentMetadata must have
}

// check compares a response with w, decoding the body by its Content-Type.
func (w want) check(t *testing.T, status int, header http.Header, body []byte) {
	t.Helper()
	if status != w.status {
		t.Fatalf("status %d, want %d; body %s", status, w.status, body)
	}
	if ct := header.Get("Content-Type"); ct != w.ctype {
		t.Fatalf("Content-Type %q, want %q", ct, w.ctype)
	}
	if got := header.Get("Content-Length"); got == "" {
		t.Error("no Content-Length")
	}
	switch w.ctype {
	case MediaTypeResolution, MediaTypeResolutionLD:
		res := decode[resultBody](t, body)
		if (res.Context == contextResolution) != (w.ctype == MediaTypeResolutionLD) {
			t.Errorf("@context %q with Content-Type %q", res.Context, w.ctype)
		}
		if w.errType != "" {
			// DID Resolution §4: on failure, an error, an empty document
			// and empty document metadata.
			if e := res.ResolutionMetadata.Error; e == nil || e.Type != w.errType || e.Title == "" || e.Status != 0 {
				t.Fatalf("error %+v, want type %q with a title", e, w.errType)
			}
			if string(res.Document) != "null" || len(res.DocumentMetadata) != 0 || res.ResolutionMetadata.ContentType != "" {
				t.Fatalf("failed result %s, want a null document and empty document metadata", body)
			}
			return
		}
		if res.ResolutionMetadata.Error != nil {
			t.Fatalf("unexpected error %+v", res.ResolutionMetadata.Error)
		}
		if w.id == "" {
			if string(res.Document) != "null" || res.ResolutionMetadata.ContentType != "" {
				t.Fatalf("result %s, want no document and no contentType", body)
			}
		} else {
			if ct := res.ResolutionMetadata.ContentType; ct != didmethod.MediaTypeDIDLDJSON {
				t.Errorf("contentType %q, want %q", ct, didmethod.MediaTypeDIDLDJSON)
			}
			if doc := decode[docBody](t, res.Document); doc.ID != w.id || len(doc.Context) == 0 || doc.Context[0] != didmethod.ContextDIDv1 {
				t.Fatalf("document %s, want id %q and the DID v1 context", res.Document, w.id)
			}
		}
		for k, v := range w.meta {
			if res.DocumentMetadata[k] != v {
				t.Errorf("didDocumentMetadata.%s = %v, want %v (all: %v)", k, res.DocumentMetadata[k], v, res.DocumentMetadata)
			}
		}
	case MediaTypeProblem:
		p := decode[problem](t, body)
		if p.Type != w.errType || p.Status != w.status || p.Title == "" {
			t.Fatalf("problem %+v, want type %q status %d with a title", p, w.errType, w.status)
		}
	case didmethod.MediaTypeDIDLDJSON, didmethod.MediaTypeDIDJSON:
		doc := decode[docBody](t, body)
		if doc.ID != w.id {
			t.Fatalf("document id %q, want %q", doc.ID, w.id)
		}
		// DID Core §6.3.1: JSON-LD has @context; §6.2: JSON does not.
		if hasCtx := len(doc.Context) > 0; hasCtx != (w.ctype == didmethod.MediaTypeDIDLDJSON) {
			t.Fatalf("@context %v in %s", doc.Context, w.ctype)
		}
	default:
		t.Fatalf("no check for Content-Type %q", w.ctype)
	}
}

// TestResolve covers DID Resolution §12.1 over did:key and did:cachet: the
// two forms of the DID in the path, versionId and versionTime from the DID
// URL and from the query, deactivation, and each error a resolution can
// end in, with its status.
func TestResolve(t *testing.T) {
	w := newWorld(t)
	kd := w.vectors.CreateExample
	a, d := w.a, w.d
	// A did:key whose Ed25519 key is 31 bytes (did:key v0.7 §"Read":
	// invalidPublicKeyLength).
	short := "did:key:z" + base58.Encode(append([]byte{0xed, 0x01}, make([]byte, 31)...))
	before := "2026-03-01T00:00:00Z" // between creation and rotation / deactivation
	created, rotated, deact := "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "2026-09-01T00:00:00Z"
	v1 := map[string]any{"versionId": "1", "created": created, "nextVersionId": "2", "nextUpdate": rotated}
	v2 := map[string]any{"versionId": "2", "created": created, "updated": rotated}
	ok := func(id string, meta map[string]any) want {
		return want{status: 200, ctype: MediaTypeResolution, id: id, meta: meta}
	}
	bad := func(status int, typ string) want {
		return want{status: status, ctype: MediaTypeResolution, errType: typ}
	}
	tests := []struct {
		name   string
		target string
		accept string
		want   want
	}{
		{"did:key, no Accept", Path + kd, "", ok(kd, nil)},
		{"did:key encoded", Path + enc(kd), MediaTypeResolution, ok(kd, nil)},
		{"did:key encoded in lower case", Path + strings.ReplaceAll(enc(kd), "%3A", "%3a"), MediaTypeResolution, ok(kd, nil)},
		{"did:cachet latest", Path + a, MediaTypeResolution, ok(a, v2)},
		{"did:cachet encoded", Path + enc(a), MediaTypeResolution, ok(a, v2)},
		{"versionId in the DID URL", Path + a + "?versionId=1", "", ok(a, v1)},
		{"versionTime in the DID URL", Path + a + "?versionTime=" + before, "", ok(a, v1)},
		{"versionTime at the rotation", Path + a + "?versionTime=" + rotated, "", ok(a, v2)},
		{"versionId as a query option", Path + enc(a) + "?versionId=1", "", ok(a, v1)},
		{"versionTime as a query option", Path + enc(a) + "?versionTime=" + before, "", ok(a, v1)},
		{"versionId in the encoded DID URL", Path + enc(a+"?versionId=1"), "", ok(a, v1)},
		{"versionId in both, equal", Path + enc(a+"?versionId=1") + "?versionId=1", "", ok(a, v1)},
		{"versionId and versionTime that agree", Path + enc(a) + "?versionId=1&versionTime=" + before, "", ok(a, v1)},
		{"noCache option", Path + enc(a) + "?noCache=true", "", ok(a, v2)},
		{"deactivated", Path + d, "",
			want{status: 410, ctype: MediaTypeResolution, id: d, meta: map[string]any{"deactivated": true, "updated": deact, "versionId": "2"}}},
		{"deactivated, bare document", Path + d, didmethod.MediaTypeDIDLDJSON,
			want{status: 410, ctype: didmethod.MediaTypeDIDLDJSON, id: d}},
		{"deactivated, before the deactivation", Path + d + "?versionTime=" + before, "",
			ok(d, map[string]any{"versionId": "1", "nextVersionId": "2", "nextUpdate": deact})},

		{"not a DID", Path + "foo", "", bad(400, TypeInvalidDID)},
		{"no DID", Path, "", bad(400, TypeInvalidDID)},
		{"upper-case method", Path + "did:KEY:" + signV1, "", bad(400, TypeInvalidDID)},
		{"bad percent-encoding once decoded", Path + "did%3Akey%3Az%25ZZ", "", bad(400, TypeInvalidDID)},
		{"did:key without multibase z", Path + "did:key:abc", "", bad(400, TypeInvalidDID)},
		{"did:key key of the wrong length", Path + short, "", bad(400, TypeInvalidDID)},
		{"did:key of an unsupported key type", Path + w.vectors.P384, "", bad(501, TypeFeatureNotSupported)},
		{"did:cachet id not 20 bytes", Path + "did:cachet:abc", "", bad(400, TypeInvalidDID)},
		{"did:cachet unknown", Path + w.unknown, "", bad(404, TypeNotFound)},
		{"version that does not exist", Path + a + "?versionId=3", "", bad(404, TypeNotFound)},
		{"versionTime before creation", Path + a + "?versionTime=2025-01-01T00:00:00Z", "", bad(404, TypeNotFound)},
		{"method not supported", Path + "did:web:example.com", "", bad(501, TypeMethodNotSupported)},
		{"malformed versionTime in the DID URL", Path + a + "?versionTime=yesterday", "", bad(400, TypeInvalidDIDURL)},
		{"versionId twice in the DID URL", Path + a + "?versionId=1&versionId=2", "", bad(400, TypeInvalidDIDURL)},
		{"fragment", Path + enc(kd+"#"+signV1), "", bad(400, TypeInvalidDID)},
		{"path", Path + kd + "/whois", "", bad(400, TypeInvalidDID)},
		{"encoded path", Path + enc(kd+"/whois"), "", bad(400, TypeInvalidDID)},
		{"service parameter", Path + a + "?service=status", "", bad(400, TypeInvalidDID)},
		{"unknown DID URL parameter", Path + a + "?noCache=true", "", bad(400, TypeInvalidDID)},
		{"malformed versionTime option", Path + enc(a) + "?versionTime=2026-03-01", "", bad(400, TypeInvalidOptions)},
		{"versionTime option with a fraction", Path + enc(a) + "?versionTime=2026-03-01T00:00:00.5Z", "", bad(400, TypeInvalidOptions)},
		{"empty versionId option", Path + enc(a) + "?versionId=", "", bad(400, TypeInvalidOptions)},
		{"option given twice", Path + enc(a) + "?versionId=1&versionId=2", "", bad(400, TypeInvalidOptions)},
		{"versionId differs from the DID URL", Path + enc(a+"?versionId=1") + "?versionId=2", "", bad(400, TypeInvalidOptions)},
		{"versionTime differs from the DID URL", Path + enc(a+"?versionTime="+before) + "?versionTime=" + rotated, "", bad(400, TypeInvalidOptions)},
		{"noCache not a boolean", Path + enc(a) + "?noCache=yes", "", bad(400, TypeInvalidOptions)},
		{"query not name=value", Path + enc(a) + "?versionId=1;x", "", bad(400, TypeInvalidOptions)},
		{"unsupported option", Path + enc(a) + "?expandRelativeUrls=true", "", bad(501, TypeFeatureNotSupported)},
		{"accept as an option", Path + enc(a) + "?accept=application%2Fdid%2Bjson", "", bad(501, TypeFeatureNotSupported)},
		{"versionId and versionTime that disagree", Path + enc(a) + "?versionId=2&versionTime=" + before, "", bad(404, TypeNotFound)},

		{"failure, bare document asked", Path + w.unknown, didmethod.MediaTypeDIDJSON,
			want{status: 404, ctype: MediaTypeProblem, errType: TypeNotFound}},
		{"failure, v0.3 result asked", Path + w.unknown, MediaTypeResolutionLD,
			want{status: 404, ctype: MediaTypeResolutionLD, errType: TypeNotFound}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(w.handler, http.MethodGet, tc.target, tc.accept)
			tc.want.check(t, rec.Code, rec.Header(), rec.Body.Bytes())
		})
	}
}

// TestResolverResults covers what a resolver can hand back that the
// binding must check or map (DID Resolution §4, §4.4, §12.1 steps 6-8).
func TestResolverResults(t *testing.T) {
	const did = "did:example:123"
	doc := func(id string) *didmethod.Document {
		return &didmethod.Document{Context: didmethod.Context{didmethod.ContextDIDv1}, ID: id}
	}
	failed := func(code didmethod.ErrorCode) *fixedResolver {
		res, err := didmethod.Fail(code, did, errors.New("cause"))
		return &fixedResolver{res: res, err: err}
	}
	gone := &didmethod.Resolution{DocumentMetadata: didmethod.DocumentMetadata{Deactivated: true}}
	tests := []struct {
		name     string
		resolver didmethod.Resolver
		accept   string
		want     want
	}{
		{"success", &fixedResolver{res: &didmethod.Resolution{Document: doc(did)}}, "",
			want{status: 200, ctype: MediaTypeResolution, id: did}},
		{"document without @context, JSON-LD asked", &fixedResolver{res: &didmethod.Resolution{Document: &didmethod.Document{ID: did}}}, didmethod.MediaTypeDIDLDJSON,
			want{status: 200, ctype: didmethod.MediaTypeDIDLDJSON, id: did}},
		{"invalidDid", failed(didmethod.CodeInvalidDID), "", want{status: 400, ctype: MediaTypeResolution, errType: TypeInvalidDID}},
		{"invalidDidUrl", failed(didmethod.CodeInvalidDIDURL), "", want{status: 400, ctype: MediaTypeResolution, errType: TypeInvalidDIDURL}},
		{"notFound", failed(didmethod.CodeNotFound), "", want{status: 404, ctype: MediaTypeResolution, errType: TypeNotFound}},
		{"representationNotSupported", failed(didmethod.CodeRepresentationNotSupported), "",
			want{status: 406, ctype: MediaTypeResolution, errType: TypeRepresentationNotSupported}},
		{"methodNotSupported", failed(didmethod.CodeMethodNotSupported), "", want{status: 501, ctype: MediaTypeResolution, errType: TypeMethodNotSupported}},
		{"internalError", failed(didmethod.CodeInternalError), "", want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"invalidPublicKey", failed(didmethod.CodeInvalidPublicKey), "", want{status: 400, ctype: MediaTypeResolution, errType: TypeInvalidDID}},
		{"invalidPublicKeyType", failed(didmethod.CodeInvalidPublicKeyType), "", want{status: 400, ctype: MediaTypeResolution, errType: TypeInvalidDID}},
		{"unsupportedPublicKeyType", failed(didmethod.CodeUnsupportedPublicKeyType), "",
			want{status: 501, ctype: MediaTypeResolution, errType: TypeFeatureNotSupported}},
		{"unknown code", failed("somethingNew"), "", want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"error in the metadata only", &fixedResolver{res: &didmethod.Resolution{ResolutionMetadata: didmethod.ResolutionMetadata{Error: didmethod.CodeNotFound}}}, "",
			want{status: 404, ctype: MediaTypeResolution, errType: TypeNotFound}},
		{"plain error", &fixedResolver{err: errors.New("disk on fire")}, "", want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"no result", &fixedResolver{}, "", want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"no document", &fixedResolver{res: &didmethod.Resolution{}}, "", want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"document of another DID", &fixedResolver{res: &didmethod.Resolution{Document: doc("did:example:456")}}, "",
			want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"document breaking DID Core", &fixedResolver{res: &didmethod.Resolution{Document: &didmethod.Document{ID: did, Controller: didmethod.StringSet{"not a did"}}}}, "",
			want{status: 500, ctype: MediaTypeResolution, errType: TypeInvalidDIDDocument}},
		{"deactivated without a document", &fixedResolver{res: gone}, "",
			want{status: 410, ctype: MediaTypeResolution, meta: map[string]any{"deactivated": true}}},
		{"deactivated without a document, bare JSON", &fixedResolver{res: gone}, didmethod.MediaTypeDIDJSON,
			want{status: 410, ctype: didmethod.MediaTypeDIDJSON, id: did}},
		{"no resolver", nil, "", want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
		{"ledger failure", cachet.Resolver{Source: &fakeLedger{err: errors.New("disk on fire")}}, "",
			want{status: 500, ctype: MediaTypeResolution, errType: TypeInternalError}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := Path + did
			if _, ok := tc.resolver.(cachet.Resolver); ok {
				target = Path + newWorld(t).a
			}
			rec := serve(&Handler{Resolver: tc.resolver}, http.MethodGet, target, tc.accept)
			tc.want.check(t, rec.Code, rec.Header(), rec.Body.Bytes())
			if tc.want.status == 500 && bytes.Contains(rec.Body.Bytes(), []byte("fire")) {
				t.Errorf("a server error's cause reached the client: %s", rec.Body)
			}
		})
	}
}

// TestHead: HEAD answers as GET does (RFC 9110 §9.3.2: "identical to GET
// except that the server MUST NOT send content").
func TestHead(t *testing.T) {
	w := newWorld(t)
	for _, target := range []string{Path + w.a, Path + w.d, Path + w.unknown, Path + "foo"} {
		t.Run(target, func(t *testing.T) {
			get := serve(w.handler, http.MethodGet, target, "")
			head := serve(w.handler, http.MethodHead, target, "")
			if head.Code != get.Code || head.Body.Len() != 0 {
				t.Fatalf("HEAD: %d with %d body bytes; GET: %d", head.Code, head.Body.Len(), get.Code)
			}
			for _, h := range []string{"Content-Type", "Content-Length", "Vary"} {
				if head.Header().Get(h) != get.Header().Get(h) {
					t.Errorf("%s: HEAD %q, GET %q", h, head.Header().Get(h), get.Header().Get(h))
				}
			}
		})
	}
}

// TestRequestLine covers what is refused before resolution: other methods
// (405 with Allow, RFC 9110 §15.5.6), other paths (404), URIs over the
// limits of limits.go (414).
func TestRequestLine(t *testing.T) {
	w := newWorld(t)
	long := strings.Repeat("a", MaxIdentifierLength)
	tests := []struct {
		name, method, target string
		status               int
	}{
		{"POST", http.MethodPost, Path + w.a, 405},
		{"PUT", http.MethodPut, Path + w.a, 405},
		{"DELETE", http.MethodDelete, Path + w.a, 405},
		{"PATCH", http.MethodPatch, Path + w.a, 405},
		{"OPTIONS", http.MethodOptions, Path + w.a, 405},
		{"root", http.MethodGet, "/", 404},
		{"endpoint without slash", http.MethodGet, "/1.0/identifiers", 404},
		{"other version", http.MethodGet, "/2.0/identifiers/" + w.a, 404},
		{"encoded prefix", http.MethodGet, "/1.0%2Fidentifiers/" + w.a, 404},
		{"identifier over the limit", http.MethodGet, Path + "did:key:z" + long, 414},
		{"query over the limit", http.MethodGet, Path + enc(w.a) + "?versionId=" + strings.Repeat("1", MaxQueryLength), 414},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(w.handler, tc.method, tc.target, "")
			want{status: tc.status, ctype: MediaTypeProblem, errType: typeBlank}.check(t, rec.Code, rec.Header(), rec.Body.Bytes())
			if allow := rec.Header().Get("Allow"); (tc.status == 405) != (allow == "GET, HEAD") {
				t.Errorf("Allow %q with status %d", allow, tc.status)
			}
		})
	}
}

type ctxKey struct{}

// TestResolverInputs: the request's context reaches the resolver (so a
// client that goes away cancels a ledger read), with the DID and the
// options of the request and the accept option of the negotiated
// representation (DID Resolution §4.1).
func TestResolverInputs(t *testing.T) {
	const did = "did:example:123"
	tests := []struct {
		name, target, accept string
		wantAccept           string
		wantVersion          string
		wantTime             string
	}{
		{"result", Path + did, "", didmethod.MediaTypeDIDLDJSON, "", ""},
		{"bare JSON", Path + did, didmethod.MediaTypeDIDJSON, didmethod.MediaTypeDIDJSON, "", ""},
		{"options", Path + enc(did) + "?versionId=7&versionTime=2030-01-02T03:04:05Z", didmethod.MediaTypeDIDLDJSON, didmethod.MediaTypeDIDLDJSON, "7", "2030-01-02T03:04:05Z"},
		{"DID URL parameters", Path + did + "?versionId=7", "", didmethod.MediaTypeDIDLDJSON, "7", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fr := &fixedResolver{res: &didmethod.Resolution{Document: &didmethod.Document{ID: did}}}
			r := httptest.NewRequest(http.MethodGet, tc.target, nil)
			r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "mine"))
			if tc.accept != "" {
				r.Header.Set("Accept", tc.accept)
			}
			rec := httptest.NewRecorder()
			(&Handler{Resolver: fr}).ServeHTTP(rec, r)
			if rec.Code != 200 {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if fr.ctx == nil || fr.ctx.Value(ctxKey{}) != "mine" {
				t.Error("the request's context did not reach the resolver")
			}
			if fr.opts.Accept != tc.wantAccept || fr.opts.VersionID != tc.wantVersion {
				t.Errorf("options %+v, want accept %q versionId %q", fr.opts, tc.wantAccept, tc.wantVersion)
			}
			gotTime := ""
			if fr.opts.VersionTime != nil {
				gotTime = fr.opts.VersionTime.UTC().Format(time.RFC3339)
			}
			if gotTime != tc.wantTime {
				t.Errorf("versionTime %q, want %q", gotTime, tc.wantTime)
			}
		})
	}
}

// TestContextReachesLedger: through did:cachet, the request's context is
// the one the ledger is read with.
func TestContextReachesLedger(t *testing.T) {
	w := newWorld(t)
	r := httptest.NewRequest(http.MethodGet, Path+w.a, nil)
	r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "mine"))
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, r)
	if rec.Code != 200 || w.ledger.ctx == nil || w.ledger.ctx.Value(ctxKey{}) != "mine" {
		t.Fatalf("status %d; the ledger was read without the request's context", rec.Code)
	}
}

// TestLog: a server error is logged with its type and cause, and without
// the DID (DID Resolution §14.1); a client error is not logged.
func TestLog(t *testing.T) {
	w := newWorld(t)
	var buf bytes.Buffer
	w.ledger.err = errors.New("disk on fire")
	h := &Handler{Resolver: w.handler.Resolver, Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	serve(h, http.MethodGet, Path+w.a, "")
	out := buf.String()
	if !strings.Contains(out, TypeInternalError) || !strings.Contains(out, "disk on fire") {
		t.Errorf("log %q lacks the type or the cause", out)
	}
	if strings.Contains(out, strings.TrimPrefix(w.a, "did:cachet:")) {
		t.Errorf("log %q names the DID", out)
	}
	buf.Reset()
	w.ledger.err = nil
	serve(h, http.MethodGet, Path+w.unknown, "")
	serve(h, http.MethodGet, Path+"did:web:example.com", "")
	if buf.Len() != 0 {
		t.Errorf("client errors logged: %q", buf.String())
	}
}

// TestStatusTable checks the error types against the table of DID
// Resolution §12.1 step 6 (testdata/http-status.json).
func TestStatusTable(t *testing.T) {
	raw, err := os.ReadFile("testdata/http-status.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Type   string `json:"type"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal(raw, &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 10 {
		t.Fatalf("%d rows, want the 10 of the table", len(rows))
	}
	for _, row := range rows {
		typ := row.Type
		if typ == "(any other error URI)" {
			typ = "https://example.com/errors#UNHEARD_OF"
		}
		if got := statusFor(typ); got != row.Status {
			t.Errorf("%s: status %d, want %d", row.Type, got, row.Status)
		}
	}
}

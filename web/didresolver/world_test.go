package didresolver

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/didmethod/cachet"
	"github.com/cachet-district/cachet/didmethod/key"
	"github.com/cachet-district/cachet/ledger"
)

// fakeLedger is a hand-written cachet.Source: DIDs with their versions, as
// ledger.State.ResolveDID answers them (versions numbered from 1, a
// deactivation is a version without a document).
type fakeLedger struct {
	dids map[string][]version
	err  error           // answered to every query when set
	ctx  context.Context // of the last query
}

type version struct {
	at  time.Time
	doc *ledger.Document // nil: the deactivation
}

var _ cachet.Source = (*fakeLedger)(nil)

func (l *fakeLedger) ResolveDID(ctx context.Context, did, versionID string, versionTime *time.Time) (*ledger.Resolution, error) {
	l.ctx = ctx
	if l.err != nil {
		return nil, l.err
	}
	if versionID != "" && versionTime != nil {
		return nil, fmt.Errorf("fake ledger: give versionId or versionTime, not both")
	}
	vs, ok := l.dids[did]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ledger.ErrUnknownDID, did)
	}
	n := len(vs)
	switch {
	case versionID != "":
		i, err := strconv.Atoi(versionID)
		if err != nil || i < 1 || i > len(vs) || strconv.Itoa(i) != versionID {
			return nil, fmt.Errorf("%w: version %q", ledger.ErrNotFound, versionID)
		}
		n = i
	case versionTime != nil:
		n = 0
		for i, v := range vs {
			if !v.at.After(*versionTime) {
				n = i + 1
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("%w: before creation", ledger.ErrNotFound)
		}
	}
	v := vs[n-1]
	meta := ledger.DocumentMetadata{Created: vs[0].at, VersionID: strconv.Itoa(n), Deactivated: v.doc == nil}
	if n > 1 {
		meta.Updated = &v.at
	}
	if n < len(vs) {
		meta.NextUpdate = &vs[n].at
		meta.NextVersionID = strconv.Itoa(n + 1)
	}
	return &ledger.Resolution{DID: did, Document: v.doc, Metadata: meta}, nil
}

// Two Ed25519 multibase keys (did:key v0.7 §"Create" example and
// §"Test Vectors" Ed25519), used as a bureau's #sign key before and after
// a rotation.
const (
	signV1 = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	signV2 = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
)

func bureauDoc(sign string) *ledger.Document {
	return &ledger.Document{
		VerificationMethod: []ledger.VerificationMethod{
			{ID: "#ctl", Type: ledger.TypeMultikey, PublicKeyMultibase: signV1},
			{ID: "#sign", Type: ledger.TypeMultikey, PublicKeyMultibase: sign},
		},
		AssertionMethod:      []string{"#sign"},
		CapabilityInvocation: []string{"#ctl"},
		Service:              []ledger.Service{{ID: "#status", Type: "BitstringStatusList", ServiceEndpoint: "https://bureau.example/status"}},
	}
}

// world is a district ledger with bureau a (created, then its #sign key
// rotated) and bureau d (created, then deactivated), behind a handler that
// resolves did:key and did:cachet.
type world struct {
	ledger                     *fakeLedger
	handler                    *Handler
	a, d, unknown              string
	created, rotated, deactive time.Time
	vectors                    didKeyVectors
}

type didKeyVectors struct {
	CreateExample string `json:"createExample"`
	P384          string `json:"p384"`
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{
		a:        ledger.DIDFromCreatePayload([]byte("bureau a")),
		d:        ledger.DIDFromCreatePayload([]byte("bureau d")),
		unknown:  ledger.DIDFromCreatePayload([]byte("nobody")),
		created:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		rotated:  time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		deactive: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC),
	}
	w.ledger = &fakeLedger{dids: map[string][]version{
		w.a: {{at: w.created, doc: bureauDoc(signV1)}, {at: w.rotated, doc: bureauDoc(signV2)}},
		w.d: {{at: w.created, doc: bureauDoc(signV1)}, {at: w.deactive}},
	}}
	m, err := didmethod.NewMultiResolver(map[string]didmethod.Resolver{
		key.Method:    key.Resolver{},
		cachet.Method: cachet.Resolver{Source: w.ledger},
	})
	if err != nil {
		t.Fatal(err)
	}
	w.handler = &Handler{Resolver: m}
	raw, err := os.ReadFile("testdata/did-key.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &w.vectors); err != nil {
		t.Fatal(err)
	}
	return w
}

// fixedResolver answers every resolution with the same result and error,
// and records the context and options it was called with.
type fixedResolver struct {
	res  *didmethod.Resolution
	err  error
	ctx  context.Context
	opts didmethod.ResolutionOptions
}

func (f *fixedResolver) Resolve(ctx context.Context, did string, opts didmethod.ResolutionOptions) (*didmethod.Resolution, error) {
	f.ctx, f.opts = ctx, opts
	return f.res, f.err
}

// serve runs one request through h.
func serve(h http.Handler, method, target, accept string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// resultBody is a DID resolution result as a client decodes it.
type resultBody struct {
	Context            string          `json:"@context"`
	Document           json.RawMessage `json:"didDocument"`
	ResolutionMetadata struct {
		ContentType string   `json:"contentType"`
		Error       *problem `json:"error"`
	} `json:"didResolutionMetadata"`
	DocumentMetadata map[string]any `json:"didDocumentMetadata"`
}

// docBody is the part of a DID document the tests look at.
type docBody struct {
	Context            []any            `json:"@context"`
	ID                 string           `json:"id"`
	VerificationMethod []map[string]any `json:"verificationMethod"`
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("body %s: %v", b, err)
	}
	return v
}

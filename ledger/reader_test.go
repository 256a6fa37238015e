package ledger

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

// TestMemClientReader runs the typed Reader over the in-memory client: the
// answers are the state's own, errors keep their sentinels, block times
// come from the clock and never go backwards.
func TestMemClientReader(t *testing.T) {
	ctx := context.Background()
	gk := mustKey(t, keys.EdDSA)
	g := Genesis{ChainID: testChain, Threshold: 1, Members: []Member{{ID: "gov-a", PublicKeyJwk: gk.Public().JWK()}}}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	m, err := NewMemClient(g, func() time.Time { return now }, val(1, 10))
	if err != nil {
		t.Fatal(err)
	}
	r := Reader{Client: m}
	govSigner := TxSigner{KID: "gov-a", Signer: gk}

	ctl, sign := mustKey(t, keys.EdDSA), mustKey(t, keys.ES256)
	tx, did, err := NewDIDCreate(testChain, docFor(ctl, sign), ctl, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	res, h, err := m.Submit(ctx, tx)
	if err != nil || string(res.Data) != did || h != 1 {
		t.Fatalf("create: %+v at %d: %v", res, h, err)
	}
	// A rejection at CheckTx: the same create again.
	var rej *RejectedError
	if _, _, err := m.Submit(ctx, tx); !errors.As(err, &rej) || rej.Stage != StageCheck || !errors.Is(err, ErrExists) {
		t.Fatalf("again: %v", err)
	}

	resolved, err := r.ResolveDID(ctx, did, "", nil)
	if err != nil || resolved.DID != did || !resolved.Metadata.Created.Equal(now) {
		t.Fatalf("resolve: %+v %v", resolved, err)
	}
	if _, err := r.ResolveDID(ctx, "did:cachet:2vZcyp2pnp5mVzZ7hfRmTPQbCuB8", "", nil); !errors.Is(err, ErrUnknownDID) {
		t.Fatalf("unknown: %v", err)
	}

	// Governance through the reader's NextSeq; the clock going back is held
	// at the last block time.
	now = now.Add(-time.Hour)
	seq, err := r.NextSeq(ctx, SignerGovernance)
	if err != nil {
		t.Fatal(err)
	}
	auth, err := NewGovernanceTx(testChain, seq, &AuthorizeOp{Issuer: did, VCTs: []string{"urn:cachet:vct:resident-id:1"},
		ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2031-01-01T00:00:00Z"}, govSigner)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Submit(ctx, auth); err != nil {
		t.Fatal(err)
	}
	if bt := m.State().Info().LastBlockTime; !bt.Equal(now.Add(time.Hour)) {
		t.Fatalf("block time %s went backwards", bt)
	}
	ok, grant, err := r.IssuerAuthorised(ctx, did, "urn:cachet:vct:resident-id:1", now)
	if err != nil || !ok || grant == nil {
		t.Fatalf("authorised: %v %+v %v", ok, grant, err)
	}
	if ok, _, err := r.IssuerAuthorised(ctx, did, "urn:cachet:vct:marriage-certificate:1", now); err != nil || ok {
		t.Fatalf("other type: %v %v", ok, err)
	}
	gov, err := r.GovernanceMembers(ctx)
	if err != nil || gov.Threshold != 1 || len(gov.Members) != 1 || gov.Seq != seq {
		t.Fatalf("governance: %+v %v", gov, err)
	}
	vals, err := r.Validators(ctx)
	if err != nil || len(vals) != 1 || vals[0].Power != 10 {
		t.Fatalf("validators: %+v %v", vals, err)
	}
	for name, err := range map[string]error{
		"schema":   func() error { _, err := r.Schema(ctx, "resident-id"); return err }(),
		"anchor":   func() error { _, err := r.StatusAnchor(ctx, "https://x.example/1"); return err }(),
		"verifier": func() error { _, err := r.Verifier(ctx, did); return err }(),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}

	// A cancelled context stops both calls before they start.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := m.Submit(cctx, tx); !errors.Is(err, context.Canceled) {
		t.Errorf("submit, cancelled: %v", err)
	}
	if _, err := r.GovernanceMembers(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("query, cancelled: %v", err)
	}
}

// fakeClient answers every query with the same bytes.
type fakeClient struct{ answer []byte }

func (f fakeClient) Submit(context.Context, []byte) (TxResult, int64, error) {
	return TxResult{}, 0, errors.New("not here")
}

func (f fakeClient) Query(context.Context, string, []byte) ([]byte, int64, error) {
	return f.answer, 1, nil
}

// TestReaderStrictAnswers: a node's answer is outside input, decoded
// strictly.
func TestReaderStrictAnswers(t *testing.T) {
	for name, ans := range map[string]string{
		"duplicate member": `{"seq":1,"seq":2}`,
		"not json":         `{`,
		"wrong type":       `{"seq":"1"}`,
	} {
		if _, err := (Reader{Client: fakeClient{[]byte(ans)}}).NextSeq(context.Background(), "x"); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestDigest(t *testing.T) {
	// SHA-256 of the empty string, base64url without padding.
	if got, want := Digest(nil), "sha256-47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"; got != want {
		t.Fatalf("Digest = %s, want %s", got, want)
	}
	if !validDigest(Digest([]byte("x"))) {
		t.Fatal("Digest output is not a valid ledger digest")
	}
}

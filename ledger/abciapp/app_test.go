package abciapp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	abcitypes "github.com/cometbft/cometbft/abci/types"

	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

const testChain = "cachet-abci-test"

var ctx = context.Background()

func genesisBytes(t testing.TB) []byte {
	t.Helper()
	k, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	g := ledger.Genesis{ChainID: testChain, Threshold: 1, Members: []ledger.Member{{ID: "gov-a", PublicKeyJwk: k.Public().JWK()}}}
	b, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func didCreate(t testing.TB) ([]byte, string) {
	t.Helper()
	k, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	jwk := k.Public().JWK()
	doc := ledger.Document{
		VerificationMethod:   []ledger.VerificationMethod{{ID: "#ctl", Type: ledger.TypeJsonWebKey, PublicKeyJwk: &jwk}},
		CapabilityInvocation: []string{"#ctl"},
	}
	tx, did, err := ledger.NewDIDCreate(testChain, doc, k, "#ctl")
	if err != nil {
		t.Fatal(err)
	}
	return tx, did
}

func newApp(t testing.TB, dir string) *App {
	t.Helper()
	a, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func initChain(t *testing.T, a *App) []byte {
	t.Helper()
	res, err := a.InitChain(ctx, &abcitypes.RequestInitChain{ChainId: testChain, AppStateBytes: genesisBytes(t)})
	if err != nil {
		t.Fatal(err)
	}
	return res.AppHash
}

func block(t *testing.T, a *App, height int64, txs ...[]byte) *abcitypes.ResponseFinalizeBlock {
	t.Helper()
	res, err := a.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{
		Height: height, Time: time.Date(2026, 1, 1, 0, 0, int(height), 0, time.UTC), Txs: txs,
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Commit(ctx, &abcitypes.RequestCommit{})
	if err != nil {
		t.Fatal(err)
	}
	if c.RetainHeight != 0 {
		t.Fatalf("RetainHeight %d, want 0 (keep all blocks)", c.RetainHeight)
	}
	return res
}

func info(t *testing.T, a *App) *abcitypes.ResponseInfo {
	t.Helper()
	r, err := a.Info(ctx, &abcitypes.RequestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestInitChain(t *testing.T) {
	tests := []struct {
		name    string
		chain   string
		state   func(t testing.TB) []byte
		wantErr bool
	}{
		{"ok", testChain, genesisBytes, false},
		{"chain id differs", "other-chain", genesisBytes, true},
		{"app_state empty", testChain, func(testing.TB) []byte { return nil }, true},
		{"app_state not json", testChain, func(testing.TB) []byte { return []byte("{") }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newApp(t, t.TempDir())
			res, err := a.InitChain(ctx, &abcitypes.RequestInitChain{ChainId: tc.chain, AppStateBytes: tc.state(t)})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && !bytes.Equal(res.AppHash, a.State().AppHash()) {
				t.Fatal("InitChain app hash is not the state's")
			}
		})
	}
}

func TestFinalizeBlockCodes(t *testing.T) {
	a := newApp(t, t.TempDir())
	initChain(t, a)
	good, did := didCreate(t)
	res := block(t, a, 1, good, good, []byte("not a tx"))
	want := []ledger.Code{ledger.CodeOK, ledger.CodeExists, ledger.CodeMalformed}
	for i, w := range want {
		if got := ledger.Code(res.TxResults[i].Code); got != w {
			t.Errorf("tx %d: code %v, want %v (log %q)", i, got, w, res.TxResults[i].Log)
		}
	}
	if string(res.TxResults[0].Data) != did {
		t.Errorf("data %q, want the DID %q", res.TxResults[0].Data, did)
	}
	if !bytes.Equal(res.AppHash, a.State().AppHash()) {
		t.Error("FinalizeBlock app hash is not the committed one")
	}
	if _, err := a.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: 5, Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}); !errors.Is(err, ledger.ErrBadHeight) {
		t.Errorf("skipped height: err %v, want ErrBadHeight", err)
	}
}

func TestCheckTx(t *testing.T) {
	a := newApp(t, t.TempDir())
	initChain(t, a)
	good, _ := didCreate(t)
	tests := []struct {
		name string
		tx   []byte
		want ledger.Code
	}{
		{"valid", good, ledger.CodeOK},
		{"malformed", []byte("{}"), ledger.CodeMalformed},
		{"too large", make([]byte, ledger.MaxTxSize+1), ledger.CodeTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := a.CheckTx(ctx, &abcitypes.RequestCheckTx{Tx: tc.tx, Type: abcitypes.CheckTxType_New})
			if err != nil {
				t.Fatal(err)
			}
			if ledger.Code(r.Code) != tc.want {
				t.Fatalf("code %v, want %v (log %q)", ledger.Code(r.Code), tc.want, r.Log)
			}
		})
	}
}

func TestPrepareProposalDropsOversize(t *testing.T) {
	a := newApp(t, t.TempDir())
	small, big := []byte("a"), make([]byte, ledger.MaxTxSize+1)
	res, err := a.PrepareProposal(ctx, &abcitypes.RequestPrepareProposal{Txs: [][]byte{small, big, small}, MaxTxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Txs) != 2 {
		t.Fatalf("got %d txs, want the 2 small ones", len(res.Txs))
	}
	p, err := a.ProcessProposal(ctx, &abcitypes.RequestProcessProposal{Txs: res.Txs})
	if err != nil || p.Status != abcitypes.ResponseProcessProposal_ACCEPT {
		t.Fatalf("ProcessProposal = %v, %v; want ACCEPT", p, err)
	}
}

func TestQuery(t *testing.T) {
	a := newApp(t, t.TempDir())
	initChain(t, a)
	tx, did := didCreate(t)
	block(t, a, 1, tx)
	block(t, a, 2)
	resolve, _ := json.Marshal(ledger.ResolveRequest{DID: did})
	unknown, _ := json.Marshal(ledger.ResolveRequest{DID: "did:cachet:11111111111111111111"})
	tests := []struct {
		name   string
		path   string
		data   []byte
		height int64
		code   uint32
		err    error
	}{
		{"latest by 0", ledger.QueryResolveDID, resolve, 0, 0, nil},
		{"latest by number", ledger.QueryResolveDID, resolve, 2, 0, nil},
		{"old height", ledger.QueryResolveDID, resolve, 1, CodeHeightNotKept, ErrHeightNotKept},
		{"future height", ledger.QueryResolveDID, resolve, 3, CodeHeightNotKept, ErrHeightNotKept},
		{"unknown path", "/nope", nil, 0, CodeBadQuery, ledger.ErrBadQuery},
		{"bad data", ledger.QueryResolveDID, []byte("{"), 0, CodeBadQuery, ledger.ErrBadQuery},
		{"unknown did", ledger.QueryResolveDID, unknown, 0, uint32(ledger.CodeUnknownDID), ledger.ErrUnknownDID},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := a.Query(ctx, &abcitypes.RequestQuery{Path: tc.path, Data: tc.data, Height: tc.height})
			if err != nil {
				t.Fatal(err)
			}
			if r.Code != tc.code {
				t.Fatalf("code %d, want %d (log %q)", r.Code, tc.code, r.Log)
			}
			if r.Height != 2 {
				t.Errorf("answered at height %d, want 2", r.Height)
			}
			if qe := QueryError(r.Code, r.Log); !errors.Is(qe, tc.err) || (tc.err == nil) != (qe == nil) {
				t.Errorf("QueryError = %v, want %v", qe, tc.err)
			}
			if tc.code == 0 {
				var res ledger.Resolution
				if err := json.Unmarshal(r.Value, &res); err != nil || res.DID != did {
					t.Fatalf("resolution %s: %v", r.Value, err)
				}
			}
		})
	}
}

// TestCrashKeepsCommittedBlocks holds the durability promise of the package
// comment: after Commit returns, a new App on the same directory (the old
// one dropped without any shutdown, as by kill -9) reports the same height
// and app hash and resolves what was committed.
func TestCrashKeepsCommittedBlocks(t *testing.T) {
	dir := t.TempDir()
	a := newApp(t, dir)
	if got := info(t, a); got.LastBlockHeight != 0 || got.LastBlockAppHash != nil {
		t.Fatalf("fresh app: height %d hash %x, want 0 and none", got.LastBlockHeight, got.LastBlockAppHash)
	}
	initChain(t, a)
	tx, did := didCreate(t)
	block(t, a, 1, tx)
	block(t, a, 2)
	// A block finalized but not committed when the crash comes is not kept.
	if _, err := a.FinalizeBlock(ctx, &abcitypes.RequestFinalizeBlock{Height: 3, Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	before := info(t, a)
	// A temporary file left by a write cut short is cleaned up.
	if err := os.WriteFile(filepath.Join(dir, SnapshotFile+".tmp-123"), []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}

	b := newApp(t, dir)
	after := info(t, b)
	if after.LastBlockHeight != 2 || before.LastBlockHeight != 2 || !bytes.Equal(after.LastBlockAppHash, before.LastBlockAppHash) {
		t.Fatalf("after restart: height %d hash %x, want 2 and %x", after.LastBlockHeight, after.LastBlockAppHash, before.LastBlockAppHash)
	}
	if _, err := b.State().ResolveDID(did, "", nil); err != nil {
		t.Fatalf("committed DID lost: %v", err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, SnapshotFile+".tmp-*")); len(m) != 0 {
		t.Fatalf("stale temporary files left: %v", m)
	}
	// The replayed block 3 applies on the restored state.
	block(t, b, 3)
}

func TestNewRejectsCorruptSnapshot(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SnapshotFile), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir); !errors.Is(err, ledger.ErrBadSnapshot) {
		t.Fatalf("err = %v, want ErrBadSnapshot", err)
	}
	if _, err := New(""); err == nil {
		t.Fatal("empty dir accepted")
	}
}

func TestStateSyncRefused(t *testing.T) {
	a := newApp(t, t.TempDir())
	l, err := a.ListSnapshots(ctx, &abcitypes.RequestListSnapshots{})
	if err != nil || len(l.Snapshots) != 0 {
		t.Fatalf("ListSnapshots = %v, %v", l, err)
	}
	o, err := a.OfferSnapshot(ctx, &abcitypes.RequestOfferSnapshot{})
	if err != nil || o.Result != abcitypes.ResponseOfferSnapshot_ABORT {
		t.Fatalf("OfferSnapshot = %v, %v", o, err)
	}
	c, err := a.ApplySnapshotChunk(ctx, &abcitypes.RequestApplySnapshotChunk{})
	if err != nil || c.Result != abcitypes.ResponseApplySnapshotChunk_ABORT {
		t.Fatalf("ApplySnapshotChunk = %v, %v", c, err)
	}
}

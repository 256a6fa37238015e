package node

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

const testChain = "cachet-node-test"

func testGenesis(t testing.TB) ledger.Genesis {
	t.Helper()
	k, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	return ledger.Genesis{ChainID: testChain, Threshold: 1, Members: []ledger.Member{{ID: "gov-a", PublicKeyJwk: k.Public().JWK()}}}
}

// newDIDTx returns a did.create transaction on chain for a fresh key, and
// the DID.
func newDIDTx(chain string) ([]byte, string, error) {
	k, err := keys.Generate(keys.EdDSA)
	if err != nil {
		return nil, "", err
	}
	jwk := k.Public().JWK()
	doc := ledger.Document{
		VerificationMethod:   []ledger.VerificationMethod{{ID: "#ctl", Type: ledger.TypeJsonWebKey, PublicKeyJwk: &jwk}},
		CapabilityInvocation: []string{"#ctl"},
	}
	return ledger.NewDIDCreate(chain, doc, k, "#ctl")
}

// testDID is newDIDTx for tests.
func testDID(t testing.TB) ([]byte, string) {
	t.Helper()
	tx, did, err := newDIDTx(testChain)
	if err != nil {
		t.Fatal(err)
	}
	return tx, did
}

func testConfig(home string, g ledger.Genesis, db string) Config {
	return Config{Home: home, Genesis: g, TimeoutCommit: NoTimeoutCommit, DBBackend: db}
}

func start(t testing.TB, cfg Config) *Node {
	t.Helper()
	n, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := n.Stop(); err != nil {
			t.Error(err)
		}
	})
	return n
}

func TestSubmitAndResolve(t *testing.T) {
	ctx := context.Background()
	n := start(t, testConfig(t.TempDir(), testGenesis(t), DBMemDB))
	tx, did := testDID(t)
	res, height, err := n.Submit(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Code != ledger.CodeOK || string(res.Data) != did || height < 1 {
		t.Fatalf("result %+v at height %d, want OK with %s", res, height, did)
	}
	// Committed and visible as soon as Submit returns.
	if _, err := n.State().ResolveDID(did, "", nil); err != nil {
		t.Fatalf("state: %v", err)
	}
	req, _ := json.Marshal(ledger.ResolveRequest{DID: did})
	val, qh, err := n.Query(ctx, ledger.QueryResolveDID, req)
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	var r ledger.Resolution
	if err := json.Unmarshal(val, &r); err != nil || r.DID != did || qh < height {
		t.Fatalf("query answer %s at %d: %v", val, qh, err)
	}
	if got := n.Info().LastHeight; got < height {
		t.Fatalf("info height %d below the tx's %d", got, height)
	}
}

func TestSubmitRejected(t *testing.T) {
	ctx := context.Background()
	n := start(t, testConfig(t.TempDir(), testGenesis(t), DBMemDB))
	good, _ := testDID(t)
	if _, _, err := n.Submit(ctx, good); err != nil {
		t.Fatal(err)
	}
	otherChain, _, err := newDIDTx("another-chain")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		tx   []byte
		want error
	}{
		{"malformed", []byte(`{"payload":""}`), ledger.ErrMalformed},
		{"wrong chain", otherChain, ledger.ErrWrongChain},
		{"too large", make([]byte, ledger.MaxTxSize+1), ledger.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := n.Info()
			res, _, err := n.Submit(ctx, tc.tx)
			var rej *ledger.RejectedError
			if !errors.As(err, &rej) || !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want a RejectedError wrapping %v", err, tc.want)
			}
			if rej.Stage != ledger.StageCheck || res.Code != ledger.CodeOf(tc.want) {
				t.Fatalf("stage %s code %v, want check and %v", rej.Stage, res.Code, ledger.CodeOf(tc.want))
			}
			if after := n.Info(); after.LastHeight != before.LastHeight || !bytes.Equal(after.LastAppHash, before.LastAppHash) {
				t.Fatalf("state changed: %d %x -> %d %x", before.LastHeight, before.LastAppHash, after.LastHeight, after.LastAppHash)
			}
		})
	}
	t.Run("unknown did query", func(t *testing.T) {
		req, _ := json.Marshal(ledger.ResolveRequest{DID: "did:cachet:11111111111111111111"})
		if _, _, err := n.Query(ctx, ledger.QueryResolveDID, req); !errors.Is(err, ledger.ErrUnknownDID) {
			t.Fatalf("err = %v, want ErrUnknownDID", err)
		}
	})
}

// TestRestartKeepsState holds the durability promise of the package
// comment: a node stopped and started again on the same home resolves what
// was committed, at the same height and app hash.
func TestRestartKeepsState(t *testing.T) {
	ctx := context.Background()
	home, g := t.TempDir(), testGenesis(t)
	n, err := Start(ctx, testConfig(home, g, DBGoLevelDB))
	if err != nil {
		t.Fatal(err)
	}
	tx, did := testDID(t)
	if _, _, err := n.Submit(ctx, tx); err != nil {
		t.Fatal(err)
	}
	before := n.Info()
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}

	m := start(t, testConfig(home, g, DBGoLevelDB))
	after := m.Info()
	if after.LastHeight != before.LastHeight || !bytes.Equal(after.LastAppHash, before.LastAppHash) {
		t.Fatalf("after restart: %d %x, want %d %x", after.LastHeight, after.LastAppHash, before.LastHeight, before.LastAppHash)
	}
	if _, err := m.State().ResolveDID(did, "", nil); err != nil {
		t.Fatalf("DID lost in restart: %v", err)
	}
	// The chain goes on: a replayed create is rejected in CheckTx, a new
	// one commits.
	if _, _, err := m.Submit(ctx, tx); !errors.Is(err, ledger.ErrExists) {
		t.Fatalf("replayed create: err %v, want ErrExists", err)
	}
	tx2, did2 := testDID(t)
	if _, h, err := m.Submit(ctx, tx2); err != nil || h <= before.LastHeight {
		t.Fatalf("submit after restart: height %d err %v", h, err)
	}
	if _, err := m.State().ResolveDID(did2, "", nil); err != nil {
		t.Fatal(err)
	}
}

// TestRestartReplaysMissingBlocks: when the ledger's snapshot is behind
// CometBFT's block store (a kill -9 between the block store write and the
// snapshot), the handshake replays the missing blocks.
func TestRestartReplaysMissingBlocks(t *testing.T) {
	ctx := context.Background()
	home, g := t.TempDir(), testGenesis(t)
	n, err := Start(ctx, testConfig(home, g, DBGoLevelDB))
	if err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(home, appDir, "state.snapshot")
	tx1, did1 := testDID(t)
	if _, _, err := n.Submit(ctx, tx1); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	tx2, did2 := testDID(t)
	if _, _, err := n.Submit(ctx, tx2); err != nil {
		t.Fatal(err)
	}
	before := n.Info()
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(snap, old, 0o600); err != nil {
		t.Fatal(err)
	}

	m := start(t, testConfig(home, g, DBGoLevelDB))
	after := m.Info()
	if after.LastHeight != before.LastHeight || !bytes.Equal(after.LastAppHash, before.LastAppHash) {
		t.Fatalf("after replay: %d %x, want %d %x", after.LastHeight, after.LastAppHash, before.LastHeight, before.LastAppHash)
	}
	for _, did := range []string{did1, did2} {
		if _, err := m.State().ResolveDID(did, "", nil); err != nil {
			t.Fatalf("%s: %v", did, err)
		}
	}
}

func TestStartRefuses(t *testing.T) {
	ctx := context.Background()
	g := testGenesis(t)
	used := t.TempDir()
	n, err := Start(ctx, testConfig(used, g, DBGoLevelDB))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	other := testGenesis(t)
	tests := []struct {
		name string
		cfg  Config
		want error
	}{
		{"no home", testConfig("", g, DBMemDB), ErrConfig},
		{"no genesis", testConfig(t.TempDir(), ledger.Genesis{}, DBMemDB), ErrConfig},
		{"chain id differs", Config{Home: t.TempDir(), ChainID: "other", Genesis: g}, ErrConfig},
		{"unknown db", testConfig(t.TempDir(), g, "rocksdb"), ErrConfig},
		{"negative timeout", Config{Home: t.TempDir(), Genesis: g, TimeoutCommit: -time.Second}, ErrConfig},
		{"other genesis on home", testConfig(used, other, DBGoLevelDB), ErrGenesisMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := Start(ctx, tc.cfg)
			if err == nil {
				_ = n.Stop()
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestStopTwice(t *testing.T) {
	n, err := Start(context.Background(), testConfig(t.TempDir(), testGenesis(t), DBMemDB))
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := n.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}
}

package node

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/ledger"
)

// TestHomeInUse: a second node on a running node's home fails at once and
// cleanly; after Stop the home starts again.
func TestHomeInUse(t *testing.T) {
	home := t.TempDir()
	cfg := testConfig(home, testGenesis(t), DBGoLevelDB)
	n := start(t, cfg)
	if _, err := Start(context.Background(), cfg); !errors.Is(err, ErrHomeInUse) {
		t.Fatalf("second start: %v, want ErrHomeInUse", err)
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	start(t, cfg)
}

// TestLoadConfig: Start records its settings in the home, and LoadConfig
// gives them back with the genesis.
func TestLoadConfig(t *testing.T) {
	home := t.TempDir()
	g := testGenesis(t)
	cfg := Config{Home: home, Genesis: g, TimeoutCommit: NoTimeoutCommit, TimeoutPropose: 700 * time.Millisecond,
		PersistentPeers: []string{"0123456789abcdef0123456789abcdef01234567@127.0.0.1:1"}, Moniker: "ps-bureau", RPCListen: "tcp://127.0.0.1:0"}
	n := start(t, cfg)
	if n.RPCAddr() == "" || n.Moniker() != "ps-bureau" {
		t.Fatalf("rpc %q moniker %q", n.RPCAddr(), n.Moniker())
	}
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	got, err := LoadConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	if got.Genesis.ChainID != g.ChainID || got.TimeoutCommit != NoTimeoutCommit || got.TimeoutPropose != cfg.TimeoutPropose ||
		got.Moniker != "ps-bureau" || got.RPCListen != cfg.RPCListen || len(got.PersistentPeers) != 1 || got.DBBackend != DBGoLevelDB {
		t.Fatalf("LoadConfig = %+v", got)
	}

	if _, err := LoadConfig(t.TempDir()); !errors.Is(err, ErrNoHome) {
		t.Errorf("empty dir: %v, want ErrNoHome", err)
	}
	for name, settings := range map[string]string{
		"duplicate member": `{"moniker":"a","moniker":"b","p2pListen":""}`,
		"bad duration":     `{"moniker":"a","p2pListen":"","timeoutCommit":"soon"}`,
		"negative":         `{"moniker":"a","p2pListen":"","timeoutPropose":"-1s"}`,
		"bad backend":      `{"moniker":"a","p2pListen":"","dbBackend":"rocksdb"}`,
		"not json":         `{`,
	} {
		if err := os.WriteFile(filepath.Join(home, SettingsFile), []byte(settings), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadConfig(home); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
}

func TestTestnetRejects(t *testing.T) {
	g := testGenesis(t)
	dir := t.TempDir()
	for name, cfg := range map[string]TestnetConfig{
		"no validators":  {Dir: dir, Validators: 0, Genesis: g},
		"too many":       {Dir: dir, Validators: ledger.MaxValidators + 1, Genesis: g},
		"no dir":         {Validators: 1, Genesis: g},
		"no chain":       {Dir: dir, Validators: 1},
		"negative delay": {Dir: dir, Validators: 1, Genesis: g, TimeoutPropose: -time.Second},
	} {
		if _, err := Testnet(cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: %v, want ErrConfig", name, err)
		}
	}
	if _, err := Testnet(TestnetConfig{Dir: dir, Validators: 2, Genesis: g}); err != nil {
		t.Fatal(err)
	}
	if _, err := Testnet(TestnetConfig{Dir: dir, Validators: 2, Genesis: g}); !errors.Is(err, ErrConfig) {
		t.Errorf("second layout over the first: %v, want ErrConfig", err)
	}
}

// TestRemote covers Remote against a single node's RPC: submit, query,
// status, a rejected transaction, and a ledger error mapped back to its
// sentinel.
func TestRemote(t *testing.T) {
	ctx := context.Background()
	cfg := testConfig(t.TempDir(), testGenesis(t), DBMemDB)
	cfg.RPCListen = "tcp://127.0.0.1:0"
	n := start(t, cfg)
	r, err := Dial("tcp://"+n.RPCAddr(), 0)
	if err != nil {
		t.Fatal(err)
	}
	tx, did := testDID(t)
	if res, h, err := r.Submit(ctx, tx); err != nil || string(res.Data) != did || h < 1 {
		t.Fatalf("submit: %+v %d %v", res, h, err)
	}
	if _, _, err := r.Submit(ctx, tx); !errors.Is(err, ErrTxInCache) {
		t.Fatalf("the same bytes again: %v, want ErrTxInCache", err)
	}
	other, _, err := newDIDTx("another-chain")
	if err != nil {
		t.Fatal(err)
	}
	var rej *ledger.RejectedError
	if _, _, err := r.Submit(ctx, other); !errors.As(err, &rej) || rej.Stage != ledger.StageCheck || !errors.Is(err, ledger.ErrWrongChain) {
		t.Fatalf("tx for another chain: %v, want a RejectedError at check wrapping ErrWrongChain", err)
	}
	reader := ledger.Reader{Client: r}
	if res, err := reader.ResolveDID(ctx, did, "", nil); err != nil || res.DID != did {
		t.Fatalf("resolve: %+v %v", res, err)
	}
	if _, err := reader.ResolveDID(ctx, "did:cachet:2vZcyp2pnp5mVzZ7hfRmTPQbCuB8", "", nil); !errors.Is(err, ledger.ErrUnknownDID) {
		t.Fatalf("unknown did: %v", err)
	}
	if _, err := reader.Schema(ctx, "resident-id"); !errors.Is(err, ledger.ErrNotFound) {
		t.Fatalf("schema: %v", err)
	}
	st, err := r.Status(ctx)
	if err != nil || st.Network != testChain || st.Height < 1 || st.VotingPower == 0 {
		t.Fatalf("status %+v %v", st, err)
	}
}

func TestDialRejects(t *testing.T) {
	for _, u := range []string{"", "127.0.0.1:26657", "ftp://127.0.0.1:1", "http://"} {
		if _, err := Dial(u, 0); !errors.Is(err, ErrRemote) {
			t.Errorf("Dial(%q) = %v, want ErrRemote", u, err)
		}
	}
}

// TestRemoteResponseLimit: an answer over MaxRPCResponse is cut off with an
// error, not read whole.
func TestRemoteResponseLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, `{"jsonrpc":"2.0","id":-1,"result":{"response":{"value":"`)
		io.Copy(w, io.LimitReader(neverEnding('A'), MaxRPCResponse+10))
		io.WriteString(w, `"}}}`)
	}))
	defer srv.Close()
	r, err := Dial(srv.URL, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = r.Query(context.Background(), ledger.QuerySchema, []byte(`{"id":"x"}`))
	if err == nil || !strings.Contains(err.Error(), "response over") {
		t.Fatalf("oversized answer: %v", err)
	}
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

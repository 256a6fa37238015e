package node

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

// freePorts returns n TCP ports free on loopback right now.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	ports := make([]int, n)
	ls := make([]net.Listener, n)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls[i] = l
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// cluster is a consortium of validators on loopback, all in this process.
type cluster struct {
	t       testing.TB
	layout  []TestnetNode
	nodes   []*Node // nil while stopped
	remotes []*Remote
}

func newCluster(t testing.TB, n int) *cluster {
	t.Helper()
	return newClusterWith(t, n, testGenesis(t))
}

func newClusterWith(t testing.TB, n int, g ledger.Genesis) *cluster {
	t.Helper()
	ports := freePorts(t, 2*n)
	layout, err := Testnet(TestnetConfig{
		Dir: t.TempDir(), Validators: n, Genesis: g,
		Ports:         func(i int) (int, int) { return ports[2*i], ports[2*i+1] },
		TimeoutCommit: 10 * time.Millisecond, TimeoutPropose: 500 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{t: t, layout: layout, nodes: make([]*Node, n), remotes: make([]*Remote, n)}
	for i, l := range layout {
		if c.remotes[i], err = Dial(l.RPC, 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for i := range c.nodes {
			c.stop(i)
		}
	})
	for i := range layout {
		c.start(i)
	}
	return c
}

func (c *cluster) start(i int) {
	c.t.Helper()
	cfg, err := LoadConfig(c.layout[i].Home)
	if err != nil {
		c.t.Fatal(err)
	}
	if c.nodes[i], err = Start(context.Background(), cfg); err != nil {
		c.t.Fatalf("start node%d: %v", i, err)
	}
}

func (c *cluster) stop(i int) {
	if c.nodes[i] == nil {
		return
	}
	if err := c.nodes[i].Stop(); err != nil {
		c.t.Errorf("stop node%d: %v", i, err)
	}
	c.nodes[i] = nil
}

// client returns node i's in-process client for even i and its RPC for odd
// i, so that both paths carry transactions.
func (c *cluster) client(i int) ledger.Client {
	if i%2 == 0 {
		return c.nodes[i]
	}
	return c.remotes[i]
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestClusterStopRestart is the consortium's quality bar: four validators
// on loopback take operations through different nodes (in-process and
// RPC), keep committing with one node stopped (3 of 4 is over two thirds
// of the voting power), and the stopped node, restarted on its home,
// catches up to the same height and app hash as the others.
func TestClusterStopRestart(t *testing.T) {
	ctx := context.Background()
	c := newCluster(t, 4)
	var dids []string
	submit := func(i int) {
		t.Helper()
		tx, did := testDID(t)
		res, h, err := c.client(i).Submit(ctx, tx)
		if err != nil || string(res.Data) != did || h < 1 {
			t.Fatalf("submit through node%d: %+v at %d: %v", i, res, h, err)
		}
		dids = append(dids, did)
	}
	t0 := time.Now()
	for i := range 4 {
		submit(i)
	}
	t.Logf("4 txs through 4 nodes: %v", time.Since(t0))
	// Every node holds every DID (a Submit returns when its own node has
	// committed; the others follow within the same block).
	for i := range 4 {
		r := ledger.Reader{Client: c.client(i)}
		waitFor(t, "every DID on every node", 10*time.Second, func() bool {
			for _, d := range dids {
				if _, err := r.ResolveDID(ctx, d, "", nil); err != nil {
					return false
				}
			}
			return true
		})
	}

	t0 = time.Now()
	c.stop(3)
	for i := range 6 {
		submit(i % 3)
	}
	t.Logf("6 txs with node3 down: %v", time.Since(t0))
	stoppedAt := c.nodes[0].Info().LastHeight

	t0 = time.Now()
	c.start(3)
	t.Logf("node3 restarted in %v", time.Since(t0))
	waitFor(t, "node3 to catch up", 60*time.Second, func() bool {
		return c.nodes[3].Info().LastHeight >= stoppedAt
	})
	t.Logf("node3 caught up to %d in %v", stoppedAt, time.Since(t0))
	// A transaction through the restarted node commits everywhere.
	submit(3)
	t.Logf("a tx through node3 committed %v after its restart", time.Since(t0))
	last := dids[len(dids)-1]
	for i := range 4 {
		waitFor(t, "the last DID everywhere", 10*time.Second, func() bool {
			_, err := c.nodes[i].State().ResolveDID(last, "", nil)
			return err == nil
		})
	}
	waitFor(t, "equal heights", 10*time.Second, func() bool {
		h := c.nodes[0].Info().LastHeight
		for _, n := range c.nodes[1:] {
			if n.Info().LastHeight != h {
				return false
			}
		}
		return true
	})
	want := c.nodes[0].Info()
	for i, n := range c.nodes {
		got := n.Info()
		if got.LastHeight != want.LastHeight || !bytes.Equal(got.LastAppHash, want.LastAppHash) {
			t.Errorf("node%d at %d %x, node0 at %d %x", i, got.LastHeight, got.LastAppHash, want.LastHeight, want.LastAppHash)
		}
		for _, d := range dids {
			if _, err := n.State().ResolveDID(d, "", nil); err != nil {
				t.Errorf("node%d: %s: %v", i, d, err)
			}
		}
	}
	st, err := c.remotes[3].Status(ctx)
	if err != nil || st.CatchingUp || st.Height != want.LastHeight || st.VotingPower == 0 {
		t.Errorf("node3 status %+v: %v", st, err)
	}
}

// TestClusterValidatorVote changes the validator set by a governance vote:
// four validators vote node2 and node3 out, after which node0 and node1
// alone are over two thirds of the power, so the cluster keeps committing
// with node2 and node3 stopped (with the genesis set, two of four could
// not commit).
func TestClusterValidatorVote(t *testing.T) {
	ctx := context.Background()
	gov, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	g := ledger.Genesis{ChainID: testChain, Threshold: 1, Members: []ledger.Member{{ID: "gov-a", PublicKeyJwk: gov.Public().JWK()}}}
	c := newClusterWith(t, 4, g)
	var updates []ledger.Validator
	for _, i := range []int{2, 3} {
		pk, err := c.nodes[i].ValidatorKey()
		if err != nil {
			t.Fatal(err)
		}
		updates = append(updates, ledger.Validator{PubKey: pk, Power: 0})
	}
	r := ledger.Reader{Client: c.nodes[0]}
	seq, err := r.NextSeq(ctx, ledger.SignerGovernance)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := ledger.NewGovernanceTx(testChain, seq, &ledger.MembersOp{Threshold: 1, Members: g.Members, Validators: updates}, ledger.TxSigner{KID: "gov-a", Signer: gov})
	if err != nil {
		t.Fatal(err)
	}
	_, h, err := c.nodes[0].Submit(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := r.Validators(ctx)
	if err != nil || len(vals) != 2 {
		t.Fatalf("validators after the vote: %d, %v", len(vals), err)
	}
	// Updates returned by block h sign from block h+2 (ABCI++ "Updating
	// the Validator Set"): wait until every node has passed it.
	for i := range 4 {
		waitFor(t, "the new set in force", 20*time.Second, func() bool {
			if c.nodes[i].Info().LastHeight >= h+2 {
				return true
			}
			// Blocks come only with transactions: push one.
			tx, _ := testDID(t)
			_, _, _ = c.nodes[0].Submit(ctx, tx)
			return false
		})
	}
	c.stop(2)
	c.stop(3)
	tx2, did := testDID(t)
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, _, err := c.nodes[1].Submit(sctx, tx2); err != nil {
		t.Fatalf("two remaining validators of two did not commit: %v", err)
	}
	if _, err := c.nodes[0].State().ResolveDID(did, "", nil); err != nil {
		waitFor(t, "node0 to hold the DID", 10*time.Second, func() bool {
			_, err := c.nodes[0].State().ResolveDID(did, "", nil)
			return err == nil
		})
	}
}

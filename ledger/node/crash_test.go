package node

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cachet-district/cachet/ledger"
)

// Environment of the crash child process (see TestMain).
const (
	envCrashHome    = "CACHET_NODE_CRASH_HOME"
	envCrashGenesis = "CACHET_NODE_CRASH_GENESIS"
)

// crashAcks is how many acknowledged operations the parent waits for before
// it kills the child.
const crashAcks = 30

// TestMain runs the crash child when the parent test started this binary
// as one: a node on the given home submitting did.create operations in a
// stream and printing "ACK <did> <height>" after each acknowledged one,
// until it is killed.
func TestMain(m *testing.M) {
	if home := os.Getenv(envCrashHome); home != "" {
		os.Exit(crashChild(home, os.Getenv(envCrashGenesis)))
	}
	os.Exit(m.Run())
}

func crashChild(home, genesis string) int {
	g, err := ledger.ParseGenesis([]byte(genesis))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	n, err := Start(context.Background(), testConfig(home, *g, DBGoLevelDB))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for {
		tx, did, err := newDIDTx(testChain)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		_, h, err := n.Submit(context.Background(), tx)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("ACK %s %d\n", did, h)
	}
}

// TestKillNineKeepsAcknowledged: kill -9 a node under a stream of
// operations; started again on the same home, it holds every operation
// Submit acknowledged (the durability promise of the package comment).
func TestKillNineKeepsAcknowledged(t *testing.T) {
	home, g := t.TempDir(), testGenesis(t)
	gj, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envCrashHome+"="+home, envCrashGenesis+"="+string(gj))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := map[string]int64{}
	sc := bufio.NewScanner(out)
	for len(acked) < crashAcks && sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "ACK" {
			var h int64
			if _, err := fmt.Sscan(f[2], &h); err != nil {
				t.Fatal(err)
			}
			acked[f[1]] = h
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if len(acked) < crashAcks {
		t.Fatalf("child acknowledged %d operations before ending, want %d", len(acked), crashAcks)
	}

	n := start(t, testConfig(home, g, DBGoLevelDB))
	for did, h := range acked {
		if _, err := n.State().ResolveDID(did, "", nil); err != nil {
			t.Errorf("acknowledged %s (height %d) lost: %v", did, h, err)
		}
		if n.Info().LastHeight < h {
			t.Errorf("restarted at height %d, below acknowledged %d", n.Info().LastHeight, h)
		}
	}
	// And it goes on committing.
	tx, did := testDID(t)
	if _, _, err := n.Submit(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
	if _, err := n.State().ResolveDID(did, "", nil); err != nil {
		t.Fatal(err)
	}
}

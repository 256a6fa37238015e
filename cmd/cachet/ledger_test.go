package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// runCmd runs one command to completion and returns its exit code and
// output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var o, e bytes.Buffer
	code := run(env{ctx: context.Background(), stdout: &o, stderr: &e, stdin: strings.NewReader(""), now: time.Now, getenv: func(string) string { return "" }}, args)
	return code, o.String(), e.String()
}

// TestLedgerStart runs `cachet ledger start` on an empty home as a user
// would: it creates a single-validator ledger with a governance key, serves
// RPC to the other commands (which reach it with --node), refuses a second
// node on its home, stops on a signal, and starts again with its data.
func TestLedgerStart(t *testing.T) {
	dir := t.TempDir()
	home := filepath.Join(dir, "ledger")
	rpc := "127.0.0.1:" + strconv.Itoa(freePort(t))
	startNode := func(args ...string) (context.CancelFunc, *syncBuffer, chan int) {
		ctx, cancel := context.WithCancel(context.Background())
		out, errOut := &syncBuffer{}, &syncBuffer{}
		done := make(chan int, 1)
		go func() {
			done <- run(env{ctx: ctx, stdout: out, stderr: errOut, stdin: strings.NewReader(""), now: time.Now, getenv: func(string) string { return "" }},
				append([]string{"ledger", "start", "--home", home}, args...))
		}()
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(out.String(), "running") {
			select {
			case code := <-done:
				t.Fatalf("ledger start exited %d: %s%s", code, out, errOut)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("ledger start never ran: %s%s", out, errOut)
			}
			time.Sleep(20 * time.Millisecond)
		}
		return cancel, out, done
	}

	resolverAddr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	cancel, out, done := startNode("--rpc", "tcp://"+rpc, "--chain-id", "cachet-start-test", "--resolver", resolverAddr)
	if !strings.Contains(out.String(), "new ledger cachet-start-test") || !strings.Contains(out.String(), "RPC http://"+rpc) {
		t.Fatalf("first start said: %s", out)
	}
	govKey := filepath.Join(home, governanceKeyFile)
	if fi, err := os.Stat(govKey); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("governance key: %v %v", fi, err)
	}
	keyFile := filepath.Join(dir, "bureau.jwk")
	if code, _, e := runCmd(t, "keys", "new", "--out", keyFile); code != 0 {
		t.Fatal(e)
	}
	code, o, e := runCmd(t, "did", "create", "--node", "http://"+rpc, "--key", keyFile)
	if code != 0 || !strings.Contains(o, "created did:cachet:") {
		t.Fatalf("did create through the node: %d %s %s", code, o, e)
	}
	did := strings.Fields(o)[1]
	if code, o, e := runCmd(t, "gov", "schema", "--node", "http://"+rpc, "--all", "--key", govKey); code != 0 || strings.Count(o, "registered") != 6 {
		t.Fatalf("gov schema --all: %d %s %s", code, o, e)
	}
	// The DID resolution endpoint answers from the node.
	res, err := http.Get("http://" + resolverAddr + "/1.0/identifiers/" + did)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"id":"`+did+`"`) {
		t.Fatalf("GET /1.0/identifiers/%s: %d %s", did, res.StatusCode, body)
	}
	if code, _, e := runCmd(t, "did", "resolve", "--home", home, "--did", did); code != 2 || !strings.Contains(e, "in use by a running node") {
		t.Fatalf("--home while the node runs: %d %s", code, e)
	}
	cancel()
	if code := <-done; code != 0 || !strings.Contains(out.String(), "stopped at height") {
		t.Fatalf("stop: %d %s", code, out)
	}

	// Second start: same chain and data, no new key; --chain-id refused.
	if code, _, e := runCmd(t, "ledger", "start", "--home", home, "--chain-id", "other"); code != 2 || !strings.Contains(e, "only for a new home") {
		t.Fatalf("--chain-id on an existing home: %d %s", code, e)
	}
	cancel, out, done = startNode("--rpc", "off")
	if strings.Contains(out.String(), "new ledger") || !strings.Contains(out.String(), "chain cachet-start-test") || !strings.Contains(out.String(), "no RPC") {
		t.Fatalf("second start said: %s", out)
	}
	cancel()
	<-done
	// With no node running, the home serves a one-off command.
	if code, o, e := runCmd(t, "did", "resolve", "--home", home, "--did", did); code != 0 || !strings.Contains(o, did) {
		t.Fatalf("resolve from the home: %d %s %s", code, o, e)
	}
}

// TestRun: `cachet run` starts the embedded ledger under --data and answers
// /healthz and DID resolution on --addr; a second run on the same data
// while the first runs is refused.
func TestRun(t *testing.T) {
	data := t.TempDir()
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(env{ctx: ctx, stdout: out, stderr: errOut, stdin: strings.NewReader(""), now: time.Now, getenv: func(string) string { return "" }},
			[]string{"run", "--data", data, "--addr", addr, "--rpc", "off"})
	}()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "running") {
		if time.Now().After(deadline) {
			t.Fatalf("cachet run never ran: %s%s", out, errOut)
		}
		time.Sleep(20 * time.Millisecond)
	}
	res, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(string(body), "ok") {
		t.Fatalf("/healthz: %d %s", res.StatusCode, body)
	}
	res, err = http.Get("http://" + addr + "/1.0/identifiers/did:cachet:2vZcyp2pnp5mVzZ7hfRmTPQbCuB8")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown did:cachet: %d, want 404", res.StatusCode)
	}
	if code, _, e := runCmd(t, "run", "--data", data, "--addr", "127.0.0.1:0", "--rpc", "off"); code != 2 || !strings.Contains(e, "in use") {
		t.Fatalf("second run on the same data: %d %s", code, e)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("run exited %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "ledger", governanceKeyFile)); err != nil {
		t.Fatal(err)
	}
}

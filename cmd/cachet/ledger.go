package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cachet-district/cachet/didmethod"
	didcachet "github.com/cachet-district/cachet/didmethod/cachet"
	"github.com/cachet-district/cachet/didmethod/jwk"
	"github.com/cachet-district/cachet/didmethod/key"
	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
	"github.com/cachet-district/cachet/ledger/node"
	"github.com/cachet-district/cachet/web/didresolver"
)

// Defaults of the ledger commands.
const (
	// defaultLedgerHome is where `cachet ledger start` keeps the embedded
	// node, and where the other commands find it.
	defaultLedgerHome = "data/ledger"
	// defaultLocalChain is the chain id of a ledger created by `ledger
	// start` on an empty home.
	defaultLocalChain = "cachet-local"
	// defaultDistrictChain is the chain id `ledger testnet` writes.
	defaultDistrictChain = "cachet-district"
	// defaultRPC is the RPC address of a node `ledger start` creates, and
	// the node the other commands talk to when given neither --node nor
	// --home.
	defaultRPC = "http://127.0.0.1:26657"
	// governanceKeyFile is the governance member's private key in a home
	// created by `ledger start` or `ledger testnet`.
	governanceKeyFile = "governance-key.jwk"
)

// ledgerStart: cachet ledger start [--home DIR] [--rpc ADDR] [--p2p ADDR] [--chain-id ID] [--resolver ADDR]
func ledgerStart(e env, args []string) error {
	fs := newFlags(e, "ledger start")
	home := fs.String("home", defaultLedgerHome, "the node's home directory; an empty one gets a new single-validator ledger")
	var o nodeOptions
	o.register(fs)
	resolverAddr := fs.String("resolver", "", "also serve DID resolution (GET /1.0/identifiers/{did}, the DIF Universal Resolver driver form) on this HOST:PORT")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	return runNode(e, *home, o, setFlags(fs), *resolverAddr)
}

// runPlatform: cachet run [--data DIR] [--addr HOST:PORT]
func runPlatform(e env, args []string) error {
	fs := newFlags(e, "run")
	data := fs.String("data", "data", "the platform's data directory (the ledger node in DIR/ledger)")
	addr := fs.String("addr", "127.0.0.1:8080", "HTTP address: /healthz and DID resolution at /1.0/identifiers/{did}")
	var o nodeOptions
	o.register(fs)
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	return runNode(e, filepath.Join(*data, "ledger"), o, setFlags(fs), *addr)
}

// nodeOptions are the node flags `ledger start` and `run` share.
type nodeOptions struct {
	rpc, p2p, chain string
}

func (o *nodeOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.rpc, "rpc", "", "RPC listen address (default: the home's, "+strings.Replace(defaultRPC, "http", "tcp", 1)+" for a new home; \"off\" for none)")
	fs.StringVar(&o.p2p, "p2p", "", "P2P listen address (default: the home's, a free loopback port for a new home)")
	fs.StringVar(&o.chain, "chain-id", defaultLocalChain, "chain id of a new ledger")
}

// runNode starts the node of home (creating a single-validator ledger on
// an empty one), serves HTTP on httpAddr if given, and runs until e.ctx
// ends.
func runNode(e env, home string, o nodeOptions, set map[string]bool, httpAddr string) error {
	cfg, err := node.LoadConfig(home)
	switch {
	case errors.Is(err, node.ErrNoHome):
		if cfg, err = initSingleNode(e, home, o.chain); err != nil {
			return err
		}
	case err != nil:
		return usagef("%v", err)
	case set["chain-id"]:
		return usagef("--chain-id is only for a new home; %s holds chain %s", home, cfg.Genesis.ChainID)
	}
	if set["rpc"] {
		cfg.RPCListen = o.rpc
		if o.rpc == "off" {
			cfg.RPCListen = ""
		}
	}
	if set["p2p"] {
		cfg.P2PListen = o.p2p
	}
	n, err := node.Start(e.ctx, cfg)
	if err != nil {
		if errors.Is(err, node.ErrHomeInUse) {
			return usagef("%v", err)
		}
		return fmt.Errorf("ledger: %w", err)
	}
	info := n.Info()
	rpcText := "no RPC"
	if cfg.RPCListen != "" {
		rpcText = "RPC " + strings.Replace(cfg.RPCListen, "tcp://", "http://", 1)
	}
	var srv *http.Server
	if httpAddr != "" {
		if srv, err = serveHTTP(e, httpAddr, n); err != nil {
			return errors.Join(err, n.Stop())
		}
	}
	fmt.Fprintf(e.stdout, "ledger node %s running: chain %s, height %d, %s, home %s\n", n.Moniker(), cfg.Genesis.ChainID, info.LastHeight, rpcText, home)
	<-e.ctx.Done()
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
	}
	err = errors.Join(err, n.Stop())
	fmt.Fprintf(e.stdout, "ledger node stopped at height %d\n", n.Info().LastHeight)
	return err
}

// serveHTTP serves, on addr until shut down, /healthz (200 once the node
// runs) and the DID resolution endpoint for did:cachet (from the node),
// did:key and did:jwk.
func serveHTTP(e env, addr string, n *node.Node) (*http.Server, error) {
	r, err := didmethod.NewMultiResolver(map[string]didmethod.Resolver{
		"key": key.Resolver{}, "jwk": jwk.Resolver{}, didcachet.Method: didcachet.Resolver{Source: ledger.Reader{Client: n}},
	})
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usagef("%v", err)
	}
	mux := http.NewServeMux()
	mux.Handle(didresolver.Path, &didresolver.Handler{Resolver: r})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintf(w, "ok: ledger at height %d\n", n.Info().LastHeight)
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go srv.Serve(l)
	fmt.Fprintf(e.stdout, "serving http://%s/healthz and DID resolution at http://%s%s{did}\n", l.Addr(), l.Addr(), didresolver.Path)
	return srv, nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// initSingleNode prepares a new single-validator home: a governance key
// (the only member, threshold 1) written beside it, and the Config that
// creates the chain on first start.
func initSingleNode(e env, home, chain string) (node.Config, error) {
	g, keyFile, err := newGovernance(e, home, chain)
	if err != nil {
		return node.Config{}, err
	}
	fmt.Fprintf(e.stdout, "new ledger %s in %s; its governance key is %s (keep it safe: it authorises issuers)\n", chain, home, keyFile)
	return node.Config{Home: home, Genesis: g, RPCListen: strings.Replace(defaultRPC, "http", "tcp", 1)}, nil
}

// newGovernance writes a fresh governance key into dir and returns a
// genesis naming it the only member.
func newGovernance(e env, dir, chain string) (ledger.Genesis, string, error) {
	k, err := keys.Generate(keys.EdDSA)
	if err != nil {
		return ledger.Genesis{}, "", err
	}
	file, err := writeGovernanceKey(e, dir, k)
	if err != nil {
		return ledger.Genesis{}, "", err
	}
	return ledger.Genesis{ChainID: chain, Threshold: 1, Members: []ledger.Member{{ID: "governance", PublicKeyJwk: k.Public().JWK()}}}, file, nil
}

func writeGovernanceKey(e env, dir string, k *keys.PrivateKey) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", usagef("%v", err)
	}
	priv, err := k.MarshalPrivateJWK()
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, governanceKeyFile)
	return file, writeOut(e, file, append(priv, '\n'))
}

// ledgerTestnet: cachet ledger testnet --validators N --out DIR
func ledgerTestnet(e env, args []string) error {
	fs := newFlags(e, "ledger testnet")
	n := fs.Int("validators", 4, "number of validator nodes (4 tolerates one faulty node)")
	out := fs.String("out", "", "directory for the nodes' homes node0, node1, ... (required)")
	host := fs.String("host", "127.0.0.1", "address the nodes listen on and reach each other at")
	base := fs.Int("base-port", node.DefaultBasePort, "node i listens for peers on base+10i and for RPC on base+10i+1")
	chain := fs.String("chain-id", defaultDistrictChain, "the chain id")
	threshold := fs.Int("threshold", 0, "governance signatures needed (default: a majority of the members, one per node)")
	if err := parseFlags(e, fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usagef("missing --out")
	}
	if *n < 1 {
		return usagef("--validators must be at least 1")
	}
	// One governance member per node: each bureau running a node holds a
	// governance key, kept in its node's home.
	g := ledger.Genesis{ChainID: *chain, Threshold: *threshold}
	if g.Threshold == 0 {
		g.Threshold = *n/2 + 1
	}
	privs := make([]*keys.PrivateKey, *n)
	for i := range privs {
		k, err := keys.Generate(keys.EdDSA)
		if err != nil {
			return err
		}
		privs[i] = k
		g.Members = append(g.Members, ledger.Member{ID: fmt.Sprintf("node%d", i), PublicKeyJwk: k.Public().JWK()})
	}
	// The genesis time is the real time, never the command's clock: CometBFT
	// waits for a genesis time in the future before its first block.
	nodes, err := node.Testnet(node.TestnetConfig{Dir: *out, Validators: *n, Genesis: g, Host: *host, BasePort: *base})
	if err != nil {
		return usagef("%v", err)
	}
	fmt.Fprintf(e.stdout, "testnet %s: %d validators, governance threshold %d of %d\n", *chain, *n, g.Threshold, *n)
	for i, nd := range nodes {
		file, err := writeGovernanceKey(e, nd.Home, privs[i])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "  node%d  home %s  p2p %s  rpc %s  governance key %s\n", i, nd.Home, nd.P2P, nd.RPC, file)
	}
	fmt.Fprintf(e.stdout, "start each with: cachet ledger start --home %s\n", filepath.Join(*out, "nodeN"))
	return nil
}

// ledgerConn is how a command reaches the ledger: a running node's RPC
// (--node), or an embedded node started for the command on a home that no
// running node holds (--home, single-validator homes only).
type ledgerConn struct {
	node, home string
}

func (c *ledgerConn) register(fs *flag.FlagSet) {
	fs.StringVar(&c.node, "node", "", "a running node's RPC address (default "+defaultRPC+")")
	fs.StringVar(&c.home, "home", "", "run the ledger node of this home for the command instead (not while a node runs on it)")
}

// ledgerSession is an open connection: the client, the chain id and how to
// close it.
type ledgerSession struct {
	client ledger.Client
	reader ledger.Reader
	chain  string
	close  func() error
}

// open connects as configured.
func (c *ledgerConn) open(e env) (*ledgerSession, error) {
	ctx := e.ctx
	if c.node != "" && c.home != "" {
		return nil, usagef("give --node or --home, not both")
	}
	if c.home != "" {
		cfg, err := node.LoadConfig(c.home)
		if err != nil {
			return nil, usagef("%v", err)
		}
		// The command's node listens for nobody: it only serves this
		// process.
		cfg.RPCListen, cfg.P2PListen, cfg.PersistentPeers = "", "", nil
		n, err := node.Start(ctx, cfg)
		if err != nil {
			if errors.Is(err, node.ErrHomeInUse) {
				return nil, usagef("%s is in use by a running node: use --node with its RPC address", c.home)
			}
			return nil, fmt.Errorf("ledger: %w", err)
		}
		vals, err := n.State().Validators()
		if err == nil && len(vals) > 1 {
			n.Stop()
			return nil, usagef("%s is one of %d validators and cannot commit alone: use --node with a running node's RPC address", c.home, len(vals))
		}
		return &ledgerSession{client: n, reader: ledger.Reader{Client: n}, chain: cfg.Genesis.ChainID, close: n.Stop}, nil
	}
	addr := c.node
	if addr == "" {
		addr = defaultRPC
	}
	r, err := node.Dial(addr, 0)
	if err != nil {
		return nil, usagef("--node: %v", err)
	}
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := r.Status(sctx)
	if err != nil {
		return nil, usagef("no ledger node answers at %s (start one with 'cachet ledger start', or pass --node or --home): %v", addr, err)
	}
	return &ledgerSession{client: r, reader: ledger.Reader{Client: r}, chain: st.Network, close: func() error { return nil }}, nil
}

// submit submits tx, waits for its commit and reports it as what, at its
// height.
func (s *ledgerSession) submit(e env, tx []byte, what string) error {
	_, h, err := s.client.Submit(e.ctx, tx)
	if err != nil {
		return ledgerError(err)
	}
	fmt.Fprintf(e.stdout, "%s at height %d\n", what, h)
	return nil
}

package node

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	rpclocal "github.com/cometbft/cometbft/rpc/client/local"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/cachet-district/cachet/ledger"
	"github.com/cachet-district/cachet/ledger/abciapp"
)

// ErrGenesisMismatch: the home holds a genesis other than Config's.
var ErrGenesisMismatch = errors.New("node: home holds a different genesis")

// appDir is the ledger's directory under the home.
const appDir = "data/app"

// validatorPower is the voting power of each validator a home is created
// with.
const validatorPower = 10

// p2pFlushThrottle is p2p.flush_throttle_timeout and
// consensus.peer_gossip_sleep_duration (CometBFT's default: 100 ms each).
const p2pFlushThrottle = 10 * time.Millisecond

// Node is a running embedded CometBFT node with the ledger as application.
type Node struct {
	cfg    Config
	app    *abciapp.App
	comet  *nm.Node
	client *rpclocal.Local

	dbs  *openDBs
	lock *os.File
	rpc  *rpcServer // nil without Config.RPCListen
	pv   *privval.FilePV

	stopOnce sync.Once
	stopErr  error
}

// openDBs records the databases CometBFT opens, so that Stop can close the
// ones CometBFT v0.38's own shutdown leaves open (the indexer's), which
// would otherwise keep the home locked.
type openDBs struct {
	mu  sync.Mutex
	dbs map[string]dbm.DB
}

// closedByComet are the databases CometBFT's OnStop closes itself.
var closedByComet = map[string]bool{"blockstore": true, "state": true, "evidence": true}

func (o *openDBs) provider(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	raw, err := cmtcfg.DefaultDBProvider(ctx)
	if err != nil {
		return nil, err
	}
	db := &quietClosedDB{DB: raw}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dbs[ctx.ID] = db
	return db, nil
}

// closeAll closes every database after a failed start. CometBFT may have
// closed some already; closing those again fails harmlessly, so errors are
// not reported over the start's own error.
func (o *openDBs) closeAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, db := range o.dbs {
		_ = db.Close()
	}
	o.dbs = nil
}

// closeRest closes the databases CometBFT did not close.
func (o *openDBs) closeRest() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	var errs []error
	for id, db := range o.dbs {
		if !closedByComet[id] {
			if err := db.Close(); err != nil {
				errs = append(errs, fmt.Errorf("node: close %s: %w", id, err))
			}
		}
	}
	o.dbs = nil
	return errors.Join(errs...)
}

// Start creates the node's home on first use, starts CometBFT with the
// ledger application and returns once the node runs. ctx bounds the start
// only. Call Stop to shut it down.
func Start(ctx context.Context, cfg Config) (*Node, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	lock, err := lockHome(cfg.Home)
	if err != nil {
		return nil, err
	}
	n, err := startLocked(ctx, cfg)
	if err != nil {
		lock.Close()
		return nil, err
	}
	n.lock = lock
	return n, nil
}

// startLocked is Start once the home is locked.
func startLocked(ctx context.Context, cfg Config) (*Node, error) {
	cc, err := cometConfig(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.DBBackend == DBMemDB {
		if _, err := os.Stat(filepath.Join(cfg.Home, appDir, abciapp.SnapshotFile)); err == nil {
			return nil, fmt.Errorf("%w: %s was run with memdb and cannot be started again", ErrConfig, cfg.Home)
		}
	}
	pv, err := loadOrGenValidator(cc)
	if err != nil {
		return nil, err
	}
	nodeKey, err := p2p.LoadOrGenNodeKey(cc.NodeKeyFile())
	if err != nil {
		return nil, fmt.Errorf("node: node key: %w", err)
	}
	if err := ensureGenesis(cfg, cc, pv); err != nil {
		return nil, err
	}
	if err := writeSettings(cfg); err != nil {
		return nil, err
	}
	app, err := abciapp.New(filepath.Join(cfg.Home, appDir))
	if err != nil {
		return nil, err
	}
	dbs := &openDBs{dbs: map[string]dbm.DB{}}
	comet, err := nm.NewNodeWithContext(ctx, cc, pv, nodeKey,
		proxy.NewLocalClientCreator(app),
		nm.DefaultGenesisDocProviderFunc(cc),
		dbs.provider,
		nm.DefaultMetricsProvider(cc.Instrumentation),
		cometLogger(cfg.Logger))
	if err != nil {
		dbs.closeAll()
		return nil, fmt.Errorf("node: %w", err)
	}
	if err := comet.Start(); err != nil {
		dbs.closeAll()
		return nil, fmt.Errorf("node: start: %w", err)
	}
	n := &Node{cfg: cfg, app: app, comet: comet, client: rpclocal.New(comet), dbs: dbs, pv: pv}
	if cfg.RPCListen != "" {
		if n.rpc, err = startRPC(comet, cfg.RPCListen, cfg.SubmitTimeout, cometLogger(cfg.Logger)); err != nil {
			return nil, errors.Join(err, n.stopComet())
		}
	}
	return n, nil
}

// cometConfig returns CometBFT's configuration for cfg and writes it to
// config/config.toml, creating the home's directories.
func cometConfig(cfg Config) (*cmtcfg.Config, error) {
	cc := cmtcfg.DefaultConfig()
	cc.SetRoot(cfg.Home)
	cc.Moniker = cfg.Moniker
	cc.DBBackend = cfg.DBBackend
	cc.Consensus.TimeoutCommit = max(cfg.TimeoutCommit, 0)
	cc.Consensus.CreateEmptyBlocks = false
	cc.P2P.ListenAddress = cfg.P2PListen
	cc.P2P.Seeds = ""
	cc.P2P.PersistentPeers = strings.Join(cfg.PersistentPeers, ",")
	// The consortium's nodes are listed, not discovered: no peer exchange,
	// so the address book holds only configured peers, which may be on
	// loopback or a private network (not "routable" in CometBFT's strict
	// sense) and may share an IP (several nodes on one machine).
	cc.P2P.PexReactor = false
	cc.P2P.AddrBookStrict = false
	cc.P2P.AllowDuplicateIP = true
	// A district ledger carries a few operations a second: latency counts,
	// not batching. CometBFT's defaults hold each P2P message up to 100 ms
	// before flushing it and sleep 100 ms between gossip rounds, which made
	// a 4-validator commit take 0.4-1 s on loopback.
	cc.P2P.FlushThrottleTimeout = p2pFlushThrottle
	cc.Consensus.PeerGossipSleepDuration = p2pFlushThrottle
	if cfg.TimeoutPropose > 0 {
		cc.Consensus.TimeoutPropose = cfg.TimeoutPropose
	}
	// The RPC is served by startRPC, not by CometBFT (see rpcServer).
	cc.RPC.ListenAddress = ""
	cc.RPC.TimeoutBroadcastTxCommit = cfg.SubmitTimeout
	cc.RPC.MaxSubscriptionsPerClient = cfg.MaxPendingSubmits
	cc.RPC.MaxSubscriptionClients = max(cc.RPC.MaxSubscriptionClients, cfg.MaxPendingSubmits)
	if err := cc.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	for _, d := range []string{"config", "data", appDir} {
		if err := os.MkdirAll(filepath.Join(cfg.Home, d), 0o700); err != nil {
			return nil, fmt.Errorf("node: %w", err)
		}
	}
	if err := catch(func() { cmtcfg.WriteConfigFile(filepath.Join(cfg.Home, "config", "config.toml"), cc) }); err != nil {
		return nil, fmt.Errorf("node: write config.toml: %w", err)
	}
	return cc, nil
}

// loadOrGenValidator loads the validator key and sign state, or generates
// them on first start. CometBFT's loader exits the process on an unreadable
// file, so the files are checked here first and a bad one is an error.
func loadOrGenValidator(cc *cmtcfg.Config) (pv *privval.FilePV, err error) {
	keyFile, stateFile := cc.PrivValidatorKeyFile(), cc.PrivValidatorStateFile()
	_, statErr := os.Stat(keyFile)
	switch {
	case errors.Is(statErr, os.ErrNotExist):
		err = catch(func() {
			pv = privval.GenFilePV(keyFile, stateFile)
			pv.Save()
		})
		if err != nil {
			return nil, fmt.Errorf("node: write validator key: %w", err)
		}
		return pv, nil
	case statErr != nil:
		return nil, fmt.Errorf("node: validator key: %w", statErr)
	}
	kb, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("node: validator key: %w", err)
	}
	var key privval.FilePVKey
	if err := cmtjson.Unmarshal(kb, &key); err != nil || key.PrivKey == nil {
		return nil, fmt.Errorf("node: validator key %s unreadable: %v", keyFile, err)
	}
	sb, err := os.ReadFile(stateFile)
	if err != nil {
		return nil, fmt.Errorf("node: validator sign state: %w", err)
	}
	var state privval.FilePVLastSignState
	if err := cmtjson.Unmarshal(sb, &state); err != nil {
		return nil, fmt.Errorf("node: validator sign state %s unreadable: %v", stateFile, err)
	}
	return privval.LoadFilePV(keyFile, stateFile), nil
}

// ensureGenesis writes genesis.json on the first start (this node the
// only validator, the ledger genesis as app_state) and on later starts
// checks that the stored one carries the same chain id and ledger genesis.
func ensureGenesis(cfg Config, cc *cmtcfg.Config, pv *privval.FilePV) error {
	file := cc.GenesisFile()
	if _, err := os.Stat(file); err == nil {
		doc, stored, err := readGenesis(file)
		if err != nil {
			return err
		}
		storedState, err := json.Marshal(stored)
		if err != nil {
			return fmt.Errorf("node: genesis: %w", err)
		}
		appState, err := json.Marshal(cfg.Genesis)
		if err != nil {
			return fmt.Errorf("node: genesis: %w", err)
		}
		if doc.ChainID != cfg.ChainID || !bytes.Equal(storedState, appState) {
			return fmt.Errorf("%w: %s", ErrGenesisMismatch, file)
		}
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("node: genesis: %w", err)
	}
	v, err := genesisValidator(pv, cfg.Moniker)
	if err != nil {
		return err
	}
	doc, err := newGenesisDoc(cfg.Genesis, cfg.Now(), []cmttypes.GenesisValidator{v})
	if err != nil {
		return err
	}
	if err := doc.SaveAs(file); err != nil {
		return fmt.Errorf("node: genesis: %w", err)
	}
	return nil
}

// readGenesis reads a home's genesis.json and the ledger genesis in its
// app_state.
func readGenesis(file string) (*cmttypes.GenesisDoc, *ledger.Genesis, error) {
	doc, err := cmttypes.GenesisDocFromFile(file)
	if err != nil {
		return nil, nil, fmt.Errorf("node: %w", err)
	}
	g, err := ledger.ParseGenesis(doc.AppState)
	if err != nil {
		return nil, nil, fmt.Errorf("node: %s app_state: %w", file, err)
	}
	return doc, g, nil
}

// newGenesisDoc returns the CometBFT genesis of a new chain: g (as
// app_state, and its chain id), the genesis time t and the validators.
func newGenesisDoc(g ledger.Genesis, t time.Time, validators []cmttypes.GenesisValidator) (*cmttypes.GenesisDoc, error) {
	appState, err := json.Marshal(g)
	if err != nil {
		return nil, fmt.Errorf("node: genesis: %w", err)
	}
	doc := &cmttypes.GenesisDoc{
		ChainID:         g.ChainID,
		GenesisTime:     t.UTC(),
		ConsensusParams: cmttypes.DefaultConsensusParams(),
		Validators:      validators,
		AppState:        appState,
	}
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("node: genesis: %w", err)
	}
	return doc, nil
}

// genesisValidator is pv as a genesis validator of validatorPower named
// name.
func genesisValidator(pv *privval.FilePV, name string) (cmttypes.GenesisValidator, error) {
	pub, err := pv.GetPubKey()
	if err != nil {
		return cmttypes.GenesisValidator{}, fmt.Errorf("node: validator key: %w", err)
	}
	return cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: validatorPower, Name: name}, nil
}

// catch runs f and returns the panic it raised, if any, as an error
// (CometBFT's file writers panic on I/O errors).
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// Stop shuts the node down and waits until CometBFT has stopped and closed
// its stores. Calling it again returns the first call's result.
func (n *Node) Stop() error {
	n.stopOnce.Do(func() {
		n.stopErr = errors.Join(n.rpc.close(), n.stopComet(), n.lock.Close())
	})
	return n.stopErr
}

// stopComet stops CometBFT, waits for it and closes the stores it leaves
// open.
func (n *Node) stopComet() error {
	var err error
	if serr := n.comet.Stop(); serr != nil {
		err = fmt.Errorf("node: stop: %w", serr)
	}
	n.comet.Wait()
	return errors.Join(err, n.dbs.closeRest())
}

// Moniker returns the node's name.
func (n *Node) Moniker() string { return n.cfg.Moniker }

// State returns the ledger state for typed in-process reads of the
// committed state (ResolveDID, IssuerAuthorised, ...).
func (n *Node) State() *ledger.State { return n.app.State() }

// Info returns the ledger's last committed height, app hash and block time.
func (n *Node) Info() ledger.Info { return n.app.State().Info() }

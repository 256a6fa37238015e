package node

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/cachet-district/cachet/ledger"
)

// Defaults of Config.
const (
	// DefaultTimeoutCommit is how long the node waits after a commit before
	// the next height, to gather transactions into the next block. With no
	// empty blocks a lone transaction waits for it once.
	DefaultTimeoutCommit = 200 * time.Millisecond
	// NoTimeoutCommit as Config.TimeoutCommit starts the next height at
	// once (tests and benchmarks).
	NoTimeoutCommit time.Duration = -1
	// DefaultDBBackend keeps CometBFT's blocks and state on disk.
	DefaultDBBackend = DBGoLevelDB
	// DefaultP2PListen listens for peers on loopback, on a port the system
	// picks: a single validator has no peers.
	DefaultP2PListen = "tcp://127.0.0.1:0"
	// DefaultSubmitTimeout bounds how long Submit waits for a transaction
	// accepted by CheckTx to be committed.
	DefaultSubmitTimeout = 10 * time.Second
	// DefaultMaxPendingSubmits bounds the Submit calls waiting for their
	// commit at the same time (each holds one event subscription).
	DefaultMaxPendingSubmits = 256
	// DefaultMoniker names the node to its peers.
	DefaultMoniker = "cachet"
)

// Database backends of Config.DBBackend.
const (
	// DBGoLevelDB stores blocks and state on disk (the default).
	DBGoLevelDB = "goleveldb"
	// DBMemDB keeps them in memory: for tests only. A memdb home cannot be
	// started again (the ledger's snapshot would be ahead of the lost
	// blocks), so Start refuses it.
	DBMemDB = "memdb"
)

// ErrConfig is wrapped by every error of Config.Validate.
var ErrConfig = errors.New("node: invalid config")

// Config configures an embedded single-validator node. Home and Genesis are
// required; every other field has a named default.
type Config struct {
	// Home is the node's directory (CometBFT's config/ and data/, the
	// ledger's snapshot in data/app).
	Home string
	// ChainID is the chain's id; empty means Genesis.ChainID, and a
	// different one is an error (the ledger signs transactions for it).
	ChainID string
	// Genesis is the ledger genesis, written into genesis.json on the
	// first start. Later starts require the same genesis.
	Genesis ledger.Genesis
	// TimeoutCommit is consensus.timeout_commit: 0 means
	// DefaultTimeoutCommit, NoTimeoutCommit means none.
	TimeoutCommit time.Duration
	// DBBackend is DBGoLevelDB (default) or DBMemDB.
	DBBackend string
	// P2PListen is p2p.laddr; empty means DefaultP2PListen.
	P2PListen string
	// RPCListen is rpc.laddr (e.g. "tcp://127.0.0.1:26657"); empty runs no
	// RPC listener.
	RPCListen string
	// SubmitTimeout bounds Submit's wait for the commit; 0 means
	// DefaultSubmitTimeout.
	SubmitTimeout time.Duration
	// MaxPendingSubmits bounds concurrent Submit calls; 0 means
	// DefaultMaxPendingSubmits.
	MaxPendingSubmits int
	// PersistentPeers are the validators this node keeps connected to, as
	// "nodeid@host:port" (p2p.persistent_peers); none for a single node.
	PersistentPeers []string
	// TimeoutPropose is consensus.timeout_propose, how long validators wait
	// for a proposal before voting nil and moving to the next round (and
	// proposer); 0 means CometBFT's default (3 s). Only matters with
	// several validators, when a proposer is down.
	TimeoutPropose time.Duration
	// Moniker names the node; empty means DefaultMoniker.
	Moniker string
	// Logger receives CometBFT's log; nil discards it.
	Logger *slog.Logger
	// Now gives the genesis time on the first start; nil means time.Now.
	Now func() time.Time
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.ChainID == "" {
		c.ChainID = c.Genesis.ChainID
	}
	if c.TimeoutCommit == 0 {
		c.TimeoutCommit = DefaultTimeoutCommit
	}
	if c.DBBackend == "" {
		c.DBBackend = DefaultDBBackend
	}
	if c.P2PListen == "" {
		c.P2PListen = DefaultP2PListen
	}
	if c.SubmitTimeout == 0 {
		c.SubmitTimeout = DefaultSubmitTimeout
	}
	if c.MaxPendingSubmits == 0 {
		c.MaxPendingSubmits = DefaultMaxPendingSubmits
	}
	if c.Moniker == "" {
		c.Moniker = DefaultMoniker
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Validate checks a Config (after defaults are applied).
func (c Config) Validate() error {
	c = c.withDefaults()
	switch {
	case c.Home == "":
		return fmt.Errorf("%w: no home directory", ErrConfig)
	case c.Genesis.ChainID == "":
		return fmt.Errorf("%w: genesis has no chain id", ErrConfig)
	case c.ChainID != c.Genesis.ChainID:
		return fmt.Errorf("%w: chain id %q, genesis says %q", ErrConfig, c.ChainID, c.Genesis.ChainID)
	case c.TimeoutCommit < 0 && c.TimeoutCommit != NoTimeoutCommit:
		return fmt.Errorf("%w: negative timeout commit", ErrConfig)
	case c.DBBackend != DBGoLevelDB && c.DBBackend != DBMemDB:
		return fmt.Errorf("%w: db backend %q, want %q or %q", ErrConfig, c.DBBackend, DBGoLevelDB, DBMemDB)
	case c.SubmitTimeout < 0:
		return fmt.Errorf("%w: negative submit timeout", ErrConfig)
	case c.TimeoutPropose < 0:
		return fmt.Errorf("%w: negative timeout propose", ErrConfig)
	case c.MaxPendingSubmits < 0:
		return fmt.Errorf("%w: negative max pending submits", ErrConfig)
	}
	return nil
}

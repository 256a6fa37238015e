package node

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/cometbft/cometbft/p2p"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/cachet-district/cachet/internal/atomicfile"
	"github.com/cachet-district/cachet/internal/strictjson"
	"github.com/cachet-district/cachet/ledger"
)

// SettingsFile is the node's own settings inside its home. Start writes it
// from its Config (as it writes CometBFT's config.toml), Testnet writes one
// per node, and LoadConfig reads it back, so that a home carries everything
// needed to start its node again.
const SettingsFile = "config/cachet-node.json"

// genesisFile is CometBFT's genesis inside a home.
const genesisFile = "config/genesis.json"

// Settings are the Config fields a home keeps in SettingsFile. Durations
// are Go duration strings ("200ms"); "" means the default.
type Settings struct {
	Moniker         string   `json:"moniker"`
	P2PListen       string   `json:"p2pListen"`
	RPCListen       string   `json:"rpcListen,omitempty"`
	PersistentPeers []string `json:"persistentPeers,omitempty"`
	TimeoutCommit   string   `json:"timeoutCommit,omitempty"`
	TimeoutPropose  string   `json:"timeoutPropose,omitempty"`
	DBBackend       string   `json:"dbBackend,omitempty"`
}

// settingsOf returns the Settings of c.
func settingsOf(c Config) Settings {
	s := Settings{
		Moniker: c.Moniker, P2PListen: c.P2PListen, RPCListen: c.RPCListen,
		PersistentPeers: c.PersistentPeers, DBBackend: c.DBBackend,
	}
	if c.TimeoutCommit != 0 {
		s.TimeoutCommit = c.TimeoutCommit.String()
		if c.TimeoutCommit == NoTimeoutCommit {
			s.TimeoutCommit = "0s"
		}
	}
	if c.TimeoutPropose != 0 {
		s.TimeoutPropose = c.TimeoutPropose.String()
	}
	return s
}

// writeSettings writes c's Settings into its home.
func writeSettings(c Config) error {
	b, err := json.MarshalIndent(settingsOf(c), "", "  ")
	if err != nil {
		return fmt.Errorf("node: settings: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(c.Home, SettingsFile), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("node: settings: %w", err)
	}
	return nil
}

// ErrNoHome: the directory holds no node home (no genesis).
var ErrNoHome = errors.New("node: not a node home")

// LoadConfig returns the Config of an existing home: its SettingsFile (if
// present; defaults otherwise) and the ledger genesis from its
// genesis.json. A home with no genesis.json is ErrNoHome.
func LoadConfig(home string) (Config, error) {
	c := Config{Home: home}
	file := filepath.Join(home, genesisFile)
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		return c, fmt.Errorf("%w: %s has no %s", ErrNoHome, home, genesisFile)
	}
	_, g, err := readGenesis(file)
	if err != nil {
		return c, err
	}
	c.Genesis = *g
	sb, err := os.ReadFile(filepath.Join(home, SettingsFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return c, nil
	case err != nil:
		return c, fmt.Errorf("node: %w", err)
	}
	var s Settings
	if err := strictjson.Unmarshal(sb, &s); err != nil {
		return c, fmt.Errorf("%w: %s: %v", ErrConfig, SettingsFile, err)
	}
	c.Moniker, c.P2PListen, c.RPCListen = s.Moniker, s.P2PListen, s.RPCListen
	c.PersistentPeers, c.DBBackend = s.PersistentPeers, s.DBBackend
	if c.TimeoutCommit, err = parseDuration(s.TimeoutCommit, "timeoutCommit"); err != nil {
		return c, err
	}
	if c.TimeoutCommit == 0 && s.TimeoutCommit != "" {
		c.TimeoutCommit = NoTimeoutCommit
	}
	if c.TimeoutPropose, err = parseDuration(s.TimeoutPropose, "timeoutPropose"); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func parseDuration(s, name string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%w: %s: %s %q is not a duration", ErrConfig, SettingsFile, name, s)
	}
	return d, nil
}

// TestnetConfig describes a consortium of validators to lay out on one
// machine (or, with Host, on one network).
type TestnetConfig struct {
	// Dir receives one home per node: node0, node1, ...
	Dir string
	// Validators is the number of validator nodes (4 tolerates one faulty
	// node: f faulty of 3f+1).
	Validators int
	// Genesis is the ledger genesis: chain id and governance members.
	Genesis ledger.Genesis
	// Host is the address the nodes listen on and reach each other at;
	// empty means 127.0.0.1.
	Host string
	// BasePort places node i's P2P listener on BasePort+10*i and its RPC
	// on BasePort+10*i+1; 0 means 26656 (CometBFT's usual pair for node0).
	BasePort int
	// Ports, when set, overrides BasePort: node i's P2P and RPC ports.
	Ports func(i int) (p2pPort, rpcPort int)
	// TimeoutCommit and TimeoutPropose are each node's; 0 means the
	// defaults.
	TimeoutCommit, TimeoutPropose time.Duration
	// Now gives the genesis time; nil means time.Now.
	Now func() time.Time
}

// TestnetNode is one node Testnet laid out.
type TestnetNode struct {
	Home string
	// ID is the node's P2P id (hex of its node key's address).
	ID string
	// P2P is "id@host:port", how peers reach it.
	P2P string
	// RPC is its RPC address, "http://host:port".
	RPC string
}

// DefaultBasePort is TestnetConfig.BasePort's default.
const DefaultBasePort = 26656

// Testnet writes the homes of cfg.Validators validator nodes sharing one
// genesis (every validator with equal power, the ledger genesis as
// app_state), each with its node key, validator key, config and settings
// listing the others as persistent peers. Start each with
// Start(ctx, LoadConfig(home)). It refuses to write into an existing home.
func Testnet(cfg TestnetConfig) ([]TestnetNode, error) {
	if cfg.Validators < 1 || cfg.Validators > ledger.MaxValidators {
		return nil, fmt.Errorf("%w: %d validators, want 1 to %d", ErrConfig, cfg.Validators, ledger.MaxValidators)
	}
	if cfg.Dir == "" {
		return nil, fmt.Errorf("%w: no output directory", ErrConfig)
	}
	if cfg.Host == "" {
		cfg.Host = "127.0.0.1"
	}
	if cfg.BasePort == 0 {
		cfg.BasePort = DefaultBasePort
	}
	if cfg.Ports == nil {
		base := cfg.BasePort
		cfg.Ports = func(i int) (int, int) { return base + 10*i, base + 10*i + 1 }
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	nodes := make([]TestnetNode, cfg.Validators)
	configs := make([]Config, cfg.Validators)
	validators := make([]cmttypes.GenesisValidator, cfg.Validators)
	for i := range nodes {
		home := filepath.Join(cfg.Dir, "node"+strconv.Itoa(i))
		if _, err := os.Stat(filepath.Join(home, genesisFile)); err == nil {
			return nil, fmt.Errorf("%w: %s already holds a node", ErrConfig, home)
		}
		p2pPort, rpcPort := cfg.Ports(i)
		c := Config{
			Home: home, Genesis: cfg.Genesis, Moniker: "node" + strconv.Itoa(i),
			P2PListen:     "tcp://" + net.JoinHostPort(cfg.Host, strconv.Itoa(p2pPort)),
			RPCListen:     "tcp://" + net.JoinHostPort(cfg.Host, strconv.Itoa(rpcPort)),
			TimeoutCommit: cfg.TimeoutCommit, TimeoutPropose: cfg.TimeoutPropose,
		}.withDefaults()
		if err := c.Validate(); err != nil {
			return nil, err
		}
		cc, err := cometConfig(c)
		if err != nil {
			return nil, err
		}
		pv, err := loadOrGenValidator(cc)
		if err != nil {
			return nil, err
		}
		if validators[i], err = genesisValidator(pv, c.Moniker); err != nil {
			return nil, err
		}
		nk, err := p2p.LoadOrGenNodeKey(cc.NodeKeyFile())
		if err != nil {
			return nil, fmt.Errorf("node: node key: %w", err)
		}
		id := string(nk.ID())
		nodes[i] = TestnetNode{
			Home: home, ID: id,
			P2P: id + "@" + net.JoinHostPort(cfg.Host, strconv.Itoa(p2pPort)),
			RPC: "http://" + net.JoinHostPort(cfg.Host, strconv.Itoa(rpcPort)),
		}
		configs[i] = c
	}
	doc, err := newGenesisDoc(cfg.Genesis, cfg.Now(), validators)
	if err != nil {
		return nil, err
	}
	for i, c := range configs {
		for j, peer := range nodes {
			if j != i {
				c.PersistentPeers = append(c.PersistentPeers, peer.P2P)
			}
		}
		if err := doc.SaveAs(filepath.Join(c.Home, genesisFile)); err != nil {
			return nil, fmt.Errorf("node: genesis: %w", err)
		}
		if _, err := cometConfig(c); err != nil {
			return nil, err
		}
		if err := writeSettings(c); err != nil {
			return nil, err
		}
	}
	return nodes, nil
}

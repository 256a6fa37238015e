// Package node runs the ledger as an embedded, single-validator CometBFT
// v0.38 node inside the Cachet process: CometBFT orders and commits blocks
// (consensus per the CometBFT v0.38 specification, spec/consensus), the
// ledger's ABCI++ application (ledger/abciapp) executes them, and the Node
// offers a client that submits a transaction and waits until it is
// committed, and reads of the committed state.
//
// Start creates the CometBFT home on first use (config/config.toml,
// config/genesis.json with the ledger genesis as app_state, validator and
// node keys) and reuses it afterwards; config.toml is rewritten from Config
// at every start and records the settings in force. The node makes no empty
// blocks while idle, listens for peers on loopback only and runs no RPC
// listener unless asked: in-process callers use the node's local RPC client.
//
// Durability: Submit returns after the block holding the transaction is
// committed by CometBFT and by the ledger (whose Commit writes its snapshot
// before returning, see ledger/abciapp). With the goleveldb backend a node
// stopped or killed at any point restarts on the same home at the last
// committed height or later; CometBFT replays from its block store whatever
// the ledger had not persisted.
//
// Dependency: github.com/cometbft/cometbft v0.38.26, the supported CometBFT
// line (/work/shared/DEPENDENCIES.md), kept under ledger/ so that no other
// package pays its build.
package node

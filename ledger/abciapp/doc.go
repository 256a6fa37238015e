// Package abciapp adapts the ledger's state machine (ledger.State) to the
// ABCI++ interface of CometBFT v0.38 (github.com/cometbft/cometbft/abci/types,
// spec/abci in the CometBFT v0.38 repository: "Methods" and "Requirements for
// the Application"), so that CometBFT orders the ledger's transactions and the
// ledger executes them.
//
// App is a thin adapter: every call converts types and delegates to State,
// which holds all validation and the app hash. Rejected transactions get the
// ledger's result codes (ledger.Code) in CheckTx and in FinalizeBlock's
// ExecTxResult; FinalizeBlock never panics on a transaction. Queries that fail
// get the codes of codes.go.
//
// Durability: the state lives in memory. Commit writes State.Snapshot to
// <dir>/state.snapshot atomically (temporary file, fsync, rename, directory
// fsync) before it returns, and New restores from that file. After a crash at
// any point (kill -9) the App therefore reports, in Info, the height and app
// hash of the last block whose Commit returned (or the one after it, if the
// crash fell between the rename and Commit's return), and CometBFT's handshake
// replays the later blocks from its own block store. Commit asks CometBFT to
// keep every block (RetainHeight 0), which this replay needs.
//
// Validators: InitChain passes CometBFT's genesis validator set (Ed25519
// keys only) to the ledger and answers with no validators, so the genesis
// set runs; FinalizeBlock returns the ledger's net validator updates of the
// block (governance.members votes) as ValidatorUpdate values of type
// ed25519.
//
// State sync is not offered: the snapshot calls answer with no snapshots and
// ABORT.
//
// Dependency: github.com/cometbft/cometbft v0.38.26 for the ABCI types (the
// supported CometBFT line, see /work/shared/DEPENDENCIES.md).
package abciapp

package abciapp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmtprotocrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/cachet-district/cachet/internal/atomicfile"
	"github.com/cachet-district/cachet/ledger"
)

// SnapshotFile is the name of the state snapshot inside the App's directory.
const SnapshotFile = "state.snapshot"

// RetainHeight is what Commit answers: 0, keep every block. CometBFT's block
// store is the log from which a restarted App catches up, so no block may be
// pruned.
const RetainHeight = 0

var _ abcitypes.Application = (*App)(nil)

// App is the ABCI++ application of the ledger. Its methods are called by
// CometBFT (one at a time, through the local client); State gives in-process
// readers the same state.
type App struct {
	dir   string
	state *ledger.State
}

// New returns an App that keeps its snapshot in dir (created if missing).
// When dir holds a snapshot, the App starts from it and Info reports its
// height and app hash; otherwise it starts empty and waits for InitChain.
func New(dir string) (*App, error) {
	if dir == "" {
		return nil, errors.New("abciapp: empty directory")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("abciapp: %w", err)
	}
	// Temporary files of a write cut short by a crash; the snapshot itself
	// is either the old or the new one.
	stale, err := filepath.Glob(atomicfile.TempPattern(filepath.Join(dir, SnapshotFile)))
	if err != nil {
		return nil, fmt.Errorf("abciapp: %w", err)
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			return nil, fmt.Errorf("abciapp: remove stale snapshot: %w", err)
		}
	}
	a := &App{dir: dir, state: ledger.NewState()}
	snap, err := os.ReadFile(filepath.Join(dir, SnapshotFile))
	switch {
	case errors.Is(err, os.ErrNotExist):
		return a, nil
	case err != nil:
		return nil, fmt.Errorf("abciapp: read snapshot: %w", err)
	}
	s, err := ledger.Restore(snap)
	if err != nil {
		return nil, fmt.Errorf("abciapp: restore %s: %w", SnapshotFile, err)
	}
	a.state = s
	return a, nil
}

// State returns the ledger state the App runs, for in-process reads.
func (a *App) State() *ledger.State { return a.state }

// Info reports the last committed height and app hash, so that CometBFT's
// handshake replays the blocks the App has not seen.
func (a *App) Info(context.Context, *abcitypes.RequestInfo) (*abcitypes.ResponseInfo, error) {
	info := a.state.Info()
	res := &abcitypes.ResponseInfo{Data: "cachet-ledger", LastBlockHeight: info.LastHeight}
	if info.LastHeight > 0 {
		res.LastBlockAppHash = info.LastAppHash
	}
	return res, nil
}

// InitChain writes the ledger genesis carried as the chain genesis's
// app_state, with the genesis validator set, and returns its app hash. The
// ledger chain id must be the chain's; the validators must have Ed25519
// keys, the only type the ledger's governance votes can name, and the
// consensus parameters must allow that type (else CometBFT would refuse the
// ledger's validator updates and halt).
//
// The answer leaves Validators empty. ABCI++ spec, InitChain: "If
// ResponseInitChain.Validators is empty, the initial validator set will be
// the RequestInitChain.Validators"; CometBFT v0.38.26 consensus/replay.go
// (Handshaker.ReplayBlocksWithContext) replaces the genesis set only "if
// the app returned validators", so the genesis file's set, which the ledger
// has just stored, is the one that runs.
func (a *App) InitChain(_ context.Context, req *abcitypes.RequestInitChain) (*abcitypes.ResponseInitChain, error) {
	g, err := ledger.ParseGenesis(req.AppStateBytes)
	if err != nil {
		return nil, fmt.Errorf("abciapp: app_state: %w", err)
	}
	if g.ChainID != req.ChainId {
		return nil, fmt.Errorf("abciapp: app_state chain id %q, chain is %q", g.ChainID, req.ChainId)
	}
	if p := req.ConsensusParams; p != nil && p.Validator != nil && !slices.Contains(p.Validator.PubKeyTypes, cmted25519.KeyType) {
		return nil, fmt.Errorf("abciapp: consensus params allow validator keys %v, the ledger needs %s", p.Validator.PubKeyTypes, cmted25519.KeyType)
	}
	vals := make([]ledger.Validator, len(req.Validators))
	for i, v := range req.Validators {
		pk, ok := v.PubKey.Sum.(*cmtprotocrypto.PublicKey_Ed25519)
		if !ok {
			return nil, fmt.Errorf("abciapp: genesis validator %d: key type %T, the ledger supports %s only", i, v.PubKey.Sum, cmted25519.KeyType)
		}
		vals[i] = ledger.Validator{PubKey: pk.Ed25519, Power: v.Power}
	}
	h, err := a.state.InitChain(*g, vals...)
	if err != nil {
		return nil, fmt.Errorf("abciapp: %w", err)
	}
	return &abcitypes.ResponseInitChain{AppHash: h}, nil
}

// CheckTx validates a transaction for the mempool (ledger.State.CheckTx).
func (a *App) CheckTx(_ context.Context, req *abcitypes.RequestCheckTx) (*abcitypes.ResponseCheckTx, error) {
	r := a.state.CheckTx(req.Tx)
	return &abcitypes.ResponseCheckTx{Code: uint32(r.Code), Log: r.Log, Data: r.Data}, nil
}

// PrepareProposal proposes the mempool's transactions in order, leaving out
// any over ledger.MaxTxSize (they could never be accepted).
func (a *App) PrepareProposal(_ context.Context, req *abcitypes.RequestPrepareProposal) (*abcitypes.ResponsePrepareProposal, error) {
	txs := make([][]byte, 0, len(req.Txs))
	var total int64
	for _, tx := range req.Txs {
		if len(tx) > ledger.MaxTxSize {
			continue
		}
		if total+int64(len(tx)) > req.MaxTxBytes {
			break
		}
		total += int64(len(tx))
		txs = append(txs, tx)
	}
	return &abcitypes.ResponsePrepareProposal{Txs: txs}, nil
}

// ProcessProposal accepts every proposal: each transaction is judged, and
// rejected with a code if bad, in FinalizeBlock.
func (a *App) ProcessProposal(context.Context, *abcitypes.RequestProcessProposal) (*abcitypes.ResponseProcessProposal, error) {
	return &abcitypes.ResponseProcessProposal{Status: abcitypes.ResponseProcessProposal_ACCEPT}, nil
}

// FinalizeBlock executes a decided block: one ExecTxResult (ledger code,
// log, data) per transaction, the block's net validator updates (Ed25519,
// sorted by key, one per key) and the app hash. A bad transaction gets its
// code; an error is returned only when the block itself does not follow
// the last one (height, time), which halts the node rather than forking.
func (a *App) FinalizeBlock(_ context.Context, req *abcitypes.RequestFinalizeBlock) (*abcitypes.ResponseFinalizeBlock, error) {
	res, err := a.state.FinalizeBlock(req.Height, req.Time, req.Txs)
	if err != nil {
		return nil, fmt.Errorf("abciapp: finalize block %d: %w", req.Height, err)
	}
	out := &abcitypes.ResponseFinalizeBlock{
		TxResults: make([]*abcitypes.ExecTxResult, len(res.TxResults)),
		AppHash:   res.AppHash,
	}
	for i, r := range res.TxResults {
		out.TxResults[i] = &abcitypes.ExecTxResult{Code: uint32(r.Code), Log: r.Log, Data: r.Data}
	}
	// The ledger has checked each update (32-byte Ed25519 key, power,
	// one entry per key, removals of current validators only), so
	// UpdateValidator, which panics on a key type it does not know, is
	// given the one type it knows.
	for _, v := range res.ValidatorUpdates {
		out.ValidatorUpdates = append(out.ValidatorUpdates, abcitypes.UpdateValidator(v.PubKey, v.Power, cmted25519.KeyType))
	}
	return out, nil
}

// ExtendVote adds no vote extension.
func (a *App) ExtendVote(context.Context, *abcitypes.RequestExtendVote) (*abcitypes.ResponseExtendVote, error) {
	return &abcitypes.ResponseExtendVote{}, nil
}

// VerifyVoteExtension accepts the (empty) vote extensions.
func (a *App) VerifyVoteExtension(context.Context, *abcitypes.RequestVerifyVoteExtension) (*abcitypes.ResponseVerifyVoteExtension, error) {
	return &abcitypes.ResponseVerifyVoteExtension{Status: abcitypes.ResponseVerifyVoteExtension_ACCEPT}, nil
}

// Commit makes the finalized block the committed state and returns after
// its snapshot is durably on disk (written to a temporary file, synced,
// renamed over SnapshotFile, directory synced). An error here halts the
// node: the block cannot be acknowledged without being durable.
func (a *App) Commit(context.Context, *abcitypes.RequestCommit) (*abcitypes.ResponseCommit, error) {
	if _, err := a.state.Commit(); err != nil {
		return nil, fmt.Errorf("abciapp: %w", err)
	}
	if err := atomicfile.Write(filepath.Join(a.dir, SnapshotFile), a.state.Snapshot(), 0o600); err != nil {
		return nil, fmt.Errorf("abciapp: snapshot: %w", err)
	}
	return &abcitypes.ResponseCommit{RetainHeight: RetainHeight}, nil
}

// Query answers ledger.State.Query on the latest committed state. Height 0
// means the latest; any other height but the latest is CodeHeightNotKept.
func (a *App) Query(_ context.Context, req *abcitypes.RequestQuery) (*abcitypes.ResponseQuery, error) {
	latest := a.state.Info().LastHeight
	if req.Height != 0 && req.Height != latest {
		err := fmt.Errorf("%w: asked %d, latest %d", ErrHeightNotKept, req.Height, latest)
		return &abcitypes.ResponseQuery{Code: CodeHeightNotKept, Log: err.Error(), Height: latest}, nil
	}
	r := a.state.Query(req.Path, req.Data, req.Height)
	if r.Err != nil {
		return &abcitypes.ResponseQuery{Code: QueryCode(r.Err), Log: r.Err.Error(), Height: r.Height}, nil
	}
	return &abcitypes.ResponseQuery{Value: r.Value, Height: r.Height}, nil
}

// ListSnapshots offers no state sync snapshots.
func (a *App) ListSnapshots(context.Context, *abcitypes.RequestListSnapshots) (*abcitypes.ResponseListSnapshots, error) {
	return &abcitypes.ResponseListSnapshots{}, nil
}

// OfferSnapshot refuses state sync.
func (a *App) OfferSnapshot(context.Context, *abcitypes.RequestOfferSnapshot) (*abcitypes.ResponseOfferSnapshot, error) {
	return &abcitypes.ResponseOfferSnapshot{Result: abcitypes.ResponseOfferSnapshot_ABORT}, nil
}

// LoadSnapshotChunk has no chunks to give.
func (a *App) LoadSnapshotChunk(context.Context, *abcitypes.RequestLoadSnapshotChunk) (*abcitypes.ResponseLoadSnapshotChunk, error) {
	return &abcitypes.ResponseLoadSnapshotChunk{}, nil
}

// ApplySnapshotChunk refuses state sync.
func (a *App) ApplySnapshotChunk(context.Context, *abcitypes.RequestApplySnapshotChunk) (*abcitypes.ResponseApplySnapshotChunk, error) {
	return &abcitypes.ResponseApplySnapshotChunk{Result: abcitypes.ResponseApplySnapshotChunk_ABORT}, nil
}

package node

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cometbft/cometbft/mempool"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/cachet-district/cachet/ledger"
	"github.com/cachet-district/cachet/ledger/abciapp"
)

// Submit broadcasts tx and waits until it is committed. It returns the
// ledger's result and the height of the block that holds it, after that
// block is committed and visible to State and Query. A transaction the
// ledger rejects returns its result with a *ledger.RejectedError. Submit returns
// early with ctx's error when ctx ends; the broadcast it started still ends
// within Config.SubmitTimeout or at Stop.
func (n *Node) Submit(ctx context.Context, tx []byte) (ledger.TxResult, int64, error) {
	type answer struct {
		res *ctypes.ResultBroadcastTxCommit
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		res, err := n.client.BroadcastTxCommit(context.Background(), tx)
		ch <- answer{res, err}
	}()
	var a answer
	select {
	case <-ctx.Done():
		return ledger.TxResult{}, 0, fmt.Errorf("node: submit: %w", ctx.Err())
	case a = <-ch:
	}
	if a.err != nil {
		return ledger.TxResult{}, 0, submitError("submit", a.err)
	}
	return commitResult(a.res)
}

// ErrTxInCache: the node has already seen these exact transaction bytes
// (pending or committed); CometBFT's mempool cache drops them unexamined.
// A client that wants to know whether its transaction committed queries
// for its effect (or the signer's next sequence number).
var ErrTxInCache = errors.New("node: transaction already seen by the node")

// submitError wraps an error of broadcast_tx_commit, recognising the
// mempool cache's refusal, which reaches a remote client only as text.
func submitError(op string, err error) error {
	if errors.Is(err, mempool.ErrTxInCache) || strings.Contains(err.Error(), mempool.ErrTxInCache.Error()) {
		return fmt.Errorf("node: %s: %w", op, ErrTxInCache)
	}
	return fmt.Errorf("node: %s: %w", op, err)
}

// commitResult turns CometBFT's answer to broadcast_tx_commit into the
// ledger's result, with a *ledger.RejectedError for a rejected transaction.
func commitResult(res *ctypes.ResultBroadcastTxCommit) (ledger.TxResult, int64, error) {
	if c := res.CheckTx; c.Code != 0 {
		r := ledger.TxResult{Code: ledger.Code(c.Code), Log: c.Log, Data: c.Data}
		return r, 0, &ledger.RejectedError{Stage: ledger.StageCheck, Result: r}
	}
	d := res.TxResult
	r := ledger.TxResult{Code: ledger.Code(d.Code), Log: d.Log, Data: d.Data}
	if d.Code != 0 {
		return r, res.Height, &ledger.RejectedError{Stage: ledger.StageFinalize, Result: r, Height: res.Height}
	}
	return r, res.Height, nil
}

// queryResult turns CometBFT's ABCI query answer into the ledger's value
// and height, or an error wrapping the matching sentinel.
func queryResult(res *ctypes.ResultABCIQuery) ([]byte, int64, error) {
	if err := abciapp.QueryError(res.Response.Code, res.Response.Log); err != nil {
		return nil, res.Response.Height, err
	}
	return res.Response.Value, res.Response.Height, nil
}

// Query asks the ledger one of the ledger.Query* paths with its JSON
// request data, on the latest committed state, through the node's ABCI
// query path. It returns the JSON answer and the height it was answered
// at; a failed query is an error wrapping the matching sentinel
// (ledger.ErrUnknownDID, ledger.ErrNotFound, ledger.ErrBadQuery).
func (n *Node) Query(ctx context.Context, path string, data []byte) ([]byte, int64, error) {
	res, err := n.client.ABCIQuery(ctx, path, data)
	if err != nil {
		return nil, 0, fmt.Errorf("node: query: %w", err)
	}
	return queryResult(res)
}

var _ ledger.Client = (*Node)(nil)

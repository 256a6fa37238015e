package node

import (
	"context"
	"fmt"

	ctypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/cachet-district/cachet/ledger"
	"github.com/cachet-district/cachet/ledger/abciapp"
)

// Stage names where a transaction was rejected.
type Stage string

const (
	// StageCheck: rejected by CheckTx, never entered a block.
	StageCheck Stage = "check"
	// StageFinalize: entered a block and was rejected there; it changed
	// nothing.
	StageFinalize Stage = "finalize"
)

// RejectedError is a transaction the ledger rejected. It unwraps to the
// ledger sentinel of its code (errors.Is(err, ledger.ErrReplay)).
type RejectedError struct {
	Stage  Stage
	Result ledger.TxResult
	// Height is the block that held the transaction (StageFinalize only).
	Height int64
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("node: transaction rejected at %s: code %d (%s): %s", e.Stage, e.Result.Code, e.Result.Code, e.Result.Log)
}

func (e *RejectedError) Unwrap() error { return e.Result.Code.Err() }

// Submit broadcasts tx and waits until it is committed. It returns the
// ledger's result and the height of the block that holds it, after that
// block is committed and visible to State and Query. A transaction the
// ledger rejects returns its result with a *RejectedError. Submit returns
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
		return ledger.TxResult{}, 0, fmt.Errorf("node: submit: %w", a.err)
	}
	if c := a.res.CheckTx; c.Code != 0 {
		r := ledger.TxResult{Code: ledger.Code(c.Code), Log: c.Log, Data: c.Data}
		return r, 0, &RejectedError{Stage: StageCheck, Result: r}
	}
	d := a.res.TxResult
	r := ledger.TxResult{Code: ledger.Code(d.Code), Log: d.Log, Data: d.Data}
	if d.Code != 0 {
		return r, a.res.Height, &RejectedError{Stage: StageFinalize, Result: r, Height: a.res.Height}
	}
	return r, a.res.Height, nil
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
	if err := abciapp.QueryError(res.Response.Code, res.Response.Log); err != nil {
		return nil, res.Response.Height, err
	}
	return res.Response.Value, res.Response.Height, nil
}

package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/cachet-district/cachet/ledger"
)

// ErrRemote is wrapped by Dial's errors.
var ErrRemote = errors.New("node: remote")

// Remote is a ledger.Client talking to a node's CometBFT RPC over HTTP:
// broadcast_tx_commit for Submit (the node answers once the transaction is
// committed or rejected) and abci_query for Query.
type Remote struct {
	rpc *rpchttp.HTTP
}

var _ ledger.Client = (*Remote)(nil)

// Dial returns a client for the node whose RPC listens at rawURL
// ("http://127.0.0.1:26657"; a "tcp://" address as in a node's config is
// taken as http). timeout bounds each request; 0 means DefaultSubmitTimeout
// plus a margin, since the node holds a Submit open until the commit. No
// request is sent until the first call.
func Dial(rawURL string, timeout time.Duration) (*Remote, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: %q is not an http://host:port address", ErrRemote, rawURL)
	}
	switch u.Scheme {
	case "http", "https":
	case "tcp":
		u.Scheme = "http"
	default:
		return nil, fmt.Errorf("%w: %q: scheme %q, want http or https", ErrRemote, rawURL, u.Scheme)
	}
	if timeout <= 0 {
		timeout = DefaultSubmitTimeout + 5*time.Second
	}
	hc := &http.Client{
		Timeout:   timeout,
		Transport: limitedTransport{base: http.DefaultTransport},
	}
	c, err := rpchttp.NewWithClient(u.String(), "/websocket", hc)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRemote, err)
	}
	return &Remote{rpc: c}, nil
}

// Submit broadcasts tx through the remote node and waits for its commit
// there. A transaction the ledger rejects returns its result with a
// *ledger.RejectedError. If the node's own commit wait times out
// (its rpc.timeout_broadcast_tx_commit), the transaction may still commit
// later: the error says so and the caller can check with a query.
func (r *Remote) Submit(ctx context.Context, tx []byte) (ledger.TxResult, int64, error) {
	res, err := r.rpc.BroadcastTxCommit(ctx, tx)
	if err != nil {
		return ledger.TxResult{}, 0, submitError("remote submit", err)
	}
	return commitResult(res)
}

// Query asks the remote node's ledger one of the ledger.Query* paths.
func (r *Remote) Query(ctx context.Context, path string, data []byte) ([]byte, int64, error) {
	res, err := r.rpc.ABCIQuery(ctx, path, data)
	if err != nil {
		return nil, 0, fmt.Errorf("node: remote query: %w", err)
	}
	return queryResult(res)
}

// Status is what a node says of itself: its latest block and whether it is
// still catching up with its peers.
type Status struct {
	NodeID      string
	Moniker     string
	Network     string
	Height      int64
	AppHash     []byte
	BlockTime   time.Time
	CatchingUp  bool
	VotingPower int64
}

// Status asks the remote node for its status.
func (r *Remote) Status(ctx context.Context) (Status, error) {
	st, err := r.rpc.Status(ctx)
	if err != nil {
		return Status{}, fmt.Errorf("node: remote status: %w", err)
	}
	return Status{
		NodeID:      string(st.NodeInfo.DefaultNodeID),
		Moniker:     st.NodeInfo.Moniker,
		Network:     st.NodeInfo.Network,
		Height:      st.SyncInfo.LatestBlockHeight,
		AppHash:     st.SyncInfo.LatestAppHash,
		BlockTime:   st.SyncInfo.LatestBlockTime,
		CatchingUp:  st.SyncInfo.CatchingUp,
		VotingPower: st.ValidatorInfo.VotingPower,
	}, nil
}

// limitedTransport cuts every response body at MaxRPCResponse: a node's
// answer is read whole by CometBFT's client, so a broken or hostile node
// must not make it read without end.
type limitedTransport struct{ base http.RoundTripper }

func (t limitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	res.Body = &limitedBody{rc: res.Body, left: MaxRPCResponse}
	return res, nil
}

// errResponseTooLarge ends a response over MaxRPCResponse.
var errResponseTooLarge = fmt.Errorf("%w: response over %d bytes", ErrRemote, MaxRPCResponse)

type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, errResponseTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

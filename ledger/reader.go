package ledger

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sync"
	"time"
)

// Client is a connection to the ledger: an embedded node (ledger/node.Node),
// a remote node's RPC (ledger/node.Remote) or the in-memory MemClient. The
// rest of the code submits operations and reads the ledger only through it.
type Client interface {
	// Submit broadcasts tx and returns once it is committed, with its
	// result and the height of its block. A transaction the ledger rejects
	// returns its result and a *RejectedError.
	Submit(ctx context.Context, tx []byte) (TxResult, int64, error)
	// Query asks one of the Query* paths with its JSON request on the
	// latest committed state and returns the JSON answer and its height. A
	// failed query wraps the matching sentinel (ErrUnknownDID, ErrNotFound,
	// ErrBadQuery, ...).
	Query(ctx context.Context, path string, data []byte) ([]byte, int64, error)
}

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
// sentinel of its code (errors.Is(err, ledger.ErrReplay)).
type RejectedError struct {
	Stage  Stage
	Result TxResult
	// Height is the block that held the transaction (StageFinalize only).
	Height int64
}

func (e *RejectedError) Error() string {
	return fmt.Sprintf("ledger: transaction rejected at %s: code %d (%s): %s", e.Stage, e.Result.Code, e.Result.Code, e.Result.Log)
}

func (e *RejectedError) Unwrap() error { return e.Result.Code.Err() }

// Reader gives typed, context-aware reads of the ledger over a Client. Its
// answers are the committed state's; each method is one query.
type Reader struct {
	Client Client
}

// query asks path with req as JSON and decodes the answer into out.
func (r Reader) query(ctx context.Context, path string, req, out any) error {
	data, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("ledger: encode query: %w", err)
	}
	ans, _, err := r.Client.Query(ctx, path, data)
	if err != nil {
		return err
	}
	// The answer comes from a node, possibly a remote one: decode it as
	// strictly as any outside input.
	if err := decodeStrict(ans, out); err != nil {
		return fmt.Errorf("ledger: %s answer: %w", path, err)
	}
	return nil
}

// ResolveDID answers QueryResolveDID: the DID's document and metadata, at
// versionID or versionTime when given (at most one of them).
func (r Reader) ResolveDID(ctx context.Context, did, versionID string, versionTime *time.Time) (*Resolution, error) {
	var res Resolution
	if err := r.query(ctx, QueryResolveDID, ResolveRequest{DID: did, VersionID: versionID, VersionTime: versionTime}, &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// IssuerAuthorised answers QueryIssuerAuthorised: whether issuer held a
// grant for vct at t, and that grant.
func (r Reader) IssuerAuthorised(ctx context.Context, issuer, vct string, t time.Time) (bool, *Grant, error) {
	var a AuthorisedAnswer
	if err := r.query(ctx, QueryIssuerAuthorised, AuthorisedRequest{Issuer: issuer, VCT: vct, Time: t.UTC()}, &a); err != nil {
		return false, nil, err
	}
	return a.Authorised, a.Grant, nil
}

// Schema answers QuerySchema for a credential type id.
func (r Reader) Schema(ctx context.Context, typeID string) (*SchemaRecord, error) {
	var s SchemaRecord
	if err := r.query(ctx, QuerySchema, idRequest{ID: typeID}, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// StatusAnchor answers QueryStatusAnchor: the latest anchor of a status
// list URL.
func (r Reader) StatusAnchor(ctx context.Context, url string) (*AnchorRecord, error) {
	var a AnchorRecord
	if err := r.query(ctx, QueryStatusAnchor, idRequest{ID: url}, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Verifier answers QueryVerifier for a verifier DID.
func (r Reader) Verifier(ctx context.Context, did string) (*VerifierRecord, error) {
	var v VerifierRecord
	if err := r.query(ctx, QueryVerifier, idRequest{ID: did}, &v); err != nil {
		return nil, err
	}
	return &v, nil
}

// GovernanceMembers answers QueryGovernanceMembers.
func (r Reader) GovernanceMembers(ctx context.Context) (*Governance, error) {
	var g Governance
	if err := r.query(ctx, QueryGovernanceMembers, struct{}{}, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// Validators answers QueryValidators: the consensus validator set the
// ledger knows (updates of block H sign from block H+2).
func (r Reader) Validators(ctx context.Context) ([]Validator, error) {
	var v ValidatorSet
	if err := r.query(ctx, QueryValidators, struct{}{}, &v); err != nil {
		return nil, err
	}
	return v.Validators, nil
}

// NextSeq answers QueryNextSeq: the sequence number the signer's next
// transaction must carry (SignerGovernance for governance operations).
func (r Reader) NextSeq(ctx context.Context, signer string) (uint64, error) {
	var a struct {
		Seq uint64 `json:"seq"`
	}
	if err := r.query(ctx, QueryNextSeq, idRequest{ID: signer}, &a); err != nil {
		return 0, err
	}
	return a.Seq, nil
}

// MemClient is a Client over an in-memory State with no consensus: Submit
// runs the transaction through CheckTx, then in a block of its own at the
// clock's time, and commits it. It is the ledger of the in-memory test
// world and of tools that need no node; it is safe for concurrent use
// (blocks are applied one at a time).
type MemClient struct {
	mu    sync.Mutex
	state *State
	now   func() time.Time
}

// NewMemClient returns a MemClient on a state initialised with g and the
// consensus validators (none: the set is unknown and validator votes are
// refused). now gives block times (nil means time.Now); a clock that goes
// backwards is held at the last block time.
func NewMemClient(g Genesis, now func() time.Time, validators ...Validator) (*MemClient, error) {
	s := NewState()
	if _, err := s.InitChain(g, validators...); err != nil {
		return nil, err
	}
	if now == nil {
		now = time.Now
	}
	return &MemClient{state: s, now: now}, nil
}

// State returns the in-memory state, for direct typed reads.
func (m *MemClient) State() *State { return m.state }

// Submit applies tx in a block of its own and commits it.
func (m *MemClient) Submit(ctx context.Context, tx []byte) (TxResult, int64, error) {
	if err := ctx.Err(); err != nil {
		return TxResult{}, 0, fmt.Errorf("ledger: submit: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.state.CheckTx(tx); r.Code != CodeOK {
		return r, 0, &RejectedError{Stage: StageCheck, Result: r}
	}
	info := m.state.Info()
	t := m.now().UTC()
	if t.Before(info.LastBlockTime) {
		t = info.LastBlockTime
	}
	height := info.LastHeight + 1
	res, err := m.state.FinalizeBlock(height, t, [][]byte{tx})
	if err != nil {
		return TxResult{}, 0, fmt.Errorf("ledger: submit: %w", err)
	}
	if _, err := m.state.Commit(); err != nil {
		return TxResult{}, 0, fmt.Errorf("ledger: submit: %w", err)
	}
	r := res.TxResults[0]
	if r.Code != CodeOK {
		return r, height, &RejectedError{Stage: StageFinalize, Result: r, Height: height}
	}
	return r, height, nil
}

// Query answers path on the committed state.
func (m *MemClient) Query(ctx context.Context, path string, data []byte) ([]byte, int64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, fmt.Errorf("ledger: query: %w", err)
	}
	r := m.state.Query(path, data, 0)
	if r.Err != nil {
		return nil, r.Height, r.Err
	}
	return r.Value, r.Height, nil
}

// Digest returns the ledger's digest form of content: "sha256-" and the
// unpadded base64url SHA-256 (schema and metadata digests, status anchors).
func Digest(content []byte) string {
	sum := sha256.Sum256(content)
	return "sha256-" + base64.RawURLEncoding.EncodeToString(sum[:])
}

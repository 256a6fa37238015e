package ledger

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"
	"time"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// State is the ledger's deterministic state machine. Its methods follow the
// ABCI++ calls of CometBFT v0.38 one to one (InitChain, CheckTx,
// FinalizeBlock, Commit, Info, Query), so the adapter in ledger/abciapp only
// converts types. It is safe for concurrent use: queries read the committed
// state while blocks are applied.
//
// Nothing in State reads a clock: the block time passed to FinalizeBlock is
// the only time, and every result depends only on the genesis and the
// transactions, so every node computes the same app hash.
type State struct {
	mu        sync.RWMutex
	committed *store
	chain     string
	height    int64
	blockTime time.Time
	appHash   [32]byte
	pending   *pendingBlock
	check     *overlay // CheckTx's view: committed state plus accepted mempool txs
}

// pendingBlock is a finalized block waiting for Commit.
type pendingBlock struct {
	height    int64
	time      time.Time
	writes    *overlay
	root      [32]byte
	keys      []string
	newLeaves map[string][32]byte
}

// TxResult is the outcome of one transaction.
type TxResult struct {
	Code Code
	// Log is a readable line: empty on success, the error on rejection.
	Log string
	// Data is the created DID for did.create, empty otherwise.
	Data []byte
}

// BlockResult is what FinalizeBlock returns: one result per transaction, in
// order, the validator updates of the block and the app hash after it.
type BlockResult struct {
	TxResults []TxResult
	// ValidatorUpdates is the net change of the consensus validator set by
	// the block's accepted governance.members votes: sorted by key, one
	// entry per key with its power at the end of the block (0 removes), no
	// entry for a key whose power ends where it started. Empty when no
	// vote changed the set. CometBFT applies it from height+2.
	ValidatorUpdates []Validator
	AppHash          []byte
}

// Info describes the last committed block, for the handshake with CometBFT
// after a restart.
type Info struct {
	ChainID       string
	LastHeight    int64
	LastAppHash   []byte
	LastBlockTime time.Time
}

// Genesis is the ledger's part of the chain's genesis: the chain id and the
// initial governance members with their threshold M.
type Genesis struct {
	ChainID   string   `json:"chainId"`
	Threshold int      `json:"threshold"`
	Members   []Member `json:"members"`
}

// ParseGenesis decodes a genesis strictly (duplicate member names rejected).
func ParseGenesis(data []byte) (*Genesis, error) {
	var g Genesis
	if err := strictjson.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadGenesis, err)
	}
	return &g, nil
}

// NewState returns an empty state; InitChain (or Restore) comes next.
func NewState() *State {
	s := &State{committed: newStore()}
	s.appHash = s.committed.root()
	s.check = newOverlay(s.committed)
	return s
}

// InitChain writes the genesis into an empty state and returns the initial
// app hash. The validators are CometBFT's initial validator set (from its
// genesis file, RequestInitChain.Validators): 1 to MaxValidators distinct
// 32-byte Ed25519 keys with power 1 to MaxValidatorPower, stored (sorted by
// key) in the hashed state so governance.members votes can update them.
// With no validators (a state run without CometBFT) the ledger does not
// know the set: Validators is ErrNotFound and every vote carrying validator
// updates is rejected with ErrInvalidOp.
func (s *State) InitChain(g Genesis, validators ...Validator) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chain != "" || s.height != 0 {
		return nil, fmt.Errorf("%w: state already initialised", ErrBadGenesis)
	}
	if !validText(g.ChainID, MaxChainIDLength) {
		return nil, fmt.Errorf("%w: chain id empty or longer than %d", ErrBadGenesis, MaxChainIDLength)
	}
	if _, err := memberKeys(g.Threshold, g.Members); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadGenesis, err)
	}
	var vals []Validator
	if len(validators) > 0 {
		var err error
		if vals, err = genesisValidators(validators); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrBadGenesis, err)
		}
	}
	o := newOverlay(s.committed)
	o.set(keyChain, []byte(g.ChainID))
	if err := put(o, keyGovernance, &Governance{Threshold: g.Threshold, Members: g.Members}); err != nil {
		return nil, err
	}
	if vals != nil {
		if err := put(o, keyValidators, &ValidatorSet{Validators: vals}); err != nil {
			return nil, err
		}
	}
	root, keys, leaves := s.committed.pendingRoot(o.w)
	s.committed.apply(o.w, keys, leaves)
	s.chain, s.appHash = g.ChainID, root
	s.check = newOverlay(s.committed)
	return root[:], nil
}

// CheckTx validates a transaction for the mempool against the committed
// state plus the transactions CheckTx already accepted since the last
// Commit (so a client may queue seq n and n+1 in one block). Time-dependent
// rules use the last block time. It changes no committed state.
func (s *State) CheckTx(tx []byte) TxResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, data, err := applyTx(s.check, s.chain, s.height+1, s.blockTime, tx)
	if err != nil {
		return TxResult{Code: CodeOf(err), Log: err.Error()}
	}
	o.mergeInto(s.check)
	return TxResult{Data: data}
}

// FinalizeBlock applies a block's transactions in order at the given height
// and block time and returns each one's result and the resulting app hash.
// A rejected transaction changes nothing. The state becomes visible to
// queries at Commit. Height must be the last height plus one and the block
// time must not go backwards; anything else is an error of the caller, not
// of a transaction.
func (s *State) FinalizeBlock(height int64, blockTime time.Time, txs [][]byte) (*BlockResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if height != s.height+1 {
		return nil, fmt.Errorf("%w: got %d, last committed %d", ErrBadHeight, height, s.height)
	}
	blockTime = blockTime.UTC()
	if blockTime.Before(s.blockTime) {
		return nil, fmt.Errorf("%w: %s before %s", ErrBadBlockTime, blockTime, s.blockTime)
	}
	block := newOverlay(s.committed)
	res := &BlockResult{TxResults: make([]TxResult, len(txs))}
	for i, tx := range txs {
		o, data, err := applyTx(block, s.chain, height, blockTime, tx)
		if err != nil {
			res.TxResults[i] = TxResult{Code: CodeOf(err), Log: err.Error()}
			continue
		}
		o.mergeInto(block)
		res.TxResults[i] = TxResult{Data: data}
	}
	if _, changed := block.w[keyValidators]; changed {
		ups, err := validatorChanges(s.committed, block)
		if err != nil {
			return nil, err
		}
		res.ValidatorUpdates = ups
	}
	root, keys, leaves := s.committed.pendingRoot(block.w)
	s.pending = &pendingBlock{height: height, time: blockTime, writes: block, root: root, keys: keys, newLeaves: leaves}
	res.AppHash = root[:]
	return res, nil
}

// Commit makes the last finalized block the committed state, resets
// CheckTx's view to it and returns the app hash.
func (s *State) Commit() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending
	if p == nil {
		return nil, ErrNoPendingBlock
	}
	s.committed.apply(p.writes.w, p.keys, p.newLeaves)
	s.height, s.blockTime, s.appHash = p.height, p.time, p.root
	s.pending = nil
	s.check = newOverlay(s.committed)
	return p.root[:], nil
}

// Info returns the last committed height, app hash and block time.
func (s *State) Info() Info {
	s.mu.RLock()
	defer s.mu.RUnlock()
	h := s.appHash
	return Info{ChainID: s.chain, LastHeight: s.height, LastAppHash: h[:], LastBlockTime: s.blockTime}
}

// AppHash returns the app hash of the committed state.
func (s *State) AppHash() []byte {
	return s.Info().LastAppHash
}

// snapshotMagic starts every snapshot.
const snapshotMagic = "cachet-ledger-snapshot-v1\n"

// Snapshot returns the committed state in a deterministic byte encoding:
// snapshotMagic, the height (8 bytes big-endian), the block time (Unix
// nanoseconds, 8 bytes), the app hash (32 bytes), the entry count (8
// bytes), then each entry in key order as uvarint key length, key, uvarint
// value length, value. Two nodes at the same height give identical bytes.
func (s *State) Snapshot() []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var buf bytes.Buffer
	buf.WriteString(snapshotMagic)
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(s.height))
	buf.Write(n[:])
	var ns int64
	if !s.blockTime.IsZero() {
		ns = s.blockTime.UnixNano()
	}
	binary.BigEndian.PutUint64(n[:], uint64(ns))
	buf.Write(n[:])
	buf.Write(s.appHash[:])
	binary.BigEndian.PutUint64(n[:], uint64(len(s.committed.keys)))
	buf.Write(n[:])
	for _, k := range s.committed.keys {
		v := s.committed.data[k]
		buf.Write(binary.AppendUvarint(nil, uint64(len(k))))
		buf.WriteString(k)
		buf.Write(binary.AppendUvarint(nil, uint64(len(v))))
		buf.Write(v)
	}
	return buf.Bytes()
}

// Restore returns the state a Snapshot encoded. It recomputes the app hash
// from the entries and rejects a snapshot whose recorded hash differs, whose
// keys are not strictly increasing, or that has trailing bytes.
func Restore(snap []byte) (*State, error) {
	bad := func(msg string) (*State, error) { return nil, fmt.Errorf("%w: %s", ErrBadSnapshot, msg) }
	rest, ok := bytes.CutPrefix(snap, []byte(snapshotMagic))
	if !ok || len(rest) < 8+8+32+8 {
		return bad("header")
	}
	height := int64(binary.BigEndian.Uint64(rest))
	ns := int64(binary.BigEndian.Uint64(rest[8:]))
	var want [32]byte
	copy(want[:], rest[16:48])
	count := binary.BigEndian.Uint64(rest[48:])
	rest = rest[56:]
	if height < 0 || count > uint64(len(rest)) {
		return bad("height or entry count")
	}
	st := newStore()
	prev := ""
	for i := uint64(0); i < count; i++ {
		kl, n := binary.Uvarint(rest)
		if n <= 0 || kl > uint64(len(rest)-n) {
			return bad("key length")
		}
		k := string(rest[n : n+int(kl)])
		rest = rest[n+int(kl):]
		vl, n := binary.Uvarint(rest)
		if n <= 0 || vl > uint64(len(rest)-n) {
			return bad("value length")
		}
		v := bytes.Clone(rest[n : n+int(vl)])
		rest = rest[n+int(vl):]
		if i > 0 && k <= prev {
			return bad("keys not strictly increasing")
		}
		prev = k
		st.data[k] = v
		st.leaves[k] = leafHash(k, v)
		st.keys = append(st.keys, k)
	}
	if len(rest) != 0 {
		return bad("trailing bytes")
	}
	s := &State{committed: st, height: height}
	if ns != 0 {
		s.blockTime = time.Unix(0, ns).UTC()
	}
	s.appHash = st.root()
	if s.appHash != want {
		return bad("app hash does not match the entries")
	}
	if c, ok := st.get(keyChain); ok {
		s.chain = string(c)
	}
	s.check = newOverlay(st)
	return s, nil
}

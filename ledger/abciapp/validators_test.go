package abciapp

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	abcitypes "github.com/cometbft/cometbft/abci/types"
	cmted25519 "github.com/cometbft/cometbft/crypto/ed25519"
	cmtprotocrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

// valKey is a fixed Ed25519 validator public key, distinct for each i.
func valKey(i byte) []byte {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{i}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
}

func cmtVal(i byte, power int64) abcitypes.ValidatorUpdate {
	return abcitypes.UpdateValidator(valKey(i), power, cmted25519.KeyType)
}

func sameUpdates(a, b []abcitypes.ValidatorUpdate) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].PubKey.Equal(b[i].PubKey) || a[i].Power != b[i].Power {
			return false
		}
	}
	return true
}

// TestValidatorUpdates runs governance votes through the App and feeds the
// validator updates of each block to CometBFT's own validator set code
// (types.ValidatorSet.UpdateWithChangeSet, as state/execution.go does after
// FinalizeBlock): CometBFT accepts every update the ledger returns, and its
// resulting set is the ledger's.
func TestValidatorUpdates(t *testing.T) {
	gov, err := keys.Generate(keys.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	g := ledger.Genesis{ChainID: testChain, Threshold: 1, Members: []ledger.Member{{ID: "gov-a", PublicKeyJwk: gov.Public().JWK()}}}
	appState, err := json.Marshal(g)
	if err != nil {
		t.Fatal(err)
	}
	genesis := []abcitypes.ValidatorUpdate{cmtVal(1, 10), cmtVal(2, 10), cmtVal(3, 10)}
	a := newApp(t, t.TempDir())
	init, err := a.InitChain(ctx, &abcitypes.RequestInitChain{ChainId: testChain, AppStateBytes: appState, Validators: genesis})
	if err != nil {
		t.Fatal(err)
	}
	if len(init.Validators) != 0 {
		t.Fatalf("InitChain answered validators %v, want none (the genesis set)", init.Validators)
	}
	vs, err := cmttypes.PB2TM.ValidatorUpdates(genesis)
	if err != nil {
		t.Fatal(err)
	}
	cmtSet := cmttypes.NewValidatorSet(vs)

	v := func(i byte, power int64) ledger.Validator { return ledger.Validator{PubKey: valKey(i), Power: power} }
	vote := func(seq uint64, ups ...ledger.Validator) []byte {
		tx, err := ledger.NewGovernanceTx(testChain, seq, &ledger.MembersOp{Threshold: 1, Members: g.Members, Validators: ups}, ledger.TxSigner{KID: "gov-a", Signer: gov})
		if err != nil {
			t.Fatal(err)
		}
		return tx
	}
	sortedUpdates := func(us ...abcitypes.ValidatorUpdate) []abcitypes.ValidatorUpdate {
		out := append([]abcitypes.ValidatorUpdate(nil), us...)
		slices.SortFunc(out, func(a, b abcitypes.ValidatorUpdate) int {
			return bytes.Compare(a.PubKey.GetEd25519(), b.PubKey.GetEd25519())
		})
		return out
	}
	tests := []struct {
		name  string
		txs   [][]byte
		codes []ledger.Code
		want  []abcitypes.ValidatorUpdate
	}{
		{"add one, change one", [][]byte{vote(1, v(4, 5), v(1, 20))}, []ledger.Code{ledger.CodeOK}, sortedUpdates(cmtVal(4, 5), cmtVal(1, 20))},
		{"added and removed in one block", [][]byte{vote(2, v(5, 7)), vote(3, v(5, 0), v(2, 0))}, []ledger.Code{ledger.CodeOK, ledger.CodeOK}, []abcitypes.ValidatorUpdate{cmtVal(2, 0)}},
		{"changed twice in one block", [][]byte{vote(4, v(3, 1)), vote(5, v(3, 2))}, []ledger.Code{ledger.CodeOK, ledger.CodeOK}, []abcitypes.ValidatorUpdate{cmtVal(3, 2)}},
		{"remove a non-validator", [][]byte{vote(6, v(9, 0))}, []ledger.Code{ledger.CodeInvalidOp}, nil},
		{"members only", [][]byte{vote(6)}, []ledger.Code{ledger.CodeOK}, nil},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := block(t, a, int64(i+1), tc.txs...)
			for j, c := range tc.codes {
				if ledger.Code(res.TxResults[j].Code) != c {
					t.Fatalf("tx %d: code %d (%s), want %d", j, res.TxResults[j].Code, res.TxResults[j].Log, c)
				}
			}
			if !sameUpdates(res.ValidatorUpdates, tc.want) {
				t.Fatalf("updates %v, want %v", res.ValidatorUpdates, tc.want)
			}
			changes, err := cmttypes.PB2TM.ValidatorUpdates(res.ValidatorUpdates)
			if err != nil {
				t.Fatal(err)
			}
			if err := cmtSet.UpdateWithChangeSet(changes); err != nil {
				t.Fatalf("CometBFT refuses the updates: %v", err)
			}
			got, err := a.State().Validators()
			if err != nil || len(got) != cmtSet.Size() {
				t.Fatalf("ledger set %v (%v), CometBFT's has %d", got, err, cmtSet.Size())
			}
			for _, lv := range got {
				_, cv := cmtSet.GetByAddress(cmted25519.PubKey(lv.PubKey).Address())
				if cv == nil || cv.VotingPower != lv.Power {
					t.Fatalf("ledger validator %x power %d, CometBFT's %v", lv.PubKey, lv.Power, cv)
				}
			}
		})
	}
	q, err := a.Query(ctx, &abcitypes.RequestQuery{Path: ledger.QueryValidators})
	if err != nil || q.Code != 0 {
		t.Fatalf("query: %v %d %s", err, q.Code, q.Log)
	}
	var set ledger.ValidatorSet
	if err := json.Unmarshal(q.Value, &set); err != nil || len(set.Validators) != cmtSet.Size() {
		t.Fatalf("query answer %s: %v", q.Value, err)
	}
}

func TestInitChainValidators(t *testing.T) {
	ed := func(pk []byte, power int64) abcitypes.ValidatorUpdate {
		return abcitypes.ValidatorUpdate{PubKey: cmtprotocrypto.PublicKey{Sum: &cmtprotocrypto.PublicKey_Ed25519{Ed25519: pk}}, Power: power}
	}
	params := func(types ...string) *cmtproto.ConsensusParams {
		return &cmtproto.ConsensusParams{Validator: &cmtproto.ValidatorParams{PubKeyTypes: types}}
	}
	secp := abcitypes.ValidatorUpdate{PubKey: cmtprotocrypto.PublicKey{Sum: &cmtprotocrypto.PublicKey_Secp256K1{Secp256K1: make([]byte, 33)}}, Power: 1}
	tests := []struct {
		name   string
		vals   []abcitypes.ValidatorUpdate
		params *cmtproto.ConsensusParams
		has    string // part of the error; "" when accepted
		is     error  // the sentinel the error wraps, if any
	}{
		{"ed25519 validators", []abcitypes.ValidatorUpdate{cmtVal(2, 1), cmtVal(1, 3)}, nil, "", nil},
		{"params allow ed25519", []abcitypes.ValidatorUpdate{cmtVal(1, 1)}, params("secp256k1", "ed25519"), "", nil},
		{"no validators", nil, nil, "", nil},
		{"secp256k1 key", []abcitypes.ValidatorUpdate{secp}, nil, "supports ed25519 only", nil},
		{"no key", []abcitypes.ValidatorUpdate{{Power: 1}}, nil, "supports ed25519 only", nil},
		{"ed25519 key of 31 bytes", []abcitypes.ValidatorUpdate{ed(valKey(1)[:31], 1)}, nil, "key of 31 bytes", ledger.ErrBadGenesis},
		{"power zero", []abcitypes.ValidatorUpdate{cmtVal(1, 0)}, nil, "power 0", ledger.ErrBadGenesis},
		{"duplicate key", []abcitypes.ValidatorUpdate{cmtVal(1, 1), cmtVal(1, 2)}, nil, "listed twice", ledger.ErrBadGenesis},
		{"params without ed25519", []abcitypes.ValidatorUpdate{cmtVal(1, 1)}, params("secp256k1"), "the ledger needs ed25519", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newApp(t, t.TempDir())
			_, err := a.InitChain(ctx, &abcitypes.RequestInitChain{ChainId: testChain, AppStateBytes: genesisBytes(t), Validators: tc.vals, ConsensusParams: tc.params})
			if tc.has != "" {
				if err == nil || !strings.Contains(err.Error(), tc.has) || (tc.is != nil && !errors.Is(err, tc.is)) || a.State().Info().ChainID != "" {
					t.Fatalf("err %v, want %q and no genesis", err, tc.has)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := a.State().Validators()
			if len(tc.vals) == 0 {
				if !errors.Is(err, ledger.ErrNotFound) {
					t.Fatalf("no validators: %v", err)
				}
				return
			}
			if err != nil || len(got) != len(tc.vals) {
				t.Fatalf("validators %v (%v)", got, err)
			}
			for _, v := range tc.vals {
				found := false
				for _, lv := range got {
					found = found || (bytes.Equal(lv.PubKey, v.PubKey.GetEd25519()) && lv.Power == v.Power)
				}
				if !found {
					t.Fatalf("validator %v missing from %v", v, got)
				}
			}
		})
	}
}

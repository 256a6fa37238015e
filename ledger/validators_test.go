package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// sameVals reports whether two validator lists are equal entry by entry.
func sameVals(a, b []Validator) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i].PubKey, b[i].PubKey) || a[i].Power != b[i].Power {
			return false
		}
	}
	return true
}

// sorted returns vs sorted by key, as the ledger reports sets and updates.
func sorted(vs ...Validator) []Validator {
	out := append([]Validator(nil), vs...)
	sortValidators(out)
	return out
}

// vals returns n validators with keys valKey(from), valKey(from+1), ...
func vals(from byte, n int, power int64) []Validator {
	out := make([]Validator, n)
	for i := range out {
		out[i] = val(from+byte(i), power)
	}
	return out
}

// vote returns a governance.members vote that restates w's genesis members
// and carries the validator updates.
func (w *world) vote(ups ...Validator) *MembersOp {
	w.t.Helper()
	g, err := w.s.GovernanceMembers()
	if err != nil {
		w.t.Fatal(err)
	}
	return &MembersOp{Threshold: g.Threshold, Members: g.Members, Validators: ups}
}

// signedVote builds a governance tx of op at seq, signed by members 0 and 1.
func (w *world) signedVote(seq uint64, op GovernanceOp) []byte {
	w.t.Helper()
	tx, err := NewGovernanceTx(testChain, seq, op, w.members[0], w.members[1])
	if err != nil {
		w.t.Fatal(err)
	}
	return tx
}

func TestValidatorUpdates(t *testing.T) {
	w := newWorld(t)
	members := w.vote().Members
	// listOp encodes an empty validator list, which MembersOp never does
	// (omitempty): not the canonical form.
	type listOp struct {
		Threshold  int         `json:"threshold"`
		Members    []Member    `json:"members"`
		Validators []Validator `json:"validators"`
	}
	byVote := func(ups ...Validator) func(uint64) []byte {
		return func(seq uint64) []byte { return w.signedVote(seq, w.vote(ups...)) }
	}
	// Four validators are left when "grow to MaxValidators" runs.
	grown := vals(10, MaxValidators-4, 1)
	removeGrown := make([]Validator, len(grown))
	for i, v := range grown {
		removeGrown[i] = Validator{PubKey: v.PubKey}
	}
	tests := []struct {
		name string
		tx   func(seq uint64) []byte
		want error
		log  string      // part of the rejection's log line
		ups  []Validator // the block's validator updates when accepted
	}{
		{"key of 31 bytes", byVote(Validator{PubKey: valKey(4)[:31], Power: 5}), ErrInvalidOp, "key of 31 bytes", nil},
		{"key of 33 bytes", byVote(Validator{PubKey: append(valKey(4), 0), Power: 5}), ErrInvalidOp, "key of 33 bytes", nil},
		{"no key", byVote(Validator{Power: 5}), ErrInvalidOp, "key of 0 bytes", nil},
		{"negative power", byVote(val(4, -1)), ErrInvalidOp, "power -1", nil},
		{"power over MaxValidatorPower", byVote(val(4, MaxValidatorPower+1)), ErrInvalidOp, fmt.Sprintf("power %d", MaxValidatorPower+1), nil},
		{"same key twice", byVote(val(4, 5), val(4, 6)), ErrInvalidOp, "updated twice", nil},
		{"same key removed and set", byVote(val(1, 0), val(1, 5)), ErrInvalidOp, "updated twice", nil},
		{"remove a key not in the set", byVote(val(4, 0)), ErrInvalidOp, "not in the validator set", nil},
		{"remove every validator", byVote(val(1, 0), val(2, 0), val(3, 0)), ErrInvalidOp, "leave no validator", nil},
		{"set over MaxValidators", byVote(vals(10, MaxValidators-len(w.vals)+1, 1)...), ErrInvalidOp, fmt.Sprintf("leave %d validators", MaxValidators+1), nil},
		{"more than MaxValidatorUpdates", byVote(vals(10, MaxValidatorUpdates+1, 1)...), ErrTooLarge, fmt.Sprintf("%d validator updates", MaxValidatorUpdates+1), nil},
		{"invalid members", func(seq uint64) []byte {
			return w.signedVote(seq, &MembersOp{Threshold: 0, Members: members, Validators: []Validator{val(4, 5)}})
		}, ErrInvalidOp, "threshold 0", nil},
		{"below threshold", func(seq uint64) []byte {
			tx, err := NewGovernanceTx(testChain, seq, w.vote(val(4, 5)), w.members[0])
			if err != nil {
				t.Fatal(err)
			}
			return tx
		}, ErrUnauthorisedGovernance, "1 distinct member", nil},
		{"empty list written out", func(seq uint64) []byte {
			tx, _, err := BuildTx(testChain, TypeGovernanceMembers, seq, SignerGovernance, listOp{Threshold: 2, Members: members, Validators: []Validator{}}, w.members[0], w.members[1])
			if err != nil {
				t.Fatal(err)
			}
			return tx
		}, ErrMalformed, "canonical form", nil},
		{"add a validator", byVote(val(4, 5)), nil, "", []Validator{val(4, 5)}},
		{"change a power", byVote(val(2, 20)), nil, "", []Validator{val(2, 20)}},
		{"same power again: no update", byVote(val(2, 20)), nil, "", nil},
		{"remove a validator", byVote(val(1, 0)), nil, "", []Validator{val(1, 0)}},
		{"add at MaxValidatorPower", byVote(val(5, MaxValidatorPower)), nil, "", []Validator{val(5, MaxValidatorPower)}},
		{"remove and add in one vote", byVote(val(5, 0), val(6, 1)), nil, "", sorted(val(5, 0), val(6, 1))},
		{"grow to MaxValidators", byVote(grown...), nil, "", sorted(grown...)},
		{"shrink again", byVote(removeGrown...), nil, "", sorted(removeGrown...)},
		{"members only: set unchanged", byVote(), nil, "", nil},
	}
	// model is the set the accepted votes should have produced.
	model := map[string]int64{}
	for _, v := range w.vals {
		model[string(v.PubKey)] = v.Power
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			before := w.s.AppHash()
			res := w.finalize(tc.tx(w.govSeq + 1))
			r := res.TxResults[0]
			if tc.want != nil {
				if !errors.Is(r.Code.Err(), tc.want) || !strings.Contains(r.Log, tc.log) {
					t.Fatalf("code %d (%s), want %v", r.Code, r.Log, tc.want)
				}
				if !bytes.Equal(before, w.s.AppHash()) || len(res.ValidatorUpdates) != 0 {
					t.Fatal("a rejected vote changed the state or the validators")
				}
			} else {
				if r.Code != CodeOK {
					t.Fatalf("rejected: %d %s", r.Code, r.Log)
				}
				w.govSeq++
				for _, u := range tc.ups {
					if u.Power == 0 {
						delete(model, string(u.PubKey))
					} else {
						model[string(u.PubKey)] = u.Power
					}
				}
			}
			if !sameVals(res.ValidatorUpdates, tc.ups) {
				t.Fatalf("updates %v, want %v", res.ValidatorUpdates, tc.ups)
			}
			var want []Validator
			for k, p := range model {
				want = append(want, Validator{PubKey: []byte(k), Power: p})
			}
			got, err := w.s.Validators()
			if err != nil || !sameVals(got, sorted(want...)) {
				t.Fatalf("set %v (%v), want %v", got, err, sorted(want...))
			}
		})
	}
}

// A vote's validator updates change the app hash: the same vote with and
// without them (same members, same seq) gives different hashes.
func TestValidatorChangeChangesAppHash(t *testing.T) {
	w := newWorld(t)
	h := w.s.Info().LastHeight + 1
	hash := func(op GovernanceOp) []byte {
		res, err := w.s.FinalizeBlock(h, w.now, [][]byte{w.signedVote(1, op)})
		if err != nil || res.TxResults[0].Code != CodeOK {
			t.Fatalf("%v %+v", err, res)
		}
		return res.AppHash
	}
	if bytes.Equal(hash(w.vote()), hash(w.vote(val(4, 5)))) {
		t.Fatal("a validator change left the app hash as a members-only vote")
	}
}

// The updates of one block are netted per key: one entry per key with its
// last power, none for a key whose power ends where it started, sorted by
// key, and nothing from a rejected vote.
func TestValidatorUpdatesNetted(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name  string
		votes [][]Validator
		codes []Code
		ups   []Validator
		set   []Validator
	}{
		{
			name: "added then removed, removed then re-added, changed twice",
			votes: [][]Validator{
				{val(4, 5), val(1, 20), val(2, 0)},
				{val(4, 0), val(1, 30), val(5, 7), val(2, 10)},
				{val(6, 0)}, // not in the set: rejected
				{val(3, 10)},
			},
			codes: []Code{CodeOK, CodeOK, CodeInvalidOp, CodeOK},
			ups:   sorted(val(1, 30), val(5, 7)),
			set:   sorted(val(1, 30), val(2, 10), val(3, 10), val(5, 7)),
		},
		{
			name:  "removed then re-added with another power, last wins",
			votes: [][]Validator{{val(5, 0)}, {val(5, 8), val(1, 0)}},
			codes: []Code{CodeOK, CodeOK},
			ups:   sorted(val(1, 0), val(5, 8)),
			set:   sorted(val(2, 10), val(3, 10), val(5, 8)),
		},
		{
			name:  "rejected votes only",
			votes: [][]Validator{{val(9, 0)}, {val(1, -1)}},
			codes: []Code{CodeInvalidOp, CodeInvalidOp},
			set:   sorted(val(2, 10), val(3, 10), val(5, 8)),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t
			// A rejected vote does not use up its seq.
			var txs [][]byte
			seq := w.govSeq
			for i, v := range tc.votes {
				txs = append(txs, w.signedVote(seq+1, w.vote(v...)))
				if tc.codes[i] == CodeOK {
					seq++
				}
			}
			res := w.finalize(txs...)
			for i, c := range tc.codes {
				if res.TxResults[i].Code != c {
					t.Fatalf("vote %d: code %d (%s), want %d", i, res.TxResults[i].Code, res.TxResults[i].Log, c)
				}
			}
			w.govSeq = seq
			if !sameVals(res.ValidatorUpdates, tc.ups) {
				t.Fatalf("updates %v, want %v", res.ValidatorUpdates, tc.ups)
			}
			for i := 1; i < len(res.ValidatorUpdates); i++ {
				if bytes.Compare(res.ValidatorUpdates[i-1].PubKey, res.ValidatorUpdates[i].PubKey) >= 0 {
					t.Fatal("updates not sorted by key")
				}
			}
			if got, err := w.s.Validators(); err != nil || !sameVals(got, tc.set) {
				t.Fatalf("set %v (%v), want %v", got, err, tc.set)
			}
		})
	}
}

func TestValidatorsInitChain(t *testing.T) {
	g := genesisOf(newWorld(t))
	tests := []struct {
		name    string
		vals    []Validator
		wantErr bool
	}{
		{"none", nil, false},
		{"one", []Validator{val(1, 1)}, false},
		{"unsorted", []Validator{val(3, 1), val(1, 2), val(2, 3)}, false},
		{"exactly MaxValidators", vals(1, MaxValidators, MaxValidatorPower), false},
		{"key of 31 bytes", []Validator{{PubKey: valKey(1)[:31], Power: 1}}, true},
		{"no key", []Validator{{Power: 1}}, true},
		{"power zero", []Validator{val(1, 0)}, true},
		{"negative power", []Validator{val(1, -5)}, true},
		{"power over MaxValidatorPower", []Validator{val(1, MaxValidatorPower+1)}, true},
		{"duplicate key", []Validator{val(1, 1), val(2, 1), val(1, 2)}, true},
		{"over MaxValidators", vals(1, MaxValidators+1, 1), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := NewState()
			_, err := s.InitChain(g, tc.vals...)
			if tc.wantErr {
				if !errors.Is(err, ErrBadGenesis) || s.Info().ChainID != "" {
					t.Fatalf("err %v, chain %q", err, s.Info().ChainID)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.Validators()
			q := s.Query(QueryValidators, nil, 0)
			if len(tc.vals) == 0 {
				if !errors.Is(err, ErrNotFound) || !errors.Is(q.Err, ErrNotFound) {
					t.Fatalf("unknown set: %v, query %v", err, q.Err)
				}
				return
			}
			if err != nil || !sameVals(got, sorted(tc.vals...)) {
				t.Fatalf("set %v (%v)", got, err)
			}
			var ans ValidatorSet
			if q.Err != nil || decodeStrict(q.Value, &ans) != nil || !sameVals(ans.Validators, got) {
				t.Fatalf("query %s (%v)", q.Value, q.Err)
			}
		})
	}
	// The set is in the hashed state, in one order whatever the input's.
	hash := func(vs ...Validator) string {
		h, err := NewState().InitChain(g, vs...)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%x", h)
	}
	if hash() == hash(val(1, 1)) || hash(val(1, 1)) == hash(val(1, 2)) {
		t.Fatal("the initial validator set is not in the app hash")
	}
	if hash(val(1, 1), val(2, 1)) != hash(val(2, 1), val(1, 1)) {
		t.Fatal("the initial app hash depends on the validators' order")
	}
}

// Without genesis validators the ledger does not know the set: votes with
// validator updates are rejected, members-only votes still pass.
func TestValidatorSetUnknown(t *testing.T) {
	w := newWorldWith(t)
	w.expect(w.gov(w.vote(val(1, 5)), 0, 1), ErrInvalidOp)
	w.govOK(w.vote())
	if _, err := w.s.Validators(); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown set: %v", err)
	}
}

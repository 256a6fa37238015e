package ledger

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"slices"
)

// Validator is a member of the consensus (CometBFT) validator set: a raw
// Ed25519 public key of ed25519.PublicKeySize bytes and its voting power. In
// JSON the key is standard padded base64, as encoding/json writes []byte
// and as CometBFT writes the key's value in its genesis file.
type Validator struct {
	PubKey []byte `json:"pubKey"`
	Power  int64  `json:"power"`
}

// ValidatorSet is the consensus validator set the ledger knows, sorted by
// key bytes: the set at InitChain with every committed governance update
// applied. It is the answer of QueryValidators. Updates returned by block H
// take effect in CometBFT at height H+2 (ABCI++ spec, "Updating the
// Validator Set"), so from block H+2 on this is the set that signs.
type ValidatorSet struct {
	Validators []Validator `json:"validators"`
}

// keyString names a validator key in log lines and maps: its base64 form,
// as it appears in a MembersOp.
func keyString(pk []byte) string { return base64.StdEncoding.EncodeToString(pk) }

// checkValidator checks one validator entry: a 32-byte key and a power from
// minPower (1 for a member of a set, 0 for an update, where 0 removes) to
// MaxValidatorPower.
func checkValidator(v Validator, minPower int64) error {
	if len(v.PubKey) != ed25519.PublicKeySize {
		return errf(ErrInvalidOp, "validator key of %d bytes, want an Ed25519 key of %d", len(v.PubKey), ed25519.PublicKeySize)
	}
	if v.Power < minPower || v.Power > MaxValidatorPower {
		return errf(ErrInvalidOp, "validator %s power %d, want %d to %d", keyString(v.PubKey), v.Power, minPower, MaxValidatorPower)
	}
	return nil
}

// sortValidators orders a set by key bytes, the one order the ledger stores
// and reports.
func sortValidators(vs []Validator) {
	slices.SortFunc(vs, func(a, b Validator) int { return bytes.Compare(a.PubKey, b.PubKey) })
}

// genesisValidators validates the initial validator set (1 to MaxValidators
// distinct keys, power 1 to MaxValidatorPower) and returns a sorted copy.
func genesisValidators(vals []Validator) ([]Validator, error) {
	if len(vals) == 0 || len(vals) > MaxValidators {
		return nil, errf(ErrInvalidOp, "%d validators, want 1 to %d", len(vals), MaxValidators)
	}
	out := make([]Validator, len(vals))
	seen := make(map[string]bool, len(vals))
	for i, v := range vals {
		if err := checkValidator(v, 1); err != nil {
			return nil, err
		}
		if seen[string(v.PubKey)] {
			return nil, errf(ErrInvalidOp, "validator %s listed twice", keyString(v.PubKey))
		}
		seen[string(v.PubKey)] = true
		out[i] = Validator{PubKey: bytes.Clone(v.PubKey), Power: v.Power}
	}
	sortValidators(out)
	return out, nil
}

// updateValidators applies the validator updates of a governance.members
// vote to the stored set. The rules are those CometBFT requires of an
// application's updates (ABCI++ spec, "Updating the Validator Set"),
// checked here so that a bad vote is a rejected transaction rather than a
// block CometBFT cannot execute:
//
//   - "power must be non-negative" (and at most MaxValidatorPower, so the
//     total stays far below MaxTotalVotingPower = MaxInt64 / 8);
//   - "a given public key can only appear once within a given update";
//   - "if power is set to 0, the validator must be in the validator set";
//   - the resulting set is not empty (CometBFT: "applying the validator
//     changes would result in empty set") and has at most MaxValidators.
func (a *applier) updateValidators(ups []Validator) error {
	if len(ups) > MaxValidatorUpdates {
		return errf(ErrTooLarge, "%d validator updates, limit %d", len(ups), MaxValidatorUpdates)
	}
	var set ValidatorSet
	ok, err := load(a.o, keyValidators, &set)
	if err != nil {
		return err
	}
	if !ok {
		return errf(ErrInvalidOp, "validator set unknown: InitChain was given no validators, so updates cannot be checked")
	}
	power := make(map[string]int64, len(set.Validators)+len(ups))
	for _, v := range set.Validators {
		power[string(v.PubKey)] = v.Power
	}
	seen := make(map[string]bool, len(ups))
	for _, u := range ups {
		if err := checkValidator(u, 0); err != nil {
			return err
		}
		k := string(u.PubKey)
		if seen[k] {
			return errf(ErrInvalidOp, "validator %s updated twice in one vote", keyString(u.PubKey))
		}
		seen[k] = true
		if u.Power == 0 {
			if _, ok := power[k]; !ok {
				return errf(ErrInvalidOp, "validator %s to remove is not in the validator set", keyString(u.PubKey))
			}
			delete(power, k)
			continue
		}
		power[k] = u.Power
	}
	if len(power) == 0 {
		return errf(ErrInvalidOp, "the updates would leave no validator")
	}
	if len(power) > MaxValidators {
		return errf(ErrInvalidOp, "the updates would leave %d validators, limit %d", len(power), MaxValidators)
	}
	// Map iteration order does not matter: the result is sorted.
	next := make([]Validator, 0, len(power))
	for k, p := range power {
		next = append(next, Validator{PubKey: []byte(k), Power: p})
	}
	sortValidators(next)
	return put(a.o, keyValidators, &ValidatorSet{Validators: next})
}

// validatorChanges returns the updates that turn the set stored in before
// into the set stored in after, sorted by key: the key with its new power
// for every added or changed validator, with power 0 for every removed one.
// This is the net effect of all of a block's votes, one entry per key (the
// last vote touching a key wins), and it never names a key whose power ends
// where it started: a validator added and removed again in one block gives
// no update, where "last wins" alone would remove a key CometBFT's set does
// not hold and halt the chain.
func validatorChanges(before, after reader) ([]Validator, error) {
	var b, a ValidatorSet
	if _, err := load(before, keyValidators, &b); err != nil {
		return nil, err
	}
	if _, err := load(after, keyValidators, &a); err != nil {
		return nil, err
	}
	var out []Validator
	i, j := 0, 0
	for i < len(b.Validators) || j < len(a.Validators) {
		var c int
		switch {
		case i == len(b.Validators):
			c = 1
		case j == len(a.Validators):
			c = -1
		default:
			c = bytes.Compare(b.Validators[i].PubKey, a.Validators[j].PubKey)
		}
		switch {
		case c < 0: // removed
			out = append(out, Validator{PubKey: b.Validators[i].PubKey, Power: 0})
			i++
		case c > 0: // added
			out = append(out, a.Validators[j])
			j++
		default:
			if a.Validators[j].Power != b.Validators[i].Power {
				out = append(out, a.Validators[j])
			}
			i++
			j++
		}
	}
	return out, nil
}

// Validators returns the current consensus validator set from the committed
// state, sorted by key bytes. It is ErrNotFound when InitChain was given no
// validators (a state built without CometBFT): the ledger then does not know
// the set and rejects every validator update.
func (s *State) Validators() ([]Validator, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var set ValidatorSet
	ok, err := load(s.committed, keyValidators, &set)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errf(ErrNotFound, "validator set unknown: InitChain was given no validators")
	}
	return set.Validators, nil
}

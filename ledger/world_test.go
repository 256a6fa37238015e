package ledger

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

const testChain = "cachet-test"

// world is an in-memory ledger with three governance members (threshold
// 2), three consensus validators (valKey(1..3), power 10) and a clock that
// advances one hour per block.
type world struct {
	t       testing.TB
	s       *State
	members []TxSigner
	vals    []Validator // the genesis validators
	now     time.Time
	govSeq  uint64
}

func newWorld(t testing.TB) *world {
	return newWorldWith(t, genesisVals()...)
}

// newWorldWith is newWorld with the given genesis validators (none: the
// set is unknown).
func newWorldWith(t testing.TB, vals ...Validator) *world {
	w := &world{t: t, s: NewState(), vals: vals, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var g Genesis
	g.ChainID, g.Threshold = testChain, 2
	for _, id := range []string{"gov-a", "gov-b", "gov-c"} {
		k := mustKey(t, keys.EdDSA)
		w.members = append(w.members, TxSigner{KID: id, Signer: k})
		g.Members = append(g.Members, Member{ID: id, PublicKeyJwk: k.Public().JWK()})
	}
	if _, err := w.s.InitChain(g, vals...); err != nil {
		t.Fatal(err)
	}
	return w
}

// valKey is a fixed Ed25519 validator public key, distinct for each i.
func valKey(i byte) []byte {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{i}, ed25519.SeedSize)).Public().(ed25519.PublicKey)
}

func val(i byte, power int64) Validator { return Validator{PubKey: valKey(i), Power: power} }

func genesisVals() []Validator { return []Validator{val(1, 10), val(2, 10), val(3, 10)} }

// finalize finalizes and commits one block at w.now, then advances the
// clock.
func (w *world) finalize(txs ...[]byte) *BlockResult {
	w.t.Helper()
	res, err := w.s.FinalizeBlock(w.s.Info().LastHeight+1, w.now, txs)
	if err != nil {
		w.t.Fatal(err)
	}
	h, err := w.s.Commit()
	if err != nil {
		w.t.Fatal(err)
	}
	if string(h) != string(res.AppHash) {
		w.t.Fatal("commit hash differs from FinalizeBlock hash")
	}
	w.now = w.now.Add(time.Hour)
	return res
}

func mustKey(t testing.TB, alg keys.Algorithm) *keys.PrivateKey {
	t.Helper()
	k, err := keys.Generate(alg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// block finalizes and commits one block at w.now, then advances the clock.
func (w *world) block(txs ...[]byte) []TxResult {
	w.t.Helper()
	return w.finalize(txs...).TxResults
}

// mustApply commits tx alone and fails unless it is accepted.
func (w *world) mustApply(tx []byte) TxResult {
	w.t.Helper()
	r := w.block(tx)[0]
	if r.Code != CodeOK {
		w.t.Fatalf("tx rejected: %d %s", r.Code, r.Log)
	}
	return r
}

// expect commits tx alone and checks it is rejected with want and that the
// app hash did not change.
func (w *world) expect(tx []byte, want error) {
	w.t.Helper()
	before := w.s.AppHash()
	r := w.block(tx)[0]
	if want == nil {
		if r.Code != CodeOK {
			w.t.Fatalf("tx rejected: %d %s", r.Code, r.Log)
		}
		return
	}
	if !errors.Is(r.Code.Err(), want) {
		w.t.Fatalf("code %d (%s), want %v", r.Code, r.Log, want)
	}
	if r.Log == "" {
		w.t.Fatal("rejected tx has no log line")
	}
	if string(before) != string(w.s.AppHash()) {
		w.t.Fatal("a rejected tx changed the app hash")
	}
}

// bureau is a DID controller in tests: a capabilityInvocation key and an
// assertionMethod key.
type bureau struct {
	did    string
	ctl    *keys.PrivateKey // #ctl: capabilityInvocation
	assert *keys.PrivateKey // #sign: assertionMethod
}

func docFor(ctl, assert *keys.PrivateKey) Document {
	return Document{
		VerificationMethod: []VerificationMethod{
			{ID: "#ctl", Type: TypeJsonWebKey, PublicKeyJwk: ptr(ctl.Public().JWK())},
			{ID: "#sign", Type: TypeMultikey, PublicKeyMultibase: assert.Public().Multibase()},
		},
		AssertionMethod:      []string{"#sign"},
		CapabilityInvocation: []string{"#ctl"},
		Service:              []Service{{ID: "#status", Type: "StatusList", ServiceEndpoint: "https://bureau.example/status"}},
	}
}

func ptr[T any](v T) *T { return &v }

// newBureau creates a DID on the ledger.
func (w *world) newBureau() *bureau {
	w.t.Helper()
	b := &bureau{ctl: mustKey(w.t, keys.EdDSA), assert: mustKey(w.t, keys.ES256)}
	tx, did, err := NewDIDCreate(testChain, docFor(b.ctl, b.assert), b.ctl, "#ctl")
	if err != nil {
		w.t.Fatal(err)
	}
	r := w.mustApply(tx)
	if string(r.Data) != did {
		w.t.Fatalf("created %q, builder said %q", r.Data, did)
	}
	b.did = did
	return b
}

// gov builds a governance tx with the next seq, signed by the members
// named by index.
func (w *world) gov(op GovernanceOp, signers ...int) []byte {
	w.t.Helper()
	var ss []TxSigner
	for _, i := range signers {
		ss = append(ss, w.members[i])
	}
	tx, err := NewGovernanceTx(testChain, w.govSeq+1, op, ss...)
	if err != nil {
		w.t.Fatal(err)
	}
	return tx
}

// govOK applies a governance op signed by members 0 and 1.
func (w *world) govOK(op GovernanceOp) {
	w.t.Helper()
	w.mustApply(w.gov(op, 0, 1))
	w.govSeq++
}

func (w *world) authorize(did string, vcts ...string) {
	w.t.Helper()
	w.govOK(&AuthorizeOp{Issuer: did, VCTs: vcts, ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2030-01-01T00:00:00Z"})
}

// tamper flips one bit of a transaction's first signature.
func tamper(t testing.TB, txb []byte) []byte {
	t.Helper()
	tx, err := DecodeTx(txb)
	if err != nil {
		t.Fatal(err)
	}
	tx.Sigs[0].Sig[0] ^= 1
	return tx.Encode()
}

const digestA = "sha256-47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"
const digestB = "sha256-LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564"

package cachet

import (
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
	"github.com/cachet-district/cachet/ledger"
)

const testChain = "cachet-test"

// world is an in-memory ledger with one governance member and a clock that
// advances one hour per block, as the ledger's own tests build it.
type world struct {
	t   testing.TB
	s   *ledger.State
	now time.Time
}

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{t: t, s: ledger.NewState(), now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	gov := mustKey(t, keys.EdDSA)
	g := ledger.Genesis{ChainID: testChain, Threshold: 1, Members: []ledger.Member{{ID: "gov-a", PublicKeyJwk: gov.Public().JWK()}}}
	if _, err := w.s.InitChain(g); err != nil {
		t.Fatal(err)
	}
	return w
}

func mustKey(t testing.TB, alg keys.Algorithm) *keys.PrivateKey {
	t.Helper()
	k, err := keys.Generate(alg)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// apply commits tx alone in a block at w.now, fails unless it is accepted,
// advances the clock and returns the block time.
func (w *world) apply(tx []byte) time.Time {
	w.t.Helper()
	at := w.now
	res, err := w.s.FinalizeBlock(w.s.Info().LastHeight+1, at, [][]byte{tx})
	if err != nil {
		w.t.Fatal(err)
	}
	if r := res.TxResults[0]; r.Code != ledger.CodeOK {
		w.t.Fatalf("tx rejected: %d %s", r.Code, r.Log)
	}
	if _, err := w.s.Commit(); err != nil {
		w.t.Fatal(err)
	}
	w.now = w.now.Add(time.Hour)
	return at
}

// bureau is a did:cachet institution: #ctl (capabilityInvocation, EdDSA),
// #sign (assertionMethod) and #auth (authentication only).
type bureau struct {
	did              string
	ctl, sign, auth  *keys.PrivateKey
	created, updated time.Time
}

func docFor(b *bureau) ledger.Document {
	jwk := b.ctl.Public().JWK()
	return ledger.Document{
		VerificationMethod: []ledger.VerificationMethod{
			{ID: "#ctl", Type: ledger.TypeJsonWebKey, PublicKeyJwk: &jwk},
			{ID: "#sign", Type: ledger.TypeMultikey, PublicKeyMultibase: b.sign.Public().Multibase()},
			{ID: "#auth", Type: ledger.TypeMultikey, PublicKeyMultibase: b.auth.Public().Multibase()},
		},
		Authentication:       []string{"#auth"},
		AssertionMethod:      []string{"#sign"},
		CapabilityInvocation: []string{"#ctl"},
		Service:              []ledger.Service{{ID: "#status", Type: "BitstringStatusList", ServiceEndpoint: "https://bureau.example/status"}},
	}
}

// newBureau creates a DID whose #sign key is an ES256 key.
func (w *world) newBureau() *bureau {
	w.t.Helper()
	b := &bureau{ctl: mustKey(w.t, keys.EdDSA), sign: mustKey(w.t, keys.ES256), auth: mustKey(w.t, keys.EdDSA)}
	tx, did, err := ledger.NewDIDCreate(testChain, docFor(b), b.ctl, "#ctl")
	if err != nil {
		w.t.Fatal(err)
	}
	b.did = did
	b.created = w.apply(tx)
	return b
}

// rotate replaces b's #sign key with a new EdDSA key (version 2) and
// returns the old one.
func (w *world) rotate(b *bureau) *keys.PrivateKey {
	w.t.Helper()
	old := b.sign
	b.sign = mustKey(w.t, keys.EdDSA)
	seq, err := w.s.NextSeq(b.did)
	if err != nil {
		w.t.Fatal(err)
	}
	tx, err := ledger.NewDIDUpdate(testChain, b.did, seq, docFor(b), b.ctl, "#ctl")
	if err != nil {
		w.t.Fatal(err)
	}
	b.updated = w.apply(tx)
	return old
}

// deactivate deactivates b and returns the block time.
func (w *world) deactivate(b *bureau) time.Time {
	w.t.Helper()
	seq, err := w.s.NextSeq(b.did)
	if err != nil {
		w.t.Fatal(err)
	}
	tx, err := ledger.NewDIDDeactivate(testChain, b.did, seq, b.ctl, "#ctl")
	if err != nil {
		w.t.Fatal(err)
	}
	return w.apply(tx)
}

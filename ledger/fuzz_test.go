package ledger

import (
	"bytes"
	"errors"
	"testing"

	"github.com/cachet-district/cachet/keys"
)

// seedTxs returns one valid transaction of each type against w, after
// creating and authorising the bureau they use (so the seeds are accepted
// by a state in w's condition).
func seedTxs(t testing.TB, w *world) [][]byte {
	b := w.newBureau()
	w.authorize(b.did, "food-safety")
	up, _ := NewDIDUpdate(testChain, b.did, 1, docFor(b.ctl, b.assert), b.ctl, "#ctl")
	de, _ := NewDIDDeactivate(testChain, b.did, 1, b.ctl, b.did+"#ctl")
	an, _ := NewStatusAnchor(testChain, b.did, 1, StatusAnchorOp{URL: "https://b.example/s", Digest: digestA, Sequence: 1}, b.assert, "#sign")
	nk := mustKey(t, keys.ES256)
	cr, _, _ := NewDIDCreate(testChain, docFor(nk, b.assert), nk, "#ctl")
	out := [][]byte{up, de, an, cr}
	for _, op := range []GovernanceOp{
		&AuthorizeOp{Issuer: b.did, VCTs: []string{"a"}, ValidFrom: "2026-01-01T00:00:00Z", ValidUntil: "2030-01-01T00:00:00Z"},
		&RevokeOp{Issuer: b.did, All: true},
		&SchemaOp{TypeID: "t", VCT: "v", SchemaDigest: digestA, MetadataDigest: digestB, Name: LocalName{Zh: "甲", En: "A"}},
		&VerifierOp{Verifier: b.did, Name: LocalName{Zh: "乙", En: "B"}, Services: []VerifierService{{ID: "s", Name: LocalName{Zh: "丙", En: "C"}, VCTs: []string{"x"}, Claims: []string{"c"}}}},
		&VerifierRevokeOp{Verifier: b.did},
		&MembersOp{Threshold: 1, Members: []Member{{ID: "m", PublicKeyJwk: mustKey(t, keys.EdDSA).Public().JWK()}}},
		w.vote(val(4, 5), val(1, 0), val(2, 7)),
	} {
		out = append(out, w.gov(op, 0, 1))
	}
	return out
}

func FuzzDecodeTx(f *testing.F) {
	w := newWorld(f)
	for _, tx := range seedTxs(f, w) {
		f.Add(tx)
	}
	f.Add([]byte(`{"payload":"e30","sigs":[{"kid":"#a","sig":"AA"}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tx, err := DecodeTx(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v wraps neither ErrMalformed nor ErrTooLarge", err)
			}
			return
		}
		if !bytes.Equal(tx.Encode(), data) {
			t.Fatalf("decoded tx re-encodes differently:\n%s\n%s", data, tx.Encode())
		}
	})
}

func FuzzApply(f *testing.F) {
	w := newWorld(f)
	for _, tx := range seedTxs(f, w) {
		f.Add(tx)
	}
	f.Add([]byte("{}"))
	s := w.s
	base := s.AppHash()
	h := s.Info().LastHeight + 1
	now := w.now
	f.Fuzz(func(t *testing.T, data []byte) {
		// FinalizeBlock without Commit: every input meets the same state.
		res, err := s.FinalizeBlock(h, now, [][]byte{data})
		if err != nil {
			t.Fatal(err)
		}
		r := res.TxResults[0]
		if r.Code == CodeInternal {
			t.Fatalf("validation panicked or failed internally: %s", r.Log)
		}
		if r.Code != CodeOK && !bytes.Equal(res.AppHash, base) {
			t.Fatalf("rejected tx (%s) changed the app hash", r.Log)
		}
		if r.Code != CodeOK && r.Log == "" {
			t.Fatal("rejection without a log line")
		}
		// Validator updates are only ever ones CometBFT accepts: valid
		// keys and powers, strictly sorted (so one per key), from an
		// accepted vote.
		if r.Code != CodeOK && len(res.ValidatorUpdates) != 0 {
			t.Fatal("a rejected tx gave validator updates")
		}
		for i, u := range res.ValidatorUpdates {
			if err := checkValidator(u, 0); err != nil {
				t.Fatal(err)
			}
			if i > 0 && bytes.Compare(res.ValidatorUpdates[i-1].PubKey, u.PubKey) >= 0 {
				t.Fatal("validator updates not strictly sorted")
			}
		}
	})
}

// Every single-byte change of a valid transaction is rejected, and the
// rejection changes nothing.
func TestOneChangedByteFails(t *testing.T) {
	w := newWorld(t)
	seeds := seedTxs(t, w)
	s := w.s
	base := s.AppHash()
	h := s.Info().LastHeight + 1
	for _, tx := range [][]byte{seeds[0], seeds[4], seeds[len(seeds)-1]} { // did.update, governance, validator vote
		if res, err := s.FinalizeBlock(h, w.now, [][]byte{tx}); err != nil || res.TxResults[0].Code != CodeOK {
			t.Fatalf("seed rejected: %v %+v", err, res)
		}
		for i := range tx {
			m := bytes.Clone(tx)
			m[i] ^= 0x01
			res, err := s.FinalizeBlock(h, w.now, [][]byte{m})
			if err != nil {
				t.Fatal(err)
			}
			if res.TxResults[0].Code == CodeOK || !bytes.Equal(res.AppHash, base) {
				t.Fatalf("byte %d changed: code %d", i, res.TxResults[0].Code)
			}
		}
	}
}

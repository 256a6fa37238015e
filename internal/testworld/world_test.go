package testworld

import (
	"errors"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/credential/status"
	"github.com/cachet-district/cachet/keys"
)

const counter = "did:web:counter.chancheng.example"

// TestJourney: every credential of every citizen is issued by its bureau,
// presented with a chosen subset, verified, then suspended, reinstated and
// revoked, for both algorithm pairings.
func TestJourney(t *testing.T) {
	for _, algs := range [][2]keys.Algorithm{{keys.EdDSA, keys.ES256}, {keys.ES256, keys.EdDSA}} {
		t.Run(string(algs[0])+"-"+string(algs[1]), func(t *testing.T) {
			w := NewWithAlgorithms(t, algs[0], algs[1])
			for _, c := range w.Citizens {
				for typeID := range c.Claims {
					b := bureauFor(t, w, typeID)
					sd, idx, err := w.IssueSDJWT(b, c, typeID)
					if err != nil {
						t.Fatalf("%s %s: %v", c.Name, typeID, err)
					}
					typ, _ := w.Schemas.ByID(typeID)
					// Disclose the first selectively disclosable claim only
					// (a public record such as a food-safety report has
					// none: everything in it is always shown).
					var paths [][]string
					path := []string{""}
					if sdp := typ.SelectivelyDisclosable(); len(sdp) > 0 {
						path = sdp[0]
						paths = [][]string{path}
					}
					pres, err := w.Present(c, sd, paths, counter, "n1")
					if err != nil {
						t.Fatal(err)
					}
					v, err := w.VerifyPresentation(pres, counter, "n1")
					if err != nil {
						t.Fatalf("%s %s: %v", c.Name, typeID, err)
					}
					if _, ok := v.Claims[path[0]]; (!ok && paths != nil) || v.Issuer != b || v.Type.ID != typeID {
						t.Fatalf("%s %s: verification %+v", c.Name, typeID, v)
					}
					for k := range v.Claims {
						if k != path[0] && !neverDisclosable(typ.SelectivelyDisclosable(), k) {
							t.Errorf("%s %s: undisclosed claim %s visible", c.Name, typeID, k)
						}
					}
					mustStatus(t, w, b, idx, status.StatusSuspended, pres, ErrSuspended)
					mustStatus(t, w, b, idx, status.StatusValid, pres, nil)
					mustStatus(t, w, b, idx, status.StatusInvalid, pres, ErrRevoked)
				}
			}
		})
	}
}

func neverDisclosable(sd [][]string, name string) bool {
	for _, p := range sd {
		if p[0] == name {
			return false
		}
	}
	return true
}

func mustStatus(t *testing.T, w *World, b *Bureau, idx int, s status.StatusType, pres string, want error) {
	t.Helper()
	if err := b.SetStatus(idx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := w.VerifyPresentation(pres, counter, "n1"); !errors.Is(err, want) {
		t.Fatalf("status %s: err = %v, want %v", s, err, want)
	}
}

func bureauFor(t *testing.T, w *World, typeID string) *Bureau {
	for _, b := range w.Bureaus {
		for _, ty := range b.Types {
			if ty == typeID {
				return b
			}
		}
	}
	t.Fatalf("no bureau issues %s", typeID)
	return nil
}

// TestCounterRefuses: the checks the world adds on top of the credential
// packages, each failing on its own.
func TestCounterRefuses(t *testing.T) {
	w := New(t)
	chen := w.Citizens[0]
	ps := w.Bureau("public-security")

	t.Run("bureau not authorised for the type", func(t *testing.T) {
		sd, _, err := w.IssueSDJWT(w.Bureau("education"), chen, "resident-id")
		if err != nil {
			t.Fatal(err)
		}
		pres, _ := w.Present(chen, sd, [][]string{{"name"}}, counter, "n")
		if _, err := w.VerifyPresentation(pres, counter, "n"); !errors.Is(err, ErrNotAuthorised) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("wrong nonce", func(t *testing.T) {
		sd, _, _ := w.IssueSDJWT(ps, chen, "resident-id")
		pres, _ := w.Present(chen, sd, [][]string{{"name"}}, counter, "n")
		if _, err := w.VerifyPresentation(pres, counter, "other"); !errors.Is(err, sdjwt.ErrNonceMismatch) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("stale key binding", func(t *testing.T) {
		sd, _, _ := w.IssueSDJWT(ps, chen, "resident-id")
		pres, _ := w.Present(chen, sd, [][]string{{"name"}}, counter, "n")
		w.Advance(time.Hour)
		defer w.SetNow(Epoch())
		if _, err := w.VerifyPresentation(pres, counter, "n"); !errors.Is(err, sdjwt.ErrKeyBindingTooOld) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("expired credential", func(t *testing.T) {
		sd, _, _ := w.IssueSDJWT(ps, chen, "resident-id")
		w.Advance(Validity + time.Hour)
		defer w.SetNow(Epoch())
		pres, _ := w.Present(chen, sd, [][]string{{"name"}}, counter, "n")
		if _, err := w.VerifyPresentation(pres, counter, "n"); !errors.Is(err, sdjwt.ErrExpired) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("issuer kid of another DID", func(t *testing.T) {
		// A token whose kid names the bureau's key but whose iss claims
		// another bureau is refused before any signature is trusted.
		if _, err := w.issuerKey(ps.Kid, w.Bureau("civil-affairs").DID); !errors.Is(err, ErrIssuerKey) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("vc+jwt issues", func(t *testing.T) {
		if _, err := w.IssueJWT(ps, chen, "resident-id"); err != nil {
			t.Fatal(err)
		}
	})
}

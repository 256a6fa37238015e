package ledger

import (
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

// verifyBaseline measures one bare ed25519.Verify over a message of n bytes
// in the current run, for the ratios the benchmarks report.
func verifyBaseline(b *testing.B, n int) time.Duration {
	b.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	msg := make([]byte, n)
	sig := ed25519.Sign(priv, msg)
	const rounds = 2000
	start := time.Now()
	for range rounds {
		if !ed25519.Verify(pub, msg, sig) {
			b.Fatal("baseline verify failed")
		}
	}
	return time.Since(start) / rounds
}

// BenchmarkApplyDIDCreate measures validating and applying one did.create
// (decode, document validation, key parsing, signature, state writes)
// against a committed state, without committing.
func BenchmarkApplyDIDCreate(b *testing.B) {
	w := newWorld(b)
	k := mustKey(b, keys.EdDSA)
	tx, _, err := NewDIDCreate(testChain, docFor(k, mustKey(b, keys.ES256)), k, "#ctl")
	if err != nil {
		b.Fatal(err)
	}
	base := verifyBaseline(b, len(tx))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		if _, _, err := applyTx(w.s.committed, testChain, 1, w.now, tx); err != nil {
			b.Fatal(err)
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(time.Second)/float64(per), "ops/s")
	b.ReportMetric(float64(per)/float64(base), "x-ed25519-verify")
}

// BenchmarkResolveDID measures resolving the latest version of a DID with
// two versions from committed state, against one bare ed25519.Verify.
func BenchmarkResolveDID(b *testing.B) {
	w := newWorld(b)
	br := w.newBureau()
	up, err := NewDIDUpdate(testChain, br.did, 1, docFor(br.ctl, mustKey(b, keys.EdDSA)), br.ctl, "#ctl")
	if err != nil {
		b.Fatal(err)
	}
	w.mustApply(up)
	at := w.now.Add(-90 * time.Minute)
	base := verifyBaseline(b, 1024)
	for _, bc := range []struct {
		name string
		at   *time.Time
	}{{"latest", nil}, {"versionTime", &at}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			start := time.Now()
			for range b.N {
				if _, err := w.s.ResolveDID(br.did, "", bc.at); err != nil {
					b.Fatal(err)
				}
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per)/float64(base), "x-ed25519-verify")
		})
	}
}

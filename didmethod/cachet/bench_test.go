package cachet

import (
	"context"
	"crypto/ed25519"
	"testing"
	"time"

	"github.com/cachet-district/cachet/didmethod"
)

// verifyBaseline measures one bare ed25519.Verify over a 1 KiB message in
// the current run, for the ratios the benchmarks report.
func verifyBaseline(b *testing.B) time.Duration {
	b.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		b.Fatal(err)
	}
	msg := make([]byte, 1024)
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

// BenchmarkResolve measures resolving a DID with two versions from an
// in-memory ledger through the full conversion to a validated DID Core
// document, and a verifier's VerificationKey lookup at an issuance time,
// against one bare ed25519.Verify.
func BenchmarkResolve(b *testing.B) {
	h := newHistory(b)
	r := Resolver{Source: StateSource{h.w.s}}
	at := h.a.updated.Add(-time.Minute)
	kid := h.a.did + "?versionTime=" + at.UTC().Format("2006-01-02T15:04:05Z") + "#sign"
	base := verifyBaseline(b)
	cases := []struct {
		name string
		run  func() error
	}{
		{"latest", func() error {
			_, err := r.Resolve(context.Background(), h.a.did, didmethod.ResolutionOptions{})
			return err
		}},
		{"versionTime", func() error {
			_, err := r.Resolve(context.Background(), h.a.did, didmethod.ResolutionOptions{VersionTime: &at})
			return err
		}},
		{"VerificationKey", func() error {
			_, _, err := didmethod.VerificationKey(context.Background(), r, kid, didmethod.AssertionMethod)
			return err
		}},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			start := time.Now()
			for range b.N {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(per)/float64(base), "x-ed25519-verify")
		})
	}
}

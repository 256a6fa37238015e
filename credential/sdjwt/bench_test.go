package sdjwt

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/keys"
)

// BenchmarkVerifyPresentation times Parse and VerifyVC of an SD-JWT VC
// presentation (3 Disclosures + KB-JWT) and, in the same run and for the
// same b.N, the two bare signature verifications it cannot avoid, over the
// same bytes. It reports their ratio ("x-bare", target <= 1.3) and the size
// of the presentation in characters.
func BenchmarkVerifyPresentation(b *testing.B) {
	for _, alg := range []keys.Algorithm{keys.EdDSA, keys.ES256} {
		b.Run(string(alg), func(b *testing.B) {
			pres, o := vcPresentation(b, alg)
			s := mustParse(b, pres)
			if _, err := s.VerifyVC(o); err != nil {
				b.Fatal(err)
			}
			bare := bareVerify(b, s, o.IssuerKey)
			// The two are interleaved, one iteration each in turn, and
			// compared by their median times, so that other processes on the
			// machine (a time slice lost in the middle of one call) weigh on
			// neither. ns/op is their sum; ns/verify and ns/bare are the
			// medians.
			full := make([]time.Duration, b.N)
			base := make([]time.Duration, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				t1 := time.Now()
				s, err := Parse(pres)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := s.VerifyVC(o); err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				if !bare() {
					b.Fatal("bare verification failed")
				}
				full[i] = t2.Sub(t1)
				base[i] = time.Since(t2)
			}
			b.StopTimer()
			mf, mb := median(full), median(base)
			b.ReportMetric(float64(mf)/float64(mb), "x-bare")
			b.ReportMetric(float64(mf.Nanoseconds()), "ns/verify")
			b.ReportMetric(float64(mb.Nanoseconds()), "ns/bare")
			b.ReportMetric(float64(len(pres)), "chars")
		})
	}
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// bareVerify returns a function doing only the two signature checks of a
// presentation with the standard library: ed25519.Verify, or SHA-256 plus
// ecdsa.Verify with R and S read from the 64-byte JWS signature.
func bareVerify(b *testing.B, s *SDJWT, issuer *keys.PublicKey) func() bool {
	kb, err := jws.Parse(s.KeyBindingJWT())
	if err != nil {
		b.Fatal(err)
	}
	holder, err := holderKey(s.UnverifiedPayload())
	if err != nil {
		b.Fatal(err)
	}
	type check struct {
		key  any
		data []byte
		sig  []byte
	}
	checks := []check{
		{issuer.CryptoPublicKey(), []byte(s.token.SigningInput()), s.token.Signature},
		{holder.CryptoPublicKey(), []byte(kb.SigningInput()), kb.Signature},
	}
	return func() bool {
		ok := true
		for _, c := range checks {
			switch k := c.key.(type) {
			case ed25519.PublicKey:
				ok = ed25519.Verify(k, c.data, c.sig) && ok
			case *ecdsa.PublicKey:
				h := sha256.Sum256(c.data)
				r := new(big.Int).SetBytes(c.sig[:32])
				s := new(big.Int).SetBytes(c.sig[32:])
				ok = ecdsa.Verify(k, h[:], r, s) && ok
			}
		}
		return ok
	}
}

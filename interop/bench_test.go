package interop_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/jose"
	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/keys"
	"github.com/trustbloc/vc-go/verifiable"
)

// benchChunk is how many iterations of one contender run before the next
// takes over: the three are interleaved in small chunks so that frequency
// changes and other load on the machine hit all of them alike.
const benchChunk = 8

// benchQuantile is the quantile of the per-chunk times that is reported.
// Load from other processes only ever adds time, and on a shared 2-core
// machine it hits many chunks; the lower decile of each contender's chunk
// times is its speed when not interrupted, far more repeatable than the mean.
const benchQuantile = 0.1

// bareCheck is one signature verification with the standard library alone,
// over the signing input and signature of a compact JWS.
type bareCheck func() bool

// newBareCheck prepares the bare verification of compact JWS tok with pub:
// ed25519.Verify, or SHA-256 and ecdsa.Verify with R and S decoded once.
func newBareCheck(b *testing.B, pub *keys.PublicKey, tok string) bareCheck {
	b.Helper()
	dot := strings.LastIndexByte(tok, '.')
	sig, err := base64.RawURLEncoding.DecodeString(tok[dot+1:])
	if err != nil {
		b.Fatal(err)
	}
	input := []byte(tok[:dot])
	switch k := pub.CryptoPublicKey().(type) {
	case ed25519.PublicKey:
		return func() bool { return ed25519.Verify(k, input, sig) }
	case *ecdsa.PublicKey:
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return func() bool {
			h := sha256.Sum256(input)
			return ecdsa.Verify(k, h[:], r, s)
		}
	}
	b.Fatalf("unexpected key type %T", pub.CryptoPublicKey())
	return nil
}

// quantile returns the q-quantile of xs (sorted in place).
func quantile(xs []float64, q float64) float64 {
	slices.Sort(xs)
	return xs[int(q*float64(len(xs)-1))]
}

// race times bare, ours and theirs in the same run, interleaved in chunks of
// benchChunk iterations, b.N iterations each, and reports per operation the
// benchQuantile of the chunk times:
//
//	ns/op               ours (Parse + Verify)
//	bare-ns/op          the bare signature verifications
//	vcgo-ns/op          vc-go's verification
//	x-bare              ours / bare (Cachet's budget: 1.3)
//	x-faster-than-vcgo  vc-go / ours (target: at least 2.5)
//
// Since ours can be no faster than bare, x-faster-than-vcgo can never exceed
// vcgo-ns/op divided by bare-ns/op: how much vc-go adds to the signature
// checks bounds how far ahead of it any verifier can be.
func race(b *testing.B, bare func() bool, ours, theirs func() error) {
	b.Helper()
	if !bare() {
		b.Fatal("bare verification failed")
	}
	if err := ours(); err != nil {
		b.Fatalf("ours: %v", err)
	}
	if err := theirs(); err != nil {
		b.Fatalf("vc-go: %v", err)
	}
	var tBare, tOurs, tTheirs []float64 // ns per operation, one per chunk
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; done += benchChunk {
		n := min(benchChunk, b.N-done)
		t0 := time.Now()
		for range n {
			if !bare() {
				b.Fatal("bare verification failed")
			}
		}
		t1 := time.Now()
		for range n {
			if err := ours(); err != nil {
				b.Fatal(err)
			}
		}
		t2 := time.Now()
		for range n {
			if err := theirs(); err != nil {
				b.Fatal(err)
			}
		}
		t3 := time.Now()
		tBare = append(tBare, float64(t1.Sub(t0).Nanoseconds())/float64(n))
		tOurs = append(tOurs, float64(t2.Sub(t1).Nanoseconds())/float64(n))
		tTheirs = append(tTheirs, float64(t3.Sub(t2).Nanoseconds())/float64(n))
	}
	b.StopTimer()
	qBare, qOurs, qTheirs := quantile(tBare, benchQuantile), quantile(tOurs, benchQuantile), quantile(tTheirs, benchQuantile)
	b.ReportMetric(qOurs, "ns/op")
	b.ReportMetric(qBare, "bare-ns/op")
	b.ReportMetric(qTheirs, "vcgo-ns/op")
	b.ReportMetric(qOurs/qBare, "x-bare")
	b.ReportMetric(qTheirs/qOurs, "x-faster-than-vcgo")
}

// BenchmarkVerifyVCJWT: the resident card as a vc+jwt (about 1.4 KB).
//
//	bare:  one signature check over the token's signing input;
//	ours:  jose.Parse + Parsed.Verify (signature, claims, kid, data model,
//	       validity period) of the token jose.Issue made;
//	vc-go: verifiable.ParseCredential with a static-key proof checker (its
//	       cheapest key lookup) of the same credential with an iss claim
//	       added, the closest artefact it accepts: on the token as issued it
//	       panics (see vcgo_test.go). It checks less than ours: no data model
//	       rules, no validity period.
func BenchmarkVerifyVCJWT(b *testing.B) {
	for _, alg := range algs {
		b.Run(string(alg), func(b *testing.B) {
			priv := newKey(b, alg)
			pub := priv.Public()
			did, kid := didKey(pub)
			card := residentCard(b, did)
			tok, err := jose.Issue(priv, kid, card)
			if err != nil {
				b.Fatal(err)
			}
			withIss := []byte(withClaims(b, priv, kid, card, map[string]any{"iss": did}))
			opts := jose.VerifyOptions{Algorithms: []keys.Algorithm{alg}, Now: cardTime}
			checker := verifiable.WithJWTProofChecker(vcgoStaticChecker(b, pub))
			b.ReportMetric(float64(len(tok)), "token-bytes")
			race(b, newBareCheck(b, pub, tok),
				func() error {
					p, err := jose.Parse(tok)
					if err != nil {
						return err
					}
					_, err = p.Verify(pub, opts)
					return err
				},
				func() error {
					_, err := vcgoParseCredential(withIss, checker)
					return err
				})
		})
	}
}

// BenchmarkVerifySDJWTPresentation: the resident card as an SD-JWT VC,
// presented with three Disclosures (name, birth_date, id_number) and a Key
// Binding JWT.
//
//	bare:  the two signature checks (issuer-signed JWT, Key Binding JWT);
//	ours:  sdjwt.Parse + SDJWT.VerifyVC (RFC 9901 §7.3 with §7.1, SD-JWT VC
//	       §3.4: signatures, digests, typ, vct, times, nonce, aud, sd_hash);
//	vc-go: sdjwt/verifier.Parse of the same presentation, Key Binding
//	       required, nonce, aud and typ checked, static issuer key. It checks
//	       less than ours: no sd_hash, no Key Binding iat window.
func BenchmarkVerifySDJWTPresentation(b *testing.B) {
	card := loadResidentCardSDJWT(b)
	for _, alg := range algs {
		b.Run(string(alg), func(b *testing.B) {
			iss, hol := newKey(b, alg), newKey(b, alg)
			now := time.Now().Truncate(time.Second)
			issued, err := sdjwt.IssueVC(iss, bureau+"#key-1", sdjwt.VCClaims{
				VCT: card.VCT, Issuer: bureau, IssuedAt: now, Expires: now.AddDate(20, 0, 0), Holder: hol.Public(),
			}, card.Claims, sdPaths, sdjwt.IssueOptions{})
			if err != nil {
				b.Fatal(err)
			}
			sel, err := issued.Select([][]string{{"name"}, {"birth_date"}, {"id_number"}})
			if err != nil {
				b.Fatal(err)
			}
			if n := len(sel.Disclosures()); n != 3 {
				b.Fatalf("%d disclosures, want 3", n)
			}
			pres, err := sel.Present(hol, counter, txNonce, now)
			if err != nil {
				b.Fatal(err)
			}
			s, err := sdjwt.Parse(pres)
			if err != nil {
				b.Fatal(err)
			}
			opts := verifyOptions(iss.Public(), card, txNonce, counter)
			// Long benchmark runs must not outlive the Key Binding JWT.
			opts.KeyBinding.MaxAge = sdjwt.MaxKeyBindingMaxAge
			vcgoOpts := vcgoSDJWTOptions(b, iss.Public(), txNonce, counter)
			bareIssuer := newBareCheck(b, iss.Public(), s.IssuerJWT())
			bareKB := newBareCheck(b, hol.Public(), s.KeyBindingJWT())
			b.ReportMetric(float64(len(pres)), "presentation-bytes")
			race(b, func() bool { return bareIssuer() && bareKB() },
				func() error {
					s, err := sdjwt.Parse(pres)
					if err != nil {
						return err
					}
					_, err = s.VerifyVC(opts)
					return err
				},
				func() error {
					_, err := vcgoVerifySDJWT(pres, vcgoOpts...)
					return err
				})
		})
	}
}

package jose

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

	gojose "github.com/go-jose/go-jose/v4"
	gojosejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/keys"
)

// BenchmarkVerifyCredential measures Parse+Verify of the ~1.3 KB resident
// card vc+jwt against the bare signature check over the same signing input,
// both in the same run and interleaved: each round times the bare check,
// Parse+Verify and go-jose once, and the metrics are medians over rounds,
// which keeps them steady on a loaded machine. ns/op is Parse+Verify; x-bare is its ratio to the bare check
// (Cachet's budget: 1.3); gojose-x-bare is the same ratio for go-jose v4
// (ParseSigned + Verify + decoding the payload with its strict json).
func BenchmarkVerifyCredential(b *testing.B) {
	b.Run("EdDSA", func(b *testing.B) {
		tok := token(b, "golden", "resident-card-eddsa.jwt")
		pub := bureauKey(b).Public()
		input, sig := splitToken(b, tok)
		edPub := pub.CryptoPublicKey().(ed25519.PublicKey)
		benchVerify(b, tok, pub, func() bool { return ed25519.Verify(edPub, input, sig) })
	})
	b.Run("ES256", func(b *testing.B) {
		tok := token(b, "golden", "resident-card-es256.jwt")
		pub, _, _ := cidKeys(b, "cid-p256.json")
		input, sig := splitToken(b, tok)
		ecPub := pub.CryptoPublicKey().(*ecdsa.PublicKey)
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		benchVerify(b, tok, pub, func() bool {
			h := sha256.Sum256(input)
			return ecdsa.Verify(ecPub, h[:], r, s)
		})
	})
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

func splitToken(b *testing.B, tok string) (input, sig []byte) {
	i := strings.LastIndexByte(tok, '.')
	sig, err := base64.RawURLEncoding.DecodeString(tok[i+1:])
	if err != nil {
		b.Fatal(err)
	}
	return []byte(tok[:i]), sig
}

func benchVerify(b *testing.B, tok string, pub *keys.PublicKey, bare func() bool) {
	opts := VerifyOptions{Algorithms: []keys.Algorithm{keys.EdDSA, keys.ES256}, Now: now}
	ours := func() bool {
		p, err := Parse(tok)
		if err != nil {
			return false
		}
		_, err = p.Verify(pub, opts)
		return err == nil
	}
	algs := []gojose.SignatureAlgorithm{gojose.EdDSA, gojose.ES256}
	viaGoJose := func() bool {
		obj, err := gojose.ParseSignedCompact(tok, algs)
		if err != nil {
			return false
		}
		payload, err := obj.Verify(pub.CryptoPublicKey())
		if err != nil {
			return false
		}
		var v map[string]any
		return gojosejson.Unmarshal(payload, &v) == nil
	}
	if !bare() || !ours() || !viaGoJose() {
		b.Fatal("a verification failed")
	}
	// Each round times the three once, back to back, so a preemption by
	// another process lands in one sample; the ratios are of medians.
	bareT := make([]time.Duration, 0, b.N)
	oursT := make([]time.Duration, 0, b.N)
	goJoseT := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		bare()
		t1 := time.Now()
		ours()
		t2 := time.Now()
		viaGoJose()
		t3 := time.Now()
		bareT = append(bareT, t1.Sub(t0))
		oursT = append(oursT, t2.Sub(t1))
		goJoseT = append(goJoseT, t3.Sub(t2))
	}
	mBare, mOurs, mGoJose := median(bareT), median(oursT), median(goJoseT)
	b.ReportMetric(float64(mOurs.Nanoseconds()), "ns/op")
	b.ReportMetric(float64(mBare.Nanoseconds()), "bare-ns/op")
	b.ReportMetric(float64(mOurs)/float64(mBare), "x-bare")
	b.ReportMetric(float64(mGoJose)/float64(mBare), "gojose-x-bare")
}

// BenchmarkParseAndCheck measures the part of a verification that is not the
// signature: decoding the token and checking the data model.
func BenchmarkParseAndCheck(b *testing.B) {
	tok := token(b, "golden", "resident-card-eddsa.jwt")
	b.ReportAllocs()
	for range b.N {
		p, err := Parse(tok)
		if err != nil {
			b.Fatal(err)
		}
		if err := p.Credential.Check(); err != nil {
			b.Fatal(err)
		}
	}
}

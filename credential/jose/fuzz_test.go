package jose

import (
	"testing"

	"github.com/cachet-district/cachet/keys"
)

func fuzzSeeds(f *testing.F) []string {
	seeds := []string{
		token(f, "golden", "resident-card-eddsa.jwt"),
		token(f, "golden", "resident-card-es256.jwt"),
		token(f, "vc-jose-cose-rec", "example-1-vc.jwt"),
		token(f, "vc-jose-cose-rec", "example-2-enveloped-es384.jwt"),
	}
	for _, n := range []string{"credential-jose-minimal.jwt", "credential-jose-bad-signature.jwt", "credential-jose-vc-vp-claims.jwt", "credential-jose-bad-media-type.jwt", "presentation-jose-bad-credential.jwt"} {
		seeds = append(seeds, token(f, "w3c-suite", n))
	}
	return seeds
}

// FuzzParse holds that no token panics Parse, ParsePresentation or Verify,
// and that no token other than the golden one verifies under the bureau's
// Ed25519 key: every mutation of a valid token fails. (Ed25519 signatures
// are not malleable: crypto/ed25519 rejects a non-canonical S.)
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	golden := token(f, "golden", "resident-card-eddsa.jwt")
	pub := bureauKey(f).Public()
	opts := VerifyOptions{Algorithms: []keys.Algorithm{keys.EdDSA, keys.ES256}, Now: now, SkipValidityWindowUnsafe: true, KeyFromIssUnsafe: true}
	f.Fuzz(func(t *testing.T, tok string) {
		if pp, err := ParsePresentation(tok); err == nil {
			_, _ = pp.Verify(pub, PresentationOptions{Algorithms: opts.Algorithms, Now: now, Audience: counterID, Nonce: nonce})
		}
		p, err := Parse(tok)
		if err != nil {
			return
		}
		if _, err := p.Verify(pub, opts); err == nil && tok != golden {
			t.Fatalf("a token other than the golden one verified: %q", tok)
		}
	})
}

// FuzzMutatedToken changes one byte of the golden token and holds that the
// result never verifies.
func FuzzMutatedToken(f *testing.F) {
	golden := token(f, "golden", "resident-card-eddsa.jwt")
	for _, pos := range []uint16{0, 10, 200, 700, 1300, uint16(len(golden) - 1)} {
		f.Add(pos, byte('A'))
	}
	pub := bureauKey(f).Public()
	f.Fuzz(func(t *testing.T, pos uint16, b byte) {
		i := int(pos) % len(golden)
		if golden[i] == b {
			return
		}
		tok := golden[:i] + string([]byte{b}) + golden[i+1:]
		p, err := Parse(tok)
		if err != nil {
			return
		}
		if _, err := p.Verify(pub, verifyOpts()); err == nil {
			t.Fatalf("mutated token verified (byte %d -> %q)", i, b)
		}
	})
}

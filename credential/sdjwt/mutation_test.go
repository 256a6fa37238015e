package sdjwt

import (
	"testing"
	"time"

	"github.com/cachet-district/cachet/keys"
)

// vcPresentation is the SD-JWT VC presentation the mutation test,
// FuzzVerify and the benchmarks share: three Disclosures and a Key Binding
// JWT, all bytes reproducible (fixed keys and salts, deterministic EdDSA).
func vcPresentation(tb testing.TB, alg keys.Algorithm) (string, VerifyOptions) {
	f := newFixture(alg)
	issued, err := IssueVC(f.issuer, "did:cachet:bureau#key-1", f.vcClaims(), residenceClaims(), residencePaths, IssueOptions{Rand: detRand(7)})
	if err != nil {
		tb.Fatal(err)
	}
	sel, err := issued.Select([][]string{{"given_name"}, {"family_name"}, {"birthdate"}})
	if err != nil {
		tb.Fatal(err)
	}
	pres, err := sel.Present(f.holder, testAud, testNonce, t0.Add(-2*time.Second))
	if err != nil {
		tb.Fatal(err)
	}
	o := f.options()
	o.VCT = testVCT
	o.Issuer = "did:cachet:bureau-of-civil-affairs"
	return pres, o
}

// TestMutations changes every byte of a valid SD-JWT+KB (3 Disclosures and
// a KB-JWT) in four ways and requires Verify to reject every mutant.
func TestMutations(t *testing.T) {
	mutations := []struct {
		name string
		f    func(byte) byte
	}{
		{"xor 0x01", func(c byte) byte { return c ^ 0x01 }},
		{"'~'", func(byte) byte { return '~' }},
		{"'.'", func(byte) byte { return '.' }},
		{"'A'", func(byte) byte { return 'A' }},
	}
	for _, alg := range []keys.Algorithm{keys.EdDSA, keys.ES256} {
		t.Run(string(alg), func(t *testing.T) {
			pres, o := vcPresentation(t, alg)
			s := mustParse(t, pres)
			if len(s.Disclosures()) != 3 || !s.HasKeyBinding() {
				t.Fatalf("fixture has %d disclosures", len(s.Disclosures()))
			}
			if _, err := s.VerifyVC(o); err != nil {
				t.Fatal(err)
			}
			n := 0
			for i := 0; i < len(pres); i++ {
				for _, m := range mutations {
					c := m.f(pres[i])
					if c == pres[i] {
						continue
					}
					mutant := pres[:i] + string([]byte{c}) + pres[i+1:]
					n++
					if err := parseVerify(mutant, o, "vc"); err == nil {
						t.Errorf("mutant accepted: byte %d %q -> %s", i, pres[i], m.name)
					}
				}
			}
			t.Logf("%d chars, %d mutants, all rejected", len(pres), n)
		})
	}
}

package sdjwt

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cachet-district/cachet/keys"
)

var vectorFiles = []string{
	"rfc9901-5.1-issuance.txt", "rfc9901-5.2-presentation.txt", "rfc9901-a1-presentation.txt",
	"rfc9901-a2-presentation.txt", "rfc9901-a3-issuance.txt", "rfc9901-a3-presentation.txt",
	"rfc9901-a4-presentation.txt",
}

// FuzzParse: Parse never panics, what it accepts String reproduces, and
// the other entry points on what it accepts do not panic either.
func FuzzParse(f *testing.F) {
	for _, v := range vectorFiles {
		f.Add(readTestdata(f, v))
	}
	pres, _ := vcPresentation(f, keys.EdDSA)
	f.Add(pres)
	f.Add("a.b.c~")
	f.Add("~~~")
	f.Add("eyJhbGciOiJub25lIn0.e30.~")
	rfc := rfcOptions(f)
	fx := newFixture(keys.EdDSA)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in)
		if err != nil {
			if s != nil {
				t.Fatal("non-nil result with an error")
			}
			return
		}
		if s.String() != in {
			t.Fatalf("round trip: %q -> %q", in, s.String())
		}
		if !strings.HasPrefix(in, s.SDJWT()) || s.SDJWT()+s.KeyBindingJWT() != in {
			t.Fatal("parts do not add up")
		}
		for _, d := range s.Disclosures() {
			if d2, err := ParseDisclosure(d.String()); err != nil || d2.String() != d.String() {
				t.Fatalf("disclosure %q does not re-parse: %v", d, err)
			}
		}
		_, _ = s.Select([][]string{{"given_name"}, {"address", "*"}})
		_, _ = s.Verify(rfc)
		o := fx.options()
		o.SkipKeyBindingUnsafe = true
		_, _ = s.VerifyVC(o)
	})
}

// FuzzVerify mutates valid presentations. Verify never panics, and accepts
// nothing but the originals: with Key Binding required, the KB-JWT signs
// sd_hash over the Issuer-signed JWT and the exact Disclosures, so no other
// string can pass. With Key Binding skipped, an accepted input may only
// differ by presenting some of the original Disclosures, in any order, and
// by an unchecked trailing KB-JWT: RFC 9901 §9.10 says an SD-JWT without
// Key Binding protects the values of Disclosures but not their set.
func FuzzVerify(f *testing.F) {
	vcPres, vcOpts := vcPresentation(f, keys.EdDSA)
	rfcPres := readTestdata(f, "rfc9901-5.2-presentation.txt")
	rfcOpts := rfcOptions(f)
	rfcOpts.Type = "example+sd-jwt"
	originals := []struct {
		pres string
		o    VerifyOptions
		vc   bool
	}{{vcPres, vcOpts, true}, {rfcPres, rfcOpts, false}}
	for _, o := range originals {
		f.Add(o.pres)
		f.Add(o.pres[:strings.LastIndexByte(o.pres, '~')+1])
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		for _, orig := range originals {
			var err error
			if orig.vc {
				_, err = s.VerifyVC(orig.o)
			} else {
				_, err = s.Verify(orig.o)
			}
			if err == nil && in != orig.pres {
				t.Fatalf("accepted a mutant:\n%s\noriginal:\n%s", in, orig.pres)
			}
			skip := orig.o
			skip.SkipKeyBindingUnsafe = true
			if _, err := s.Verify(skip); err == nil {
				o := mustParse(t, orig.pres)
				if s.IssuerJWT() != o.IssuerJWT() {
					t.Fatalf("accepted another issuer-signed jwt: %s", in)
				}
				known := map[string]bool{}
				for _, d := range o.Disclosures() {
					known[d.String()] = true
				}
				for _, d := range s.Disclosures() {
					if !known[d.String()] {
						t.Fatalf("accepted an unknown disclosure %s", d)
					}
				}
			}
		}
	})
}

// FuzzDisclosure: ParseDisclosure never panics; what it accepts keeps its
// encoding (the digest input), and its decoded contents survive a
// re-encoding.
func FuzzDisclosure(f *testing.F) {
	var entries []struct {
		Disclosure string `json:"disclosure"`
	}
	if err := json.Unmarshal([]byte(readTestdata(f, "rfc9901-disclosures.json")), &entries); err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		f.Add(e.Disclosure)
	}
	f.Add(rawDisc(`["s","a",{"x":1,"x":2}]`))
	f.Add(rawDisc(`["s"]`))
	f.Add(rawDisc(`[1,2,3]`))
	f.Add(rawDisc(strings.Repeat("[", 40)))
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ParseDisclosure(in)
		if err != nil {
			return
		}
		if d.String() != in {
			t.Fatal("encoding not kept")
		}
		a, _ := d.Digest(SHA256)
		b := digest(SHA256, in)
		if a != b {
			t.Fatal("digest differs")
		}
		name, hasName := d.Name()
		re, err := newDisclosure(d.Salt(), name, hasName, d.Value())
		if err != nil {
			t.Fatal(err)
		}
		d2, err := ParseDisclosure(re.String())
		if err != nil {
			t.Fatalf("re-encoding %s does not parse: %v", re, err)
		}
		n2, h2 := d2.Name()
		if d2.Salt() != d.Salt() || n2 != name || h2 != hasName || !reflect.DeepEqual(d2.Value(), d.Value()) {
			t.Fatalf("contents changed: %v -> %v", d.Value(), d2.Value())
		}
	})
}

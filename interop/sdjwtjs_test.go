package interop_test

// SD-JWT VC (draft-ietf-oauth-sd-jwt-vc, typ dc+sd-jwt) with Key Binding
// (RFC 9901 §4.3) between Cachet's credential/sdjwt and @sd-jwt/sd-jwt-vc
// 0.19.0, the reference TypeScript implementation, in every direction and
// every role: each side issues, each side acts as the Holder (selects three
// claims, one nested in an object and one array element, and signs the Key
// Binding JWT), and the other side verifies; for EdDSA and ES256 issuer and
// holder keys in all four combinations.
//
// What @sd-jwt/sd-jwt-vc 0.19.0 leaves to its caller, and js/sdjwt.mjs
// therefore checks itself (none of it is an incompatibility, but a verifier
// built on the library alone would miss it):
//   - the aud of the Key Binding JWT (RFC 9901 §7.3 step 5.6 requires the
//     Verifier to check both nonce and aud; verify() compares only nonce);
//   - the typ of the Issuer-signed JWT (draft-ietf-oauth-sd-jwt-vc §3.2.1,
//     dc+sd-jwt; verify() does not look at it);
//   - that the header alg is the one the key is for (RFC 8725 §3.1): the
//     verifier callbacks receive only the signing input and signature.
// It does not check the iat of the Key Binding JWT against a window either
// (RFC 9901 §7.3 step 5.5); Cachet does (sdjwt.DefaultKeyBindingMaxAge).
// Its default salt generator (@sd-jwt/crypto-nodejs generateSalt(16)) gives
// 16 hex characters, 64 bits, below the 128 bits RFC 9901 §9.3 recommends;
// salts are opaque to a verifier, so this does not affect interoperability.

import (
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/keys"
)

// The disclosure policy of the test credential, in Cachet's terms...
var (
	// sdPaths are the claims made selectively disclosable: five top-level
	// claims, the address as a whole with two of its members inside
	// (recursive Disclosures, RFC 9901 §6.3) and each alias (array element
	// Disclosures, §4.2.2).
	sdPaths = [][]string{
		{"name"}, {"sex"}, {"ethnicity"}, {"birth_date"}, {"id_number"},
		{"address"}, {"address", "city"}, {"address", "street"},
		{"aliases", "*"},
	}
	// presentPaths are the three claims the Holder discloses: a top-level
	// claim, a member of a nested object and one array element.
	presentPaths = [][]string{{"name"}, {"address", "city"}, {"aliases", "1"}}
)

// ...and in @sd-jwt/sd-jwt-vc's (DisclosureFrame and PresentationFrame),
// with decoy digests (RFC 9901 §4.2.5) as Cachet's issuer adds them.
func jsDisclosureFrame() map[string]any {
	return map[string]any{
		"_sd":       []any{"name", "sex", "ethnicity", "birth_date", "id_number", "address"},
		"_sd_decoy": 2,
		"address":   map[string]any{"_sd": []any{"city", "street"}, "_sd_decoy": 1},
		"aliases":   map[string]any{"_sd": []any{0, 1}},
	}
}

func jsPresentationFrame() map[string]any {
	return map[string]any{
		"name":    true,
		"address": map[string]any{"city": true},
		"aliases": map[string]any{"1": true},
	}
}

// checkPresented checks the verified claims of a presentation of
// presentPaths: the three chosen claims and the always-visible ones are
// there, every other selectively disclosable claim is not.
func checkPresented(t *testing.T, who string, got map[string]any, card residentCardSDJWT) {
	t.Helper()
	want := card.Claims
	wantAddr := want["address"].(map[string]any)
	if got["name"] != want["name"] {
		t.Errorf("%s: name = %v, want %v", who, got["name"], want["name"])
	}
	addr, ok := got["address"].(map[string]any)
	if !ok {
		t.Fatalf("%s: address = %#v, want an object", who, got["address"])
	}
	for _, k := range []string{"province", "city", "district"} {
		if addr[k] != wantAddr[k] {
			t.Errorf("%s: address.%s = %v, want %v", who, k, addr[k], wantAddr[k])
		}
	}
	if _, ok := addr["street"]; ok {
		t.Errorf("%s: address.street disclosed, it was not selected", who)
	}
	aliases, ok := got["aliases"].([]any)
	if !ok || len(aliases) != 1 || aliases[0] != want["aliases"].([]any)[1] {
		t.Errorf("%s: aliases = %#v, want only the second alias", who, got["aliases"])
	}
	for _, k := range []string{"sex", "ethnicity", "birth_date", "id_number"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s: %s disclosed, it was not selected", who, k)
		}
	}
	for _, k := range []string{"issuing_authority", "valid_from", "valid_until"} {
		if got[k] != want[k] {
			t.Errorf("%s: %s = %v, want %v (never selectively disclosable)", who, k, got[k], want[k])
		}
	}
	if got["vct"] != card.VCT || got["iss"] != bureau {
		t.Errorf("%s: vct %v iss %v, want %s %s", who, got["vct"], got["iss"], card.VCT, bureau)
	}
	for _, k := range []string{"_sd", "_sd_alg"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s: %s left in the processed payload", who, k)
		}
	}
}

// keyPairs are the issuer and holder algorithm combinations.
type keyPair struct{ issuer, holder keys.Algorithm }

func keyPairs() []keyPair {
	var ps []keyPair
	for _, i := range algs {
		for _, h := range algs {
			ps = append(ps, keyPair{i, h})
		}
	}
	return ps
}

func (p keyPair) name() string { return "issuer-" + string(p.issuer) + "/holder-" + string(p.holder) }

// issueOurs issues the test credential with Cachet's IssueVC.
func issueOurs(t *testing.T, issuer, holder *keys.PrivateKey, card residentCardSDJWT, now time.Time) *sdjwt.SDJWT {
	t.Helper()
	sd, err := sdjwt.IssueVC(issuer, bureau+"#key-1", sdjwt.VCClaims{
		VCT:      card.VCT,
		Issuer:   bureau,
		IssuedAt: now,
		Expires:  now.AddDate(20, 0, 0),
		Holder:   holder.Public(),
	}, card.Claims, sdPaths, sdjwt.IssueOptions{})
	if err != nil {
		t.Fatalf("IssueVC: %v", err)
	}
	return sd
}

// verifyOptions are Cachet's trust inputs for a credential signed with the
// bureau's key issuerKey.
func verifyOptions(issuerKey *keys.PublicKey, card residentCardSDJWT, nonce, aud string) sdjwt.VerifyOptions {
	return sdjwt.VerifyOptions{
		IssuerKey:  issuerKey,
		Algorithms: []keys.Algorithm{issuerKey.Algorithm()},
		Now:        time.Now(),
		Issuer:     bureau,
		VCT:        card.VCT,
		KeyBinding: sdjwt.KeyBindingOptions{
			Nonce:      nonce,
			Audience:   aud,
			Algorithms: keys.Algorithms(),
		},
	}
}

// jsVerify asks the JS peer to verify a presentation for the counter.
func jsVerify(t *testing.T, js *jsPeer, pres string, issuer *keys.PrivateKey, nonce, aud string) jsResult {
	t.Helper()
	return js.run(t, map[string]any{
		"op":         "verify",
		"sdjwt":      pres,
		"issuer_jwk": issuer.Public(),
		"nonce":      nonce,
		"aud":        aud,
		"typ":        sdjwt.TypeVC,
		"now":        time.Now().Unix(),
	})
}

// TestSDJWTVCCachetIssues: what Cachet issues verifies in @sd-jwt/sd-jwt-vc,
// whether Cachet or the JS library acts as the Holder.
func TestSDJWTVCCachetIssues(t *testing.T) {
	js := needJS(t)
	card := loadResidentCardSDJWT(t)
	for _, p := range keyPairs() {
		t.Run(p.name(), func(t *testing.T) {
			issuer, holder := newKey(t, p.issuer), newKey(t, p.holder)
			now := time.Now().Truncate(time.Second)
			issued := issueOurs(t, issuer, holder, card, now)
			if !strings.HasSuffix(issued.String(), "~") {
				t.Fatalf("issued SD-JWT does not end in ~ (RFC 9901 §4): %s", issued)
			}
			sel, err := issued.Select(presentPaths)
			if err != nil {
				t.Fatalf("Select: %v", err)
			}
			if n := len(sel.Disclosures()); n != 4 {
				t.Fatalf("Select gave %d disclosures, want 4 (name, address, address.city, aliases[1])", n)
			}
			pres, err := sel.Present(holder, counter, txNonce, now)
			if err != nil {
				t.Fatalf("Present: %v", err)
			}

			t.Run("cachet-holder/js-verifies", func(t *testing.T) {
				res := jsVerify(t, js, pres, issuer, txNonce, counter)
				if !res.OK {
					t.Fatalf("@sd-jwt/sd-jwt-vc rejected Cachet's presentation: %s\n%s", res.Error, pres)
				}
				checkPresented(t, "@sd-jwt/sd-jwt-vc", res.Claims, card)
				if res.KB == nil || res.KB.Header["typ"] != "kb+jwt" || res.KB.Header["alg"] != string(p.holder) {
					t.Errorf("key binding JWT header %v, want typ kb+jwt alg %s", res.KB, p.holder)
				}
			})

			t.Run("js-rejects", func(t *testing.T) {
				// A disclosure's last character changed: its digest is no
				// longer in the payload (RFC 9901 §7.1 step 3).
				parts := strings.Split(pres, "~")
				d := []byte(parts[1])
				d[len(d)-1] ^= 1
				parts[1] = string(d)
				tampered := strings.Join(parts, "~")
				for _, c := range []struct{ name, pres, nonce, aud string }{
					{"wrong nonce", pres, "another-nonce", counter},
					{"wrong aud", pres, txNonce, otherAud},
					{"tampered disclosure", tampered, txNonce, counter},
				} {
					if res := jsVerify(t, js, c.pres, issuer, c.nonce, c.aud); res.OK {
						t.Errorf("%s: @sd-jwt/sd-jwt-vc accepted it", c.name)
					}
				}
			})

			t.Run("js-holder/cachet-verifies", func(t *testing.T) {
				res := js.run(t, map[string]any{
					"op":         "present",
					"sdjwt":      issued.String(),
					"frame":      jsPresentationFrame(),
					"holder_jwk": privateJWK(t, holder),
					"nonce":      txNonce,
					"aud":        counter,
					"iat":        time.Now().Unix(),
				})
				if !res.OK {
					t.Fatalf("@sd-jwt/sd-jwt-vc could not present Cachet's SD-JWT: %s", res.Error)
				}
				got, err := sdjwt.Parse(res.Presentation)
				if err != nil {
					t.Fatalf("Parse of the JS presentation: %v\n%s", err, res.Presentation)
				}
				v, err := got.VerifyVC(verifyOptions(issuer.Public(), card, txNonce, counter))
				if err != nil {
					t.Fatalf("VerifyVC of the JS presentation: %v\n%s", err, res.Presentation)
				}
				checkPresented(t, "cachet", v.Claims, card)
			})
		})
	}
}

// TestSDJWTVCJSIssues: what @sd-jwt/sd-jwt-vc issues verifies in Cachet,
// whether the JS library or Cachet acts as the Holder.
func TestSDJWTVCJSIssues(t *testing.T) {
	js := needJS(t)
	card := loadResidentCardSDJWT(t)
	for _, p := range keyPairs() {
		t.Run(p.name(), func(t *testing.T) {
			issuer, holder := newKey(t, p.issuer), newKey(t, p.holder)
			now := time.Now().Unix()
			claims := map[string]any{
				"iss": bureau,
				"vct": card.VCT,
				"iat": now,
				"exp": now + 20*365*24*3600,
			}
			for k, v := range card.Claims {
				claims[k] = v
			}
			res := js.run(t, map[string]any{
				"op":         "issue",
				"claims":     claims,
				"frame":      jsDisclosureFrame(),
				"issuer_jwk": privateJWK(t, issuer),
				"kid":        bureau + "#key-1",
				"holder_jwk": holder.Public(),
				"present": map[string]any{
					"frame":      jsPresentationFrame(),
					"holder_jwk": privateJWK(t, holder),
					"nonce":      txNonce,
					"aud":        counter,
					"iat":        now,
				},
			})
			if !res.OK {
				t.Fatalf("@sd-jwt/sd-jwt-vc issue: %s", res.Error)
			}

			t.Run("cachet-holder-checks-issuance", func(t *testing.T) {
				issued, err := sdjwt.Parse(res.Issued)
				if err != nil {
					t.Fatalf("Parse of the JS-issued SD-JWT: %v\n%s", err, res.Issued)
				}
				v, err := issued.VerifyVCIssuance(verifyOptions(issuer.Public(), card, "", ""))
				if err != nil {
					t.Fatalf("VerifyVCIssuance: %v\n%s", err, res.Issued)
				}
				if v.Claims["name"] != card.Claims["name"] || v.HolderKey == nil || !v.HolderKey.Equal(holder.Public()) {
					t.Errorf("issued claims %v, holder key %v", v.Claims, v.HolderKey)
				}
			})

			t.Run("js-holder/cachet-verifies", func(t *testing.T) {
				pres, err := sdjwt.Parse(res.Presentation)
				if err != nil {
					t.Fatalf("Parse of the JS presentation: %v\n%s", err, res.Presentation)
				}
				v, err := pres.VerifyVC(verifyOptions(issuer.Public(), card, txNonce, counter))
				if err != nil {
					t.Fatalf("VerifyVC of the JS presentation: %v\n%s", err, res.Presentation)
				}
				checkPresented(t, "cachet", v.Claims, card)
				for _, c := range []struct {
					name       string
					nonce, aud string
					want       error
				}{
					{"wrong nonce", "another-nonce", counter, sdjwt.ErrNonceMismatch},
					{"wrong aud", txNonce, otherAud, sdjwt.ErrAudienceMismatch},
				} {
					if _, err := pres.VerifyVC(verifyOptions(issuer.Public(), card, c.nonce, c.aud)); !errorIs(err, c.want) {
						t.Errorf("%s: VerifyVC = %v, want %v", c.name, err, c.want)
					}
				}
			})

			t.Run("cachet-holder/js-verifies", func(t *testing.T) {
				issued, err := sdjwt.Parse(res.Issued)
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				sel, err := issued.Select(presentPaths)
				if err != nil {
					t.Fatalf("Select on the JS-issued SD-JWT: %v", err)
				}
				pres, err := sel.Present(holder, counter, txNonce, time.Now())
				if err != nil {
					t.Fatalf("Present: %v", err)
				}
				vres := jsVerify(t, js, pres, issuer, txNonce, counter)
				if !vres.OK {
					t.Fatalf("@sd-jwt/sd-jwt-vc rejected Cachet's presentation of its own SD-JWT: %s\n%s", vres.Error, pres)
				}
				checkPresented(t, "@sd-jwt/sd-jwt-vc", vres.Claims, card)
			})
		})
	}
}

// TestSDJWTVCVariants: the _sd_alg values other than sha-256 (RFC 9901
// §4.1.1) and a presentation that discloses nothing, in both directions.
func TestSDJWTVCVariants(t *testing.T) {
	js := needJS(t)
	card := loadResidentCardSDJWT(t)
	cases := []struct {
		name    string
		hash    string
		paths   [][]string     // Cachet's selection
		frame   map[string]any // the JS presentation frame
		present bool           // whether the presented claims are those of presentPaths
	}{
		{"sha-384", sdjwt.SHA384, presentPaths, jsPresentationFrame(), true},
		{"sha-512", sdjwt.SHA512, presentPaths, jsPresentationFrame(), true},
		{"nothing-disclosed", sdjwt.SHA256, nil, map[string]any{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			iss, hol := newKey(t, keys.EdDSA), newKey(t, keys.ES256)
			now := time.Now().Truncate(time.Second)
			checkClaims := func(who string, claims map[string]any) {
				t.Helper()
				if c.present {
					checkPresented(t, who, claims, card)
					return
				}
				for _, k := range []string{"name", "address", "id_number"} {
					if _, ok := claims[k]; ok {
						t.Errorf("%s: %s disclosed, nothing was selected", who, k)
					}
				}
				// The array itself is not selectively disclosable, only its
				// elements: it stays, empty (RFC 9901 §7.1 step 3.3.3).
				if a, ok := claims["aliases"].([]any); !ok || len(a) != 0 {
					t.Errorf("%s: aliases = %#v, want []", who, claims["aliases"])
				}
				if claims["issuing_authority"] != card.Claims["issuing_authority"] {
					t.Errorf("%s: issuing_authority = %v", who, claims["issuing_authority"])
				}
			}

			t.Run("cachet-to-js", func(t *testing.T) {
				sd, err := sdjwt.IssueVC(iss, bureau+"#key-1", sdjwt.VCClaims{
					VCT: card.VCT, Issuer: bureau, IssuedAt: now, Holder: hol.Public(),
				}, card.Claims, sdPaths, sdjwt.IssueOptions{Hash: c.hash})
				if err != nil {
					t.Fatal(err)
				}
				sel, err := sd.Select(c.paths)
				if err != nil {
					t.Fatal(err)
				}
				pres, err := sel.Present(hol, counter, txNonce, now)
				if err != nil {
					t.Fatal(err)
				}
				res := jsVerify(t, js, pres, iss, txNonce, counter)
				if !res.OK {
					t.Fatalf("@sd-jwt/sd-jwt-vc: %s\n%s", res.Error, pres)
				}
				checkClaims("@sd-jwt/sd-jwt-vc", res.Claims)
			})

			t.Run("js-to-cachet", func(t *testing.T) {
				claims := map[string]any{"iss": bureau, "vct": card.VCT, "iat": now.Unix()}
				for k, v := range card.Claims {
					claims[k] = v
				}
				res := js.run(t, map[string]any{
					"op":         "issue",
					"claims":     claims,
					"frame":      jsDisclosureFrame(),
					"issuer_jwk": privateJWK(t, iss),
					"holder_jwk": hol.Public(),
					"hash_alg":   c.hash,
					"present": map[string]any{
						"frame":      c.frame,
						"holder_jwk": privateJWK(t, hol),
						"nonce":      txNonce,
						"aud":        counter,
						"iat":        now.Unix(),
					},
				})
				if !res.OK {
					t.Fatalf("@sd-jwt/sd-jwt-vc issue: %s", res.Error)
				}
				pres, err := sdjwt.Parse(res.Presentation)
				if err != nil {
					t.Fatalf("Parse: %v\n%s", err, res.Presentation)
				}
				v, err := pres.VerifyVC(verifyOptions(iss.Public(), card, txNonce, counter))
				if err != nil {
					t.Fatalf("VerifyVC: %v\n%s", err, res.Presentation)
				}
				if v.HashAlg != c.hash {
					t.Errorf("_sd_alg %s, want %s", v.HashAlg, c.hash)
				}
				checkClaims("cachet", v.Claims)
			})
		})
	}
}

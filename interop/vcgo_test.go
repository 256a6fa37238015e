package interop_test

// Cachet's credential core against github.com/trustbloc/vc-go v1.3.6.
//
// vc+jwt (VC-JOSE-COSE §3.1.1: a VCDM 2.0 credential is the JWS payload
// itself, typ vc+jwt). What vc-go v1.3.6 supports, read from its source
// (verifiable/credential_jwt.go, credential_parser.go, jws.go) and shown by
// the tests below:
//
//   - Consuming: verifiable.ParseCredential accepts a compact JWS whose
//     payload is the credential, because JWTCredClaims.UnmarshalJSON takes the
//     non-registered members as the credential when there is no "vc" claim.
//     It verifies the signature through a jwt.ProofChecker (did:key through
//     did-go, or one static key) and, when iss and the credential's issuer
//     are both DIDs, that they are equal. But it dereferences a nil pointer
//     (refineFromJWTClaims reads jcc.Claims.Issuer) when the payload has no
//     JWT registered claim at all, which is exactly what VC-JOSE-COSE §3.1.1
//     Example 1 is and what Cachet's jose.Issue produces. vc-go is wrong: no
//     registered claim is required by VC-JOSE-COSE (§3.1.3 only says how to
//     interpret them when present) nor by RFC 7519 §4.1 ("none of the claims
//     defined below are intended to be mandatory"). With any registered claim
//     present (iss, say) vc-go verifies Cachet's credential.
//   - It also rewrites the document it returns: validFrom becomes the time of
//     nbf or iat, validUntil that of exp, id that of jti, issuer that of iss
//     (refineFromJWTClaims). VC-JOSE-COSE §3.1.1: "The unsecured verifiable
//     credential is the unencoded JWS payload"; §3.1.3 keeps JWT claims and
//     credential properties apart. A signature time is not a validity period;
//     vc-go is wrong. And it checks neither exp/nbf nor the validity period:
//     an expired token verifies (RFC 7519 §4.1.4: it "MUST NOT be accepted
//     for processing"). vc-go is wrong.
//   - Producing: Credential.CreateSignedJWTVC always wraps the credential in
//     a "vc" claim next to iss/sub/jti/nbf/iat/exp (the VCDM 1.1 "JWT VC"
//     form), with no typ header, for a VCDM 2.0 credential too.
//     VC-JOSE-COSE §1.1.2.1: 'The JWT Claim Names vc and vp MUST NOT be
//     present'; §3.1.1: typ SHOULD be vc+jwt. vc-go is wrong; Cachet rejects
//     those tokens (jose.ErrType first, the typ being absent). vc-go has no
//     API producing the §3.1.1 form; what is genuinely comparable is vc-go's
//     own JOSE signer (jwt.NewSigned) over vc-go's serialization of the
//     credential, with typ vc+jwt: Cachet verifies that.
//   - Envelopes (VCDM 2.0 §4.13): vc-go writes and reads the data: URL media
//     type application/vc-ld+jwt, the name of drafts before 2024;
//     VC-JOSE-COSE §1.1.2 and its IANA registration (§6.1.1) use
//     application/vc+jwt ("If implementations do not know which media type to
//     use, media types defined in this specification MUST be used", §3),
//     which vc-go rejects ("unsupported data URL media type"). vc-go is
//     wrong.
//
// SD-JWT: vc-go's sdjwt packages follow draft-ietf-oauth-selective-disclosure-jwt
// -05 (issuer, holder) with a verifier that also reads later forms:
//
//   - verifier.Parse verifies Cachet's RFC 9901 SD-JWT VC presentations with
//     Key Binding, nested and array Disclosures included (it ignores sd_hash
//     and requires iss, which SD-JWT VC makes optional: §3.2.2.2).
//   - Its issuer serializes "<JWT>~<D1>~...~<Dn>" with no trailing '~';
//     RFC 9901 §4 requires one ("<Issuer-signed JWT>~<Disclosure 1>~...
//     ~<Disclosure N>~"). vc-go is wrong; Cachet reads the last Disclosure
//     as a Key Binding JWT and rejects it (ErrMalformedKeyBinding), and
//     verifies the SD-JWT once the '~' is added.
//   - Its holder reads the RFC form's trailing '~' as an empty Disclosure and
//     fails, so it cannot hold what Cachet issues. vc-go is wrong (RFC 9901 §4).
//   - Its Key Binding JWT has no sd_hash; RFC 9901 §4.3 makes sd_hash
//     REQUIRED. vc-go is wrong; Cachet rejects it (ErrMalformedKeyBinding).

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cachet-district/cachet/credential"
	"github.com/cachet-district/cachet/credential/jose"
	"github.com/cachet-district/cachet/credential/jws"
	"github.com/cachet-district/cachet/credential/sdjwt"
	"github.com/cachet-district/cachet/keys"
	josejwt "github.com/go-jose/go-jose/v3/jwt"
	kmsjose "github.com/trustbloc/kms-go/doc/jose"
	vcjwt "github.com/trustbloc/vc-go/jwt"
	"github.com/trustbloc/vc-go/sdjwt/common"
	"github.com/trustbloc/vc-go/sdjwt/holder"
	"github.com/trustbloc/vc-go/sdjwt/issuer"
	"github.com/trustbloc/vc-go/sdjwt/verifier"
	"github.com/trustbloc/vc-go/verifiable"
)

// cardTime is a moment inside the test credential's validity period
// (validFrom 2026-11-25T08:00:00Z, validUntil 2046-11-25T08:00:00Z).
var cardTime = time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)

// residentCardJSON is testdata/resident-card.json issued by issuerDID.
func residentCardJSON(t testing.TB, issuerDID string) []byte {
	t.Helper()
	return []byte(strings.ReplaceAll(string(readTestdata(t, "resident-card.json")), "did:key:ISSUER", issuerDID))
}

// residentCard is testdata/resident-card.json as a checked credential.
func residentCard(t testing.TB, issuerDID string) *credential.Credential {
	t.Helper()
	c, err := credential.ParseCredential(residentCardJSON(t, issuerDID))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	return c
}

// cachetVerify is Cachet's Parse and Verify of a vc+jwt with the given key.
func cachetVerify(token string, pub *keys.PublicKey) (*credential.Credential, error) {
	p, err := jose.Parse(token)
	if err != nil {
		return nil, err
	}
	return p.Verify(pub, jose.VerifyOptions{Algorithms: keys.Algorithms(), Now: cardTime})
}

// withClaims signs c with extra JWT registered claims next to its members,
// through Cachet's JWS layer: the vc+jwt form Cachet's Verify accepts and
// vc-go does not crash on.
func withClaims(t testing.TB, priv *keys.PrivateKey, kid string, c *credential.Credential, claims map[string]any) string {
	t.Helper()
	doc, err := c.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range claims {
		m[k] = v
	}
	tok, err := jws.Sign(priv, jws.Header{Typ: jose.TypeCredential, Kid: kid}, mustJSON(t, m))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// checkSameCard compares what a verifier returned (as JSON) with the card.
func checkSameCard(t *testing.T, who string, got map[string]any, c *credential.Credential) {
	t.Helper()
	subj, _ := got["credentialSubject"].(map[string]any)
	want := c.CredentialSubject[0]
	for _, k := range []string{"id", "name", "id_number", "address", "birth_date"} {
		if subj[k] != want[k] {
			t.Errorf("%s: credentialSubject.%s = %v, want %v", who, k, subj[k], want[k])
		}
	}
	if iss, _ := got["issuer"].(string); iss != c.Issuer.ID {
		t.Errorf("%s: issuer = %v, want %s", who, got["issuer"], c.Issuer.ID)
	}
	if got["validFrom"] != c.ValidFrom || got["validUntil"] != c.ValidUntil {
		t.Errorf("%s: validity %v..%v, want %s..%s", who, got["validFrom"], got["validUntil"], c.ValidFrom, c.ValidUntil)
	}
}

// asJSON round-trips v into generic JSON.
func asJSON(t testing.TB, v any) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(mustJSON(t, v), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestVCJWTCachetToVCGo: the vc+jwt credentials Cachet issues, in vc-go.
func TestVCJWTCachetToVCGo(t *testing.T) {
	for _, alg := range algs {
		t.Run(string(alg), func(t *testing.T) {
			priv := newKey(t, alg)
			did, kid := didKey(priv.Public())
			card := residentCard(t, did)
			issued, err := jose.Issue(priv, kid, card)
			if err != nil {
				t.Fatalf("jose.Issue: %v", err)
			}
			if _, err := cachetVerify(issued, priv.Public()); err != nil {
				t.Fatalf("Cachet does not verify its own vc+jwt: %v", err)
			}
			p, _ := jose.Parse(issued)
			withIss := withClaims(t, priv, kid, card, map[string]any{"iss": did})
			if _, err := cachetVerify(withIss, priv.Public()); err != nil {
				t.Fatalf("Cachet rejects its credential with iss added: %v", err)
			}

			t.Run("as-issued", func(t *testing.T) {
				// jose.Issue adds no registered claim (VC-JOSE-COSE §3.1.1
				// Example 1 has none either): vc-go v1.3.6 panics on it.
				noClaims := p.Claims.Issuer == "" && p.Claims.Expiry.IsZero() && p.Claims.NotBefore.IsZero() && p.Claims.IssuedAt.IsZero()
				vc, err := vcgoParseCredential([]byte(issued), verifiable.WithJWTProofChecker(vcgoDIDKeyChecker()))
				var panicked *vcgoPanic
				switch {
				case noClaims && errors.As(err, &panicked):
					t.Logf("known vc-go bug, not Cachet's: %v on a vc+jwt with no JWT registered claims", err)
				case noClaims:
					t.Fatalf("vc-go no longer panics on a vc+jwt without registered claims (err %v): update this test and the report", err)
				case err != nil:
					t.Fatalf("vc-go rejects Cachet's vc+jwt: %v", err)
				default:
					checkSameCard(t, "vc-go", vc.ToRawJSON(), card)
				}
			})

			for _, c := range []struct {
				name    string
				checker vcjwt.ProofChecker
			}{
				{"with-iss/did-key", vcgoDIDKeyChecker()},
				{"with-iss/static-key", vcgoStaticChecker(t, priv.Public())},
			} {
				t.Run(c.name, func(t *testing.T) {
					vc, err := vcgoParseCredential([]byte(withIss), verifiable.WithJWTProofChecker(c.checker))
					if err != nil {
						t.Fatalf("vc-go rejects Cachet's vc+jwt with iss: %v", err)
					}
					checkSameCard(t, "vc-go", vc.ToRawJSON(), card)
				})
			}

			t.Run("vc-go-rejects", func(t *testing.T) {
				other := newKey(t, alg)
				otherDID, otherKid := didKey(other.Public())
				tampered := []byte(withIss)
				dot := strings.IndexByte(withIss, '.')
				tampered[dot+5] ^= 1 // a payload character
				for _, c := range []struct {
					name    string
					token   string
					checker vcjwt.ProofChecker
				}{
					{"another key", withIss, vcgoStaticChecker(t, other.Public())},
					{"payload changed", string(tampered), vcgoStaticChecker(t, priv.Public())},
					{"signed by a key of another did:key", withClaims(t, other, kid, card, map[string]any{"iss": did}), vcgoDIDKeyChecker()},
					{"iss and issuer differ", withClaims(t, other, otherKid, card, map[string]any{"iss": otherDID}), vcgoDIDKeyChecker()},
				} {
					if _, err := vcgoParseCredential([]byte(c.token), verifiable.WithJWTProofChecker(c.checker)); err == nil {
						t.Errorf("%s: vc-go accepted it", c.name)
					}
				}
			})

			t.Run("validity-rewritten-by-vc-go", func(t *testing.T) {
				// iat/exp describe the signature; vc-go returns them as
				// validFrom/validUntil. Cachet returns the payload as signed.
				iat, exp := time.Date(2029, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 12, 1, 0, 0, 0, 0, time.UTC)
				tok := withClaims(t, priv, kid, card, map[string]any{"iss": did, "iat": iat.Unix(), "exp": exp.Unix()})
				ours, err := cachetVerify(tok, priv.Public())
				if err != nil {
					t.Fatalf("Cachet: %v", err)
				}
				checkSameCard(t, "cachet", asJSON(t, ours), card)
				vc, err := vcgoParseCredential([]byte(tok), verifiable.WithJWTProofChecker(vcgoDIDKeyChecker()))
				if err != nil {
					t.Fatalf("vc-go: %v", err)
				}
				raw := vc.ToRawJSON()
				if raw["validFrom"] != iat.Format(time.RFC3339) || raw["validUntil"] != exp.Format(time.RFC3339) {
					t.Fatalf("vc-go no longer rewrites validFrom/validUntil (%v..%v): update this test and the report", raw["validFrom"], raw["validUntil"])
				}
				t.Logf("known vc-go bug: validFrom %s..validUntil %s returned as %v..%v (the iat and exp of the JWT)",
					card.ValidFrom, card.ValidUntil, raw["validFrom"], raw["validUntil"])
			})

			t.Run("exp-ignored-by-vc-go", func(t *testing.T) {
				// RFC 7519 §4.1.4: after exp the JWT "MUST NOT be accepted for
				// processing"; VC-JOSE-COSE §3.1.3 has registered claims
				// interpreted as their registry defines them.
				tok := withClaims(t, priv, kid, card, map[string]any{"iss": did, "exp": cardTime.Add(-time.Hour).Unix()})
				if _, err := cachetVerify(tok, priv.Public()); !errors.Is(err, jose.ErrTokenExpired) {
					t.Errorf("Cachet on an expired vc+jwt: %v, want %v", err, jose.ErrTokenExpired)
				}
				if _, err := vcgoParseCredential([]byte(tok), verifiable.WithJWTProofChecker(vcgoDIDKeyChecker())); err != nil {
					t.Fatalf("vc-go now rejects an expired vc+jwt (%v): update this test and the report", err)
				}
				t.Logf("known vc-go bug: an expired vc+jwt (exp in the past) is accepted")
			})

			t.Run("enveloped", func(t *testing.T) {
				// The VCDM 2.0 §4.13 envelope of the same token, with the
				// REC's media type and with vc-go's pre-REC one.
				for _, c := range []struct {
					mediaType string
					vcgoOK    bool
				}{
					{jose.MediaTypeCredential, false}, // application/vc+jwt: vc-go is wrong
					{"application/vc-ld+jwt", true},
				} {
					env, err := credential.NewEnveloped(c.mediaType, withIss).MarshalJSON()
					if err != nil {
						t.Fatal(err)
					}
					_, err = vcgoParseCredential(env, verifiable.WithJWTProofChecker(vcgoDIDKeyChecker()))
					if (err == nil) != c.vcgoOK {
						t.Errorf("vc-go on an envelope of %s: err = %v, want ok=%v", c.mediaType, err, c.vcgoOK)
					}
				}
			})
		})
	}
}

// vcgoCredential is the test card as a vc-go Credential.
func vcgoCredential(t testing.TB, issuerDID string) *verifiable.Credential {
	t.Helper()
	vc, err := verifiable.ParseCredential(residentCardJSON(t, issuerDID),
		verifiable.WithDisabledProofCheck(), verifiable.WithCredDisableValidation())
	if err != nil {
		t.Fatalf("vc-go ParseCredential of the card: %v", err)
	}
	return vc
}

// TestVCJWTVCGoToCachet: what vc-go produces, in Cachet.
func TestVCJWTVCGoToCachet(t *testing.T) {
	for _, alg := range algs {
		t.Run(string(alg), func(t *testing.T) {
			k := newVCGoKey(t, alg)
			did, kid := didKey(k.pub)
			card := residentCard(t, did)
			vc := vcgoCredential(t, did)

			t.Run("jwt-vc-with-vc-claim", func(t *testing.T) {
				jvc, err := vc.CreateSignedJWTVC(false, k.vcgoAlg(), k.proofCreator(), kid)
				if err != nil {
					t.Fatalf("CreateSignedJWTVC: %v", err)
				}
				tok := jvc.JWTEnvelope.JWT
				if _, err := vcgoParseCredential([]byte(tok), verifiable.WithJWTProofChecker(vcgoDIDKeyChecker())); err != nil {
					t.Fatalf("vc-go does not verify its own JWT VC: %v", err)
				}
				// No typ header (§3.1.1: SHOULD be vc+jwt) and the credential
				// in a vc claim (§1.1.2.1: MUST NOT be present).
				_, err = cachetVerify(tok, k.pub)
				if !errors.Is(err, jose.ErrType) {
					t.Fatalf("Cachet on vc-go's JWT VC: %v, want %v", err, jose.ErrType)
				}
				// Even with typ vc+jwt the "vc" claim is refused.
				var claims map[string]any
				payload, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
				if err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(payload, &claims); err != nil {
					t.Fatal(err)
				}
				if _, ok := claims["vc"]; !ok {
					t.Fatalf("vc-go's JWT VC has no vc claim any more: update this test and the report")
				}
				retyped := vcgoSign(t, k, kid, claims)
				if _, err := cachetVerify(retyped, k.pub); !errors.Is(err, jose.ErrVCVPClaim) {
					t.Errorf("Cachet on a vc-claim JWT with typ vc+jwt: %v, want %v", err, jose.ErrVCVPClaim)
				}
			})

			t.Run("vc-jose-cose-form", func(t *testing.T) {
				// vc-go's JOSE signer over vc-go's serialization of the
				// credential, typ vc+jwt: the VC-JOSE-COSE §3.1.1 form.
				doc, err := vc.MarshalJSON()
				if err != nil {
					t.Fatal(err)
				}
				var m map[string]any
				if err := json.Unmarshal(doc, &m); err != nil {
					t.Fatal(err)
				}
				tok := vcgoSign(t, k, kid, m)
				got, err := cachetVerify(tok, k.pub)
				if err != nil {
					t.Fatalf("Cachet rejects vc-go's vc+jwt: %v\n%s", err, tok)
				}
				checkSameCard(t, "cachet", asJSON(t, got), card)
				// vc-go cannot read back what it signed in this form.
				var panicked *vcgoPanic
				if _, err := vcgoParseCredential([]byte(tok), verifiable.WithJWTProofChecker(vcgoDIDKeyChecker())); !errors.As(err, &panicked) {
					t.Fatalf("vc-go on its own §3.1.1 vc+jwt: %v, want the known panic (update this test and the report)", err)
				}
			})

			t.Run("enveloped", func(t *testing.T) {
				jvc, err := vc.CreateSignedJWTVC(false, k.vcgoAlg(), k.proofCreator(), kid)
				if err != nil {
					t.Fatal(err)
				}
				u, err := jvc.ToUniversalForm()
				if err != nil {
					t.Fatal(err)
				}
				id, _ := u.(map[string]any)["id"].(string)
				du, err := credential.ParseDataURL(id)
				if err != nil {
					t.Fatalf("vc-go's envelope id %q: %v", id, err)
				}
				if du.MediaType == jose.MediaTypeCredential {
					t.Fatalf("vc-go now envelopes as %s: update this test and the report", du.MediaType)
				}
				t.Logf("known vc-go bug: envelope media type %s, VC-JOSE-COSE §6.1.1 registers %s", du.MediaType, jose.MediaTypeCredential)
			})
		})
	}
}

// vcgoSign signs claims with vc-go's JOSE code (jwt.NewSigned), typ vc+jwt.
func vcgoSign(t testing.TB, k *vcgoKey, kid string, claims map[string]any) string {
	t.Helper()
	tok, err := vcjwt.NewSigned(claims, vcjwt.SignParameters{
		KeyID:             kid,
		JWTAlg:            string(k.alg),
		AdditionalHeaders: kmsjose.Headers{kmsjose.HeaderType: jose.TypeCredential},
	}, k.proofCreator())
	if err != nil {
		t.Fatalf("vc-go jwt.NewSigned: %v", err)
	}
	s, err := tok.Serialize(false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// vcgoSDJWTOptions are vc-go's verifier options for a presentation to the
// counter, checks on: issuer key, algorithms, Key Binding with nonce and aud,
// typ dc+sd-jwt.
func vcgoSDJWTOptions(t testing.TB, issuerKey *keys.PublicKey, nonce, aud string) []verifier.ParseOpt {
	algs := []string{string(keys.EdDSA), string(keys.ES256)}
	return []verifier.ParseOpt{
		verifier.WithSignatureVerifier(vcgoStaticChecker(t, issuerKey)),
		verifier.WithIssuerSigningAlgorithms(algs),
		verifier.WithHolderSigningAlgorithms(algs),
		verifier.WithHolderVerificationRequired(true),
		verifier.WithExpectedNonceForHolderVerification(nonce),
		verifier.WithExpectedAudienceForHolderVerification(aud),
		verifier.WithExpectedTypHeader(sdjwt.TypeVC),
	}
}

// vcgoVerifySDJWT is verifier.Parse under recover().
func vcgoVerifySDJWT(pres string, opts ...verifier.ParseOpt) (claims map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			claims, err = nil, &vcgoPanic{r}
		}
	}()
	return verifier.Parse(pres, opts...)
}

// TestSDJWTCachetToVCGo: Cachet's SD-JWT VC in vc-go's verifier and holder.
func TestSDJWTCachetToVCGo(t *testing.T) {
	card := loadResidentCardSDJWT(t)
	for _, p := range keyPairs() {
		t.Run(p.name(), func(t *testing.T) {
			iss, hol := newKey(t, p.issuer), newKey(t, p.holder)
			now := time.Now().Truncate(time.Second)
			issued := issueOurs(t, iss, hol, card, now)
			sel, err := issued.Select(presentPaths)
			if err != nil {
				t.Fatal(err)
			}
			pres, err := sel.Present(hol, counter, txNonce, now)
			if err != nil {
				t.Fatal(err)
			}

			t.Run("vc-go-verifier", func(t *testing.T) {
				got, err := vcgoVerifySDJWT(pres, vcgoSDJWTOptions(t, iss.Public(), txNonce, counter)...)
				if err != nil {
					t.Fatalf("vc-go rejects Cachet's SD-JWT VC presentation: %v\n%s", err, pres)
				}
				checkPresented(t, "vc-go", got, card)
				for _, c := range []struct{ name, nonce, aud string }{
					{"wrong nonce", "another-nonce", counter},
					{"wrong aud", txNonce, otherAud},
				} {
					if _, err := vcgoVerifySDJWT(pres, vcgoSDJWTOptions(t, iss.Public(), c.nonce, c.aud)...); err == nil {
						t.Errorf("%s: vc-go accepted it", c.name)
					}
				}
			})

			t.Run("vc-go-holder", func(t *testing.T) {
				// RFC 9901 §4: an SD-JWT ends in '~'; vc-go's holder takes the
				// empty string after it for a Disclosure.
				_, err := holder.Parse(issued.String(), holder.WithSignatureVerifier(vcgoStaticChecker(t, iss.Public())))
				if err == nil {
					t.Fatalf("vc-go's holder now reads RFC 9901 issuance: update this test and the report")
				}
				t.Logf("known vc-go bug: holder.Parse of an RFC 9901 SD-JWT: %v", err)
				trimmed := strings.TrimSuffix(issued.String(), "~")
				if _, err := holder.Parse(trimmed, holder.WithSignatureVerifier(vcgoStaticChecker(t, iss.Public()))); err != nil {
					t.Errorf("vc-go's holder on the same SD-JWT without the final '~': %v", err)
				}
			})
		})
	}
}

// TestSDJWTVCGoToCachet: what vc-go's SD-JWT issuer and holder produce, in
// Cachet.
func TestSDJWTVCGoToCachet(t *testing.T) {
	card := loadResidentCardSDJWT(t)
	for _, alg := range algs {
		t.Run(string(alg), func(t *testing.T) {
			ik, hk := newVCGoKey(t, alg), newVCGoKey(t, alg)
			now := time.Now().Truncate(time.Second)
			// vct may never be selectively disclosable (SD-JWT VC
			// §3.2.2.2); vc-go's issuer has no option for it, so it goes in
			// with the claims and is listed as not disclosable.
			claims := map[string]any{"vct": card.VCT}
			for k, v := range card.Claims {
				claims[k] = v
			}
			sd, err := issuer.New(bureau, claims,
				kmsjose.Headers{kmsjose.HeaderType: sdjwt.TypeVC, kmsjose.HeaderKeyID: bureau + "#key-1"},
				ik.joseSigner(nil),
				issuer.WithSDJWTVersion(common.SDJWTVersionV5),
				issuer.WithIssuedAt(josejwt.NewNumericDate(now)),
				issuer.WithHolderPublicKey(hk.pubJWK),
				issuer.WithRecursiveClaimsObjects([]string{"address"}),
				issuer.WithNonSelectivelyDisclosableClaims([]string{
					"vct", "issuing_authority", "valid_from", "valid_until", "address.province", "address.district",
				}),
			)
			if err != nil {
				t.Fatalf("vc-go issuer.New: %v", err)
			}
			issuedVCGo, err := sd.Serialize(false)
			if err != nil {
				t.Fatal(err)
			}
			opts := verifyOptions(ik.pub, card, txNonce, counter)

			t.Run("issuance", func(t *testing.T) {
				if strings.HasSuffix(issuedVCGo, "~") {
					t.Fatalf("vc-go's issuance now ends in '~': update this test and the report")
				}
				// Without the '~' the last Disclosure stands where RFC 9901 §4
				// puts the Key Binding JWT, and is rejected as one.
				if _, err := sdjwt.Parse(issuedVCGo); !errors.Is(err, sdjwt.ErrMalformedKeyBinding) {
					t.Fatalf("Cachet on vc-go's issuance without the final '~': %v, want %v", err, sdjwt.ErrMalformedKeyBinding)
				}
				fixed, err := sdjwt.Parse(issuedVCGo + "~")
				if err != nil {
					t.Fatalf("Cachet on vc-go's issuance with '~' added: %v", err)
				}
				v, err := fixed.VerifyVCIssuance(opts)
				if err != nil {
					t.Fatalf("VerifyVCIssuance of vc-go's SD-JWT: %v\n%s", err, issuedVCGo)
				}
				for _, k := range []string{"name", "id_number", "issuing_authority"} {
					if v.Claims[k] != card.Claims[k] {
						t.Errorf("%s = %v, want %v", k, v.Claims[k], card.Claims[k])
					}
				}

				t.Run("cachet-holder", func(t *testing.T) {
					sel, err := fixed.Select(presentPaths)
					if err != nil {
						t.Fatalf("Select: %v", err)
					}
					pres, err := sel.Present(hk, counter, txNonce, time.Now())
					if err != nil {
						t.Fatalf("Present: %v", err)
					}
					got, err := sdjwt.Parse(pres)
					if err != nil {
						t.Fatal(err)
					}
					pv, err := got.VerifyVC(opts)
					if err != nil {
						t.Fatalf("VerifyVC: %v", err)
					}
					checkPresented(t, "cachet", pv.Claims, card)
				})
			})

			t.Run("vc-go-holder-key-binding", func(t *testing.T) {
				pres, err := holder.CreatePresentation(issuedVCGo, sd.Disclosures, holder.WithHolderVerification(&holder.BindingInfo{
					Payload: holder.BindingPayload{Nonce: txNonce, Audience: counter, IssuedAt: josejwt.NewNumericDate(time.Now())},
					Signer:  hk.joseSigner(nil),
					Headers: kmsjose.Headers{kmsjose.HeaderType: "kb+jwt"},
				}))
				if err != nil {
					t.Fatalf("vc-go CreatePresentation: %v", err)
				}
				got, err := sdjwt.Parse(pres)
				if err != nil {
					t.Fatalf("Cachet Parse of vc-go's presentation: %v", err)
				}
				// RFC 9901 §4.3: sd_hash is REQUIRED in the Key Binding JWT.
				if _, err := got.VerifyVC(opts); !errors.Is(err, sdjwt.ErrMalformedKeyBinding) {
					t.Fatalf("Cachet on vc-go's Key Binding JWT without sd_hash: %v, want %v", err, sdjwt.ErrMalformedKeyBinding)
				}
				// vc-go's own verifier takes it.
				if _, err := vcgoVerifySDJWT(pres, vcgoSDJWTOptions(t, ik.pub, txNonce, counter)...); err != nil {
					t.Errorf("vc-go rejects its own presentation: %v", err)
				}
			})
		})
	}
}

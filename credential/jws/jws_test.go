package jws

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"math/big"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/cachet-district/cachet/keys"
)

var both = []keys.Algorithm{keys.EdDSA, keys.ES256}

// RFC 8037 Appendix A.4.
const rfc8037JWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"

func rfc8037Key(t testing.TB) *keys.PrivateKey {
	t.Helper()
	k, err := keys.ParsePrivateJWK([]byte(`{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}`))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestRFC8037Example(t *testing.T) {
	k := rfc8037Key(t)
	got, err := Sign(k, Header{}, []byte("Example of Ed25519 signing"))
	if err != nil {
		t.Fatal(err)
	}
	if got != rfc8037JWS {
		t.Errorf("Sign =\n%s\nwant\n%s", got, rfc8037JWS)
	}
	tok, err := Parse(rfc8037JWS)
	if err != nil {
		t.Fatal(err)
	}
	if err := tok.Verify(k.Public(), both); err != nil {
		t.Fatal(err)
	}
	if string(tok.Payload) != "Example of Ed25519 signing" {
		t.Errorf("payload %q", tok.Payload)
	}
}

func TestSignParseVerifyAndGoJose(t *testing.T) {
	for _, alg := range both {
		t.Run(string(alg), func(t *testing.T) {
			k, _ := keys.Generate(alg)
			h := Header{Typ: "vc+jwt", Kid: "did:example:123#key-1", Cty: "vc", JWK: k.Public()}
			tokStr, err := Sign(k, h, []byte(`{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			tok, err := Parse(tokStr)
			if err != nil {
				t.Fatal(err)
			}
			if err := tok.Verify(k.Public(), []keys.Algorithm{alg}); err != nil {
				t.Fatal(err)
			}
			if tok.Header.Typ != "vc+jwt" || tok.Header.Kid != h.Kid || tok.Header.Cty != "vc" || !tok.Header.JWK.Equal(k.Public()) || tok.Header.Alg != alg {
				t.Errorf("header = %+v", tok.Header)
			}
			// go-jose accepts what we make.
			gj, err := jose.ParseSignedCompact(tokStr, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := gj.Verify(k.Public().CryptoPublicKey()); err != nil {
				t.Fatalf("go-jose rejects our token: %v", err)
			}
			// We accept what go-jose makes.
			signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(alg), Key: goJoseKey(k)}, (&jose.SignerOptions{}).WithType("vc+jwt"))
			if err != nil {
				t.Fatal(err)
			}
			obj, err := signer.Sign([]byte(`{"b":2}`))
			if err != nil {
				t.Fatal(err)
			}
			theirs, _ := obj.CompactSerialize()
			tok2, err := Parse(theirs)
			if err != nil {
				t.Fatal(err)
			}
			if err := tok2.Verify(k.Public(), []keys.Algorithm{alg}); err != nil {
				t.Fatalf("we reject go-jose's token: %v", err)
			}
		})
	}
}

// goJoseKey exports the private key to go-jose through its JWK form.
func goJoseKey(k *keys.PrivateKey) any {
	b, _ := k.MarshalPrivateJWK()
	var j jose.JSONWebKey
	if err := j.UnmarshalJSON(b); err != nil {
		panic(err)
	}
	return j.Key
}

func TestParseRejects(t *testing.T) {
	k := rfc8037Key(t)
	enc := func(s string) string { return b64.EncodeToString([]byte(s)) }
	p := enc("x")
	s := strings.Split(rfc8037JWS, ".")[2]
	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"empty", "", ErrMalformed},
		{"one part", "abc", ErrMalformed},
		{"two parts", "abc.def", ErrMalformed},
		{"four parts", rfc8037JWS + ".x", ErrMalformed},
		{"json serialization", `{"payload":"x","signatures":[]}`, ErrMalformed},
		{"header not base64", "***." + p + "." + s, ErrMalformed},
		{"header padded", enc(`{"alg":"EdDSA"}`) + "=." + p + "." + s, ErrMalformed},
		{"header not json", enc(`alg`) + "." + p + "." + s, ErrMalformed},
		{"header array", enc(`["EdDSA"]`) + "." + p + "." + s, ErrMalformed},
		{"header null", enc(`null`) + "." + p + "." + s, ErrMalformed},
		{"header duplicate alg", enc(`{"alg":"EdDSA","alg":"ES256"}`) + "." + p + "." + s, ErrMalformed},
		{"header trailing data", enc(`{"alg":"EdDSA"}x`) + "." + p + "." + s, ErrMalformed},
		{"no alg", enc(`{"typ":"JWT"}`) + "." + p + "." + s, ErrMalformed},
		{"alg none", enc(`{"alg":"none"}`) + "." + p + ".", ErrMalformed},
		{"alg HS256", enc(`{"alg":"HS256"}`) + "." + p + "." + s, ErrMalformed},
		{"alg case", enc(`{"alg":"eddsa"}`) + "." + p + "." + s, ErrMalformed},
		{"alg not string", enc(`{"alg":1}`) + "." + p + "." + s, ErrMalformed},
		{"crit", enc(`{"alg":"EdDSA","crit":["b64"],"b64":false}`) + "." + p + "." + s, ErrUnknownCritical},
		{"empty crit", enc(`{"alg":"EdDSA","crit":[]}`) + "." + p + "." + s, ErrUnknownCritical},
		{"jwk with private key", enc(`{"alg":"EdDSA","jwk":{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}}`) + "." + p + "." + s, ErrMalformed},
		{"payload not base64", enc(`{"alg":"EdDSA"}`) + ".a+b." + s, ErrMalformed},
		{"signature not base64", enc(`{"alg":"EdDSA"}`) + "." + p + ".a/b", ErrMalformed},
		{"signature non-canonical", strings.TrimSuffix(rfc8037JWS, "g") + "h", ErrMalformed},
		{"line break in signature", strings.Replace(rfc8037JWS, "hgyY", "hg\r\nyY", 1), ErrMalformed},
		{"line break in payload", strings.Replace(rfc8037JWS, ".RXhh", ".RX\nhh", 1), ErrMalformed},
		{"space", " " + rfc8037JWS, ErrMalformed},
		{"too long", enc(`{"alg":"EdDSA"}`) + "." + strings.Repeat("A", MaxTokenSize) + "." + s, ErrMalformed},
		{"header too large", enc(`{"alg":"EdDSA","x":"`+strings.Repeat("a", MaxHeaderSize)+`"}`) + "." + p + "." + s, ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok, err := Parse(c.token)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if tok != nil {
				t.Fatal("token returned with error")
			}
		})
	}
	_ = k
}

func TestVerifyRejects(t *testing.T) {
	ed, _ := keys.Generate(keys.EdDSA)
	ed2, _ := keys.Generate(keys.EdDSA)
	ec, _ := keys.Generate(keys.ES256)
	tokStr, _ := Sign(ed, Header{Typ: "JWT"}, []byte("{}"))
	tok, err := Parse(tokStr)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tokStr, ".")
	otherPayload, _ := Parse(parts[0] + "." + b64.EncodeToString([]byte(`{"a":1}`)) + "." + parts[2])
	cases := []struct {
		name    string
		tok     *Token
		key     *keys.PublicKey
		allowed []keys.Algorithm
		want    error
	}{
		{"no allowed list", tok, ed.Public(), nil, ErrNoAllowedAlgorithms},
		{"alg not allowed", tok, ed.Public(), []keys.Algorithm{keys.ES256}, ErrAlgorithmNotAllowed},
		{"nil key", tok, nil, both, ErrKeyMismatch},
		{"key of other alg", tok, ec.Public(), both, ErrKeyMismatch},
		{"other key", tok, ed2.Public(), both, ErrSignature},
		{"payload swapped", otherPayload, ed.Public(), both, ErrSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.tok.Verify(c.key, c.allowed); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := Sign(ed, Header{Alg: keys.ES256}, nil); !errors.Is(err, ErrKeyMismatch) {
		t.Errorf("sign with mismatched alg: %v", err)
	}
}

func TestTypIs(t *testing.T) {
	cases := []struct {
		typ, want string
		ok        bool
	}{
		{"vc+jwt", "vc+jwt", true},
		{"application/vc+jwt", "vc+jwt", true},
		{"VC+JWT", "vc+jwt", true},
		{"vp+jwt", "vc+jwt", false},
		{"", "vc+jwt", false},
		{"text/vc+jwt", "vc+jwt", false},
	}
	for _, c := range cases {
		if got := TypIs(c.typ, c.want); got != c.ok {
			t.Errorf("TypIs(%q, %q) = %v", c.typ, c.want, got)
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts has a
// canonical encoding (re-encoding the parts gives the input back), and
// differentially that any token we verify, go-jose verifies too.
func FuzzParse(f *testing.F) {
	k := rfc8037Key(f)
	f.Add(rfc8037JWS)
	tok, _ := Sign(k, Header{Typ: "vc+jwt", Kid: "did:key:z#z"}, []byte(`{"iss":"x"}`))
	f.Add(tok)
	f.Add("e30.e30.")
	f.Fuzz(func(t *testing.T, s string) {
		tk, err := Parse(s)
		if err != nil {
			return
		}
		re := b64.EncodeToString(tk.RawHeader) + "." + b64.EncodeToString(tk.Payload) + "." + b64.EncodeToString(tk.Signature)
		if re != s {
			t.Fatalf("non-canonical token accepted: %q", s)
		}
		if tk.Verify(k.Public(), both) == nil {
			gj, err := jose.ParseSignedCompact(s, []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256})
			if err != nil {
				t.Fatalf("we verify, go-jose cannot parse: %v", err)
			}
			if _, err := gj.Verify(k.Public().CryptoPublicKey()); err != nil {
				t.Fatalf("we verify, go-jose does not: %v", err)
			}
		}
	})
}

// benchToken builds a ~1.3 KB JWT like a resident identity credential.
func benchToken(b *testing.B, alg keys.Algorithm) (*keys.PrivateKey, string) {
	k, _ := keys.Generate(alg)
	payload := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","ResidentIdentityCard"],"issuer":"did:cachet:EiA8h5WqoHXY2wZ1GUCt6CxB1L0cFv8q","validFrom":"2026-11-25T08:00:00Z","validUntil":"2046-11-25T08:00:00Z","credentialSubject":{"id":"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK","name":"陈小明","sex":"male","ethnicity":"汉","birth_date":"1990-03-07","address":"广东省佛山市禅城区祖庙街道岭南大道北 100 号","id_number":"440604199003070017","issuing_authority":"佛山市公安局禅城分局"},"credentialStatus":{"id":"https://ps.chancheng.example/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://ps.chancheng.example/status/1"},"credentialSchema":{"id":"https://schemas.chancheng.example/resident-id/1","type":"JsonSchema"}}`
	tok, err := Sign(k, Header{Typ: "vc+jwt", Kid: "did:cachet:EiA8h5WqoHXY2wZ1GUCt6CxB1L0cFv8q#key-1"}, []byte(payload))
	if err != nil {
		b.Fatal(err)
	}
	return k, tok
}

// BenchmarkParseVerify reports our parse+verify and go-jose's, each as a
// ratio to the bare signature check over the same signing input, measured in
// the same run.
func BenchmarkParseVerify(b *testing.B) {
	for _, alg := range both {
		b.Run(string(alg), func(b *testing.B) {
			k, tok := benchToken(b, alg)
			pub := k.Public()
			dot := strings.LastIndexByte(tok, '.')
			input := []byte(tok[:dot])
			sig, _ := b64.DecodeString(tok[dot+1:])
			bare := func() bool {
				if alg == keys.EdDSA {
					return ed25519.Verify(pub.CryptoPublicKey().(ed25519.PublicKey), input, sig)
				}
				h := sha256.Sum256(input)
				return ecdsa.Verify(pub.CryptoPublicKey().(*ecdsa.PublicKey), h[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
			}
			ours := func() error {
				t, err := Parse(tok)
				if err != nil {
					return err
				}
				return t.Verify(pub, []keys.Algorithm{alg})
			}
			theirs := func() error {
				gj, err := jose.ParseSignedCompact(tok, []jose.SignatureAlgorithm{jose.SignatureAlgorithm(alg)})
				if err != nil {
					return err
				}
				_, err = gj.Verify(pub.CryptoPublicKey())
				return err
			}
			b.ReportAllocs()
			b.ResetTimer()
			var tBare, tOurs, tTheirs float64
			for i := 0; i < b.N; i++ {
				s := nowNanos()
				if !bare() {
					b.Fatal("bare verify failed")
				}
				m := nowNanos()
				if err := ours(); err != nil {
					b.Fatal(err)
				}
				e := nowNanos()
				if err := theirs(); err != nil {
					b.Fatal(err)
				}
				tBare += float64(m - s)
				tOurs += float64(e - m)
				tTheirs += float64(nowNanos() - e)
			}
			b.ReportMetric(tOurs/tBare, "x-bare")
			b.ReportMetric(tTheirs/tBare, "go-jose-x-bare")
		})
	}
}

func TestParseRejectsNestedDuplicate(t *testing.T) {
	h := b64.EncodeToString([]byte(`{"alg":"EdDSA","x5":{"a":1,"a":2}}`))
	if _, err := Parse(h + ".e30." + strings.Split(rfc8037JWS, ".")[2]); !errors.Is(err, ErrMalformed) {
		t.Fatalf("nested duplicate in an unknown header member: %v", err)
	}
}

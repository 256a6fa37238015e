package interop_test

import (
	stdecdsa "crypto/ecdsa"
	stded25519 "crypto/ed25519"
	"fmt"
	"testing"

	"github.com/cachet-district/cachet/keys"
	"github.com/trustbloc/did-go/method/key"
	"github.com/trustbloc/did-go/vdr"
	kmsjose "github.com/trustbloc/kms-go/doc/jose"
	"github.com/trustbloc/kms-go/doc/jose/jwk"
	"github.com/trustbloc/kms-go/doc/jose/jwk/jwksupport"
	"github.com/trustbloc/kms-go/spi/kms"
	"github.com/trustbloc/vc-go/crypto-ext/testutil"
	"github.com/trustbloc/vc-go/crypto-ext/verifiers/ecdsa"
	"github.com/trustbloc/vc-go/crypto-ext/verifiers/ed25519"
	vcjwt "github.com/trustbloc/vc-go/jwt"
	"github.com/trustbloc/vc-go/proof/checker"
	"github.com/trustbloc/vc-go/proof/creator"
	"github.com/trustbloc/vc-go/proof/defaults"
	"github.com/trustbloc/vc-go/proof/jwtproofs/eddsa"
	"github.com/trustbloc/vc-go/proof/jwtproofs/es256"
	"github.com/trustbloc/vc-go/verifiable"
	"github.com/trustbloc/vc-go/vermethod"
)

// didKey returns the did:key of pub and the DID URL of its one verification
// method (did:key v0.7 §3.1: the fragment is the multibase key again), the
// kid both sides put in the header.
func didKey(pub *keys.PublicKey) (did, kid string) {
	did = "did:key:" + pub.Multibase()
	return did, did + "#" + pub.Multibase()
}

// vcgoStaticChecker is a vc-go proof checker that knows exactly one key and
// ignores kid: the static key fetcher.
func vcgoStaticChecker(t testing.TB, pub *keys.PublicKey) *checker.EmbeddedVMProofChecker {
	t.Helper()
	j, err := jwksupport.JWKFromKey(pub.CryptoPublicKey())
	if err != nil {
		t.Fatal(err)
	}
	return checker.NewEmbeddedJWKProofChecker(j,
		checker.WithSignatureVerifiers(ed25519.New(), ecdsa.NewES256()),
		checker.WithJWTAlg(eddsa.New(), es256.New()))
}

// vcgoDIDKeyChecker is vc-go's default proof checker resolving kid through
// did-go's did:key method: the key must be the verification method the kid
// names in the DID document of the expected issuer.
func vcgoDIDKeyChecker() *checker.ProofChecker {
	return defaults.NewDefaultProofChecker(vermethod.NewVDRResolver(vdr.New(vdr.WithVDR(key.New()))))
}

// vcgoPanic is a panic inside vc-go, turned into an error.
type vcgoPanic struct{ value any }

func (p *vcgoPanic) Error() string { return fmt.Sprintf("vc-go panicked: %v", p.value) }

// vcgoParseCredential is verifiable.ParseCredential under recover():
// vc-go v1.3.6 dereferences a nil pointer on a JWT with no registered claims
// (see TestVCJWTCachetToVCGo).
func vcgoParseCredential(data []byte, opts ...verifiable.CredentialOpt) (vc *verifiable.Credential, err error) {
	defer func() {
		if r := recover(); r != nil {
			vc, err = nil, &vcgoPanic{r}
		}
	}()
	return verifiable.ParseCredential(data, opts...)
}

// vcgoKey is a key generated and held by kms-go's local KMS (Google Tink
// underneath), so that what vc-go signs is signed by code independent of
// Cachet's keys package.
type vcgoKey struct {
	alg    keys.Algorithm
	signer interface{ Sign([]byte) ([]byte, error) }
	pubJWK *jwk.JWK
	pub    *keys.PublicKey // the same public key, for Cachet's verifiers
}

func newVCGoKey(t testing.TB, alg keys.Algorithm) *vcgoKey {
	t.Helper()
	kt := kms.ED25519Type
	if alg == keys.ES256 {
		kt = kms.ECDSAP256TypeIEEEP1363
	}
	signer, vm, err := testutil.CreateKMSSigner(kt, true)
	if err != nil {
		t.Fatalf("kms-go key: %v", err)
	}
	var pub *keys.PublicKey
	switch k := vm.JWK.Key.(type) {
	case stded25519.PublicKey:
		pub, err = keys.NewEd25519Public(k)
	case *stdecdsa.PublicKey:
		pub, err = keys.NewP256Public(k)
	default:
		err = fmt.Errorf("unexpected key type %T", k)
	}
	if err != nil {
		t.Fatal(err)
	}
	return &vcgoKey{alg: alg, signer: signer, pubJWK: vm.JWK, pub: pub}
}

// proofCreator is the key as vc-go's JWT proof creator.
func (k *vcgoKey) proofCreator() vcjwt.ProofCreator {
	if k.alg == keys.ES256 {
		return creator.New(creator.WithJWTAlg(es256.New(), k.signer))
	}
	return creator.New(creator.WithJWTAlg(eddsa.New(), k.signer))
}

// vcgoAlg is vc-go's name for a JWS algorithm.
func (k *vcgoKey) vcgoAlg() verifiable.JWSAlgorithm {
	if k.alg == keys.ES256 {
		return verifiable.ECDSASecp256r1
	}
	return verifiable.EdDSA
}

// joseSigner is the key as kms-go's jose.Signer (what vc-go's SD-JWT issuer
// and holder take), with the given protected header members.
func (k *vcgoKey) joseSigner(headers kmsjose.Headers) kmsjose.Signer {
	h := kmsjose.Headers{kmsjose.HeaderAlgorithm: string(k.alg)}
	for n, v := range headers {
		h[n] = v
	}
	return joseSigner{k.signer, h}
}

type joseSigner struct {
	s interface{ Sign([]byte) ([]byte, error) }
	h kmsjose.Headers
}

func (j joseSigner) Sign(data []byte) ([]byte, error) { return j.s.Sign(data) }
func (j joseSigner) Headers() kmsjose.Headers         { return j.h }

// vcgoKey is also a keys.Signer, so that Cachet's holder code can sign with a
// key kms-go holds.
var _ keys.Signer = (*vcgoKey)(nil)

func (k *vcgoKey) Algorithm() keys.Algorithm        { return k.alg }
func (k *vcgoKey) Public() *keys.PublicKey          { return k.pub }
func (k *vcgoKey) Sign(data []byte) ([]byte, error) { return k.signer.Sign(data) }

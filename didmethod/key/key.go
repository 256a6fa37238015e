package key

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/mr-tron/base58"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/keys"
)

// Method is the did:key method name (did:key v0.7 §"The did:key Format").
const Method = "key"

// PublicKeyFormat is the verification method type a document is built with
// (did:key v0.7 §"Document Creation Algorithm", options.publicKeyFormat).
type PublicKeyFormat string

// The formats did:key v0.7 §"Signature Method Creation Algorithm" step 8
// allows without enableExperimentalPublicKeyTypes.
const (
	// Multikey is the default: publicKeyMultibase holds the DID's own
	// multibase value.
	Multikey PublicKeyFormat = didmethod.TypeMultikey
	// JSONWebKey2020 puts the key in publicKeyJwk.
	JSONWebKey2020 PublicKeyFormat = didmethod.TypeJSONWebKey2020
	// Ed25519VerificationKey2020 is for Ed25519 keys only.
	Ed25519VerificationKey2020 PublicKeyFormat = didmethod.TypeEd25519VerificationKey2020
)

// Multicodec codes and raw key lengths of the table in did:key v0.7
// §"Signature Method Creation Algorithm" step 3.
const (
	codecSecp256k1 = 0xe7   // 33 bytes, compressed
	codecX25519    = 0xec   // 32 bytes
	codecEd25519   = 0xed   // 32 bytes
	codecP256      = 0x1200 // 33 bytes, compressed
	codecP384      = 0x1201 // 49 bytes, compressed
)

// Create returns the did:key DID of a public key (did:key v0.7 §"Create"):
// "did:key:" followed by the multibase base58-btc encoding of the
// multicodec header and the raw public key bytes.
func Create(pub *keys.PublicKey) (didmethod.DID, error) {
	if pub == nil {
		return didmethod.DID{}, errors.New("key: nil public key")
	}
	return didmethod.DID{Method: Method, ID: pub.Multibase()}, nil
}

// KeyID returns the DID URL of the one verification method of a did:key
// DID, as a JWS kid names it: the DID, "#", and the multibase value again
// (did:key v0.7 §"Document Creation Algorithm", step "verificationMethod.id").
func KeyID(d didmethod.DID) string { return d.String() + "#" + d.ID }

// Resolver resolves did:key DIDs by expanding them into DID documents
// (did:key v0.7 §"Read"). It needs no network. The zero value builds
// Multikey verification methods.
type Resolver struct {
	// Format is the verification method type; empty means Multikey.
	Format PublicKeyFormat
}

var _ didmethod.Resolver = Resolver{}

// Resolve expands did into its DID document. did:key documents cannot be
// updated or deactivated (v0.7 §"Update", §"Deactivate"): a versionTime
// option is answered with the one document there is, and a versionId, which
// no did:key document has, is notFound.
func (r Resolver) Resolve(ctx context.Context, did string, opts didmethod.ResolutionOptions) (*didmethod.Resolution, error) {
	if err := ctx.Err(); err != nil {
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	}
	if err := didmethod.CheckAccept(opts.Accept); err != nil {
		return didmethod.Fail(didmethod.CodeRepresentationNotSupported, did, err)
	}
	if opts.VersionID != "" {
		return didmethod.Fail(didmethod.CodeNotFound, did, errors.New("key: did:key documents have no versions"))
	}
	doc, err := Expand(did, r.Format)
	if err != nil {
		var re *didmethod.ResolutionError
		if errors.As(err, &re) {
			return &didmethod.Resolution{ResolutionMetadata: didmethod.ResolutionMetadata{Error: re.Code}}, err
		}
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	}
	return &didmethod.Resolution{Document: doc}, nil
}

// Expand runs the Document Creation Algorithm of did:key v0.7 with
// options.publicKeyFormat = format (empty: Multikey),
// enableExperimentalPublicKeyTypes = false, enableEncryptionKeyDerivation =
// false and defaultContext = ["https://www.w3.org/ns/did/v1"]. Errors are
// *didmethod.ResolutionError values with the error names of the spec
// (invalidDid, invalidPublicKey, invalidPublicKeyLength,
// invalidPublicKeyType, unsupportedPublicKeyType, invalidDidUrl).
func Expand(identifier string, format PublicKeyFormat) (*didmethod.Document, error) {
	if format == "" {
		format = Multikey
	}
	fail := func(code didmethod.ErrorCode, format string, a ...any) error {
		return didmethod.NewResolutionError(code, identifier, fmt.Errorf("key: "+format, a...))
	}
	// Step 5 (checked first, as it bounds the input): "If document.id is
	// not a valid DID, an invalidDid error MUST be raised."
	if _, err := didmethod.ParseDID(identifier); err != nil {
		return nil, didmethod.NewResolutionError(didmethod.CodeInvalidDID, identifier, err)
	}
	// Step 2: "Using a colon (:) as the delimiter, split the identifier
	// into its components: a scheme, a method, a version, and a
	// multibaseValue. If there are only three components set the version to
	// the string value 1 and use the last value as the multibaseValue."
	parts := strings.Split(identifier, ":")
	var version, mb string
	switch len(parts) {
	case 3:
		version, mb = "1", parts[2]
	case 4:
		version, mb = parts[2], parts[3]
	default:
		return nil, fail(didmethod.CodeInvalidDID, "expected did:key:[version:]multibase")
	}
	// Step 3: "The scheme MUST be the value did. The method MUST be the
	// value key. The version MUST be convertible to a positive integer
	// value. The multibaseValue MUST be a string and begin with the letter
	// z. If any of these requirements fail, an invalidDid error MUST be
	// raised."
	if parts[0] != "did" || parts[1] != Method {
		return nil, fail(didmethod.CodeInvalidDID, "not a did:key")
	}
	if !positiveInteger(version) {
		return nil, fail(didmethod.CodeInvalidDID, "version %q is not a positive integer", version)
	}
	// §"The did:key Format": mb-value := z[a-km-zA-HJ-NP-Z1-9]+.
	if len(mb) < 2 || mb[0] != 'z' || len(mb) > MaxMultibaseLength {
		return nil, fail(didmethod.CodeInvalidDID, "multibase value must be \"z\" and base58-btc, at most %d characters", MaxMultibaseLength)
	}
	// Step 4: the Signature Method Creation Algorithm.
	vm, err := signatureMethod(identifier, mb, format)
	if err != nil {
		return nil, err
	}
	// Steps 6-7: the verification method, referenced from authentication,
	// assertionMethod, capabilityInvocation and capabilityDelegation.
	// Step 8 (enableEncryptionKeyDerivation) is off: Cachet's keys sign,
	// and no keyAgreement method is derived.
	ref := []didmethod.MethodRef{{Ref: vm.ID}}
	doc := &didmethod.Document{
		ID:                   identifier,
		VerificationMethod:   []didmethod.VerificationMethod{*vm},
		Authentication:       ref,
		AssertionMethod:      ref,
		CapabilityInvocation: ref,
		CapabilityDelegation: ref,
	}
	// Step 9: the Context Creation Algorithm.
	doc.Context = contextFor(format)
	return doc, nil
}

// signatureMethod runs did:key v0.7 §"Signature Method Creation Algorithm".
func signatureMethod(identifier, mb string, format PublicKeyFormat) (*didmethod.VerificationMethod, error) {
	fail := func(code didmethod.ErrorCode, format string, a ...any) error {
		return didmethod.NewResolutionError(code, identifier, fmt.Errorf("key: "+format, a...))
	}
	// Step 2, §"Decode Public Key Algorithm": "Decode multibaseValue using
	// the base58-btc multibase alphabet and set multicodecValue to the
	// multicodec header for the decoded value. Implementers are cautioned to
	// ensure that the multicodecValue is set to the result after performing
	// varint decoding."
	b, err := base58.Decode(mb[1:])
	if err != nil {
		return nil, fail(didmethod.CodeInvalidDID, "multibase value is not base58-btc")
	}
	codec, n, ok := uvarint(b)
	if !ok {
		return nil, fail(didmethod.CodeInvalidPublicKey, "malformed multicodec header")
	}
	raw := b[n:]
	// Step 3: "Ensure the proper key length of rawPublicKeyBytes based on
	// the multicodecValue table ... If the byte length of rawPublicKeyBytes
	// does not match the expected public key length for the associated
	// multicodecValue, an invalidPublicKeyLength error MUST be raised."
	want := map[uint64]int{codecSecp256k1: 33, codecX25519: 32, codecEd25519: 32, codecP256: 33, codecP384: 49}
	size, known := want[codec]
	if !known {
		return nil, fail(didmethod.CodeUnsupportedPublicKeyType, "multicodec 0x%x is not in the did:key table", codec)
	}
	if len(raw) != size {
		return nil, fail(didmethod.CodeInvalidPublicKeyLength, "multicodec 0x%x needs %d key bytes, got %d", codec, size, len(raw))
	}
	if codec != codecEd25519 && codec != codecP256 {
		return nil, fail(didmethod.CodeUnsupportedPublicKeyType, "multicodec 0x%x: Cachet reads Ed25519 and P-256 keys only", codec)
	}
	// Step 4: "Ensure the rawPublicKeyBytes are a proper encoding of the
	// public key type as specified by the multicodecValue ... If an invalid
	// public key value is detected, an invalidPublicKey error MUST be
	// raised."
	if codec == codecEd25519 && !ed25519PointValid(raw) {
		return nil, fail(didmethod.CodeInvalidPublicKey, "not an Ed25519 point (RFC 8032 §5.1.3)")
	}
	pub, err := keys.ParseMultibase(mb)
	if err != nil {
		return nil, didmethod.NewResolutionError(didmethod.CodeInvalidPublicKey, identifier, err)
	}
	// The encoding must be the one Create makes, so that one key has one
	// did:key value.
	if pub.Multibase() != mb {
		return nil, fail(didmethod.CodeInvalidPublicKey, "non-canonical key encoding")
	}
	// Step 5: "Set the verificationMethod.id value by concatenating
	// identifier, a hash character (#), and the multicodecValue. If
	// verificationMethod.id is not a valid DID URL, an invalidDidUrl error
	// MUST be raised." The spec's examples (and every implementation) use
	// the multibaseValue, not the multicodecValue, as the fragment.
	id := identifier + "#" + mb
	if _, err := didmethod.ParseURL(id); err != nil {
		return nil, didmethod.NewResolutionError(didmethod.CodeInvalidDIDURL, identifier, err)
	}
	// Steps 6-8: "If publicKeyFormat is not known to the implementation, an
	// unsupportedPublicKeyType error MUST be raised." With
	// enableExperimentalPublicKeyTypes false, only Multikey, JsonWebKey2020
	// and Ed25519VerificationKey2020 are allowed (invalidPublicKeyType).
	vm := &didmethod.VerificationMethod{ID: id, Type: string(format), Controller: identifier}
	switch format {
	case Multikey:
		// Step 11: "If publicKeyFormat is Multikey or
		// Ed25519VerificationKey2020, set the
		// verificationMethod.publicKeyMultibase value to multibaseValue."
		vm.PublicKeyMultibase = mb
	case Ed25519VerificationKey2020:
		if codec != codecEd25519 {
			return nil, fail(didmethod.CodeInvalidPublicKeyType, "Ed25519VerificationKey2020 cannot hold a P-256 key")
		}
		vm.PublicKeyMultibase = mb
	case JSONWebKey2020:
		// Step 12 and §"Encode JWK Algorithm": the JWK members the key
		// type requires (RFC 8037 §2, RFC 7518 §6.2.1, "y" by point
		// decompression), and "Ensure that d is NOT present."
		jwk, err := json.Marshal(pub.JWK())
		if err != nil {
			return nil, didmethod.NewResolutionError(didmethod.CodeInternalError, identifier, err)
		}
		vm.PublicKeyJwk = jwk
	default:
		return nil, fail(didmethod.CodeUnsupportedPublicKeyType, "public key format %q", format)
	}
	// Step 10: "Set verificationMethod.controller to the identifier value.
	// If verificationMethod.controller is not a valid DID, an invalidDid
	// error MUST be raised." (identifier was checked to be a DID.)
	return vm, nil
}

// contextFor runs did:key v0.7 §"Context Creation Algorithm": the default
// context, then the context of the verification method type. v0.7's table
// has no context for Multikey ("expected to be defined by the VC2WG"); it
// has since been published as https://w3id.org/security/multikey/v1 (W3C
// Controlled Identifiers v1.0), which is used here.
func contextFor(format PublicKeyFormat) didmethod.Context {
	c := didmethod.Context{didmethod.ContextDIDv1}
	switch format {
	case Multikey:
		c = append(c, didmethod.ContextMultikey)
	case JSONWebKey2020:
		c = append(c, didmethod.ContextJWS2020)
	case Ed25519VerificationKey2020:
		c = append(c, didmethod.ContextEd25519_2020)
	}
	return c
}

// positiveInteger reports whether s is a decimal integer >= 1 without
// leading zeros or sign, short enough to convert.
func positiveInteger(s string) bool {
	if s == "" || len(s) > 9 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// uvarint decodes the minimally encoded unsigned varint (the multiformats
// unsigned-varint spec, at most 9 bytes) that starts b.
func uvarint(b []byte) (uint64, int, bool) {
	var v uint64
	for i := 0; i < len(b) && i < 9; i++ {
		v |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			if i > 0 && b[i] == 0 {
				return 0, 0, false
			}
			return v, i + 1, true
		}
	}
	return 0, 0, false
}

// ed25519PointValid reports whether b is the canonical encoding of a point
// on the Ed25519 curve, by RFC 8032 §5.1.3 ("Decoding"): y < p, and x
// recovered from y exists, and x = 0 does not come with the sign bit set.
func ed25519PointValid(b []byte) bool {
	if len(b) != 32 {
		return false
	}
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	le := make([]byte, 32)
	for i := range b {
		le[31-i] = b[i]
	}
	sign := le[0] >> 7
	le[0] &= 0x7f
	y := new(big.Int).SetBytes(le)
	// Step 1: "If the resulting value is >= p, decoding fails."
	if y.Cmp(p) >= 0 {
		return false
	}
	// d = -121665/121666 mod p.
	d := new(big.Int).ModInverse(big.NewInt(121666), p)
	d.Mul(d, big.NewInt(-121665)).Mod(d, p)
	// Step 2: x^2 = (y^2 - 1) / (d y^2 + 1) = u/v.
	y2 := new(big.Int).Mul(y, y)
	u := new(big.Int).Sub(y2, big.NewInt(1))
	u.Mod(u, p)
	v := new(big.Int).Mul(d, y2)
	v.Add(v, big.NewInt(1)).Mod(v, p)
	// Step 3: x = u v^3 (u v^7)^((p-5)/8); then v x^2 must be u or -u.
	v3 := new(big.Int).Exp(v, big.NewInt(3), p)
	v7 := new(big.Int).Mul(v3, v3)
	v7.Mul(v7, v).Mod(v7, p)
	e := new(big.Int).Sub(p, big.NewInt(5))
	e.Rsh(e, 3)
	x := new(big.Int).Mul(u, v7)
	x.Mod(x, p).Exp(x, e, p)
	x.Mul(x, u).Mul(x, v3).Mod(x, p)
	vx2 := new(big.Int).Mul(x, x)
	vx2.Mul(vx2, v).Mod(vx2, p)
	negU := new(big.Int).Sub(p, u)
	negU.Mod(negU, p)
	if vx2.Cmp(u) != 0 && vx2.Cmp(negU) != 0 {
		return false
	}
	// Step 4: "If x = 0, and x_0 = 1, decoding fails."
	return !(u.Sign() == 0 && sign == 1)
}

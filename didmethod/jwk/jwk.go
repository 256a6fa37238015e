package jwk

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/didmethod"
	"github.com/cachet-district/cachet/keys"
)

// Method is the did:jwk method name.
const Method = "jwk"

// Use is the JWK "use" member (RFC 7517 §4.2), which decides the
// verification relationships of a did:jwk document.
type Use string

// Values of "use" (RFC 7517 §4.2).
const (
	UseUnspecified Use = ""    // all five relationships
	UseSig         Use = "sig" // all but keyAgreement
	UseEnc         Use = "enc" // keyAgreement only
)

// b64 is base64url without padding (RFC 4648 §5; the did:jwk ABNF
// base64url-value := [A-Za-z0-9_-]+ has no "="), with strict trailing bits
// so that one JWK has one encoding.
func b64() *base64.Encoding {
	e := base64.RawURLEncoding.Strict()
	return e
}

// Create returns the did:jwk DID of a public key (did:jwk spec §"Create",
// "To create the DID"): the JWK "Serialize[d] into a UTF-8 string",
// base64url-encoded, after "did:jwk:". The JWK holds the members RFC 7638
// §3.2 requires for the key type plus "use" if use is set, in
// lexicographic order without white space, so the same key and use always
// give the same DID; for a P-256 key without use this is the spec's P-256
// example. use may be UseUnspecified or UseSig: Cachet's keys sign.
func Create(pub *keys.PublicKey, use Use) (didmethod.DID, error) {
	if pub == nil {
		return didmethod.DID{}, errors.New("jwk: nil public key")
	}
	if use != UseUnspecified && use != UseSig {
		return didmethod.DID{}, fmt.Errorf("jwk: a signing key cannot have use %q", use)
	}
	j := pub.JWK()
	// Field order is the serialization order: crv, kty, use, x, y.
	b, err := json.Marshal(struct {
		Crv string `json:"crv"`
		Kty string `json:"kty"`
		Use Use    `json:"use,omitempty"`
		X   string `json:"x"`
		Y   string `json:"y,omitempty"`
	}{j.Crv, j.Kty, use, j.X, j.Y})
	if err != nil {
		return didmethod.DID{}, fmt.Errorf("jwk: encode jwk: %w", err)
	}
	return didmethod.DID{Method: Method, ID: b64().EncodeToString(b)}, nil
}

// Resolver resolves did:jwk DIDs by decoding them into DID documents
// (did:jwk spec §"Read"). It needs no network.
type Resolver struct{}

var _ didmethod.Resolver = Resolver{}

// Resolve decodes did into its DID document. did:jwk documents have no
// versions (§"Update": "Not supported."): a versionTime option is answered
// with the one document there is, a versionId is notFound.
func (Resolver) Resolve(ctx context.Context, did string, opts didmethod.ResolutionOptions) (*didmethod.Resolution, error) {
	if err := ctx.Err(); err != nil {
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	}
	if err := didmethod.CheckAccept(opts.Accept); err != nil {
		return didmethod.Fail(didmethod.CodeRepresentationNotSupported, did, err)
	}
	if opts.VersionID != "" {
		return didmethod.Fail(didmethod.CodeNotFound, did, errors.New("jwk: did:jwk documents have no versions"))
	}
	doc, err := Expand(did)
	if err != nil {
		var re *didmethod.ResolutionError
		if errors.As(err, &re) {
			return &didmethod.Resolution{ResolutionMetadata: didmethod.ResolutionMetadata{Error: re.Code}}, err
		}
		return didmethod.Fail(didmethod.CodeInternalError, did, err)
	}
	return &didmethod.Resolution{Document: doc}, nil
}

// Expand runs the Read operation of the did:jwk spec and returns the DID
// document of §"To create the DID Document". Errors are
// *didmethod.ResolutionError values: invalidDid for a value that is not a
// did:jwk DID or does not decode to a JSON object, invalidPublicKey for a
// JWK that is not a valid public key (including one with private members),
// unsupportedPublicKeyType for key types Cachet does not read.
func Expand(did string) (*didmethod.Document, error) {
	fail := func(code didmethod.ErrorCode, format string, a ...any) error {
		return didmethod.NewResolutionError(code, did, fmt.Errorf("jwk: "+format, a...))
	}
	d, err := didmethod.ParseDID(did)
	if err != nil {
		return nil, didmethod.NewResolutionError(didmethod.CodeInvalidDID, did, err)
	}
	if d.Method != Method {
		return nil, fail(didmethod.CodeInvalidDID, "not a did:jwk")
	}
	// Read step 1-2: "Remove the prefix did:jwk:" and "Decode the remaining
	// string using base64url". §"DID Format": base64url-value :=
	// [A-Za-z0-9_-]+.
	if len(d.ID) > base64.RawURLEncoding.EncodedLen(MaxJWKSize) {
		return nil, fail(didmethod.CodeInvalidDID, "jwk longer than %d bytes", MaxJWKSize)
	}
	raw, err := b64().DecodeString(d.ID)
	if err != nil {
		return nil, fail(didmethod.CodeInvalidDID, "not base64url: %v", err)
	}
	// Read step 3: "Parse the decoded string as UTF-8 JSON". The JSON must
	// be an object with unique member names (RFC 7517 §4: "The member
	// names within a JWK MUST be unique").
	if !utf8.Valid(raw) {
		return nil, fail(didmethod.CodeInvalidDID, "jwk is not utf-8")
	}
	var members map[string]any
	if err := josejson.Unmarshal(raw, &members); err != nil || members == nil {
		return nil, fail(didmethod.CodeInvalidDID, "not a json object")
	}
	// Read step 4: "Validate the JWK properties". §"Security": "Only JWKs
	// containing public key material may be used, a JWK for a private key
	// must never be used and must be rejected by all implementations when
	// encountered."
	for _, name := range []string{"d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"} {
		if _, ok := members[name]; ok {
			return nil, fail(didmethod.CodeInvalidPublicKey, "jwk has private member %q", name)
		}
	}
	use, ok := members["use"].(string)
	if _, present := members["use"]; present && (!ok || (use != string(UseSig) && use != string(UseEnc))) {
		return nil, fail(didmethod.CodeInvalidPublicKey, "jwk \"use\" must be \"sig\" or \"enc\"")
	}
	if err := checkKey(raw, members); err != nil {
		var re *didmethod.ResolutionError
		if errors.As(err, &re) {
			re.DID = did
		}
		return nil, err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		return nil, fail(didmethod.CodeInvalidDID, "%v", err)
	}
	// §"To create the DID Document" (and §"To create the DID URL": "#0 is
	// the only valid value").
	vmID := did + "#0"
	if _, err := didmethod.ParseURL(vmID); err != nil {
		return nil, didmethod.NewResolutionError(didmethod.CodeInvalidDIDURL, did, err)
	}
	doc := &didmethod.Document{
		Context: didmethod.Context{didmethod.ContextDIDv1, didmethod.ContextJWS2020},
		ID:      did,
		VerificationMethod: []didmethod.VerificationMethod{{
			ID:           vmID,
			Type:         didmethod.TypeJSONWebKey2020,
			Controller:   did,
			PublicKeyJwk: compact.Bytes(),
		}},
	}
	// "If the JWK contains a use property with the value "sig" then the
	// keyAgreement property is not included in the DID Document. If the use
	// value is "enc" then only the keyAgreement property is included in the
	// DID Document."
	ref := []didmethod.MethodRef{{Ref: vmID}}
	if use != string(UseEnc) {
		doc.AssertionMethod = ref
		doc.Authentication = ref
		doc.CapabilityInvocation = ref
		doc.CapabilityDelegation = ref
	}
	if use != string(UseSig) {
		doc.KeyAgreement = ref
	}
	return doc, nil
}

// checkKey validates the key material: Ed25519 (RFC 8037 §2) and P-256
// (RFC 7518 §6.2.1, the point on the curve) by keys.ParseJWK; X25519
// (RFC 8037 §2, the key type of the spec's second example) by its length,
// as it can only be a keyAgreement key and Cachet uses no key agreement.
// Other key types are unsupportedPublicKeyType.
func checkKey(raw []byte, members map[string]any) error {
	fail := func(code didmethod.ErrorCode, format string, a ...any) error {
		return didmethod.NewResolutionError(code, "", fmt.Errorf("jwk: "+format, a...))
	}
	kty, _ := members["kty"].(string)
	crv, _ := members["crv"].(string)
	switch {
	case kty == "":
		// RFC 7517 §4.1: "kty" "MUST be present in a JWK".
		return fail(didmethod.CodeInvalidPublicKey, "jwk has no \"kty\"")
	case kty == "OKP" && crv == "Ed25519", kty == "EC" && crv == "P-256":
		if _, err := keys.ParseJWK(raw); err != nil {
			return fail(didmethod.CodeInvalidPublicKey, "%v", err)
		}
		return nil
	case kty == "OKP" && crv == "X25519":
		x, _ := members["x"].(string)
		if b, err := b64().DecodeString(x); err != nil || len(b) != 32 {
			return fail(didmethod.CodeInvalidPublicKey, "X25519 \"x\" must be 32 bytes")
		}
		if _, ok := members["y"]; ok {
			return fail(didmethod.CodeInvalidPublicKey, "okp key has a \"y\" member")
		}
		return nil
	}
	return fail(didmethod.CodeUnsupportedPublicKeyType, "jwk kty %q crv %q", kty, crv)
}

package didmethod

// Limits on outside input: DIDs, DID URLs and DID documents come from
// credentials, QR codes, presentation requests and (later) the network.
const (
	// MaxDIDURLLength bounds a DID or DID URL string. DID Core sets no limit;
	// the longest DIDs Cachet meets are did:jwk values, which carry a whole
	// base64url JWK: a P-256 key with "use" and "kid" is about 250
	// characters, and keys.MaxJWKSize (4 KiB) encodes to under 5.5 KiB.
	MaxDIDURLLength = 8 << 10

	// MaxDocumentSize bounds a DID document in its JSON representation. A
	// bureau document with a few keys and services is 2-5 KiB.
	MaxDocumentSize = 256 << 10

	// MaxJSONDepth bounds the nesting depth of a DID document's JSON. The
	// deepest core structure is document > service > serviceEndpoint set >
	// map > value (5); extension members get some room.
	MaxJSONDepth = 32

	// MaxVerificationMethods bounds the verificationMethod set and each
	// verification relationship set.
	MaxVerificationMethods = 64

	// MaxServices bounds the service set.
	MaxServices = 64

	// MaxSetEntries bounds the other sets of a document: controller,
	// alsoKnownAs, @context, a service's type and serviceEndpoint.
	MaxSetEntries = 32
)

package jose

// Limits on outside input parsed by this package. Token size and header
// size are bounded by credential/jws (jws.MaxTokenSize, jws.MaxHeaderSize),
// documents by credential (credential.MaxDocumentSize, credential.MaxDepth).
const (
	// MaxEnvelopedCredentials bounds the verifiableCredential items of a
	// vp+jwt. A counter asks for one or two credentials at a time; 16 leaves
	// room for a full wallet export while capping the work one presentation
	// can cause (each item is a JWS to parse and verify).
	MaxEnvelopedCredentials = 16
)

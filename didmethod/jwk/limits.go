package jwk

import "github.com/cachet-district/cachet/keys"

// Limits on outside input parsed by this package.
const (
	// MaxJWKSize bounds the decoded JWK of a did:jwk DID: the limit package
	// keys sets for any JWK (4 KiB), which is also what keeps a did:jwk DID
	// under didmethod.MaxDIDURLLength.
	MaxJWKSize = keys.MaxJWKSize
)

package keys

// Algorithm is a JWS signature algorithm name as registered in the IANA
// "JSON Web Signature and Encryption Algorithms" registry (RFC 7518 §3.1,
// RFC 8037 §3.1).
type Algorithm string

// The algorithms Cachet signs and verifies with. ES256 is required by the
// OpenID4VC High Assurance Interoperability Profile 1.0; EdDSA (Ed25519) is
// the compact default for bureau keys.
const (
	EdDSA Algorithm = "EdDSA"
	ES256 Algorithm = "ES256"
)

// Algorithms lists every algorithm this package supports, in a stable order.
func Algorithms() []Algorithm { return []Algorithm{EdDSA, ES256} }

// Supported reports whether a is one of Algorithms.
func (a Algorithm) Supported() bool { return a == EdDSA || a == ES256 }

// Role says what a key is for. A key store entry carries one, and code that
// signs asks for the role it needs, so a holder key is never used to sign a
// credential and an issuer key never answers a presentation request.
type Role string

// Key roles.
const (
	RoleIssuer     Role = "issuer"     // signs credentials and status lists
	RoleHolder     Role = "holder"     // signs key-binding JWTs and presentations
	RoleVerifier   Role = "verifier"   // signs presentation requests
	RoleValidator  Role = "validator"  // a ledger node's consensus key
	RoleGovernance Role = "governance" // signs ledger governance operations
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleIssuer, RoleHolder, RoleVerifier, RoleValidator, RoleGovernance:
		return true
	}
	return false
}

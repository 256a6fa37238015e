package ledger

// Limits on outside input: transaction bytes reach the ledger from any client
// through the mempool, so every size and count is bounded before work that
// grows with it. A transaction over a limit is rejected with CodeTooLarge or
// CodeMalformed and changes nothing.
const (
	// MaxTxSize bounds the transaction envelope. The largest legitimate
	// transaction is a DID document of MaxDocumentSize plus a few signatures,
	// base64url-encoded (4/3) inside the envelope.
	MaxTxSize = 64 << 10
	// MaxDocumentSize bounds the canonical JSON of one DID document. A
	// bureau document with a few keys and services is about 1-2 KiB.
	MaxDocumentSize = 16 << 10
	// MaxJSONDepth bounds the nesting of the payload JSON; the deepest
	// legitimate payload (payload, op, document, verification method, JWK)
	// is 5 levels deep.
	MaxJSONDepth = 8
	// MaxSignatures bounds the signatures on one transaction: a governance
	// operation needs at most MaxMembers, a DID operation exactly one.
	MaxSignatures = MaxMembers
	// MaxSignatureSize bounds one decoded signature (Ed25519 and ES256 JWS
	// signatures are 64 bytes).
	MaxSignatureSize = 132
	// MaxVerificationMethods bounds the verification methods of a document.
	MaxVerificationMethods = 16
	// MaxServices bounds the services of a document.
	MaxServices = 16
	// MaxRelationshipSize bounds the references in one verification
	// relationship (at most one per verification method).
	MaxRelationshipSize = MaxVerificationMethods
	// MaxIDLength bounds a fragment id ("#key-1"), a governance member id,
	// a key id in a signature and a schema type id.
	MaxIDLength = 64
	// MaxStringLength bounds URLs, credential types (vct), claim paths,
	// service types and endpoints.
	MaxStringLength = 512
	// MaxNameLength bounds a display name in one language, in bytes.
	MaxNameLength = 256
	// MaxVCTs bounds the credential types in one authorisation, revocation or
	// verifier service.
	MaxVCTs = 64
	// MaxClaims bounds the claims one verifier service may ask for.
	MaxClaims = 64
	// MaxVerifierServices bounds the services of one registered verifier.
	MaxVerifierServices = 32
	// MaxMembers bounds the governance member set.
	MaxMembers = 32
	// MaxValidators bounds the consensus validator set, at InitChain and
	// after every governance vote. A district runs a handful of nodes;
	// CometBFT's consensus messages grow with the set.
	MaxValidators = 100
	// MaxValidatorPower bounds one validator's voting power, so that the
	// total (at most MaxValidators * MaxValidatorPower = 1e8) stays far
	// below CometBFT's MaxTotalVotingPower (MaxInt64 / 8, about 1.2e18).
	MaxValidatorPower = 1_000_000
	// MaxValidatorUpdates bounds the validator updates in one
	// governance.members vote: enough to remove every validator and add a
	// whole new set in one vote.
	MaxValidatorUpdates = 2 * MaxValidators
	// MaxChainIDLength bounds the chain id (CometBFT allows 50 bytes).
	MaxChainIDLength = 50
)

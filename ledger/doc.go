// Package ledger is Cachet's replicated state machine: the did:cachet DID
// registry, the trust registry of issuer authorisations, the schema
// registry, status list anchors, the verifier registry and the governance
// that rules them. It is pure Go with no consensus code: the ABCI++ adapter
// for CometBFT v0.38 (ledger/abciapp) and the node runner (ledger/node) wrap
// State, whose methods mirror the ABCI calls (InitChain, CheckTx,
// FinalizeBlock, Commit, Info, Query).
//
// Transactions are signed operations (see docs/design/ledger.md for the
// wire form). Each one is decoded strictly and in one canonical form only
// (internal/strictjson, limits in limits.go), bound to the chain id by a
// domain-separated signing input (SigningInput), authenticated by the key
// that controls it, ordered by a per-signer sequence number against replay,
// and validated completely before it writes anything: a rejected
// transaction gets one code of the table in errors.go, a readable log line,
// and changes nothing.
//
// DID documents follow W3C Decentralized Identifiers (DIDs) v1.0 §5 in a
// compact form (Document: fragment ids relative to the DID, relationships by
// reference); did:cachet ids are self-certifying, the base58btc encoding of
// the first 20 bytes of SHA-256 over the did.create payload. Every version
// is kept with its block time, so resolution answers the DID Core §3.2.1
// versionId and versionTime parameters and the §7.1.3 document metadata
// (created, updated, versionId, deactivated, nextUpdate, nextVersionId).
//
// Governance (governance.members) also changes the consensus validator
// set: the set CometBFT gives InitChain is kept in the hashed state, each
// vote's updates are checked against the rules of the ABCI++ spec
// ("Updating the Validator Set" in CometBFT v0.38's spec/abci) and
// FinalizeBlock returns the block's net updates (validators.go).
//
// The app hash is the Merkle Tree Hash of RFC 6962 §2.1 over the state's
// entries in key order: a leaf is SHA-256(0x00 || uint32 key length || key
// || value), an inner node SHA-256(0x01 || left || right). The block time
// passed to FinalizeBlock is the only clock, and nothing that affects state
// iterates a map, so every node computes the same hash.
//
// Dependencies: keys for public keys and signatures (Ed25519 and ES256),
// internal/strictjson for decoding, github.com/mr-tron/base58 for the
// base58btc DID suffix (as keys uses it for multibase).
package ledger

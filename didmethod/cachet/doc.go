// Package cachet implements the read operation of the did:cachet DID method
// (SPEC.md in this directory, §2 "Method-specific identifier" and §3.2
// "Read"): it resolves the DIDs of a Cachet district's institutions from the
// district's ledger (package ledger) into W3C Decentralized Identifiers
// (DIDs) v1.0 documents (§5), following the resolve() function of W3C DID
// Resolution v0.3 §"DID Resolution".
//
// The ledger keeps a compact document: fragment ids relative to the DID
// ("#key-1"), relationships by reference, no id and no controller. Expand
// turns it into the DID Core form: id is the DID (§5.1.1), the controller of
// the document and of every verification method is the DID (§5.1.2, §5.2),
// ids become absolute DID URLs (§3.2), relationships stay references
// (§5.3), and @context is the DID v1 context (§6.3.1) followed by the
// contexts of the verification method types used (Multikey and JsonWebKey,
// W3C Controlled Identifiers v1.0 §2.2.2, §2.2.3).
//
// Resolution honours the versionId and versionTime DID parameters (DID Core
// §3.2.1), so a verifier can check a credential against the key that was in
// force when it was issued, and fills the DID document metadata of DID Core
// §7.1.3 (created, updated, versionId, nextUpdate, nextVersionId,
// deactivated). Failures carry the DID Resolution error codes invalidDid,
// notFound, methodNotSupported, representationNotSupported and
// internalError as *didmethod.ResolutionError values.
//
// The ledger is reached through Source, which *ledger.State satisfies in
// process; the package imports neither CometBFT nor the network. The
// method-specific id is decoded with github.com/mr-tron/base58, the encoder
// the ledger derives it with.
package cachet

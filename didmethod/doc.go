// Package didmethod implements the data model of W3C Decentralized
// Identifiers (DIDs) v1.0 (Recommendation, 19 July 2022) and the resolver
// interfaces of W3C DID Resolution v0.3 (Editor's Draft): what Cachet needs
// to turn a DID URL such as a JWS "kid" into a public key it may trust for a
// purpose. The DID Resolution v1.0 drafts (Candidate Recommendation, 2026)
// keep the resolve and dereference functions but report errors as RFC 9457
// problem details typed https://www.w3.org/ns/did#INVALID_DID,
// #NOT_FOUND, #METHOD_NOT_SUPPORTED and so on; this package keeps v0.3's
// keyword codes (invalidDid, notFound, ...), which an HTTP binding can map
// one to one.
//
// It provides:
//
//   - DID and DID URL syntax (DID Core §3.1, §3.2, with the DID parameters of
//     §3.2.1): ParseDID, ParseURL.
//   - DID documents (DID Core §5: id, controller, alsoKnownAs, verification
//     methods, the five verification relationships with referenced or
//     embedded methods, services) in their JSON and JSON-LD representations
//     (§6.2, §6.3): ParseDocument decodes strictly (duplicate member names,
//     invalid UTF-8 and oversize input rejected, limits in limits.go) and
//     Document.Validate checks the MUSTs of §5 in spec order, each failure
//     with its own sentinel error.
//   - Keys from verification methods of type JsonWebKey / JsonWebKey2020,
//     Multikey (W3C Controlled Identifiers v1.0 §2.2.2-§2.2.3) and
//     Ed25519VerificationKey2020: VerificationMethod.PublicKey.
//   - Resolution (DID Resolution v0.3 §"DID Resolution"): the Resolver
//     interface with its options, result and metadata, the DID Resolution
//     error codes (§"Errors") carried by *ResolutionError, and MultiResolver,
//     which dispatches by method name.
//   - DID URL dereferencing (v0.3 §"DID URL Dereferencing"): Dereference,
//     and VerificationKey, which credential verifiers call with a "kid" and
//     a verification relationship (DID Core §5.3), so that a key listed only
//     for authentication never verifies an assertion.
//
// DID methods live in subpackages: key (did:key) and jwk (did:jwk). None of
// them touches the network.
//
// JSON is decoded with github.com/go-jose/go-jose/v4/json, the JOSE
// library's strict decoder already used by keys, because it rejects
// duplicate member names and matches member names case-sensitively;
// multibase keys are decoded with github.com/mr-tron/base58, as in keys.
package didmethod

// Package didresolver serves DID resolution over HTTP: GET /1.0/identifiers/{did},
// the HTTP(S) binding of W3C DID Resolution v1.0 (Candidate Recommendation
// Draft, 23 July 2026) §12.1, in the form of a DIF Universal Resolver
// driver, so that a Universal Resolver (or any client of §12.1) can resolve
// the DIDs a Cachet district knows, did:cachet first, through a
// didmethod.Resolver. It is a standard-library net/http handler with no
// dependency beyond the repository's own packages.
//
// Requests. GET and HEAD of Path + {did}; other methods are 405 with Allow.
// The DID comes either as written ("/1.0/identifiers/did:key:z6Mk...", what
// the Universal Resolver sends its drivers), in which case the query of the
// request URL is the query of the DID URL, or percent-encoded
// ("/1.0/identifiers/did%3Akey%3Az6Mk...", §12.1 step 4.1.1), in which case
// the query holds the resolution options versionId, versionTime and
// noCache (step 4.1.2). The versionId and versionTime DID parameters of a
// DID URL (DID Core §3.2.1) are resolution options too. The request's
// context is passed to the resolver.
//
// Only the resolve function (§4) is offered. A DID URL with a path, a
// fragment or another DID parameter is INVALID_DID (400): DID URL
// dereferencing (§5, and its result §10) is marked at risk in this draft,
// and §8.2.3 lets a client dereference the fragment on the document it
// resolved. didmethod.Dereference does that in process.
//
// Responses, chosen by Accept (RFC 9110 §12.5.1):
//
//   - application/did-resolution (§9), the default without Accept: a DID
//     resolution result {didDocument, didResolutionMetadata,
//     didDocumentMetadata}, with didResolutionMetadata.contentType the
//     media type of the embedded document (application/did+ld+json);
//   - application/ld+json;profile="https://w3id.org/did-resolution", the
//     same result under the media type of DID Resolution v0.3, which the
//     Universal Resolver lists first when it calls a driver, with the v0.3
//     "@context";
//   - application/did+ld+json or application/did+json (DID Core §6.3,
//     §6.2; application/ld+json and application/json select them through
//     their structured syntax suffix): the document alone, with that
//     Content-Type, @context dropped in plain JSON;
//   - anything else: 406 REPRESENTATION_NOT_SUPPORTED.
//
// Errors take the form of this draft, not v0.3's keywords:
// didResolutionMetadata.error is an RFC 9457 problem details object
// {"type": "https://www.w3.org/ns/did#NOT_FOUND", "title", "detail"} (§4.2,
// §11); there is no errorMessage. The HTTP status follows the table of
// §12.1 step 6: INVALID_DID, INVALID_DID_URL and INVALID_OPTIONS 400,
// NOT_FOUND 404, REPRESENTATION_NOT_SUPPORTED 406, METHOD_NOT_SUPPORTED and
// FEATURE_NOT_SUPPORTED 501, INVALID_DID_DOCUMENT, INTERNAL_ERROR and any
// other type 500. didmethod resolvers report v0.3 keyword codes, mapped one
// to one (invalidDid to INVALID_DID, ...); did:key's invalidPublicKey,
// invalidPublicKeyLength and invalidPublicKeyType become INVALID_DID (the
// DID encodes no usable key) and unsupportedPublicKeyType
// FEATURE_NOT_SUPPORTED. A client that asked for the document alone gets
// errors as application/problem+json. A server error carries no detail;
// its cause goes to the optional slog.Logger, without the DID.
//
// A deactivated DID is 410 (§12.1 step 7) with the DID document metadata
// ("deactivated": true) and the document the method resolved it to, as
// returned: did:cachet gives a document with only @context and id
// (didmethod/cachet SPEC.md §3.2), where §4.4 step 5.2 would have none.
//
// Limits on the path, query and Accept header are in limits.go.
package didresolver

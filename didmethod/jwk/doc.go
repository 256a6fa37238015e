// Package jwk implements the did:jwk method (spec.md of
// github.com/quartzjer/did-jwk, the "DID Method Specification" of
// did:jwk): a DID that is a JSON Web Key (RFC 7517), base64url-encoded
// (RFC 4648 §5) after "did:jwk:" (§"DID Format").
//
// Create follows §"Create" ("To create the DID"): the public JWK with the
// members RFC 7638 §3.2 requires, plus "use" when asked for, serialized in
// lexicographic member order without white space, so one key gives one DID.
// Resolve follows §"Read" and builds the document of §"To create the DID
// Document": @context ["https://www.w3.org/ns/did/v1",
// "https://w3id.org/security/suites/jws-2020/v1"], one JsonWebKey2020
// verification method "did:jwk:…#0" (§"To create the DID URL": "#0 is the
// only valid value") whose publicKeyJwk is the decoded JWK, and the
// verification relationships that "use" allows: "sig" leaves out
// keyAgreement, "enc" keeps only keyAgreement, no "use" gives all five.
//
// A JWK with private members is rejected (§"Security": "a JWK for a private
// key must never be used and must be rejected by all implementations").
// Ed25519 and P-256 keys are validated fully by package keys; X25519 keys,
// the spec's second example, resolve (as keyAgreement keys Cachet does not
// use); other key types are unsupportedPublicKeyType. Update and Deactivate
// are "Not supported". No network is used.
//
// The JWK is decoded with github.com/go-jose/go-jose/v4/json, the strict
// decoder package keys uses, which rejects duplicate member names (RFC 7517
// §4: "The member names within a JWK MUST be unique").
package jwk

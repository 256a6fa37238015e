// Package jose secures Verifiable Credentials Data Model v2.0 credentials
// and presentations with JOSE, as "Securing Verifiable Credentials using
// JOSE and COSE" (VC-JOSE-COSE, W3C Recommendation, 15 May 2025) specifies:
// §3.1.1 vc+jwt (the credential itself is the JWS payload, never wrapped in
// a vc claim), §3.1.2 vp+jwt (a holder-signed presentation whose
// verifiableCredential items are EnvelopedVerifiableCredential objects
// holding data:application/vc+jwt URLs), §3.1.3 and §4.1 (registered claims
// and key discovery: kid, iss) and §5.1 (verification by RFC 7519 §7.2).
// The SD-JWT and COSE parts of the specification live elsewhere.
//
// Parse and Verify are separate. Parse decodes a token and exposes its
// header and unverified credential, so the caller can resolve the issuer's
// key from the kid, a DID URL; Verify takes that key and every other trust
// input explicitly (allowed algorithms, the current time, a leeway) and
// checks, in order: the signature (RFC 7515), the absence of vc/vp claims
// (§1.1.2.1), iss against the issuer (§4.1.2), the kid as a verification
// method of the issuer (§4.3), exp and nbf (RFC 7519 §4.1.4-5), the data
// model's rules (package credential) and the validity period. Cachet goes
// beyond the specification's SHOULDs in two places: typ is required (RFC
// 8725 §3.11 explicit typing) and the kid must always name a verification
// method in the issuer's (or, for vp+jwt, the holder's) own DID document.
// Presentations are bound to one verifier request by aud and nonce.
//
// Signing and the compact serialization come from credential/jws (EdDSA and
// ES256 only, over github.com/go-jose/go-jose/v4's strict JSON for headers);
// payloads are decoded by package credential in one strict pass.
package jose

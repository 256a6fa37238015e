// Package keys holds Cachet's key pairs and their encodings: generation of
// Ed25519 (RFC 8032) and P-256 (FIPS 186-5) keys, JSON Web Keys (RFC 7517 §4,
// RFC 7518 §6.2, RFC 8037 §2), JWK thumbprints (RFC 7638 §3), multibase and
// multicodec public keys as did:key uses them (did:key v0.7 §3.1.2), the
// Signer interface every signature in Cachet goes through, and a key store
// file encrypted at rest.
//
// The Signer interface is deliberately tiny (an algorithm, a public key and a
// sign call over bytes) so that an HSM-backed key or a Chinese SM2 key can be
// added later without touching any caller.
//
// JWKs are decoded with the JSON decoder of github.com/go-jose/go-jose/v4, the
// JOSE library chosen for Cachet (see credential/jws for why), which rejects
// duplicate member names; the members of the two key types Cachet accepts are
// checked here on the standard library (full-size coordinates, points on the
// curve, no private members where a public key is expected), and the tests
// cross-check keys and thumbprints against go-jose's own JWK code. The key
// store uses golang.org/x/crypto for argon2id (RFC 9106) and
// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha).
package keys

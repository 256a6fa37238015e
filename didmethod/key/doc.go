// Package key implements the did:key method, "The did:key Method v0.7"
// (W3C Credentials Community Group draft, w3c-ccg/did-method-key):
// Create (§"Create": a key's multibase base58-btc multicodec value after
// "did:key:") and Read (§"Read": the Document Creation Algorithm, the
// Signature Method Creation Algorithm, the Decode Public Key Algorithm, the
// Encode JWK Algorithm and the Context Creation Algorithm of §"Create").
// did:key has no Update or Deactivate.
//
// Cachet reads Ed25519 (z6Mk…, multicodec 0xed) and P-256 (zDn…, 0x1200,
// compressed) keys. Other key types of the spec's table (secp256k1, X25519,
// P-384) are unsupportedPublicKeyType; malformed values raise the spec's
// errors invalidDid, invalidPublicKeyLength, invalidPublicKey and
// invalidPublicKeyType as *didmethod.ResolutionError values.
//
// Options of the Document Creation Algorithm, decided here:
//
//   - publicKeyFormat defaults to Multikey ("Implementations are expected to
//     set a reasonable default for the options.publicKeyFormat value such as
//     JsonWebKey2020 or Multikey"); JsonWebKey2020 and
//     Ed25519VerificationKey2020 are offered too.
//   - enableEncryptionKeyDerivation is off, and not offered: the spec adds
//     the X25519 keyAgreement method only "If
//     options.enableEncryptionKeyDerivation is set to true", and Cachet's
//     did:key keys only sign. Documents therefore have authentication,
//     assertionMethod, capabilityInvocation and capabilityDelegation, each
//     referencing the single verification method, and no keyAgreement.
//   - enableExperimentalPublicKeyTypes is off.
//   - defaultContext is ["https://www.w3.org/ns/did/v1"]; the Context
//     Creation Algorithm adds the type's context. v0.7 has none for
//     Multikey yet; https://w3id.org/security/multikey/v1 is used.
//
// The verification method id is the DID, "#", and the multibase value, as
// in every example of the spec (the algorithm's text says
// "multicodecValue", an erratum).
//
// Base58-btc is decoded with github.com/mr-tron/base58, the module package
// keys already uses for the same encoding.
package key

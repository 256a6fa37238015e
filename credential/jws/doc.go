// Package jws signs, parses and verifies JSON Web Signatures in the compact
// serialization (RFC 7515 §7.1), the one form every Cachet token uses:
// vc+jwt and vp+jwt credentials (VC-JOSE-COSE §3.1), SD-JWT issuer JWTs and
// key-binding JWTs (RFC 9901 §4, §4.3), statuslist+jwt tokens and the
// OpenID4VC protocol JWTs.
//
// Parse and Verify are separate calls. Parse decodes and checks the structure
// (RFC 7515 §5.2 steps 1-7) and returns an unverified Token; Verify takes the
// key and the list of algorithms the caller accepts, with no default, and
// checks the signature (§5.2 step 8). Only EdDSA (Ed25519) and ES256 exist.
//
// The JOSE library chosen for Cachet is github.com/go-jose/go-jose/v4 (over
// lestrrat-go/jwx, whose v2 is deprecated upstream and whose v4 needs a newer
// Go): a single module, strict JSON (its decoder, used here for every header,
// rejects duplicate member names as RFC 7515 §4 allows and Cachet requires)
// and a caller-supplied algorithm list. The compact form itself is parsed
// here on the standard library's crypto rather than by go-jose's general JWS
// parser, which also handles the JSON serialization, multiple signatures and
// unprotected headers that Cachet never accepts: on this project's machines
// go-jose's parse and verify of a 1.3 KB EdDSA JWT costs about 1.5x the bare
// ed25519.Verify, over the 1.3x budget for a whole credential check. The
// tests cross-check both directions against go-jose: what Sign makes,
// go-jose verifies, and a fuzz test holds that no token is accepted here that
// go-jose rejects.
package jws

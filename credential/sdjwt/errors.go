package sdjwt

import "errors"

// Errors, in the order the checks run. Verification failures are listed in
// the order of RFC 9901 §7.3 and §7.1 (where §7.3 step 4 runs all of §7.1),
// then the SD-JWT VC rules of draft-ietf-oauth-sd-jwt-vc-12, then the errors
// of issuance and presentation. Every error returned by this package wraps
// exactly one of these; test with errors.Is. The order is part of the
// contract: never reorder, only append.
//
// Step numbers count each nesting level of the numbered lists in §7.1 and
// §7.3 from 1 (the RFC renders the levels with different markers).
var (
	// Serialization (RFC 9901 §4): not "<JWT>~<D1>~...~<Dn>~[<KB-JWT>]", a
	// character outside base64url, '.' and '~', an empty Disclosure, an
	// Issuer-signed JWT that is not a compact JWS, a payload that is not a
	// JSON object (§4.1) or has duplicate member names.
	ErrMalformed = errors.New("sdjwt: malformed sd-jwt")

	// A limit of limits.go was exceeded.
	ErrLimit = errors.New("sdjwt: input exceeds a limit")

	// A Disclosure that is not base64url, not a JSON array of two or three
	// elements, whose salt is not a string, or whose claim name is not a
	// string (RFC 9901 §4.2.1, §4.2.2).
	ErrMalformedDisclosure = errors.New("sdjwt: malformed disclosure")

	// The Key Binding JWT is not a compact JWS, its payload is not a JSON
	// object, or a required claim (iat, aud, nonce, sd_hash) is missing or
	// of the wrong type (RFC 9901 §4.3).
	ErrMalformedKeyBinding = errors.New("sdjwt: malformed key binding jwt")

	// RFC 9901 §7.3 step 2: "If Key Binding is required and the Holder has
	// provided an SD-JWT (without Key Binding), the Verifier MUST reject the
	// presentation."
	ErrKeyBindingMissing = errors.New("sdjwt: key binding required but missing")

	// RFC 9901 §7.2: "If the Holder receives an SD-JWT+KB, it MUST be
	// rejected." Also returned by Select and Present on an SD-JWT+KB.
	ErrUnexpectedKeyBinding = errors.New("sdjwt: unexpected key binding jwt")

	// RFC 9901 §7.1 step 2.1 and §7.3 step 5.2: 'The "none" algorithm MUST
	// NOT be accepted.'
	ErrNoneAlgorithm = errors.New("sdjwt: the none algorithm is not accepted")

	// RFC 9901 §7.1 step 2.1 and §7.3 step 5.2: "Ensure that the used
	// signing algorithm was deemed secure for the application" (RFC 8725
	// §3.1): the algorithm is not in the caller's list.
	ErrAlgorithmNotAllowed = errors.New("sdjwt: signing algorithm not allowed")

	// RFC 9901 §7.1 step 2.2: "Validate the signature over the Issuer-signed
	// JWT per Section 5.2 of [RFC7515]."
	ErrIssuerSignature = errors.New("sdjwt: invalid issuer signature")

	// RFC 9901 §9.11 and RFC 8725 §3.11: the typ of the Issuer-signed JWT is
	// not the one the caller expects.
	ErrWrongType = errors.New("sdjwt: unexpected typ of the issuer-signed jwt")

	// RFC 9901 §7.1 step 2.3: "Validate the Issuer and that the signing key
	// belongs to this Issuer": iss differs from VerifyOptions.Issuer.
	ErrIssuerMismatch = errors.New("sdjwt: issuer mismatch")

	// RFC 9901 §7.1 step 2.4: "Check that the _sd_alg claim value is
	// understood and the hash algorithm is deemed secure".
	ErrUnsupportedHashAlg = errors.New("sdjwt: unsupported _sd_alg")

	// RFC 9901 §4.1.1: _sd_alg "MUST NOT be used in any object nested within
	// the payload."
	ErrSDAlgNotTopLevel = errors.New("sdjwt: _sd_alg not at the top level")

	// RFC 9901 §4: "A Holder MUST NOT send ... a Disclosure more than once."
	ErrDuplicateDisclosure = errors.New("sdjwt: disclosure sent more than once")

	// RFC 9901 §4.2.4.1: "The _sd key MUST refer to an array of strings";
	// §4.1 rule 7: no _sd claim except to convey digests.
	ErrInvalidSDClaim = errors.New("sdjwt: _sd is not an array of strings")

	// RFC 9901 §4.2.4.2: an array element digest is an object whose only
	// key is "..." referring to a string: "There MUST NOT be any other keys
	// in the object." §4.1 rule 7: no "..." claim anywhere else.
	ErrInvalidArrayDigest = errors.New("sdjwt: invalid array element digest")

	// RFC 9901 §7.1 steps 3.3.2.1 and 3.3.3.1: a digest in an _sd key whose
	// Disclosure "is not a JSON array of three elements (salt, claim name,
	// claim value)", or a digest in an array element whose Disclosure "is
	// not a JSON array of two elements (salt, value)".
	ErrWrongDisclosureForm = errors.New("sdjwt: disclosure of the wrong form for its position")

	// RFC 9901 §7.1 step 3.3.2.2: "If the claim name is _sd or ..., the
	// SD-JWT MUST be rejected." Issue returns it for claims using these names.
	ErrReservedClaimName = errors.New("sdjwt: reserved claim name")

	// RFC 9901 §7.1 step 3.3.2.3: "If the claim name already exists at the
	// level of the _sd key, the SD-JWT MUST be rejected."
	ErrClaimNameExists = errors.New("sdjwt: disclosed claim name already exists")

	// RFC 9901 §7.1 step 4: "If any digest value is encountered more than
	// once in the Issuer-signed JWT payload (directly or recursively via
	// other Disclosures), the SD-JWT MUST be rejected."
	ErrDuplicateDigest = errors.New("sdjwt: digest encountered more than once")

	// RFC 9901 §7.1 step 5: "If any Disclosure was not referenced by digest
	// value in the Issuer-signed JWT (directly or recursively via other
	// Disclosures), the SD-JWT MUST be rejected."
	ErrUnusedDisclosure = errors.New("sdjwt: disclosure not referenced by any digest")

	// RFC 9901 §7.1 step 6 (validity claims) and RFC 7519 §4.1: a registered
	// claim (exp, nbf, iat, iss, sub, aud, vct, cnf, status) has the wrong
	// type or an impossible value.
	ErrInvalidClaim = errors.New("sdjwt: registered claim has the wrong type")

	// RFC 9901 §7.1 step 6, RFC 7519 §4.1.4: the current time is not before
	// exp (plus leeway). Also for an exp in the Key Binding JWT (§7.3 step 5.8).
	ErrExpired = errors.New("sdjwt: expired")

	// RFC 9901 §7.1 step 6, RFC 7519 §4.1.5: the current time is before nbf
	// (minus leeway). Also for an nbf in the Key Binding JWT.
	ErrNotYetValid = errors.New("sdjwt: not yet valid")

	// RFC 9901 §7.1 step 6: the credential's iat is later than now plus
	// leeway.
	ErrIssuedInFuture = errors.New("sdjwt: issued in the future")

	// RFC 9901 §7.1 step 6, RFC 7519 §4.1.3: the credential carries an aud
	// that does not name this Verifier (KeyBindingOptions.Audience).
	ErrAudience = errors.New("sdjwt: credential audience does not name this verifier")

	// RFC 9901 §7.3 step 5.1: "Determine the public key for the Holder from
	// the SD-JWT": no usable cnf.jwk (RFC 7800 §3.2).
	ErrNoHolderKey = errors.New("sdjwt: no usable holder key in cnf")

	// RFC 9901 §7.3 step 5.3: "Validate the signature over the Key Binding
	// JWT": it is not signed by the cnf key.
	ErrKeyBindingSignature = errors.New("sdjwt: invalid key binding signature")

	// RFC 9901 §7.3 step 5.4: "Check that the typ of the Key Binding JWT is
	// kb+jwt".
	ErrKeyBindingType = errors.New("sdjwt: key binding jwt typ is not kb+jwt")

	// RFC 9901 §7.3 step 5.5: iat later than now plus leeway.
	ErrKeyBindingInFuture = errors.New("sdjwt: key binding jwt issued in the future")

	// RFC 9901 §7.3 step 5.5: iat earlier than now minus MaxAge and leeway.
	ErrKeyBindingTooOld = errors.New("sdjwt: key binding jwt too old")

	// RFC 9901 §7.3 step 5.6: the nonce is not the expected one.
	ErrNonceMismatch = errors.New("sdjwt: key binding nonce mismatch")

	// RFC 9901 §7.3 step 5.6: the aud is not this Verifier (§4.3: "a single
	// string").
	ErrAudienceMismatch = errors.New("sdjwt: key binding audience mismatch")

	// RFC 9901 §7.3 step 5.7: the digest over the Issuer-signed JWT and the
	// Disclosures (§4.3.1) does not match sd_hash.
	ErrSDHashMismatch = errors.New("sdjwt: sd_hash mismatch")

	// draft-ietf-oauth-sd-jwt-vc-12 §3.2.1: "The typ value MUST use
	// dc+sd-jwt."
	ErrVCType = errors.New("sdjwt: typ is not dc+sd-jwt")

	// draft-ietf-oauth-sd-jwt-vc-12 §3.2.2.2: iss, nbf, exp, cnf, vct,
	// vct#integrity and status "MUST NOT be included in the Disclosures".
	ErrNonDisclosableClaim = errors.New("sdjwt: claim must not be selectively disclosed")

	// draft-ietf-oauth-sd-jwt-vc-12 §3.2.2.2: vct is REQUIRED (a string).
	ErrMissingVCT = errors.New("sdjwt: missing vct")

	// The vct is not the one the caller expects (VerifyOptions.VCT).
	ErrVCTMismatch = errors.New("sdjwt: unexpected vct")

	// draft-ietf-oauth-sd-jwt-vc-12 §3.2.2.2 status: not a JSON object, or a
	// status_list reference (draft-ietf-oauth-status-list §6.1) without a
	// non-negative integer idx and a uri string.
	ErrInvalidStatus = errors.New("sdjwt: invalid status claim")

	// Issue and Select: a path that does not name a claim.
	ErrInvalidPath = errors.New("sdjwt: invalid claim path")

	// Present: the holder key is not the key in cnf.
	ErrHolderKeyMismatch = errors.New("sdjwt: holder key does not match cnf")

	// The options given to Issue, Verify or Present are incomplete or
	// contradictory (no time, no algorithms, no nonce...).
	ErrInvalidOptions = errors.New("sdjwt: invalid options")
)

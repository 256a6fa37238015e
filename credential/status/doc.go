// Package status publishes and checks the revocation and suspension status of
// Cachet credentials in the two status list formats the district uses, and
// hands out list positions to issuers.
//
// # W3C Bitstring Status List v1.0 (W3C Recommendation, 2025)
//
// https://www.w3.org/TR/vc-bitstring-status-list/
//
//   - §2.1 BitstringStatusListEntry: Entry, NewEntry, ParseEntry (id, type,
//     statusPurpose, statusListIndex as a base-10 string, statusListCredential,
//     statusSize, statusMessage, statusReference).
//   - §2.2 BitstringStatusListCredential: StatusListCredential,
//     NewStatusListCredential (the unsigned VCDM 2.0 credential that
//     credential/jose signs as vc+jwt) and ParseStatusListCredential (the
//     MUSTs of a decoded payload).
//   - §3.2 Validate Algorithm: ValidateSubject and ValidateCredential run
//     the steps that do not fetch anything; the caller dereferences
//     statusListCredential and verifies its proof (steps 4's
//     STATUS_RETRIEVAL_ERROR and proof failures belong to the caller).
//   - §3.3 Bitstring Generation and §3.4 Bitstring Expansion: EncodeBitstring,
//     DecodeBitstring. encodedList is "u" (multibase base64url, no padding)
//     followed by the GZIP (RFC 1952) compressed bitstring.
//   - §3.5 Processing Errors: every failure is a *ProcessingError carrying
//     one of STATUS_RETRIEVAL_ERROR, STATUS_VERIFICATION_ERROR,
//     STATUS_LIST_LENGTH_ERROR, or VCDM 2.0's MALFORMED_VALUE_ERROR and
//     RANGE_ERROR, matched with errors.Is against ErrStatusRetrieval,
//     ErrStatusVerification, ErrStatusListLength, ErrMalformedValue, ErrRange.
//   - §1.1, §3.2 step 2 and §6.1 "Revocation Bitstring Length": a list has at
//     least MinBitstringEntries (131,072) entries, the herd that hides one
//     holder among many.
//   - §7.1 "Bitstring Encoding": index 0 is the left-most (most significant)
//     bit of the first byte. A status of statusSize bits is read from the
//     bitstring left to right, its first bit being the most significant.
//
// # IETF Token Status List (draft-ietf-oauth-status-list)
//
// https://datatracker.ietf.org/doc/draft-ietf-oauth-status-list/. The
// latest revision is -21 (June 2026, approved by the IESG); the text
// implemented and the section numbers below are those of the working
// group's copy of January 2026 (after -16), the newest full text read.
//
//   - §4.1 Compressed Byte Array and §4.2 JSON format: StatusList {bits, lst,
//     aggregation_uri}, DecodeTokenList. bits is 1, 2, 4 or 8; lst is
//     base64url (RFC 7515 §2) of the ZLIB (RFC 1950) DEFLATE (RFC 1951)
//     compressed byte array. Index 0 sits in the LEAST significant bits of
//     byte 0: the opposite order to the W3C bitstring (§11.1).
//   - §5.1 Status List Token in JWT format: SignStatusListToken,
//     ParseStatusListToken and (*StatusListToken).Verify (typ
//     statuslist+jwt, sub equal to the referenced uri, iat, exp, ttl).
//   - §6.2 Referenced Token in JOSE: ParseStatusClaim reads the status claim
//     {"status_list":{"idx":N,"uri":"..."}}; (*TokenList).Status looks the
//     index up with the range check of §8.3 step 6.
//   - §7.1 Status Types: StatusValid, StatusInvalid, StatusSuspended and the
//     application-specific values.
//   - §8.3 Validation Rules: Verify walks steps 3 to 5 in order.
//
// # Issuer side
//
// List is the mutable list an issuer keeps: Set and Get one status of 1, 2,
// 4 or 8 bits, then EncodeBitstring (W3C) or EncodeTokenList (IETF) writes
// the same logical statuses in each format's own bit order. Allocator hands
// out unused indexes uniformly at random from crypto/rand, as both specs
// advise for privacy (W3C §2.1 statusListIndex "Implementations SHOULD
// assign indexes randomly", §6.5 "Decoy Values"; draft §12.4, §12.5.1
// "choose non-sequential, pseudo-random or random indices", §13.3 "The
// Status Issuer MUST prevent any unintended double allocation").
//
// # Parse and Verify
//
// Parse functions check structure only. Verification takes every trust
// input explicitly: the issuer key, the allowed algorithms, the current time
// and the URI the credential referenced. Decompression happens after the
// signature is checked, and is always bounded by MaxListSize so that a
// decompression bomb is rejected (limits.go).
//
// # Dependencies
//
// GZIP and ZLIB are the standard library's compress/gzip and compress/zlib.
// Signed JSON is decoded with internal/strictjson (duplicate member names
// rejected at every depth, STYLE rule 14, then go-jose's case-sensitive
// decoder); signatures go through credential/jws and keys.
package status

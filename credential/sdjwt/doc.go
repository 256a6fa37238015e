// Package sdjwt issues, presents and verifies Selective Disclosure JWTs
// (RFC 9901, "Selective Disclosure for JSON Web Tokens", November 2025) and
// SD-JWT-based Verifiable Digital Credentials (draft-ietf-oauth-sd-jwt-vc-12,
// the latest revision whose full text was available when this was written):
// the credential format Cachet's bureaus issue to citizens' wallets and
// service counters verify.
//
// What it implements, by section of RFC 9901:
//   - §4: the compact serialization "<JWT>~<D1>~...~<Dn>~[<KB-JWT>]"
//     (Parse, String). The JWS JSON serialization of §8 is not supported.
//   - §4.1, §4.2: issuance (Issue) with Disclosures of object properties
//     (§4.2.1) and array elements (§4.2.2), nested and recursive
//     Disclosures (§4.2.6, §6), decoy digests (§4.2.5) and _sd_alg sha-256,
//     sha-384 or sha-512 (§4.1.1).
//   - §4.3, §7.2: the Holder's side: checking an issued SD-JWT
//     (VerifyIssuance), choosing what to disclose (Select) and adding a Key
//     Binding JWT (Present).
//   - §7.1, §7.3: verification (Verify), every check in the order of the
//     RFC, each failure with its own error (errors.go).
//
// And by section of draft-ietf-oauth-sd-jwt-vc-12: the dc+sd-jwt typ
// (§3.2.1), the registered claims vct, iss, iat, nbf, exp, cnf, status, sub
// and which of them may never be selectively disclosed (§3.2.2.2), and
// verification (§3.4): IssueVC, VerifyVC, VerifyVCIssuance. The status
// claim is kept as parsed JSON with a typed accessor for the IETF Token
// Status List form; Cachet also allows a W3C Bitstring Status List entry
// there. Issuer Signature Mechanisms (§3.5) and Type Metadata (§6) belong to
// the callers that resolve keys and types.
//
// Only dc+sd-jwt is accepted as the typ of an SD-JWT VC, not the legacy
// vc+sd-jwt that §3.2.1 recommends accepting "for a reasonable transitional
// period": that period began in November 2024, before any Cachet credential
// existed, and the same note gives the reason for the change, a conflict
// with the vc media type of the W3C data model, which VC-JOSE-COSE uses for
// vc+sd-jwt, a different payload format (Cachet's credential/jose). Every
// SD-JWT VC Cachet issues is dc+sd-jwt, so accepting vc+sd-jwt would only
// admit type confusion.
//
// Parse and Verify are separate: Parse checks the structure and exposes
// the unverified header and payload (to find iss and kid); the Verify
// methods take every trust input in VerifyOptions (issuer key, allowed
// algorithms, the current time, the expected nonce and audience) and
// require Key Binding unless SkipKeyBindingUnsafe is set. Signatures go
// through credential/jws (and so go-jose for JOSE headers); the payload,
// the Disclosures and the Key Binding claims are decoded by Cachet's strict
// JSON reader (internal/strictjson, through json.go): duplicate member
// names, invalid UTF-8 and nesting beyond MaxDepth are errors. It replaces
// go-jose's decoder on the hot path, where that one cost as much as the two
// signature checks; a differential fuzz test (FuzzJSON) holds the two to the
// same results.
package sdjwt

// Package strictjson checks that a document is exactly one JSON value
// (RFC 8259 §2) in which no object has the same member name twice, at any
// depth, and that it nests no deeper than a limit; then decodes it with the
// case-sensitive decoder of github.com/go-jose/go-jose/v4/json.
//
// RFC 8259 §4 says only that names SHOULD be unique and leaves the meaning of
// duplicates to each parser, so a signed document with duplicate names can
// mean one thing to the signer and another to a verifier (RFC 7515 §4, RFC
// 7519 §4, RFC 9901 §9.x on parser differentials). Cachet rejects them in
// everything signed (STYLE rule 14). go-jose's decoder rejects duplicates only
// in the objects it decodes into, not inside members it skips, and the
// standard library's decoder matches member names case-insensitively: hence
// this one pass over the bytes before decoding.
package strictjson

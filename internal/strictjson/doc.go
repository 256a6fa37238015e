// Package strictjson is Cachet's one strict JSON reader (RFC 8259): every
// package that decodes signed or outside JSON goes through it.
//
// It reads exactly one JSON value (RFC 8259 §2) in a single pass over the
// bytes: numbers per §6, strings per §7 (escapes resolved, surrogate pairs
// joined), only valid UTF-8 (§8.1), nesting no deeper than a limit, and no
// object with the same member name twice at any depth, names compared by
// their unescaped value (§8.3: "a" and "\u0061" are the same name).
//
// RFC 8259 §4 says only that names SHOULD be unique and leaves the meaning of
// duplicates to each parser, so a signed document with duplicate names can
// mean one thing to the signer and another to a verifier (RFC 7515 §4, RFC
// 7519 §4, RFC 9901 §9.x on parser differentials). Cachet rejects them in
// everything signed (STYLE rule 14). go-jose's decoder rejects duplicates only
// in the objects it decodes into, not inside members it skips, and the
// standard library's decoder matches member names case-insensitively.
//
// Three ways in, one grammar:
//   - Reader walks a document for a hand-written typed decoder (credential's
//     VCDM structs) with Object and Array callbacks, and Value for the
//     generic form of any member it does not know.
//   - Decode returns the generic form (map[string]any, []any, string,
//     encoding/json.Number as written, bool, nil) of a whole document, with
//     the values encoding/json gives (FuzzDecode holds the two together): the
//     SD-JWT payloads, Disclosures and Key Binding claims.
//   - Check validates without decoding, and Unmarshal decodes into a Go value
//     with the case-sensitive decoder of github.com/go-jose/go-jose/v4/json
//     (the only dependency besides the standard library) once Check passes.
//
// One pass and no reflection keep decoding a credential within Cachet's
// budget of 1.3x the bare signature verification; go-jose's decoder (two
// passes, reflection, numbers converted afterwards) costs about as much as
// the signature check itself.
package strictjson

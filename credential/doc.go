// Package credential implements the Verifiable Credentials Data Model v2.0
// (W3C Recommendation, 15 May 2025; "VCDM 2.0"): the Credential and
// Presentation documents of §4 (Basic Concepts) and the parts of §5
// (Advanced Concepts) that carry normative rules for a document
// (refreshService §5.4, termsOfUse §5.5, evidence §5.6), with the Bitstring
// Status List v1.0 §2.1 members of a credentialStatus entry.
//
// Cachet's bureaus issue these credentials and its counters verify them; the
// securing mechanisms live in subpackages (jose: vc+jwt and vp+jwt per
// VC-JOSE-COSE §3.1; sdjwt; status). This package imports none of them.
//
// Parsing and checking are separate. ParseCredential and ParsePresentation
// decode outside JSON strictly: one pass over the bytes that rejects
// malformed JSON, duplicate member names at every depth, invalid UTF-8, lone
// surrogate escapes, documents over MaxDocumentSize and nesting beyond
// MaxDepth, and known members of the wrong JSON kind. Members this package
// does not know (extensions, §5.2) are kept and written back. Check then
// enforces the specification's MUST statements in the order the
// specification states them, each failure a *RuleError wrapping its own
// sentinel (ErrContextFirst, ErrIssuerNotURL, ...), so callers branch with
// errors.Is. ValidAt applies the validity period (§4.9) at a time the caller
// supplies.
//
// Besides the standard library (encoding/json's Number type holds numbers
// unchanged, net/url backs the URL checks) only Cachet's own strict JSON
// reader, internal/strictjson, is used; the writer is this package's (see
// json.go for why not go-jose's json).
package credential

// Command cachet is the one binary of Cachet. For now it is the command-line
// face of the credential core: make keys, issue a credential (SD-JWT VC per
// draft-ietf-oauth-sd-jwt-vc, or vc+jwt per VC-JOSE-COSE §3.1.1), present it
// with chosen disclosures and a key-binding JWT (RFC 9901 §4.3), verify it,
// and manage status lists; later issues add `cachet run` with the ledger,
// issuer, wallet and verifier.
//
// Exit codes: 0 success; 1 a well-formed input that did not verify; 2 bad
// usage or bad input, reported in one line on standard error with nothing
// written.
package main

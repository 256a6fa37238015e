// Package testworld is an in-memory district for tests, fuzzers and
// benchmarks (STYLE rule 26): the five demo bureaus with their keys, did:key
// identifiers and Token Status Lists (draft-ietf-oauth-status-list §4), two
// citizens with holder keys and realistic claims for every credential type
// of package schemas, a DID resolver and a fixed clock. It issues the way a
// bureau will (SD-JWT VC or vc+jwt), and verifies the way a counter will:
// issuer key resolved from the kid and bound to iss, schema, status list,
// holder binding.
//
// did:cachet and the ledger's trust registry come with the ledger; until then
// a bureau's authorised credential types are a field of the world, checked
// by Verify as the trust registry will be.
package testworld

// Package interop cross-checks Cachet's credential core against independent
// implementations, in tests only, and benchmarks Cachet's verification against
// theirs in the same run.
//
// It is a separate Go module so that its peers never reach the cachet binary:
//
//   - github.com/trustbloc/vc-go v1.3.6 (with did-go v1.3.5 and kms-go v1.2.3)
//     for VC-JOSE-COSE §3.1.1 vc+jwt credentials (VC Data Model 2.0 secured
//     with JOSE) and its pre-RFC SD-JWT verifier. vc-go only builds against
//     trustbloc's fork of json-gold, hence the replace directive in go.mod,
//     which must never reach the main module (see ../../shared/DEPENDENCIES.md).
//   - @sd-jwt/sd-jwt-vc 0.19.0 and @sd-jwt/crypto-nodejs 0.19.0 from npm, the
//     reference TypeScript implementation of SD-JWT (RFC 9901) and SD-JWT VC
//     (draft-ietf-oauth-sd-jwt-vc, typ dc+sd-jwt), driven through js/sdjwt.mjs
//     by node.
//
// The package has no code of its own: the tests are vcgo_test.go (vc+jwt in
// both directions, and SD-JWT where vc-go's format allows), sdjwtjs_test.go
// (SD-JWT VC with key binding in both directions; not sdjwt_js_test.go, which
// the go tool would build for GOOS=js only) and bench_test.go (ours against a
// bare signature check and against vc-go, in the same run). Every
// incompatibility found is written down at the test that shows it, naming the
// spec section and the side that departs from it.
//
// Tests that need node skip when node or js/node_modules is missing, and fail
// instead under CI=true, where .ci/run has run npm ci in js/.
//
// When the main module's go.mod changes, run go mod tidy here too: this
// module's go.sum must list what the packages under test import.
package interop

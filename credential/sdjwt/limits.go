package sdjwt

import "time"

// Limits on outside input. Every SD-JWT, presentation and Disclosure that
// Parse, ParseDisclosure and the Verify methods read is bounded by these
// before any work proportional to its content is done.
const (
	// MaxSerializedSize bounds a whole SD-JWT or SD-JWT+KB in the compact
	// serialization (RFC 9901 §4). A Cachet credential with a dozen
	// Disclosures is 1-3 KB; a portrait photo as a claim adds ~60 KB.
	// 512 KiB leaves room for that and stays far below what hurts a server.
	// The Issuer-signed JWT inside is further bounded by jws.MaxTokenSize.
	MaxSerializedSize = 512 << 10

	// MaxDisclosures bounds the number of Disclosures in one SD-JWT. The
	// largest example in RFC 9901 (Appendix A.3, a PID) has 27.
	MaxDisclosures = 256

	// MaxDisclosureSize bounds one base64url-encoded Disclosure.
	MaxDisclosureSize = 256 << 10

	// MaxDepth bounds the nesting depth of JSON arrays and objects, both in
	// each decoded document (payload, Disclosure) and in the Processed SD-JWT
	// Payload built from them, where recursive Disclosures nest further.
	// go-jose's JSON decoder recurses without a limit of its own, so this is
	// also what keeps a crafted "[[[[..." from exhausting the stack.
	MaxDepth = 32

	// MaxDigests bounds the number of digests (including decoys) found while
	// processing one SD-JWT (RFC 9901 §7.1 step 3).
	MaxDigests = 4096

	// DefaultKeyBindingMaxAge is how old a Key Binding JWT may be (RFC 9901
	// §7.3 step 5, "iat ... within an acceptable window") when
	// KeyBindingOptions.MaxAge is zero. Online presentations are signed the
	// moment they are sent and Cachet's offline QR codes refresh every few
	// seconds, so five minutes only absorbs slow networks and clock skew.
	DefaultKeyBindingMaxAge = 5 * time.Minute

	// MaxKeyBindingMaxAge is the largest KeyBindingOptions.MaxAge accepted:
	// a longer window would make a captured presentation replayable for too
	// long.
	MaxKeyBindingMaxAge = 24 * time.Hour

	// DefaultMaxDecoys is the upper bound of the number of decoy digests
	// (RFC 9901 §4.2.5) added to each _sd array when IssueOptions.Decoys is
	// zero: each array gets a uniformly random 1..DefaultMaxDecoys.
	DefaultMaxDecoys = 3

	// saltSize is the number of random bytes in a salt: RFC 9901 §9.3
	// recommends at least 128 bits.
	saltSize = 16
)

package didresolver

import "github.com/cachet-district/cachet/didmethod"

// Limits on outside input: everything here comes from the request line and
// headers of an anonymous HTTP client (DID Resolution §13.1: resolution
// needs no authentication). Requests over a limit are refused before
// anything is decoded or resolved.
const (
	// MaxIdentifierLength bounds the {did} path segment as sent, before
	// percent-decoding. The longest DID URL didmethod parses is
	// didmethod.MaxDIDURLLength bytes; fully percent-encoded, as DID
	// Resolution §12.1 step 4.1.1 asks a client to send it when it adds
	// options, each byte becomes three.
	MaxIdentifierLength = 3 * didmethod.MaxDIDURLLength

	// MaxQueryLength bounds the query of the request URL: the resolution
	// options versionId, versionTime and noCache (a versionTime is 20
	// bytes), or the query of an unencoded DID URL.
	MaxQueryLength = 2 << 10

	// MaxAcceptLength bounds the Accept header fields, joined. Browsers
	// send about 200 bytes; the Universal Resolver sends two media types.
	MaxAcceptLength = 4 << 10

	// MaxAcceptRanges bounds the number of media ranges in Accept that
	// are parsed and matched.
	MaxAcceptRanges = 32
)

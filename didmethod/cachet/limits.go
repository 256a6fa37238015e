package cachet

// Limits on outside input: DIDs reach the resolver from credentials ("iss",
// "kid"), presentation requests and QR codes.
const (
	// MinIDLength and MaxIDLength bound the method-specific id before it is
	// base58-decoded (SPEC.md §2: 20*28base58char). The id encodes exactly
	// 20 bytes: 28 characters at most, and at least 20 (each leading zero
	// byte is one "1"). Random digests give 27 or 28 characters.
	MinIDLength = 20
	MaxIDLength = 28
)

package status

import (
	"time"

	"github.com/cachet-district/cachet/credential/jws"
)

// Limits on outside input.
const (
	// MaxEncodedListSize bounds the text of a W3C encodedList or an IETF lst
	// before it is decoded. Both arrive inside a signed JWT, which
	// credential/jws caps at jws.MaxTokenSize, so a longer list could never
	// arrive intact.
	MaxEncodedListSize = jws.MaxTokenSize

	// MaxListSize bounds a decompressed status list, in bytes. It is the
	// defence against a decompression bomb: DEFLATE reaches ratios near
	// 1000:1, so a 1 MiB token could otherwise expand to about 1 GiB. 16 MiB
	// holds 134,217,728 one-bit statuses, above the largest list the Token
	// Status List draft sizes (100 million entries, Appendix B) and far above
	// a district's population of credentials.
	MaxListSize = 16 << 20

	// MaxListEntries bounds the number of entries of a List or an Allocator:
	// the one-bit statuses that fit in MaxListSize.
	MaxListEntries = MaxListSize * 8

	// MaxStatusSize is the largest W3C statusSize (bits per entry) processed.
	// Bitstring Status List §1.3 lets a conforming processor support only 1;
	// Cachet supports up to 8, enough for 256 status messages.
	MaxStatusSize = 8

	// MaxStatusListTokenSize bounds a compact statuslist+jwt.
	MaxStatusListTokenSize = jws.MaxTokenSize

	// MaxCredentialSize bounds the JSON of a decoded status list credential.
	MaxCredentialSize = jws.MaxTokenSize

	// MaxEntrySize bounds the JSON of a BitstringStatusListEntry or of a
	// referenced token's status claim. Real ones are under 1 KiB; an entry
	// with 256 status messages stays well under 64 KiB.
	MaxEntrySize = 64 << 10

	// MaxTTL bounds the ttl of a status list (seconds in a token, draft §5.1;
	// milliseconds in a credential, W3C §2.2). A decade is beyond any cache
	// lifetime, and the bound keeps the value inside time.Duration.
	MaxTTL = 10 * 366 * 24 * time.Hour
)

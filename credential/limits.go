package credential

// Limits on outside input decoded by this package.
const (
	// MaxDocumentSize bounds a credential or presentation document in bytes.
	// It matches jws.MaxTokenSize (1 MiB): a vc+jwt payload can never be
	// larger, and a credential carrying a photo stays far below it.
	MaxDocumentSize = 1 << 20

	// MaxDepth bounds the nesting of JSON objects and arrays. Cachet
	// credentials nest four or five levels (credential, subject, address,
	// array, object); 32 leaves room for any real document and keeps the
	// recursive decoder's stack small.
	MaxDepth = 32

	// MaxDateTimeLength bounds a validFrom or validUntil string. The longest
	// useful XML Schema dateTimeStamp is about 35 characters (nanoseconds and
	// an offset); 64 admits longer fractions, which are truncated to
	// nanoseconds.
	MaxDateTimeLength = 64

	// MaxYearDigits bounds the year of a dateTimeStamp. XML Schema allows any
	// number of digits; nine keep the value inside time.Time's range.
	MaxYearDigits = 9
)

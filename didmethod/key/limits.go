package key

// Limits on outside input parsed by this package.
const (
	// MaxMultibaseLength bounds the multibase value of a did:key before it
	// is base58-decoded (decoding is quadratic in the length). Keys Cachet
	// reads are at most 50 characters; the bound is set so that every key
	// type of the did:key ecosystem (BLS12-381 G2 keys are 134 characters,
	// RSA-4096 keys about 740) still decodes far enough to be reported as
	// unsupportedPublicKeyType rather than invalidDid.
	MaxMultibaseLength = 1024
)

package keys

// Limits on outside input parsed by this package.
const (
	// MaxJWKSize bounds a JSON Web Key document. A public EC or OKP JWK is
	// under 200 bytes; 4 KiB leaves room for optional members (x5c excluded).
	MaxJWKSize = 4 << 10

	// MaxMultibaseSize bounds a multibase-encoded public key string. A
	// compressed P-256 key with its 2-byte multicodec prefix is 35 bytes,
	// about 49 base58 characters.
	MaxMultibaseSize = 128

	// MaxStoreFileSize bounds a key store file read from disk.
	MaxStoreFileSize = 16 << 20

	// MaxArgon2Memory is the largest argon2id memory cost (KiB) a key store
	// file may ask for, so that a crafted file cannot exhaust memory (1 GiB).
	MaxArgon2Memory = 1 << 20

	// MaxArgon2Time is the largest argon2id pass count a file may ask for.
	MaxArgon2Time = 16

	// MaxArgon2Threads is the largest argon2id parallelism a file may ask for.
	MaxArgon2Threads = 16
)

package jws

// Limits on outside input.
const (
	// MaxTokenSize bounds a compact JWS. A credential with a photo can be
	// large; a QR code holds under 3 KB. 1 MiB is far above any real token
	// and below what hurts a server.
	MaxTokenSize = 1 << 20

	// MaxHeaderSize bounds the decoded protected header. Cachet headers are
	// under 300 bytes; a header with an embedded JWK under 400.
	MaxHeaderSize = 8 << 10
)

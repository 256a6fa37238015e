package sdjwt

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
)

// b64 is unpadded base64url rejecting non-zero trailing bits (RFC 7515 §2),
// so that every decoded value has exactly one encoding.
var b64 = base64.RawURLEncoding.Strict()

// Hash algorithm names from the IANA "Named Information Hash Algorithm"
// registry, as RFC 9901 §4.1.1 requires for _sd_alg.
const (
	SHA256 = "sha-256" // the default when _sd_alg is absent (RFC 9901 §4.1.1)
	SHA384 = "sha-384"
	SHA512 = "sha-512"
)

// supportedHash reports whether name is an _sd_alg this package implements.
// The truncated registry entries (sha-256-32 ...) are deliberately absent:
// RFC 9901 §9.4 calls them "unfit for security applications".
func supportedHash(name string) bool {
	return name == SHA256 || name == SHA384 || name == SHA512
}

// digest returns the base64url-encoded hash of the US-ASCII bytes of s
// (RFC 9901 §4.2.3 for Disclosures, §4.3.1 for sd_hash). name must be
// supported.
func digest(name, s string) string {
	var buf [sha512.Size]byte
	var sum []byte
	switch name {
	case SHA384:
		h := sha512.Sum384([]byte(s))
		sum = append(buf[:0], h[:]...)
	case SHA512:
		h := sha512.Sum512([]byte(s))
		sum = append(buf[:0], h[:]...)
	default:
		h := sha256.Sum256([]byte(s))
		sum = append(buf[:0], h[:]...)
	}
	return b64.EncodeToString(sum)
}

// digestBytes hashes raw bytes (decoy digests, RFC 9901 §4.2.5).
func digestBytes(name string, b []byte) string {
	switch name {
	case SHA384:
		h := sha512.Sum384(b)
		return b64.EncodeToString(h[:])
	case SHA512:
		h := sha512.Sum512(b)
		return b64.EncodeToString(h[:])
	}
	h := sha256.Sum256(b)
	return b64.EncodeToString(h[:])
}

// isB64URL reports whether s consists only of base64url characters
// (RFC 4648 §5), the alphabet of every part of an SD-JWT.
func isB64URL(s string) bool {
	for i := 0; i < len(s); i++ {
		if !b64Char(s[i]) {
			return false
		}
	}
	return true
}

func b64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

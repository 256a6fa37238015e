package jws

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"

	josejson "github.com/go-jose/go-jose/v4/json"

	"github.com/cachet-district/cachet/internal/strictjson"

	"github.com/cachet-district/cachet/keys"
)

// Errors. Parse failures wrap ErrMalformed; Verify returns the others.
var (
	ErrMalformed           = errors.New("jws: malformed token")
	ErrAlgorithmNotAllowed = errors.New("jws: algorithm not allowed")
	ErrNoAllowedAlgorithms = errors.New("jws: no allowed algorithms given")
	ErrKeyMismatch         = errors.New("jws: key does not fit the token's algorithm")
	ErrSignature           = errors.New("jws: signature verification failed")
	ErrUnknownCritical     = errors.New("jws: unknown critical header parameter")
)

// b64 is base64url without padding, rejecting non-zero trailing bits so each
// token has exactly one encoding (RFC 7515 §2).
var b64 = base64.RawURLEncoding.Strict()

// isB64URL reports whether c may appear in a compact JWS: the base64url
// alphabet (RFC 4648 §5) or the '.' separator.
func isB64URL(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
}

// Header is the JOSE protected header of a token (RFC 7515 §4.1).
type Header struct {
	Alg keys.Algorithm `json:"alg"`
	Typ string         `json:"typ,omitempty"`
	Kid string         `json:"kid,omitempty"`
	Cty string         `json:"cty,omitempty"`
	// JWK is the signer's public key, as OpenID4VCI proof JWTs carry it
	// (RFC 7515 §4.1.3). A JWK with private members fails to parse.
	JWK  *keys.PublicKey `json:"jwk,omitempty"`
	Crit []string        `json:"crit,omitempty"`
}

// Token is a parsed, unverified compact JWS.
type Token struct {
	Header    Header
	RawHeader []byte // the decoded protected header JSON
	Payload   []byte // the decoded payload
	Signature []byte

	signingInput string // ASCII(BASE64URL(header) || '.' || BASE64URL(payload))
}

// Sign makes a compact JWS of payload with s. h.Alg is set to the signer's
// algorithm; a different non-empty h.Alg is an error.
func Sign(s keys.Signer, h Header, payload []byte) (string, error) {
	if h.Alg == "" {
		h.Alg = s.Algorithm()
	}
	if h.Alg != s.Algorithm() {
		return "", fmt.Errorf("%w: header alg %s, signer %s", ErrKeyMismatch, h.Alg, s.Algorithm())
	}
	hb, err := josejson.Marshal(h)
	if err != nil {
		return "", fmt.Errorf("jws: encode header: %w", err)
	}
	n := b64.EncodedLen(len(hb)) + 1 + b64.EncodedLen(len(payload))
	buf := make([]byte, 0, n+1+b64.EncodedLen(64))
	buf = b64.AppendEncode(buf, hb)
	buf = append(buf, '.')
	buf = b64.AppendEncode(buf, payload)
	sig, err := s.Sign(buf)
	if err != nil {
		return "", fmt.Errorf("jws: sign: %w", err)
	}
	buf = append(buf, '.')
	buf = b64.AppendEncode(buf, sig)
	return string(buf), nil
}

func malformed(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, a...))
}

// Parse decodes a compact JWS without verifying it. It applies RFC 7515 §5.2
// steps 1-7: three base64url parts, a header that is a JSON object with
// unique member names, a supported "alg", and no "crit" parameter (Cachet
// understands no extension, so §4.1.11 requires rejection).
func Parse(compact string) (*Token, error) {
	if len(compact) > MaxTokenSize {
		return nil, malformed("longer than %d bytes", MaxTokenSize)
	}
	// §2: each part is base64url, "with all trailing '=' characters omitted
	// ... and without the inclusion of any line breaks, whitespace, or
	// other additional characters". Go's base64 decoder skips '\r' and '\n'
	// even in strict mode, so the alphabet is checked here: otherwise two
	// different strings would verify as the same token.
	for i := 0; i < len(compact); i++ {
		if !isB64URL(compact[i]) {
			return nil, malformed("character %q at offset %d is not base64url", compact[i], i)
		}
	}
	// §5.2 step 1: parse the three parts delimited by two period characters.
	d1 := strings.IndexByte(compact, '.')
	if d1 < 0 {
		return nil, malformed("not three parts")
	}
	d2 := d1 + 1 + strings.IndexByte(compact[d1+1:], '.')
	if d2 == d1 || strings.IndexByte(compact[d2+1:], '.') >= 0 {
		return nil, malformed("not three parts")
	}
	hPart, pPart, sPart := compact[:d1], compact[d1+1:d2], compact[d2+1:]
	if b64.DecodedLen(len(hPart)) > MaxHeaderSize {
		return nil, malformed("header larger than %d bytes", MaxHeaderSize)
	}
	// §5.2 step 2-3: base64url-decode the header; it must be valid JSON.
	hb, err := b64.DecodeString(hPart)
	if err != nil {
		return nil, malformed("header is not base64url: %v", err)
	}
	t := &Token{RawHeader: hb, signingInput: compact[:d2]}
	// §5.2 step 4: a JSON object with unique member names (§4: parsers MUST
	// reject duplicates or take the last; Cachet rejects, at any depth).
	if err := strictjson.Unmarshal(hb, &t.Header); err != nil {
		return nil, malformed("header: %v", err)
	}
	if len(bytes.TrimLeft(hb, " \t\r\n")) == 0 || bytes.TrimLeft(hb, " \t\r\n")[0] != '{' {
		return nil, malformed("header is not a JSON object")
	}
	if t.Header.Alg == "" {
		return nil, malformed("header has no \"alg\"")
	}
	// §4.1.1: "none" and every algorithm we do not implement are refused
	// here; which of the supported ones are acceptable is Verify's question.
	if !t.Header.Alg.Supported() {
		return nil, malformed("unsupported alg %q", t.Header.Alg)
	}
	// §4.1.11: "If any of the listed extension Header Parameters are not
	// understood and supported by the recipient, then the JWS is invalid."
	// An empty list is itself forbidden.
	if t.Header.Crit != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownCritical, t.Header.Crit)
	}
	// §5.2 step 6-7: decode the payload and the signature.
	if t.Payload, err = b64.DecodeString(pPart); err != nil {
		return nil, malformed("payload is not base64url: %v", err)
	}
	if t.Signature, err = b64.DecodeString(sPart); err != nil {
		return nil, malformed("signature is not base64url: %v", err)
	}
	return t, nil
}

// Verify checks the signature with key, accepting only the algorithms in
// allowed (RFC 7515 §5.2 step 8; RFC 8725 §3.1: the recipient decides which
// algorithms are acceptable). There is no default list.
func (t *Token) Verify(key *keys.PublicKey, allowed []keys.Algorithm) error {
	if len(allowed) == 0 {
		return ErrNoAllowedAlgorithms
	}
	if !slices.Contains(allowed, t.Header.Alg) {
		return fmt.Errorf("%w: %s", ErrAlgorithmNotAllowed, t.Header.Alg)
	}
	if key == nil || key.Algorithm() != t.Header.Alg {
		return ErrKeyMismatch
	}
	if err := key.Verify([]byte(t.signingInput), t.Signature); err != nil {
		return ErrSignature
	}
	return nil
}

// SigningInput returns the bytes the signature covers.
func (t *Token) SigningInput() string { return t.signingInput }

// TypIs reports whether a "typ" header value names the media type want.
// RFC 7515 §4.1.9: a value without "/" is treated as if "application/" were
// prepended, and media type names are case-insensitive (RFC 2045 §5.1).
func TypIs(typ, want string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		return strings.TrimPrefix(s, "application/")
	}
	return typ != "" && norm(typ) == norm(want)
}

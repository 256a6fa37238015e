package credential

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
)

// IsURL reports whether s is an absolute URL as VCDM 2.0 uses the term
// (§4.4 "a single URL"; the URL Standard's absolute-URL string): a scheme
// (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )), ':', and a
// non-empty remainder made of URL code points (RFC 3986 §2 characters, or
// non-ASCII as in an IRI) with well-formed percent-escapes and, after "//",
// a non-empty authority. DIDs (did:example:123), URNs (urn:uuid:...), data:
// and https: URLs qualify; relative references, bare words and strings with
// white space or control characters do not. It does not allocate: it runs
// several times on every credential a counter verifies.
func IsURL(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon < 1 || colon == len(s)-1 || !isScheme(s[:colon]) {
		return false
	}
	rest := s[colon+1:]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c >= 0x80:
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
			i += 2
		case !isURLByte(c):
			return false
		}
	}
	if auth, ok := strings.CutPrefix(rest, "//"); ok {
		end := strings.IndexAny(auth, "/?#")
		if end < 0 {
			end = len(auth)
		}
		host := auth[:end]
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:]
		}
		if host == "" || host[0] == ':' {
			return false
		}
		// An IP-literal needs its closing bracket (RFC 3986 §3.2.2).
		if host[0] == '[' && strings.IndexByte(host, ']') < 0 {
			return false
		}
	}
	return true
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// isURLByte reports whether an ASCII byte may appear in a URL unescaped:
// RFC 3986 unreserved, gen-delims and sub-delims.
func isURLByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("-._~:/?#[]@!$&'()*+,;=", c) >= 0
}

// DataURL is a parsed RFC 2397 data: URL, as an EnvelopedVerifiableCredential
// id carries a secured credential (VCDM 2.0 §4.13, "Enveloped Verifiable
// Credentials"): data:application/vc+jwt,eyJ...
type DataURL struct {
	MediaType string // e.g. application/vc+jwt, without parameters
	Params    string // media type parameters after the first ';', if any
	Base64    bool   // the ;base64 extension was present
	Data      []byte // the decoded data
}

var errDataURL = errors.New("credential: not a data: URL")

// ParseDataURL parses s as an RFC 2397 data: URL:
//
//	dataurl    := "data:" [ mediatype ] [ ";base64" ] "," data
//	mediatype  := [ type "/" subtype ] *( ";" parameter )
//
// Percent-encoded data is decoded; base64 data is decoded with the standard
// alphabet (RFC 2397 §3 refers to RFC 2045 base64).
func ParseDataURL(s string) (*DataURL, error) {
	rest, ok := strings.CutPrefix(s, "data:")
	if !ok {
		if len(s) >= 5 && strings.EqualFold(s[:5], "data:") {
			rest = s[5:]
		} else {
			return nil, errDataURL
		}
	}
	head, data, ok := strings.Cut(rest, ",")
	if !ok {
		return nil, errDataURL
	}
	d := &DataURL{}
	if h, ok := strings.CutSuffix(head, ";base64"); ok {
		d.Base64 = true
		head = h
	}
	mt, params, _ := strings.Cut(head, ";")
	d.MediaType = strings.ToLower(mt)
	d.Params = params
	if mt != "" && !isMediaType(mt) {
		return nil, errDataURL
	}
	if d.Base64 {
		b, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return nil, errDataURL
		}
		d.Data = b
		return d, nil
	}
	if strings.IndexByte(data, '%') < 0 {
		d.Data = []byte(data)
		return d, nil
	}
	u, err := url.PathUnescape(data)
	if err != nil {
		return nil, errDataURL
	}
	d.Data = []byte(u)
	return d, nil
}

// isMediaType checks type "/" subtype with RFC 6838 §4.2 restricted-name
// characters.
func isMediaType(s string) bool {
	t, sub, ok := strings.Cut(s, "/")
	return ok && isRestrictedName(t) && isRestrictedName(sub)
}

func isRestrictedName(s string) bool {
	if s == "" || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case i > 0 && strings.IndexByte("!#$&-^_.+", c) >= 0:
		default:
			return false
		}
	}
	return true
}

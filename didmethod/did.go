package didmethod

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// DID is a decentralized identifier (DID Core §3.1): "did:" method-name ":"
// method-specific-id.
type DID struct {
	Method string // method-name: one or more of [a-z0-9]
	ID     string // method-specific-id, exactly as written (percent-encoding kept)
}

// String returns the DID.
func (d DID) String() string { return "did:" + d.Method + ":" + d.ID }

// IsZero reports whether d is the zero DID.
func (d DID) IsZero() bool { return d.Method == "" && d.ID == "" }

// URL is a DID URL (DID Core §3.2): a DID followed by an optional path,
// query and fragment. Components are kept as written; an empty query or
// fragment ("did:x:y?" or "did:x:y#") is treated as absent.
type URL struct {
	DID      DID
	Path     string // path-abempty: empty, or starting with "/"
	Query    string // without the leading "?"
	Fragment string // without the leading "#"
	Params   Params // the DID parameters of Query, decoded (filled by ParseURL)
}

// Params are the DID parameters of a DID URL's query (DID Core §3.2.1),
// percent-decoded. A parameter that is absent is empty.
type Params struct {
	Service     string // identifies a service from the DID document by service id
	RelativeRef string // a relative URI reference at the selected service endpoint
	VersionID   string // a specific version of the DID document
	VersionTime string // a version timestamp, "YYYY-MM-DDThh:mm:ssZ"
	HL          string // a hashlink of the DID document
}

// versionTimeLayout is an XML Schema dateTime normalized to UTC without
// sub-second precision (DID Core §3.2.1, versionTime).
const versionTimeLayout = "2006-01-02T15:04:05Z"

// String returns the DID URL.
func (u URL) String() string {
	var b strings.Builder
	b.WriteString(u.DID.String())
	b.WriteString(u.Path)
	if u.Query != "" {
		b.WriteByte('?')
		b.WriteString(u.Query)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		b.WriteString(u.Fragment)
	}
	return b.String()
}

// VersionTime returns the versionTime parameter as a time, and whether it is
// present.
func (u URL) VersionTime() (time.Time, bool) {
	if u.Params.VersionTime == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(versionTimeLayout, u.Params.VersionTime)
	return t, err == nil
}

// ResolutionOptions returns the resolution options that the DID parameters
// of u carry (DID Resolution v0.3 §"Dereferencing the Resource" step 2: "All
// DID parameters of the input DID URL MUST be passed as resolution options").
func (u URL) ResolutionOptions() ResolutionOptions {
	opts := ResolutionOptions{VersionID: u.Params.VersionID}
	if t, ok := u.VersionTime(); ok {
		opts.VersionTime = &t
	}
	return opts
}

func didErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidDID, fmt.Sprintf(format, a...))
}

func urlErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidDIDURL, fmt.Sprintf(format, a...))
}

// ParseDID parses a DID by the ABNF of DID Core §3.1:
//
//	did                = "did:" method-name ":" method-specific-id
//	method-name        = 1*method-char
//	method-char        = %x61-7A / DIGIT
//	method-specific-id = *( *idchar ":" ) 1*idchar
//	idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
//	pct-encoded        = "%" HEXDIG HEXDIG
//
// A DID URL (with a path, query or fragment) is not a DID.
func ParseDID(s string) (DID, error) {
	if len(s) > MaxDIDURLLength {
		return DID{}, didErr("longer than %d bytes", MaxDIDURLLength)
	}
	// DID Core §3.1: "The DID scheme name MUST be an ASCII lowercase
	// string."
	rest, ok := strings.CutPrefix(s, "did:")
	if !ok {
		return DID{}, didErr("does not start with \"did:\"")
	}
	method, id, ok := strings.Cut(rest, ":")
	if !ok {
		return DID{}, didErr("no method-specific-id")
	}
	if !validMethodName(method) {
		return DID{}, didErr("method name is not 1*[a-z0-9]")
	}
	if err := checkMethodSpecificID(id); err != nil {
		return DID{}, err
	}
	return DID{Method: method, ID: id}, nil
}

// validMethodName enforces DID Core §3.1: method-name = 1*method-char;
// method-char = %x61-7A / DIGIT.
func validMethodName(method string) bool {
	if method == "" {
		return false
	}
	for i := 0; i < len(method); i++ {
		if c := method[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkMethodSpecificID enforces method-specific-id = *( *idchar ":" )
// 1*idchar (DID Core §3.1): idchars and colons, not empty, not ending in ":".
func checkMethodSpecificID(id string) error {
	if id == "" {
		return didErr("empty method-specific-id")
	}
	if id[len(id)-1] == ':' {
		return didErr("method-specific-id ends with \":\"")
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case isAlnum(c), c == '.', c == '-', c == '_', c == ':':
		case c == '%':
			if i+2 >= len(id) || !isHex(id[i+1]) || !isHex(id[i+2]) {
				return didErr("bad percent-encoding in method-specific-id")
			}
			i += 2
		default:
			return didErr("method-specific-id has character %q outside idchar", c)
		}
	}
	return nil
}

// ParseURL parses a DID URL by the ABNF of DID Core §3.2:
//
//	did-url = did path-abempty [ "?" query ] [ "#" fragment ]
//
// with path-abempty, query and fragment as in RFC 3986 §3.3-§3.5, and checks
// the DID parameters of the query that DID Core §3.2.1 defines.
func ParseURL(s string) (URL, error) {
	if len(s) > MaxDIDURLLength {
		return URL{}, urlErr("longer than %d bytes", MaxDIDURLLength)
	}
	end := strings.IndexAny(s, "/?#")
	if end < 0 {
		end = len(s)
	}
	d, err := ParseDID(s[:end])
	if err != nil {
		return URL{}, fmt.Errorf("%w: %w", ErrInvalidDIDURL, err)
	}
	u := URL{DID: d}
	rest := s[end:]
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		u.Fragment = rest[i+1:]
		rest = rest[:i]
		// RFC 3986 §3.5: fragment = *( pchar / "/" / "?" ).
		if err := checkURIChars(u.Fragment, "/?"); err != nil {
			return URL{}, urlErr("fragment: %v", err)
		}
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		u.Query = rest[i+1:]
		rest = rest[:i]
		// RFC 3986 §3.4: query = *( pchar / "/" / "?" ).
		if err := checkURIChars(u.Query, "/?"); err != nil {
			return URL{}, urlErr("query: %v", err)
		}
	}
	// RFC 3986 §3.3: path-abempty = *( "/" segment ), segment = *pchar.
	u.Path = rest
	if err := checkURIChars(u.Path, "/"); err != nil {
		return URL{}, urlErr("path: %v", err)
	}
	if u.Params, err = parseParams(u.Query); err != nil {
		return URL{}, err
	}
	return u, nil
}

// parseParams decodes and checks the DID parameters of DID Core §3.2.1.
// Other parameters are left to DID methods.
func parseParams(query string) (Params, error) {
	var p Params
	if query == "" {
		return p, nil
	}
	seen := map[string]bool{}
	for pair := range strings.SplitSeq(query, "&") {
		name, raw, _ := strings.Cut(pair, "=")
		var dst *string
		switch name {
		case "service":
			dst = &p.Service
		case "relativeRef":
			dst = &p.RelativeRef
		case "versionId":
			dst = &p.VersionID
		case "versionTime":
			dst = &p.VersionTime
		case "hl":
			dst = &p.HL
		default:
			continue
		}
		// A parameter given twice has no single meaning; reject it rather
		// than pick one.
		if seen[name] {
			return Params{}, urlErr("parameter %q given more than once", name)
		}
		seen[name] = true
		v, err := url.PathUnescape(raw)
		if err != nil {
			return Params{}, urlErr("parameter %q: %v", name, err)
		}
		// DID Core §3.2.1: "If present, the associated value MUST be an
		// ASCII string."
		if v == "" || !isASCII(v) {
			return Params{}, urlErr("parameter %q must be a non-empty ascii string", name)
		}
		*dst = v
	}
	// DID Core §3.2.1 versionTime: "a valid XML datetime value ... This
	// datetime value MUST be normalized to UTC 00:00:00 and without
	// sub-second decimal precision."
	if p.VersionTime != "" {
		t, err := time.Parse(versionTimeLayout, p.VersionTime)
		if err != nil || t.Format(versionTimeLayout) != p.VersionTime {
			return Params{}, urlErr("versionTime %q is not YYYY-MM-DDThh:mm:ssZ", p.VersionTime)
		}
	}
	// DID Core §3.2.1 relativeRef: "A relative URI reference according to
	// RFC3986 Section 4.2".
	if p.RelativeRef != "" {
		r, err := url.Parse(p.RelativeRef)
		if err != nil || r.IsAbs() || r.Host != "" {
			return Params{}, urlErr("relativeRef is not a relative reference")
		}
	}
	return p, nil
}

// checkURIChars checks s holds only pchar (RFC 3986 §3.3: unreserved /
// pct-encoded / sub-delims / ":" / "@") and the bytes in extra.
func checkURIChars(s, extra string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlnum(c), strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0, strings.IndexByte(extra, c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return fmt.Errorf("bad percent-encoding")
			}
			i += 2
		default:
			return fmt.Errorf("character %q not allowed", c)
		}
	}
	return nil
}

// isURI reports whether s is an absolute URI by RFC 3986 §3: a scheme
// (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )) and ":", followed by
// characters allowed in a URI.
func isURI(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || !isAlpha(scheme[0]) {
		return false
	}
	for i := 1; i < len(scheme); i++ {
		if c := scheme[i]; !isAlnum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	// RFC 3986 §2: unreserved, reserved (gen-delims and sub-delims) and
	// pct-encoded.
	return checkURIChars(rest, "/?#[]") == nil
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }
func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

package didresolver

import (
	"strings"

	"github.com/cachet-district/cachet/didmethod"
)

// Media types this binding answers with.
const (
	// MediaTypeResolution is the media type of a DID resolution result
	// (DID Resolution §9: "The media type of this data structure is
	// defined to be application/did-resolution").
	MediaTypeResolution = "application/did-resolution"
	// MediaTypeResolutionLD is the media type of a DID resolution result
	// in DID Resolution v0.3 and earlier drafts, which the DIF Universal
	// Resolver still sends to its drivers first in Accept and recognizes a
	// result by.
	MediaTypeResolutionLD = `application/ld+json;profile="https://w3id.org/did-resolution"`
	// MediaTypeProblem is the media type of a problem details object
	// (RFC 9457 §3), the body of an error when the client asked for a
	// bare DID document.
	MediaTypeProblem = "application/problem+json"

	// profileResolution is the profile parameter of MediaTypeResolutionLD.
	profileResolution = "https://w3id.org/did-resolution"
	// contextResolution is the JSON-LD context of a v0.3 resolution result.
	contextResolution = "https://w3id.org/did-resolution/v1"
)

// representation is what a successful response carries: a DID resolution
// result in one of its two media types, or only the DID document in one of
// its representations (DID Core §6.2, §6.3).
type representation int

// The representations in the server's order of preference, which breaks
// ties between media ranges of equal quality: a whole result first, as
// the Universal Resolver driver contract and §12.1 step 2.2 put it first;
// among documents JSON-LD, which keeps @context.
const (
	reprResult   representation = iota // application/did-resolution
	reprResultLD                       // application/ld+json;profile="https://w3id.org/did-resolution"
	reprDIDLD                          // application/did+ld+json
	reprDID                            // application/did+json
	numRepr
)

// offer is a representation as a media type to match ranges against.
type offer struct {
	subtype string // under "application/"
	profile string // required profile parameter, or ""
}

func (r representation) offer() offer {
	switch r {
	case reprResult:
		return offer{subtype: "did-resolution"}
	case reprResultLD:
		return offer{subtype: "ld+json", profile: profileResolution}
	case reprDIDLD:
		return offer{subtype: "did+ld+json"}
	}
	return offer{subtype: "did+json"}
}

// mediaType is the Content-Type of a response in r.
func (r representation) mediaType() string {
	switch r {
	case reprResult:
		return MediaTypeResolution
	case reprResultLD:
		return MediaTypeResolutionLD
	case reprDIDLD:
		return didmethod.MediaTypeDIDLDJSON
	}
	return didmethod.MediaTypeDIDJSON
}

// result reports whether r is a whole DID resolution result.
func (r representation) result() bool { return r == reprResult || r == reprResultLD }

// documentType is the representation of the DID document that r carries,
// the accept option passed to the resolver and the contentType of the
// resolution metadata (DID Resolution §4.1 accept, §4.2 contentType). A
// result embeds the document as JSON with its @context: JSON-LD.
func (r representation) documentType() string {
	if r == reprDID {
		return didmethod.MediaTypeDIDJSON
	}
	return didmethod.MediaTypeDIDLDJSON
}

// mediaRange is one element of Accept (RFC 9110 §12.5.1): a type, a
// subtype ("*" for a wildcard), the profile URIs of its parameters and its
// weight in thousandths.
type mediaRange struct {
	typ, subtype string
	profiles     []string
	q            int
}

// negotiate picks the representation of a response from the Accept header
// fields (RFC 9110 §12.5.1), or reports that none is acceptable. No Accept
// field means any media type (RFC 9110 §12.5.1: "A request without any
// Accept header field implies that the user agent will accept any media
// type in response"), answered with a whole resolution result: DID
// Resolution §12.1 step 2.2 asks for one with application/did-resolution,
// and drivers of the Universal Resolver answer a bare GET with one.
func negotiate(fields []string) (representation, bool) {
	header := strings.Join(fields, ",")
	if strings.TrimSpace(header) == "" {
		return reprResult, true
	}
	ranges, ok := parseAccept(header)
	if !ok {
		return 0, false
	}
	best, bestQ, bestSpec := representation(0), 0, -1
	for r := representation(0); r < numRepr; r++ {
		// RFC 9110 §12.5.1: "Media ranges can be overridden by more
		// specific media ranges or specific media types. If more than one
		// media range applies to a given type, the most specific reference
		// has precedence."
		spec, q := -1, 0
		for _, mr := range ranges {
			if s, ok := matches(mr, r.offer()); ok && (s > spec || s == spec && mr.q > q) {
				spec, q = s, mr.q
			}
		}
		// The highest weight wins; between equal weights, the
		// representation the client named more specifically, then the
		// server's order.
		if q > bestQ || q == bestQ && q > 0 && spec > bestSpec {
			best, bestQ, bestSpec = r, q, spec
		}
	}
	// RFC 9110 §12.4.2: "a value of 0 means 'not acceptable'".
	return best, bestQ > 0
}

// matches reports whether range mr covers offer o, and how specifically:
// an exact subtype over a structured syntax suffix (RFC 6838 §4.2.8:
// application/json covers application/did+json, application/ld+json covers
// application/did+ld+json, as the Universal Resolver's drivers match) over
// "application/*" over "*/*". A media type with a profile parameter is
// covered only by a range naming that profile (JSON-LD 1.1 §9.1 profile),
// and a range naming a profile covers only that media type, so a request
// for a resolution result never gets a bare document.
func matches(mr mediaRange, o offer) (int, bool) {
	if mr.typ == "*" {
		return 0, mr.subtype == "*"
	}
	if mr.typ != "application" {
		return 0, false
	}
	if len(mr.profiles) > 0 || o.profile != "" {
		found := false
		for _, p := range mr.profiles {
			found = found || p == o.profile
		}
		if !found {
			return 0, false
		}
	}
	switch {
	case mr.subtype == "*":
		return 1, true
	case mr.subtype == o.subtype:
		return 4, true
	case strings.HasSuffix(o.subtype, "+"+mr.subtype):
		// Prefer the offer the suffix explains entirely: application/json
		// is did+json before did+ld+json.
		if strings.Contains(strings.TrimSuffix(o.subtype, "+"+mr.subtype), "+") {
			return 2, true
		}
		return 3, true
	}
	return 0, false
}

// parseAccept parses Accept = #( media-range [ weight ] ) (RFC 9110
// §12.5.1), with media-range = ( "*/*" / ( type "/*" ) / ( type "/" subtype
// ) ) parameters and weight = OWS ";" OWS "q=" qvalue. Elements that do
// not parse are skipped. A header over MaxAcceptLength bytes or
// MaxAcceptRanges elements is refused whole: reading part of it could turn
// a "q=0" into an acceptance.
func parseAccept(header string) ([]mediaRange, bool) {
	if len(header) > MaxAcceptLength {
		return nil, false
	}
	elems := splitQuoted(header, ',')
	if len(elems) > MaxAcceptRanges {
		return nil, false
	}
	var out []mediaRange
	for _, elem := range elems {
		if mr, ok := parseRange(elem); ok {
			out = append(out, mr)
		}
	}
	return out, true
}

func parseRange(elem string) (mediaRange, bool) {
	parts := splitQuoted(elem, ';')
	typ, sub, ok := strings.Cut(strings.TrimSpace(parts[0]), "/")
	// RFC 9110 §8.3.1: "The type and subtype tokens are case-insensitive."
	typ, sub = strings.ToLower(typ), strings.ToLower(sub)
	if !ok || !isToken(typ) || !isToken(sub) || typ == "*" && sub != "*" {
		return mediaRange{}, false
	}
	mr := mediaRange{typ: typ, subtype: sub, q: 1000}
	for _, p := range parts[1:] {
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		name = strings.ToLower(strings.TrimSpace(name))
		value, valid := paramValue(strings.TrimSpace(value))
		if !ok || !isToken(name) || !valid {
			return mediaRange{}, false
		}
		if name == "q" {
			// RFC 9110 §12.5.1: the weight separates media-type parameters
			// from extension parameters, which mean nothing here.
			if mr.q, ok = qvalue(value); !ok {
				return mediaRange{}, false
			}
			break
		}
		if name == "profile" {
			// JSON-LD 1.1 §9.1: profile is a space-separated list of IRIs.
			mr.profiles = append(mr.profiles, strings.Fields(value)...)
		}
	}
	return mr, true
}

// qvalue parses qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
// (RFC 9110 §12.4.2) into thousandths.
func qvalue(s string) (int, bool) {
	if s == "" || len(s) > 5 || s[0] != '0' && s[0] != '1' {
		return 0, false
	}
	q := int(s[0]-'0') * 1000
	if len(s) == 1 {
		return q, true
	}
	if s[1] != '.' {
		return 0, false
	}
	scale := 100
	for i := 2; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' || s[0] == '1' && c != '0' {
			return 0, false
		}
		q += int(c-'0') * scale
		scale /= 10
	}
	return q, true
}

// paramValue decodes a parameter value: a token or a quoted-string (RFC
// 9110 §5.6.6, §5.6.4). An unquoted value may also hold the visible
// characters a token may not, such as the ":" and "/" of a profile URI that
// clients send unquoted; "," and ";" have been split on already.
func paramValue(v string) (string, bool) {
	if !strings.HasPrefix(v, `"`) {
		if v == "" {
			return "", false
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x21 || v[i] > 0x7e || v[i] == '"' {
				return "", false
			}
		}
		return v, true
	}
	if len(v) < 2 || !strings.HasSuffix(v, `"`) {
		return "", false
	}
	var b strings.Builder
	inner := v[1 : len(v)-1]
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		switch {
		case c == '\\':
			// quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
			if i+1 == len(inner) {
				return "", false
			}
			i++
			b.WriteByte(inner[i])
		case c == '"':
			return "", false
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// splitQuoted splits s at sep outside quoted-strings.
func splitQuoted(s string, sep byte) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// isToken reports whether s is a token (RFC 9110 §5.6.2): 1*tchar.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

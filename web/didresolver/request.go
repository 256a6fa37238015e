package didresolver

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cachet-district/cachet/didmethod"
)

// versionTimeLayout is the form of versionTime: "a valid XML datetime
// value ... normalized to UTC 00:00:00 and without sub-second decimal
// precision" (DID Core §3.2.1), as didmethod parses it in DID URLs.
const versionTimeLayout = "2006-01-02T15:04:05Z"

// request is a decoded resolution request: the DID to resolve and its
// resolution options (DID Resolution §4.1).
type request struct {
	did  string
	opts didmethod.ResolutionOptions
}

// parseRequest decodes the {did} segment of the request path, as sent
// (percent-encoding kept), and the query of the request URL.
//
// DID Resolution §12.1 step 2.1 appends the DID to the endpoint as it is;
// step 4.1.1: "If any other resolution options or dereferencing options
// than accept are provided: The input DID MUST be URL-encoded (as specified
// in RFC3986 Section 2.1)", and step 4.1.2 encodes the options "as query
// parameters in the request HTTP(S) URL". An encoded DID never starts with
// "did:" (its colon is "%3A"), an unencoded one always does, so the two
// forms are told apart without guessing:
//
//   - "did%3A..." is decoded once; the result is the DID, or a DID URL whose
//     versionId and versionTime parameters are resolution options, and the
//     query of the request URL holds the other resolution options.
//   - "did:..." is the DID as written (percent-encoding inside a
//     method-specific id, such as did:web's "%3A", is part of the DID), and
//     the query of the request URL is the query of the DID URL, as in
//     §12.1's example "/1.0/identifiers/did:example:1234?service=files".
//     The Universal Resolver sends DIDs to its drivers in this form.
//
// This binding offers the resolve function only. A DID URL with a path, a
// fragment or a DID parameter other than versionId and versionTime is to
// be dereferenced (§5), which §5 and §10 mark "at risk" and §8.2.3 lets a
// client do on the resolved document; it is refused as INVALID_DID, since
// "the value MUST be a conformant DID" (§4, did).
func parseRequest(segment, rawQuery string) (request, *failure) {
	encoded := len(segment) >= 6 && strings.EqualFold(segment[:6], "did%3a")
	id := segment
	if encoded {
		dec, err := url.PathUnescape(segment)
		if err != nil {
			return request{}, fail(TypeInvalidDID, "the DID is not validly percent-encoded (RFC 3986 §2.1)")
		}
		id = dec
	} else if rawQuery != "" {
		id += "?" + rawQuery
	}
	if id == "" {
		return request{}, fail(TypeInvalidDID, "no DID in the request path: GET "+Path+"{did}")
	}
	// §4.4 step 1: "Validate that the input DID conforms to the did rule
	// of the DID Syntax. If not, the DID resolver MUST return ... error
	// object with type set to https://www.w3.org/ns/did#INVALID_DID".
	u, err := didmethod.ParseURL(id)
	if err != nil {
		if strings.ContainsAny(id, "/?#") {
			return request{}, fail(TypeInvalidDIDURL, err.Error())
		}
		return request{}, fail(TypeInvalidDID, err.Error())
	}
	if u.Path != "" || u.Fragment != "" || !didmethod.OnlyResolutionParams(u.Query) {
		return request{}, fail(TypeInvalidDID, "this resolver resolves DIDs, with the versionId and versionTime DID parameters; "+
			"it does not dereference DID URLs with a path, a fragment or other parameters (DID Resolution §5): "+
			"resolve the DID and select from its document")
	}
	req := request{did: u.DID.String(), opts: u.ResolutionOptions()}
	if !encoded {
		return req, nil
	}
	q, f := parseOptions(rawQuery)
	if f != nil {
		return request{}, f
	}
	// The DID URL and the query may both name a version; they must agree
	// (DID Resolution §13.7.3: parameters must not change a resolution
	// behind the caller's back).
	if q.VersionID != "" {
		if req.opts.VersionID != "" && req.opts.VersionID != q.VersionID {
			return request{}, fail(TypeInvalidOptions, "versionId differs between the DID URL and the query")
		}
		req.opts.VersionID = q.VersionID
	}
	if q.VersionTime != nil {
		if req.opts.VersionTime != nil && !req.opts.VersionTime.Equal(*q.VersionTime) {
			return request{}, fail(TypeInvalidOptions, "versionTime differs between the DID URL and the query")
		}
		req.opts.VersionTime = q.VersionTime
	}
	return req, nil
}

// parseOptions decodes the resolution options of a request URL's query
// (DID Resolution §12.1 step 4.1.2), checking them in the order of §4.4
// steps 3 and 4, one option at a time in name order so that the error
// reported does not depend on map order.
func parseOptions(rawQuery string) (didmethod.ResolutionOptions, *failure) {
	var opts didmethod.ResolutionOptions
	if rawQuery == "" {
		return opts, nil
	}
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return opts, fail(TypeInvalidOptions, "the query is not a list of name=value options: "+err.Error())
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		// §13.7.2: components that handle a duplicated parameter
		// differently can be played against each other; a parameter given
		// twice has no single meaning here.
		if len(values[name]) != 1 {
			return opts, fail(TypeInvalidOptions, fmt.Sprintf("option %q given more than once", name))
		}
		v := values[name][0]
		switch name {
		case "versionId":
			// DID Core §3.2.1 versionId: "If present, the associated value
			// MUST be an ASCII string."
			if v == "" || !printableASCII(v) {
				return opts, fail(TypeInvalidOptions, "versionId must be a non-empty ASCII string")
			}
			opts.VersionID = v
		case "versionTime":
			// DID Core §3.2.1 versionTime: an XML datetime "normalized to
			// UTC 00:00:00 and without sub-second decimal precision".
			t, err := time.Parse(versionTimeLayout, v)
			if err != nil || t.Format(versionTimeLayout) != v {
				return opts, fail(TypeInvalidOptions, "versionTime must be YYYY-MM-DDThh:mm:ssZ")
			}
			opts.VersionTime = &t
		case "noCache":
			// §13.2: "Possible values of this property are: "false" ...
			// "true"". This binding keeps no cache and resolvers read their
			// registry on every call, so either value is honoured.
			if v != "true" && v != "false" {
				return opts, fail(TypeInvalidOptions, `noCache must be "true" or "false"`)
			}
		default:
			// §4.4 step 3: "Determine whether the input DID resolution
			// options are supported by the DID resolver ... If not ...
			// FEATURE_NOT_SUPPORTED". accept travels in the Accept header
			// (§12.1 step 2.3), never in the query (step 4.1.2).
			return opts, fail(TypeFeatureNotSupported, fmt.Sprintf("resolution option %q is not supported; supported: versionId, versionTime, noCache", name))
		}
	}
	return opts, nil
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

package didresolver

import (
	"net/http"

	"github.com/cachet-district/cachet/didmethod"
)

// Error types of DID Resolution §11: the "type" member of the problem
// details object that didResolutionMetadata.error holds. §11: "The type
// value of the error object MUST be a URL. Where the values listed in the
// section below do not define a URL, the values MUST be prepended with the
// URL https://www.w3.org/ns/did#."
const (
	TypeInvalidDID                 = "https://www.w3.org/ns/did#INVALID_DID"
	TypeInvalidDIDDocument         = "https://www.w3.org/ns/did#INVALID_DID_DOCUMENT"
	TypeNotFound                   = "https://www.w3.org/ns/did#NOT_FOUND"
	TypeRepresentationNotSupported = "https://www.w3.org/ns/did#REPRESENTATION_NOT_SUPPORTED"
	TypeInvalidDIDURL              = "https://www.w3.org/ns/did#INVALID_DID_URL"
	TypeMethodNotSupported         = "https://www.w3.org/ns/did#METHOD_NOT_SUPPORTED"
	TypeInvalidOptions             = "https://www.w3.org/ns/did#INVALID_OPTIONS"
	TypeInternalError              = "https://www.w3.org/ns/did#INTERNAL_ERROR"
	TypeFeatureNotSupported        = "https://www.w3.org/ns/did#FEATURE_NOT_SUPPORTED"
)

// typeBlank is the problem type of RFC 9457 §4.2.1 for a failure that has
// no meaning beyond its HTTP status (a wrong path, method or URI length):
// those are not DID resolution errors.
const typeBlank = "about:blank"

// problem is an RFC 9457 problem details object (§3.1), the form DID
// Resolution §4.2 and §11 give an error ("Implementers SHOULD use [RFC9457]
// to encode the error data structure"). Status is set only when the object
// is a whole response body (application/problem+json), where RFC 9457
// §3.1.2 has it repeat the HTTP status.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title,omitempty"`
	Status int    `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// failure is a request that ends in an error response: its problem type,
// the HTTP status, the public detail and the cause, which is logged for a
// server error and never sent.
type failure struct {
	typ    string
	status int
	detail string
	cause  error
}

func fail(typ, detail string) *failure {
	return &failure{typ: typ, status: statusFor(typ), detail: detail}
}

// problem renders f. A server error carries no detail: its cause stays in
// the log (STYLE rule 15: unknown errors become a bare 500).
func (f *failure) problem(standalone bool) *problem {
	p := &problem{Type: f.typ, Title: titleFor(f.typ, f.status), Detail: f.detail}
	if f.status >= 500 && f.typ != TypeMethodNotSupported && f.typ != TypeFeatureNotSupported {
		p.Detail = ""
	}
	if standalone {
		p.Status = f.status
	}
	return p
}

// typeFor maps the error code a didmethod resolver reports (the keyword
// codes of DID Resolution v0.3 §"Errors", which the did:key method also
// uses) to the error type of DID Resolution §11. This is the one place
// where resolver failures meet HTTP.
func typeFor(code didmethod.ErrorCode) string {
	switch code {
	case didmethod.CodeInvalidDID:
		return TypeInvalidDID
	case didmethod.CodeInvalidDIDURL:
		return TypeInvalidDIDURL
	case didmethod.CodeNotFound:
		return TypeNotFound
	case didmethod.CodeRepresentationNotSupported:
		return TypeRepresentationNotSupported
	case didmethod.CodeMethodNotSupported:
		return TypeMethodNotSupported
	case didmethod.CodeInvalidPublicKey, didmethod.CodeInvalidPublicKeyLength, didmethod.CodeInvalidPublicKeyType:
		// did:key v0.7 §"Read" raises these for a method-specific id that
		// does not encode a usable key: the DID sent is not a valid DID of
		// its method, so the client is at fault (DID Resolution §4.4 step
		// 1 has no narrower type).
		return TypeInvalidDID
	case didmethod.CodeUnsupportedPublicKeyType:
		// A well-formed did:key of a key type Cachet does not read: "The
		// DID resolver does not support the requested feature" (§11).
		return TypeFeatureNotSupported
	}
	// internalError, and any code this binding does not know.
	return TypeInternalError
}

// statusFor is the table of DID Resolution §12.1 step 6: "the HTTP response
// status code MUST correspond to the type property of the error object,
// according to the following table", with "(any other error URI)" 500. The
// problems of type about:blank never reach it.
func statusFor(typ string) int {
	switch typ {
	case TypeInvalidDID, TypeInvalidDIDURL, TypeInvalidOptions:
		return http.StatusBadRequest
	case TypeNotFound:
		return http.StatusNotFound
	case TypeRepresentationNotSupported:
		return http.StatusNotAcceptable
	case TypeMethodNotSupported, TypeFeatureNotSupported:
		return http.StatusNotImplemented
	}
	// INVALID_DID_DOCUMENT, INTERNAL_ERROR and any other URI.
	return http.StatusInternalServerError
}

// titleFor is the "short but specific human-readable string for the error"
// of DID Resolution §11 (title SHOULD).
func titleFor(typ string, status int) string {
	switch typ {
	case TypeInvalidDID:
		return "Invalid DID."
	case TypeInvalidDIDDocument:
		return "Invalid DID document."
	case TypeNotFound:
		return "The DID or DID document was not found."
	case TypeRepresentationNotSupported:
		return "The representation is not supported."
	case TypeInvalidDIDURL:
		return "Invalid DID URL."
	case TypeMethodNotSupported:
		return "The DID method is not supported."
	case TypeInvalidOptions:
		return "Invalid DID resolution options."
	case TypeFeatureNotSupported:
		return "The feature is not supported."
	case TypeInternalError:
		return "An internal error has occurred."
	}
	// RFC 9457 §4.2.1: with about:blank, "the title SHOULD be the same as
	// the recommended HTTP status phrase".
	return http.StatusText(status)
}

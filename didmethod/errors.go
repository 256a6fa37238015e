package didmethod

import (
	"errors"
	"fmt"
)

// ErrorCode is a DID Resolution error code: the value of the "error"
// property of DID resolution metadata and DID URL dereferencing metadata
// (DID Resolution v0.3 §"Errors"; the same names are registered in the DID
// Specification Registries §"error").
type ErrorCode string

// DID Resolution v0.3 §"Errors".
const (
	CodeInvalidDID                 ErrorCode = "invalidDid"
	CodeInvalidDIDURL              ErrorCode = "invalidDidUrl"
	CodeNotFound                   ErrorCode = "notFound"
	CodeRepresentationNotSupported ErrorCode = "representationNotSupported"
	CodeMethodNotSupported         ErrorCode = "methodNotSupported"
	CodeInternalError              ErrorCode = "internalError"
	CodeInvalidPublicKey           ErrorCode = "invalidPublicKey"
	CodeInvalidPublicKeyLength     ErrorCode = "invalidPublicKeyLength"
	CodeInvalidPublicKeyType       ErrorCode = "invalidPublicKeyType"
	CodeUnsupportedPublicKeyType   ErrorCode = "unsupportedPublicKeyType"
)

// Sentinels for the DID Resolution error codes. A *ResolutionError matches
// the sentinel of its code with errors.Is, and syntax errors from ParseDID and
// ParseURL wrap ErrInvalidDID and ErrInvalidDIDURL.
var (
	ErrInvalidDID                 = errors.New("didmethod: invalid did")
	ErrInvalidDIDURL              = errors.New("didmethod: invalid did url")
	ErrNotFound                   = errors.New("didmethod: not found")
	ErrRepresentationNotSupported = errors.New("didmethod: representation not supported")
	ErrMethodNotSupported         = errors.New("didmethod: did method not supported")
	ErrInternal                   = errors.New("didmethod: internal resolver error")
	ErrInvalidPublicKey           = errors.New("didmethod: invalid public key")
	ErrInvalidPublicKeyLength     = errors.New("didmethod: invalid public key length")
	ErrInvalidPublicKeyType       = errors.New("didmethod: invalid public key type")
	ErrUnsupportedPublicKeyType   = errors.New("didmethod: unsupported public key type")
)

// Sentinels for DID document validation (DID Core §4-§6). Validate and
// ParseDocument return a *DocumentError wrapping exactly one of these.
var (
	ErrMalformedDocument   = errors.New("didmethod: malformed did document")
	ErrDocumentTooLarge    = errors.New("didmethod: did document exceeds a size limit")
	ErrContextInvalid      = errors.New("didmethod: @context does not start with the did v1 context")
	ErrDocumentIDInvalid   = errors.New("didmethod: document id is not a did")
	ErrControllerInvalid   = errors.New("didmethod: document controller is not a did")
	ErrAlsoKnownAsInvalid  = errors.New("didmethod: alsoKnownAs entry is not a uri")
	ErrMethodIDInvalid     = errors.New("didmethod: verification method id is not a did url")
	ErrMethodTypeMissing   = errors.New("didmethod: verification method has no type")
	ErrMethodController    = errors.New("didmethod: verification method controller is not a did")
	ErrNoKeyMaterial       = errors.New("didmethod: verification method has no publicKeyJwk or publicKeyMultibase")
	ErrMultipleKeyMaterial = errors.New("didmethod: verification method has both publicKeyJwk and publicKeyMultibase")
	ErrPrivateKeyMaterial  = errors.New("didmethod: publicKeyJwk contains private key members")
	ErrJWKInvalid          = errors.New("didmethod: publicKeyJwk is not a json web key")
	ErrMultibaseInvalid    = errors.New("didmethod: publicKeyMultibase is not a multibase string")
	ErrRelationshipEmpty   = errors.New("didmethod: verification relationship is an empty set")
	ErrReferenceInvalid    = errors.New("didmethod: verification method reference is not a did url")
	ErrDuplicateID         = errors.New("didmethod: duplicate id in did document")
	ErrServiceIDInvalid    = errors.New("didmethod: service id is not a uri")
	ErrServiceTypeInvalid  = errors.New("didmethod: service type is not a string or set of strings")
	ErrServiceEndpoint     = errors.New("didmethod: serviceEndpoint is not a uri, map or set of them")
)

// Sentinels for verification key lookup (VerificationKey, Dereference).
var (
	ErrNotVerificationMethod = errors.New("didmethod: did url does not name a verification method")
	ErrNotAuthorized         = errors.New("didmethod: verification method is not authorized for this verification relationship")
	// ErrNotController: the DID URL names a key of another DID than the
	// one the caller expects (see KeyOf).
	ErrNotController        = errors.New("didmethod: key does not belong to the expected DID")
	ErrUnknownRelationship  = errors.New("didmethod: unknown verification relationship")
	ErrDeactivated          = errors.New("didmethod: did is deactivated")
	ErrDocumentIDMismatch   = errors.New("didmethod: resolved document id does not match the did")
	ErrUnsupportedParameter = errors.New("didmethod: did url parameter not supported")
)

// ResolutionError is a failed DID resolution or DID URL dereferencing: the
// DID Resolution error code the resolution metadata carries, the DID or DID
// URL it concerns and the cause. errors.Is(err, ErrNotFound) (and the other
// code sentinels) matches by Code.
type ResolutionError struct {
	Code ErrorCode
	DID  string // the DID or DID URL being resolved or dereferenced
	Err  error  // the cause; may be nil
}

// NewResolutionError returns a *ResolutionError. Methods use it so that
// every failure carries its DID Resolution error code.
func NewResolutionError(code ErrorCode, did string, err error) *ResolutionError {
	return &ResolutionError{Code: code, DID: did, Err: err}
}

func (e *ResolutionError) Error() string {
	did := e.DID
	if len(did) > 120 {
		did = did[:120] + "..."
	}
	if e.Err == nil {
		return fmt.Sprintf("didmethod: resolve %q: %s", did, e.Code)
	}
	return fmt.Sprintf("didmethod: resolve %q: %s: %v", did, e.Code, e.Err)
}

// Unwrap returns the cause.
func (e *ResolutionError) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of e's code.
func (e *ResolutionError) Is(target error) bool {
	s := e.Code.sentinel()
	return s != nil && s == target
}

// sentinel maps a code to its sentinel error.
func (c ErrorCode) sentinel() error {
	switch c {
	case CodeInvalidDID:
		return ErrInvalidDID
	case CodeInvalidDIDURL:
		return ErrInvalidDIDURL
	case CodeNotFound:
		return ErrNotFound
	case CodeRepresentationNotSupported:
		return ErrRepresentationNotSupported
	case CodeMethodNotSupported:
		return ErrMethodNotSupported
	case CodeInternalError:
		return ErrInternal
	case CodeInvalidPublicKey:
		return ErrInvalidPublicKey
	case CodeInvalidPublicKeyLength:
		return ErrInvalidPublicKeyLength
	case CodeInvalidPublicKeyType:
		return ErrInvalidPublicKeyType
	case CodeUnsupportedPublicKeyType:
		return ErrUnsupportedPublicKeyType
	}
	return nil
}

// DocumentError is a DID document that breaks a rule of DID Core: Field
// names the member (for example "verificationMethod[1].controller") and Err
// is one of the document sentinels.
type DocumentError struct {
	Field string
	Err   error
}

func (e *DocumentError) Error() string {
	if e.Field == "" {
		return e.Err.Error()
	}
	return fmt.Sprintf("%v (at %s)", e.Err, e.Field)
}

// Unwrap returns the sentinel.
func (e *DocumentError) Unwrap() error { return e.Err }

func docErr(field string, sentinel error, detail string) error {
	if detail != "" {
		sentinel = fmt.Errorf("%w: %s", sentinel, detail)
	}
	return &DocumentError{Field: field, Err: sentinel}
}

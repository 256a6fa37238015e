package status

import (
	"errors"
	"fmt"
)

// ErrorCode names an error of Bitstring Status List v1.0 §3.5 "Processing
// Errors", or one of the two errors of Verifiable Credentials Data Model 2.0
// that its algorithms raise (MALFORMED_VALUE_ERROR, RANGE_ERROR).
type ErrorCode string

// The error codes, spelled as the specifications spell them.
const (
	// CodeStatusRetrieval: retrieval of the status list failed (§3.2 step 4).
	// The package fetches nothing; the caller that dereferences
	// statusListCredential reports it with NewRetrievalError.
	CodeStatusRetrieval ErrorCode = "STATUS_RETRIEVAL_ERROR"
	// CodeStatusVerification: validation of the status entry failed (§3.2
	// steps 4 and 5).
	CodeStatusVerification ErrorCode = "STATUS_VERIFICATION_ERROR"
	// CodeStatusListLength: the list is shorter than the minimum required for
	// herd privacy (§3.2 step 9, §2.2 encodedList).
	CodeStatusListLength ErrorCode = "STATUS_LIST_LENGTH_ERROR"
	// CodeMalformedValue: a property breaks one of its MUSTs (§3 preamble).
	CodeMalformedValue ErrorCode = "MALFORMED_VALUE_ERROR"
	// CodeRange: the index lies outside the bitstring (§3.2 step 10).
	CodeRange ErrorCode = "RANGE_ERROR"
)

// Sentinels for the error codes: errors.Is(err, ErrRange) holds for every
// *ProcessingError whose Code is CodeRange.
var (
	ErrStatusRetrieval    = errors.New("status: status list retrieval failed (STATUS_RETRIEVAL_ERROR)")
	ErrStatusVerification = errors.New("status: status entry validation failed (STATUS_VERIFICATION_ERROR)")
	ErrStatusListLength   = errors.New("status: status list shorter than the herd-privacy minimum (STATUS_LIST_LENGTH_ERROR)")
	ErrMalformedValue     = errors.New("status: malformed value (MALFORMED_VALUE_ERROR)")
	ErrRange              = errors.New("status: index out of range (RANGE_ERROR)")
)

// Specific failures, wrapped by a *ProcessingError (W3C) or returned wrapped
// with detail (IETF). Tests and callers match them with errors.Is.
var (
	// Decoding, both formats.
	ErrMultibasePrefix = errors.New("status: encodedList lacks the multibase base64url prefix \"u\"")
	ErrEncoding        = errors.New("status: list is not unpadded base64url")
	ErrNotGzip         = errors.New("status: encodedList is not GZIP data")
	ErrNotZlib         = errors.New("status: lst is not ZLIB data")
	ErrListTooLarge    = errors.New("status: status list exceeds the size limit")
	ErrEmptyList       = errors.New("status: status list is empty")

	// Lists and indexes.
	ErrBits                  = errors.New("status: bits must be 1, 2, 4 or 8")
	ErrStatusSizeUnsupported = errors.New("status: statusSize not supported")
	ErrListSize              = errors.New("status: invalid list size")
	ErrIndexOutOfRange       = errors.New("status: index out of range of the status list")
	ErrValueTooLarge         = errors.New("status: status value does not fit the bits per entry")

	// Bitstring Status List validation.
	ErrPurposeMismatch = errors.New("status: statusPurpose of the entry is not a purpose of the status list")
	ErrListMismatch    = errors.New("status: status list credential is not the one the entry names")
	ErrListNotValidYet = errors.New("status: status list credential is not valid yet")
	ErrListExpired     = errors.New("status: status list credential has expired")
	ErrNotStatusListVC = errors.New("status: credential is not a BitstringStatusListCredential")
	ErrNoStatusMessage = errors.New("status: no statusMessage for the status value")

	// Status List Tokens.
	ErrMalformedToken      = errors.New("status: malformed status list token")
	ErrTokenSignature      = errors.New("status: status list token signature not verified")
	ErrTokenType           = errors.New("status: token typ is not statuslist+jwt")
	ErrMissingClaim        = errors.New("status: status list token lacks a required claim")
	ErrSubjectMismatch     = errors.New("status: status list token sub is not the referenced uri")
	ErrTokenExpired        = errors.New("status: status list token has expired")
	ErrTokenNotYetValid    = errors.New("status: status list token is not valid yet")
	ErrTokenIssuedInFuture = errors.New("status: status list token issued in the future")
	ErrTTL                 = errors.New("status: ttl must be a positive number within limits")

	// Referenced tokens.
	ErrMalformedStatusClaim = errors.New("status: malformed status claim")
	ErrNoStatusList         = errors.New("status: status claim has no status_list reference")

	// Allocation.
	ErrListFull       = errors.New("status: no free index left in the status list")
	ErrAllocatorState = errors.New("status: invalid allocator state")
	ErrRandom         = errors.New("status: random source failed")
)

// ProcessingError is a failure of a Bitstring Status List algorithm. Code is
// the specification's error code; Err the specific failure. It unwraps to
// both, so errors.Is(err, ErrMalformedValue) and errors.Is(err,
// ErrMultibasePrefix) both hold for a missing multibase prefix.
type ProcessingError struct {
	Code ErrorCode
	Err  error
}

func (e *ProcessingError) Error() string {
	return fmt.Sprintf("%v (%s)", e.Err, e.Code)
}

// Unwrap returns the sentinel of the code and the specific failure.
func (e *ProcessingError) Unwrap() []error {
	return []error{e.Code.sentinel(), e.Err}
}

func (c ErrorCode) sentinel() error {
	switch c {
	case CodeStatusRetrieval:
		return ErrStatusRetrieval
	case CodeStatusVerification:
		return ErrStatusVerification
	case CodeStatusListLength:
		return ErrStatusListLength
	case CodeRange:
		return ErrRange
	}
	return ErrMalformedValue
}

// NewRetrievalError reports that dereferencing statusListCredential failed
// (§3.2 step 4), for the caller that fetches status lists.
func NewRetrievalError(err error) error {
	return &ProcessingError{Code: CodeStatusRetrieval, Err: fmt.Errorf("status: retrieve status list: %w", err)}
}

// perr builds a *ProcessingError whose Err wraps base with detail.
func perr(code ErrorCode, base error, format string, a ...any) error {
	if format == "" {
		return &ProcessingError{Code: code, Err: base}
	}
	return &ProcessingError{Code: code, Err: fmt.Errorf("%w: %s", base, fmt.Sprintf(format, a...))}
}

// malformed is perr with CodeMalformedValue and no specific sentinel.
func malformed(format string, a ...any) error {
	return &ProcessingError{Code: CodeMalformedValue, Err: fmt.Errorf("status: "+format, a...)}
}

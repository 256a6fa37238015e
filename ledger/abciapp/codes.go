package abciapp

import (
	"errors"
	"fmt"

	"github.com/cachet-district/cachet/ledger"
)

// Query result codes. A failed query reports the ledger.Code of the
// transaction sentinel it wraps (ledger.CodeUnknownDID for an unknown DID),
// or one of these for the conditions that are not transaction results. They
// start at 100 so they never meet the ledger's transaction codes. Never
// renumber.
const (
	// CodeNotFound: the thing asked for is not on the ledger
	// (ledger.ErrNotFound).
	CodeNotFound uint32 = 100
	// CodeBadQuery: unknown path or malformed request data
	// (ledger.ErrBadQuery).
	CodeBadQuery uint32 = 101
	// CodeHeightNotKept: a height other than 0 (latest) or the latest one
	// was asked for; only the latest committed state is kept.
	CodeHeightNotKept uint32 = 102
)

// ErrHeightNotKept is the error of CodeHeightNotKept.
var ErrHeightNotKept = errors.New("abciapp: query height not kept, only the latest state is")

// QueryCode returns the ABCI code of a query error: 0 for nil.
func QueryCode(err error) uint32 {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, ErrHeightNotKept):
		return CodeHeightNotKept
	case errors.Is(err, ledger.ErrNotFound):
		return CodeNotFound
	case errors.Is(err, ledger.ErrBadQuery):
		return CodeBadQuery
	}
	return uint32(ledger.CodeOf(err))
}

// QueryError turns the code and log of an ABCI query answer back into an
// error that wraps the matching sentinel (so callers can use errors.Is), or
// nil for code 0.
func QueryError(code uint32, log string) error {
	var sentinel error
	switch code {
	case 0:
		return nil
	case CodeNotFound:
		sentinel = ledger.ErrNotFound
	case CodeBadQuery:
		sentinel = ledger.ErrBadQuery
	case CodeHeightNotKept:
		sentinel = ErrHeightNotKept
	default:
		sentinel = ledger.Code(code).Err()
	}
	if sentinel == nil {
		return fmt.Errorf("abciapp: query failed with unknown code %d: %s", code, log)
	}
	return fmt.Errorf("%w: %s", sentinel, log)
}

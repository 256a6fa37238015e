package ledger

import (
	"errors"
	"fmt"
)

// Code is the result code of a transaction as the ABCI adapter reports it:
// zero is success, every rejection has its own code. Codes are part of the
// ledger's public interface: never renumber or reuse one.
type Code uint32

// The code table. Each rejected transaction gets exactly one code (the first
// check that fails) and a log line naming what was wrong.
const (
	CodeOK                     Code = 0  // accepted
	CodeMalformed              Code = 1  // ErrMalformed: not a well-formed transaction
	CodeTooLarge               Code = 2  // ErrTooLarge: over a limit of limits.go
	CodeWrongChain             Code = 3  // ErrWrongChain: signed for another chain id
	CodeUnknownType            Code = 4  // ErrUnknownType: operation type unknown
	CodeBadSignature           Code = 5  // ErrBadSignature: a signature does not verify
	CodeWrongSigner            Code = 6  // ErrWrongSigner: the key is not authorised for this signer and operation
	CodeReplay                 Code = 7  // ErrReplay: sequence number is not the next one
	CodeUnauthorisedGovernance Code = 8  // ErrUnauthorisedGovernance: fewer than M distinct current members, or a non-member
	CodeUnknownDID             Code = 9  // ErrUnknownDID: the DID is not on the ledger
	CodeDeactivated            Code = 10 // ErrDeactivated: the DID is deactivated
	CodeExists                 Code = 11 // ErrExists: the DID or schema already exists
	CodeInvalidDocument        Code = 12 // ErrInvalidDocument: the DID document breaks a rule
	CodeInvalidOp              Code = 13 // ErrInvalidOp: an operation field breaks a rule
	CodeIssuerNotAuthorised    Code = 14 // ErrIssuerNotAuthorised: the signer holds no current issuer authorisation
	CodeStaleAnchor            Code = 15 // ErrStaleAnchor: status anchor sequence not strictly increasing
	CodeAnchorOwner            Code = 16 // ErrAnchorOwner: the status list URL is anchored by another DID
	CodeNothingToRevoke        Code = 17 // ErrNothingToRevoke: no matching current authorisation or registration
	CodeNoGenesis              Code = 18 // ErrNoGenesis: InitChain has not run
	CodeInternal               Code = 19 // ErrInternal: a panic was recovered while validating
)

// Sentinel errors, one per code. Transaction errors wrap exactly one of them.
var (
	ErrMalformed              = errors.New("ledger: malformed transaction")
	ErrTooLarge               = errors.New("ledger: transaction over a size limit")
	ErrWrongChain             = errors.New("ledger: wrong chain id")
	ErrUnknownType            = errors.New("ledger: unknown operation type")
	ErrBadSignature           = errors.New("ledger: bad signature")
	ErrWrongSigner            = errors.New("ledger: key not authorised for this signer")
	ErrReplay                 = errors.New("ledger: sequence number is not the next one")
	ErrUnauthorisedGovernance = errors.New("ledger: not enough governance signatures")
	ErrUnknownDID             = errors.New("ledger: unknown did")
	ErrDeactivated            = errors.New("ledger: did is deactivated")
	ErrExists                 = errors.New("ledger: already exists")
	ErrInvalidDocument        = errors.New("ledger: invalid did document")
	ErrInvalidOp              = errors.New("ledger: invalid operation")
	ErrIssuerNotAuthorised    = errors.New("ledger: issuer not authorised")
	ErrStaleAnchor            = errors.New("ledger: stale status anchor")
	ErrAnchorOwner            = errors.New("ledger: status list anchored by another did")
	ErrNothingToRevoke        = errors.New("ledger: nothing to revoke")
	ErrNoGenesis              = errors.New("ledger: no genesis")
	ErrInternal               = errors.New("ledger: internal error")
)

// Errors of the state machine's own interface (not transaction results).
var (
	ErrNotFound       = errors.New("ledger: not found")
	ErrBadHeight      = errors.New("ledger: unexpected block height")
	ErrBadBlockTime   = errors.New("ledger: block time goes backwards")
	ErrNoPendingBlock = errors.New("ledger: commit without finalized block")
	ErrBadSnapshot    = errors.New("ledger: invalid snapshot")
	ErrBadGenesis     = errors.New("ledger: invalid genesis")
	ErrBadQuery       = errors.New("ledger: invalid query")
)

// codeTable maps each code to its sentinel, in code order.
var codeTable = [...]struct {
	code Code
	err  error
}{
	{CodeMalformed, ErrMalformed},
	{CodeTooLarge, ErrTooLarge},
	{CodeWrongChain, ErrWrongChain},
	{CodeUnknownType, ErrUnknownType},
	{CodeBadSignature, ErrBadSignature},
	{CodeWrongSigner, ErrWrongSigner},
	{CodeReplay, ErrReplay},
	{CodeUnauthorisedGovernance, ErrUnauthorisedGovernance},
	{CodeUnknownDID, ErrUnknownDID},
	{CodeDeactivated, ErrDeactivated},
	{CodeExists, ErrExists},
	{CodeInvalidDocument, ErrInvalidDocument},
	{CodeInvalidOp, ErrInvalidOp},
	{CodeIssuerNotAuthorised, ErrIssuerNotAuthorised},
	{CodeStaleAnchor, ErrStaleAnchor},
	{CodeAnchorOwner, ErrAnchorOwner},
	{CodeNothingToRevoke, ErrNothingToRevoke},
	{CodeNoGenesis, ErrNoGenesis},
	{CodeInternal, ErrInternal},
}

// CodeOf returns the code of a transaction error: CodeOK for nil, the code of
// the sentinel it wraps, or CodeInternal for anything else.
func CodeOf(err error) Code {
	if err == nil {
		return CodeOK
	}
	for _, e := range codeTable {
		if errors.Is(err, e.err) {
			return e.code
		}
	}
	return CodeInternal
}

// Err returns the sentinel error of a code, or nil for CodeOK and unknown
// codes, so that a client reading a result code can branch with errors.Is.
func (c Code) Err() error {
	for _, e := range codeTable {
		if e.code == c {
			return e.err
		}
	}
	return nil
}

// String names the code.
func (c Code) String() string {
	if c == CodeOK {
		return "ok"
	}
	if err := c.Err(); err != nil {
		return err.Error()
	}
	return fmt.Sprintf("ledger: code %d", uint32(c))
}

// errf wraps a sentinel with a formatted detail.
func errf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
}

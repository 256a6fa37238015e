package strictjson

import (
	"errors"
	"fmt"
)

// Errors. Every failure wraps ErrInvalid; a duplicate name also wraps
// ErrDuplicateName and nesting beyond the limit ErrTooDeep. Callers in other
// packages translate them to their own sentinels at their boundary.
var (
	ErrInvalid       = errors.New("strictjson: invalid json")
	ErrDuplicateName = errors.New("strictjson: duplicate member name")
	ErrTooDeep       = errors.New("strictjson: nested too deeply")
)

// Error locates a failure in the input.
type Error struct {
	Offset int    // byte offset in the input where the failure was found
	Msg    string // what was wrong; for a duplicate the quoted name, for depth the limit
	kind   error  // ErrDuplicateName, ErrTooDeep or nil
}

func (e *Error) Error() string {
	if e.kind != nil {
		return fmt.Sprintf("%v: %s at offset %d", e.kind, e.Msg, e.Offset)
	}
	return fmt.Sprintf("strictjson: %s at offset %d", e.Msg, e.Offset)
}

// Is makes every Error match ErrInvalid, and duplicates and depth failures
// their sentinels too.
func (e *Error) Is(target error) bool { return target == ErrInvalid || target == e.kind }

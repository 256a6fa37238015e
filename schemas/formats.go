package schemas

import (
	"errors"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Custom JSON Schema formats used by the district's schemas. Load registers
// them with format assertion on, so a claim that breaks one fails
// validation (in draft 2020-12 a format is only an annotation unless the
// validator is told to assert it).
const (
	// FormatCitizenID is an 18-character citizen identity number; see
	// ValidCitizenID.
	FormatCitizenID = "cachet-citizen-id"
	// FormatUSCC is a unified social credit code; see
	// ValidUnifiedSocialCreditCode.
	FormatUSCC = "cachet-uscc"
	// FormatDateOrLongTerm is a full-date of RFC 3339 or the string LongTerm.
	FormatDateOrLongTerm = "cachet-date-or-long-term"
	// FormatDate is JSON Schema's own "date" format (RFC 3339 full-date).
	FormatDate = "date"
)

// LongTerm is the value of a validity end that never comes (长期), as on
// the back of an identity card issued to someone over 46, or a business
// licence without a fixed term.
const LongTerm = "long-term"

// errNotDate is returned by the date-or-long-term format.
var errNotDate = errors.New("schemas: not a date (yyyy-mm-dd) or long-term")

// knownFormat reports whether a schema may name format f. Load refuses any
// other: the schema library silently ignores a format it does not know.
func knownFormat(f string) bool {
	switch f {
	case FormatCitizenID, FormatUSCC, FormatDateOrLongTerm, FormatDate:
		return true
	}
	return false
}

// customFormats returns the formats registered with the compiler.
func customFormats() []*jsonschema.Format {
	return []*jsonschema.Format{
		{Name: FormatCitizenID, Validate: stringFormat(ValidCitizenID)},
		{Name: FormatUSCC, Validate: stringFormat(ValidUnifiedSocialCreditCode)},
		{Name: FormatDateOrLongTerm, Validate: stringFormat(validDateOrLongTerm)},
	}
}

// stringFormat adapts a string check to a format: like every JSON Schema
// format it passes values that are not strings (the type keyword rules on
// those).
func stringFormat(check func(string) error) func(any) error {
	return func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		return check(s)
	}
}

func validDateOrLongTerm(s string) error {
	if s == LongTerm {
		return nil
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return errNotDate
	}
	return nil
}

package schemas

// Limits on outside input. Claims reach Validate from clerk forms, API
// bodies and presented credentials; each bound below is checked before the
// value reaches code whose cost grows with it.
const (
	// MaxClaims is the most members the claims object, or any object in it,
	// may have. The largest type declares 15 claims; a form with more than
	// 64 is not a clerk's form, and Validate refuses it before running the
	// schema, which would list every undeclared member.
	MaxClaims = 64

	// MaxClaimItems is the longest array Validate hands to the schema. Every
	// array claim declares maxItems up to MaxSchemaItems, so a longer one is
	// refused at once instead of having each element checked.
	MaxClaimItems = MaxSchemaItems

	// MaxClaimBytes is the longest string Validate hands to the schema: the
	// largest maxLength (MaxSchemaStringLength characters) in at most 4
	// bytes of UTF-8 each.
	MaxClaimBytes = 4 * MaxSchemaStringLength

	// MaxFieldErrors is the most problems a ValidationError lists; the
	// count of the others is in its Omitted.
	MaxFieldErrors = 100

	// MaxClaimDepth is the deepest nesting of objects and arrays Validate
	// walks. The deepest declared claim (test_items[n].conclusion of the food
	// safety report) sits at depth 3.
	MaxClaimDepth = 8

	// MaxNumberLength is the longest number literal (a json.Number) Validate
	// accepts. The schema library evaluates minimum and maximum with
	// math/big, whose cost grows with the literal and its exponent.
	MaxNumberLength = 32

	// MaxNumberExponentDigits is the most digits a number's exponent may
	// have (1e999 is the largest magnitude written this way). A larger
	// exponent makes math/big refuse the number, which the schema library
	// does not expect.
	MaxNumberExponentDigits = 3

	// MaxEchoedNameLength is the most characters of an undeclared member
	// name repeated in a FieldError message, so that a hostile name cannot
	// distort the clerk's screen.
	MaxEchoedNameLength = 64

	// MaxEchoedPathLength is the most characters of a FieldError's Path
	// that ValidationError.Error repeats, so that a log line stays a line.
	MaxEchoedPathLength = 100

	// MaxSchemaStringLength is the largest maxLength a schema may declare for
	// a free-text claim. Load refuses a string claim that has neither an
	// enum, a length-checking format, nor a maxLength up to this bound.
	MaxSchemaStringLength = 4000

	// MaxSchemaItems is the largest maxItems a schema may declare for an
	// array claim. Load refuses an array claim without maxItems.
	MaxSchemaItems = 100
)

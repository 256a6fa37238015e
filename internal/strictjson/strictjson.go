package strictjson

import (
	"unicode/utf8"

	josejson "github.com/go-jose/go-jose/v4/json"
)

// Check reports an error unless data is valid UTF-8 holding exactly one JSON
// value, optionally surrounded by white space, with unique member names in
// every object and nesting at most maxDepth arrays and objects deep.
func Check(data []byte, maxDepth int) error {
	// RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8; decoders
	// would silently replace invalid sequences, changing what was signed.
	// Checked first, so that invalid UTF-8 is reported before any other
	// failure (didmethod tells ErrTooDeep apart).
	if !utf8.Valid(data) {
		return &Error{Msg: "not valid utf-8"}
	}
	r := Reader{data: data, maxDepth: maxDepth, validUTF8: true}
	if err := r.skip(); err != nil {
		return err
	}
	return r.End()
}

// Unmarshal checks data with Check and DefaultMaxDepth, then decodes it into v
// with go-jose's case-sensitive decoder.
func Unmarshal(data []byte, v any) error {
	if err := Check(data, DefaultMaxDepth); err != nil {
		return err
	}
	if err := josejson.Unmarshal(data, v); err != nil {
		return &Error{Msg: err.Error()}
	}
	return nil
}

// Decode reads exactly one JSON value, optionally surrounded by white space,
// into its generic form (see Reader.Value), with the strictness of Check and
// arrays and objects nested at most maxDepth deep. On a document Check
// accepts it returns what encoding/json returns with UseNumber.
func Decode(data []byte, maxDepth int) (any, error) {
	r := Reader{data: data, maxDepth: maxDepth}
	v, err := r.Value()
	if err != nil {
		return nil, err
	}
	if err := r.End(); err != nil {
		return nil, err
	}
	return v, nil
}

// IsNumber reports whether s is exactly one JSON number (RFC 8259 §6), with
// nothing around it.
func IsNumber(s string) bool {
	n := scanNumber(s)
	return n != 0 && n == len(s)
}

package sdjwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// decodeJSON decodes exactly one JSON value (RFC 8259) with Cachet's strict
// reader, internal/strictjson, into the generic form: map[string]any, []any,
// string, encoding/json.Number (exact, as written), bool and nil. It is
// strict where the signed bytes could otherwise mean two things: an object
// with a member name twice is an error (at any depth; STYLE rule 14), so is
// invalid UTF-8 (RFC 8259 §8.1), and arrays and objects may nest at most
// MaxDepth deep (ErrLimit). A lone surrogate escape decodes to U+FFFD, as in
// go-jose, which FuzzJSON holds it to.
func decodeJSON(data []byte) (any, error) {
	v, err := strictjson.Decode(data, MaxDepth)
	if errors.Is(err, strictjson.ErrTooDeep) {
		return nil, fmt.Errorf("%w: json nested deeper than %d", ErrLimit, MaxDepth)
	}
	return v, err
}

// decodeObject decodes a JSON object.
func decodeObject(data []byte) (map[string]any, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("not a json object")
	}
	return m, nil
}

// marshalJSON encodes v without HTML escaping (a Disclosure or payload is
// never embedded in HTML, and escaping only makes it longer). It stays on
// encoding/json: it encodes structs as well as generic values, and the bytes
// it produces are what issuers sign.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

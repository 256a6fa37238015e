package sdjwt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeJSON decodes exactly one JSON value (RFC 8259) into the generic
// form: map[string]any, []any, string, encoding/json.Number (exact, as
// written), bool and nil. It is strict where the signed bytes could
// otherwise mean two things: an object with a member name twice is an error
// (at any depth; STYLE rule 14), so is invalid UTF-8 (RFC 8259 §8.1), and
// arrays and objects may nest at most MaxDepth deep (ErrLimit).
//
// It stands in for go-jose's strict decoder, which the rest of Cachet uses
// for signed JSON: decoding an SD-JWT presentation means decoding a payload,
// every Disclosure and a Key Binding JWT, and go-jose's reflection-based
// decoder (two passes, a map of seen names per object, numbers converted
// afterwards) made that cost as much as the two signature checks themselves.
// FuzzJSON holds this decoder to go-jose's: on valid UTF-8 both accept the
// same documents and produce the same values.
func decodeJSON(data []byte) (any, error) {
	d := decoder{data: data}
	d.ws()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.ws()
	if d.i != len(d.data) {
		return nil, d.fail("data after the json value")
	}
	return v, nil
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

type decoder struct {
	data []byte
	i    int
	buf  []byte // scratch for strings with escapes
}

func (d *decoder) fail(msg string) error {
	return fmt.Errorf("json: %s at offset %d", msg, d.i)
}

func (d *decoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value decodes the value at d.i, inside depth arrays and objects.
func (d *decoder) value(depth int) (any, error) {
	if d.i >= len(d.data) {
		return nil, d.fail("unexpected end of input")
	}
	switch c := d.data[d.i]; c {
	case '{', '[':
		if depth >= MaxDepth {
			return nil, fmt.Errorf("%w: json nested deeper than %d", ErrLimit, MaxDepth)
		}
		if c == '{' {
			return d.object(depth + 1)
		}
		return d.array(depth + 1)
	case '"':
		return d.string()
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	case 'n':
		return nil, d.literal("null")
	}
	return d.number()
}

func (d *decoder) literal(w string) error {
	if !bytes.HasPrefix(d.data[d.i:], []byte(w)) {
		return d.fail("invalid literal")
	}
	d.i += len(w)
	return nil
}

func (d *decoder) object(depth int) (map[string]any, error) {
	d.i++ // '{'
	m := make(map[string]any, 8)
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		return m, nil
	}
	for {
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return nil, d.fail("expected a member name")
		}
		k, err := d.string()
		if err != nil {
			return nil, err
		}
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return nil, d.fail("expected ':'")
		}
		d.i++
		d.ws()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		if _, dup := m[k]; dup {
			return nil, d.fail(fmt.Sprintf("duplicate member name %q", k))
		}
		m[k] = v
		d.ws()
		if d.i >= len(d.data) {
			return nil, d.fail("unterminated object")
		}
		switch d.data[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return m, nil
		default:
			return nil, d.fail("expected ',' or '}'")
		}
	}
}

func (d *decoder) array(depth int) ([]any, error) {
	d.i++ // '['
	a := make([]any, 0, 4)
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		d.i++
		return a, nil
	}
	for {
		d.ws()
		v, err := d.value(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		d.ws()
		if d.i >= len(d.data) {
			return nil, d.fail("unterminated array")
		}
		switch d.data[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return a, nil
		default:
			return nil, d.fail("expected ',' or ']'")
		}
	}
}

// string decodes a string (RFC 8259 §7). Escapes are resolved as
// encoding/json does: a \u escape of an unpaired surrogate becomes U+FFFD.
func (d *decoder) string() (string, error) {
	d.i++ // '"'
	start := d.i
	ascii := true
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			s := d.data[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(s) {
				return "", d.fail("invalid utf-8 in string")
			}
			return string(s), nil
		case c == '\\':
			return d.escaped(start)
		case c < 0x20:
			return "", d.fail("control character in string")
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return "", d.fail("unterminated string")
}

// escaped finishes a string holding a backslash, from its start.
func (d *decoder) escaped(start int) (string, error) {
	b := append(d.buf[:0], d.data[start:d.i]...)
	for d.i < len(d.data) {
		c := d.data[d.i]
		switch {
		case c == '"':
			d.i++
			d.buf = b
			if !utf8.Valid(b) {
				return "", d.fail("invalid utf-8 in string")
			}
			return string(b), nil
		case c < 0x20:
			return "", d.fail("control character in string")
		case c != '\\':
			b = append(b, c)
			d.i++
			continue
		}
		d.i++ // '\\'
		if d.i >= len(d.data) {
			break
		}
		e := d.data[d.i]
		d.i++
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return "", d.fail("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if d.i+1 < len(d.data) && d.data[d.i] == '\\' && d.data[d.i+1] == 'u' {
					save := d.i
					d.i += 2
					if r2, ok = d.hex4(); !ok {
						return "", d.fail("invalid \\u escape")
					}
					if utf16.DecodeRune(r, r2) == utf8.RuneError {
						d.i = save // not a pair: the second escape stands alone
						r2 = -1
					}
				}
				if r2 >= 0 {
					r = utf16.DecodeRune(r, r2)
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", d.fail("invalid escape")
		}
	}
	return "", d.fail("unterminated string")
}

func (d *decoder) hex4() (rune, bool) {
	if d.i+4 > len(d.data) {
		return 0, false
	}
	var r rune
	for _, c := range d.data[d.i : d.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}

// number decodes a number (RFC 8259 §6: -? int frac? exp?) as written.
func (d *decoder) number() (any, error) {
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.data) && '0' <= d.data[d.i] && d.data[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.i < len(d.data) && d.data[d.i] == '-' {
		d.i++
	}
	if d.i < len(d.data) && d.data[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return nil, d.fail("invalid character")
	}
	if d.i < len(d.data) && d.data[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return nil, d.fail("invalid number")
		}
	}
	if d.i < len(d.data) && (d.data[d.i] == 'e' || d.data[d.i] == 'E') {
		d.i++
		if d.i < len(d.data) && (d.data[d.i] == '+' || d.data[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, d.fail("invalid number")
		}
	}
	return json.Number(d.data[start:d.i]), nil
}

// marshalJSON encodes v without HTML escaping (a Disclosure or payload is
// never embedded in HTML, and escaping only makes it longer).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

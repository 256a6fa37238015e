package credential

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds the strict JSON reader and writer used for every document
// this package decodes. Reading walks the bytes once: it checks the RFC 8259
// grammar, rejects duplicate member names at every level (Cachet STYLE rule
// 14; RFC 8259 §4 leaves them undefined), rejects invalid UTF-8 and lone
// surrogate escapes (I-JSON, RFC 7493 §2.1), and enforces MaxDocumentSize and
// MaxDepth. Known credential members are decoded straight into typed fields;
// anything else becomes a generic value: nil, bool, json.Number, string,
// []any or map[string]any.
//
// go-jose's json package also rejects duplicate names, but only for values it
// decodes into maps and structs (not inside json.RawMessage), and it scans
// the input twice through reflection; one typed pass keeps a whole vc+jwt
// check within Cachet's budget of 1.3x a bare signature verification.

// reader is a cursor over a JSON document.
type reader struct {
	data  []byte
	pos   int
	depth int
}

func (r *reader) errf(format string, a ...any) error {
	return fmt.Errorf("%w: %s at byte %d", ErrMalformed, fmt.Sprintf(format, a...), r.pos)
}

func (r *reader) skipWS() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (r *reader) peek() byte {
	r.skipWS()
	if r.pos >= len(r.data) {
		return 0
	}
	return r.data[r.pos]
}

func (r *reader) expect(c byte) error {
	if r.peek() != c {
		return r.errf("expected %q", c)
	}
	r.pos++
	return nil
}

// end checks that only white space follows the document.
func (r *reader) end() error {
	r.skipWS()
	if r.pos != len(r.data) {
		return r.errf("data after the document")
	}
	return nil
}

func (r *reader) enter() error {
	r.depth++
	if r.depth > MaxDepth {
		return fmt.Errorf("%w: more than %d levels", ErrTooDeep, MaxDepth)
	}
	return nil
}

func (r *reader) leave() { r.depth-- }

// object reads an object, calling member for each name with the reader
// positioned at the member's value; member must consume the value and must
// reject a name it has seen before (see dupErr). The name bytes either alias
// the input or are freshly allocated, so they stay valid.
func (r *reader) object(member func(name []byte) error) error {
	if err := r.expect('{'); err != nil {
		return err
	}
	if err := r.enter(); err != nil {
		return err
	}
	defer r.leave()
	if r.peek() == '}' {
		r.pos++
		return nil
	}
	for {
		if r.peek() != '"' {
			return r.errf("expected member name")
		}
		name, err := r.stringBytes()
		if err != nil {
			return err
		}
		if err := r.expect(':'); err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return nil
		default:
			return r.errf("expected ',' or '}'")
		}
	}
}

func dupErr(name []byte) error {
	return fmt.Errorf("%w: %q", ErrDuplicateMember, name)
}

// seenSet records which known members of an object were read, one bit each,
// so a repeated known member is caught without allocating.
type seenSet uint64

func (s *seenSet) once(bit uint, name []byte) error {
	if *s&(1<<bit) != 0 {
		return dupErr(name)
	}
	*s |= 1 << bit
	return nil
}

// array reads an array, calling item for each element with the reader
// positioned at it; item must consume the element.
func (r *reader) array(item func(i int) error) error {
	if err := r.expect('['); err != nil {
		return err
	}
	if err := r.enter(); err != nil {
		return err
	}
	defer r.leave()
	if r.peek() == ']' {
		r.pos++
		return nil
	}
	for i := 0; ; i++ {
		if err := item(i); err != nil {
			return err
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return nil
		default:
			return r.errf("expected ',' or ']'")
		}
	}
}

// extension reads the value of an unknown member into ext, rejecting a
// repeated name.
func (r *reader) extension(ext *map[string]any, name []byte) error {
	if *ext == nil {
		*ext = map[string]any{}
	} else if _, ok := (*ext)[string(name)]; ok {
		return dupErr(name)
	}
	v, err := r.value()
	(*ext)[string(name)] = v
	return err
}

// value reads any JSON value into its generic form.
func (r *reader) value() (any, error) {
	switch c := r.peek(); c {
	case '{':
		m := map[string]any{}
		err := r.object(func(name []byte) error {
			if _, ok := m[string(name)]; ok {
				return dupErr(name)
			}
			v, err := r.value()
			m[string(name)] = v
			return err
		})
		return m, err
	case '[':
		a := []any{}
		err := r.array(func(int) error {
			v, err := r.value()
			a = append(a, v)
			return err
		})
		return a, err
	case '"':
		return r.string()
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case 'n':
		return nil, r.literal("null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return r.number()
		}
		if c == 0 {
			return nil, r.errf("unexpected end")
		}
		return nil, r.errf("unexpected %q", c)
	}
}

func (r *reader) literal(lit string) error {
	if len(r.data)-r.pos < len(lit) || string(r.data[r.pos:r.pos+len(lit)]) != lit {
		return r.errf("invalid literal")
	}
	r.pos += len(lit)
	return nil
}

// number reads a number (RFC 8259 §6) and returns it unchanged.
func (r *reader) number() (json.Number, error) {
	start := r.pos
	n := scanNumber(r.data[r.pos:])
	if n == 0 {
		return "", r.errf("invalid number")
	}
	r.pos += n
	return json.Number(r.data[start:r.pos]), nil
}

// scanNumber returns the length of the number at the start of b, or 0.
func scanNumber(b []byte) int {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return 0
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return 0
		}
	}
	return i
}

// string reads a string value.
func (r *reader) string() (string, error) {
	b, err := r.stringBytes()
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// stringBytes reads a string and returns its unescaped bytes. Without
// escapes the result aliases the input; otherwise it is a new slice.
func (r *reader) stringBytes() ([]byte, error) {
	if r.peek() != '"' {
		return nil, r.errf("expected string")
	}
	r.pos++
	start := r.pos
	d := r.data
	// Fast path: no escapes.
	for r.pos < len(d) {
		c := d[r.pos]
		switch {
		case c == '"':
			s := d[start:r.pos]
			r.pos++
			return s, nil
		case c == '\\':
			return r.stringSlow(start)
		case c < 0x20:
			return nil, r.errf("control character in string")
		case c < utf8.RuneSelf:
			r.pos++
		default:
			ru, size := utf8.DecodeRune(d[r.pos:])
			if ru == utf8.RuneError && size <= 1 {
				return nil, r.errf("invalid UTF-8")
			}
			r.pos += size
		}
	}
	return nil, r.errf("unterminated string")
}

func (r *reader) stringSlow(start int) ([]byte, error) {
	d := r.data
	out := make([]byte, 0, r.pos-start+16)
	out = append(out, d[start:r.pos]...)
	for r.pos < len(d) {
		c := d[r.pos]
		switch {
		case c == '"':
			r.pos++
			return out, nil
		case c == '\\':
			if r.pos+1 >= len(d) {
				return nil, r.errf("unterminated escape")
			}
			e := d[r.pos+1]
			r.pos += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				ru, ok := r.hex4()
				if !ok {
					return nil, r.errf("invalid \\u escape")
				}
				if utf16.IsSurrogate(ru) {
					// A high surrogate must be followed by an escaped low one.
					if ru >= 0xdc00 || r.pos+1 >= len(d) || d[r.pos] != '\\' || d[r.pos+1] != 'u' {
						return nil, r.errf("lone surrogate")
					}
					r.pos += 2
					lo, ok := r.hex4()
					if !ok {
						return nil, r.errf("invalid \\u escape")
					}
					ru = utf16.DecodeRune(ru, lo)
					if ru == utf8.RuneError {
						return nil, r.errf("lone surrogate")
					}
				}
				out = utf8.AppendRune(out, ru)
			default:
				return nil, r.errf("invalid escape")
			}
		case c < 0x20:
			return nil, r.errf("control character in string")
		case c < utf8.RuneSelf:
			out = append(out, c)
			r.pos++
		default:
			ru, size := utf8.DecodeRune(d[r.pos:])
			if ru == utf8.RuneError && size <= 1 {
				return nil, r.errf("invalid UTF-8")
			}
			out = append(out, d[r.pos:r.pos+size]...)
			r.pos += size
		}
	}
	return nil, r.errf("unterminated string")
}

func (r *reader) hex4() (rune, bool) {
	if len(r.data)-r.pos < 4 {
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.pos : r.pos+4] {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			v |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			v |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	r.pos += 4
	return v, true
}

// kind names the JSON kind of the next value, for error messages.
func (r *reader) kind() string {
	switch c := r.peek(); c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// decodeDocument runs decode over data after the size check, and checks
// nothing but white space follows.
func decodeDocument(data []byte, decode func(r *reader) error) error {
	if len(data) > MaxDocumentSize {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), MaxDocumentSize)
	}
	r := &reader{data: data}
	if r.peek() != '{' {
		return r.errf("document is not a JSON object")
	}
	if err := decode(r); err != nil {
		return err
	}
	return r.end()
}

// ParseValue decodes a JSON document into its generic form (nil, bool,
// json.Number, string, []any, map[string]any) with the same strictness as
// ParseCredential: duplicate names, invalid UTF-8, lone surrogates and
// documents over the limits are rejected.
func ParseValue(data []byte) (any, error) {
	if len(data) > MaxDocumentSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), MaxDocumentSize)
	}
	r := &reader{data: data}
	v, err := r.value()
	if err != nil {
		return nil, err
	}
	return v, r.end()
}

// --- writing ---

// writer appends JSON to a buffer. Object members of generic maps are
// written in sorted order, so the output is deterministic.
type writer struct {
	buf []byte
	err error
}

func (w *writer) raw(s string) { w.buf = append(w.buf, s...) }

func (w *writer) str(s string) {
	if w.err == nil && !utf8.ValidString(s) {
		w.err = fmt.Errorf("credential: string is not valid UTF-8")
	}
	w.buf = appendString(w.buf, s)
}

// appendString appends s as a JSON string, escaping only what RFC 8259 §7
// requires.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// value writes a generic value.
func (w *writer) value(v any) {
	if w.err != nil {
		return
	}
	switch v := v.(type) {
	case nil:
		w.raw("null")
	case bool:
		if v {
			w.raw("true")
		} else {
			w.raw("false")
		}
	case string:
		w.str(v)
	case json.Number:
		if n := scanNumber([]byte(v)); n == 0 || n != len(v) {
			w.err = fmt.Errorf("credential: invalid number %q", string(v))
			return
		}
		w.raw(string(v))
	case int:
		w.buf = strconv.AppendInt(w.buf, int64(v), 10)
	case int64:
		w.buf = strconv.AppendInt(w.buf, v, 10)
	case uint64:
		w.buf = strconv.AppendUint(w.buf, v, 10)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			w.err = fmt.Errorf("credential: number %v has no JSON form", v)
			return
		}
		w.buf = strconv.AppendFloat(w.buf, v, 'g', -1, 64)
	case []any:
		w.raw("[")
		for i, e := range v {
			if i > 0 {
				w.raw(",")
			}
			w.value(e)
		}
		w.raw("]")
	case []string:
		w.raw("[")
		for i, e := range v {
			if i > 0 {
				w.raw(",")
			}
			w.str(e)
		}
		w.raw("]")
	case map[string]any:
		w.raw("{")
		for i, k := range sortedKeys(v) {
			if i > 0 {
				w.raw(",")
			}
			w.str(k)
			w.raw(":")
			w.value(v[k])
		}
		w.raw("}")
	default:
		w.err = fmt.Errorf("credential: cannot encode %T", v)
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// members writes the extension members of an object being written, after
// the known ones; first reports whether nothing has been written yet.
func (w *writer) members(ext map[string]any, first bool) {
	for _, k := range sortedKeys(ext) {
		if !first {
			w.raw(",")
		}
		first = false
		w.str(k)
		w.raw(":")
		w.value(ext[k])
	}
}

// MarshalValue encodes a generic value (as ParseValue returns, or with Go
// ints and float64s) with sorted object members.
func MarshalValue(v any) ([]byte, error) {
	w := &writer{}
	w.value(v)
	return w.buf, w.err
}

package strictjson

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of a JSON value (RFC 8259 §3), told by its first byte.
type Kind uint8

// The kinds of JSON values. Invalid stands for the end of the input or a
// byte no value starts with.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

// String names the kind as error messages do: "object", "boolean", ...
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// Reader is a cursor over one JSON document. Its methods read the next
// value and return an *Error (wrapping ErrInvalid) for anything RFC 8259
// does not allow, for invalid UTF-8 in a string (§8.1), for nesting deeper
// than the limit (ErrTooDeep) and for a member name repeated in an object
// (ErrDuplicateName). White space before a value is skipped. After an error
// the Reader's position is unspecified: stop reading.
//
// A \u escape of a UTF-16 surrogate that is not half of a pair decodes to
// U+FFFD, as encoding/json and go-jose do, unless RejectLoneSurrogates was
// called.
type Reader struct {
	data       []byte
	pos        int
	depth      int
	maxDepth   int
	rejectLone bool
	validUTF8  bool   // data is known to be valid UTF-8 (Check tested it)
	buf        []byte // scratch for strings with escapes
}

// NewReader returns a Reader at the start of data that allows arrays and
// objects to nest at most maxDepth deep.
func NewReader(data []byte, maxDepth int) *Reader {
	return &Reader{data: data, maxDepth: maxDepth}
}

// Reset makes r read data from the start, as a Reader from NewReader, so that
// a Reader can live inside another value.
func (r *Reader) Reset(data []byte, maxDepth int) {
	*r = Reader{data: data, maxDepth: maxDepth, buf: r.buf[:0]}
}

// RejectLoneSurrogates makes r refuse a \u escape of an unpaired UTF-16
// surrogate, as I-JSON requires (RFC 7493 §2.1), instead of decoding it to
// U+FFFD.
func (r *Reader) RejectLoneSurrogates() { r.rejectLone = true }

func (r *Reader) fail(at int, msg string) error { return &Error{Offset: at, Msg: msg} }

func (r *Reader) ws() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// Peek skips white space and returns the next byte, or 0 at the end.
func (r *Reader) Peek() byte {
	r.ws()
	if r.pos >= len(r.data) {
		return 0
	}
	return r.data[r.pos]
}

// Kind skips white space and returns the kind of the next value, judged by
// its first byte only.
func (r *Reader) Kind() Kind {
	switch c := r.Peek(); {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	case c == '-' || (c >= '0' && c <= '9'):
		return Number
	}
	return Invalid
}

// End reports an error unless only white space is left.
func (r *Reader) End() error {
	r.ws()
	if r.pos != len(r.data) {
		return r.fail(r.pos, "data after the json value")
	}
	return nil
}

// unexpected reports what is at the position instead of a value of kind
// want.
func (r *Reader) unexpected(want string) error {
	if r.Peek(); r.pos >= len(r.data) {
		return r.fail(r.pos, "unexpected end of input, expected "+want)
	}
	return r.fail(r.pos, fmt.Sprintf("unexpected %q, expected %s", r.data[r.pos], want))
}

// open consumes the bracket at r.pos, one level deeper.
func (r *Reader) open() error {
	if r.depth >= r.maxDepth {
		return &Error{Offset: r.pos, Msg: fmt.Sprintf("more than %d levels", r.maxDepth), kind: ErrTooDeep}
	}
	r.depth++
	r.pos++
	return nil
}

// empty consumes close if it follows the opening bracket at once.
func (r *Reader) empty(close byte) bool {
	if r.Peek() == close {
		r.pos++
		r.depth--
		return true
	}
	return false
}

// more follows a member or element: it consumes a comma and reports true,
// or the closing bracket and reports false.
func (r *Reader) more(close byte) (bool, error) {
	r.ws()
	if r.pos >= len(r.data) {
		return false, r.fail(r.pos, "unexpected end of input")
	}
	switch r.data[r.pos] {
	case ',':
		r.pos++
		return true, nil
	case close:
		r.pos++
		r.depth--
		return false, nil
	}
	return false, r.fail(r.pos, "expected ',' or '"+string(close)+"'")
}

// name reads a member name and the colon after it; at is the offset of its
// opening quote. The name aliases the input unless it holds escapes; then
// it is decoded into a new slice if keep, else into the scratch buffer.
func (r *Reader) name(keep bool) (name []byte, at int, err error) {
	if r.Peek() != '"' {
		return nil, r.pos, r.fail(r.pos, "expected a member name")
	}
	at = r.pos
	if name, err = r.str(keep); err != nil {
		return nil, at, err
	}
	if r.Peek() != ':' {
		return nil, at, r.fail(r.pos, "expected ':'")
	}
	r.pos++
	return name, at, nil
}

func duplicate(at int, name []byte) error {
	return &Error{Offset: at, Msg: strconv.Quote(string(name)), kind: ErrDuplicateName}
}

// smallObject is the member count up to which Object compares names
// pairwise; larger objects use a map.
const smallObject = 16

// Object reads an object, calling member for each name with the reader
// positioned at the member's value, which member must consume (with
// Object, Array, Value, String or Number). A name repeated in the object is
// an error before member is called for it; the name slice aliases the input
// or is newly allocated, and stays valid.
func (r *Reader) Object(member func(name []byte) error) error {
	if r.Peek() != '{' {
		return r.unexpected("an object")
	}
	return r.object(member)
}

// object is Object at the opening brace.
func (r *Reader) object(member func(name []byte) error) error {
	if err := r.open(); err != nil {
		return err
	}
	if r.empty('}') {
		return nil
	}
	var small [smallObject][]byte
	n := 0
	var seen map[string]struct{}
	for {
		name, at, err := r.name(true)
		if err != nil {
			return err
		}
		if seen == nil && n < smallObject {
			for _, prev := range small[:n] {
				if string(prev) == string(name) {
					return duplicate(at, name)
				}
			}
			small[n] = name
			n++
		} else {
			if seen == nil {
				seen = make(map[string]struct{}, 2*smallObject)
				for _, prev := range small[:n] {
					seen[string(prev)] = struct{}{}
				}
			}
			if _, dup := seen[string(name)]; dup {
				return duplicate(at, name)
			}
			seen[string(name)] = struct{}{}
		}
		if err := member(name); err != nil {
			return err
		}
		if more, err := r.more('}'); !more {
			return err
		}
	}
}

// Array reads an array, calling item for each element (i counts from 0)
// with the reader positioned at it; item must consume the element.
func (r *Reader) Array(item func(i int) error) error {
	if r.Peek() != '[' {
		return r.unexpected("an array")
	}
	return r.array(item)
}

// array is Array at the opening bracket.
func (r *Reader) array(item func(i int) error) error {
	if err := r.open(); err != nil {
		return err
	}
	if r.empty(']') {
		return nil
	}
	for i := 0; ; i++ {
		if err := item(i); err != nil {
			return err
		}
		if more, err := r.more(']'); !more {
			return err
		}
	}
}

// Value reads any value into its generic form: map[string]any, []any,
// string, json.Number (exactly as written), bool or nil.
func (r *Reader) Value() (any, error) {
	switch r.Peek() {
	case '{':
		m, err := r.objectValue()
		if err != nil {
			return nil, err
		}
		return m, nil
	case '[':
		a, err := r.arrayValue()
		if err != nil {
			return nil, err
		}
		return a, nil
	case '"':
		b, err := r.str(false)
		if err != nil {
			return nil, err
		}
		return string(b), nil
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	case 'n':
		return nil, r.literal("null")
	}
	return r.Number()
}

// objectValue is Object for Value, at the opening brace: the map itself
// catches a repeated name.
func (r *Reader) objectValue() (map[string]any, error) {
	if err := r.open(); err != nil {
		return nil, err
	}
	m := make(map[string]any, 8)
	if r.empty('}') {
		return m, nil
	}
	for {
		name, at, err := r.name(false)
		if err != nil {
			return nil, err
		}
		k := string(name)
		if _, dup := m[k]; dup {
			return nil, duplicate(at, name)
		}
		v, err := r.Value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		if more, err := r.more('}'); !more {
			if err != nil {
				return nil, err
			}
			return m, nil
		}
	}
}

// arrayValue is Array for Value, at the opening bracket.
func (r *Reader) arrayValue() ([]any, error) {
	if err := r.open(); err != nil {
		return nil, err
	}
	a := make([]any, 0, 4)
	if r.empty(']') {
		return a, nil
	}
	for {
		v, err := r.Value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		if more, err := r.more(']'); !more {
			if err != nil {
				return nil, err
			}
			return a, nil
		}
	}
}

// skip reads any value without decoding it.
func (r *Reader) skip() error {
	switch r.Peek() {
	case '{':
		return r.object(func([]byte) error { return r.skip() })
	case '[':
		return r.array(func(int) error { return r.skip() })
	case '"':
		_, err := r.str(false)
		return err
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	}
	_, err := r.number()
	return err
}

func (r *Reader) literal(lit string) error {
	if len(r.data)-r.pos < len(lit) || string(r.data[r.pos:r.pos+len(lit)]) != lit {
		return r.fail(r.pos, "invalid literal")
	}
	r.pos += len(lit)
	return nil
}

// Number reads a number (RFC 8259 §6) and returns it as written.
func (r *Reader) Number() (json.Number, error) {
	n, err := r.number()
	if err != nil {
		return "", err
	}
	return json.Number(n), nil
}

func (r *Reader) number() ([]byte, error) {
	c := r.Peek()
	if c != '-' && (c < '0' || c > '9') {
		return nil, r.unexpected("a value")
	}
	n := scanNumber(r.data[r.pos:])
	if n == 0 {
		return nil, r.fail(r.pos, "invalid number")
	}
	r.pos += n
	return r.data[r.pos-n : r.pos], nil
}

// scanNumber returns the length of the number (RFC 8259 §6: -? int frac?
// exp?, int = 0 / [1-9][0-9]*) at the start of b, or 0 if none starts there.
func scanNumber[T ~string | ~[]byte](b T) int {
	i := 0
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return 0
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return 0
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return 0
		}
		i = j
	}
	return i
}

// digits returns the index of the first byte at or after i in b that is not
// a decimal digit.
func digits[T ~string | ~[]byte](b T, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// String reads a string (RFC 8259 §7) with its escapes resolved.
func (r *Reader) String() (string, error) {
	if r.Peek() != '"' {
		return "", r.unexpected("a string")
	}
	b, err := r.str(false)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// str reads the string whose opening quote is at r.pos and returns its
// contents. Without escapes they alias the input; with escapes they are
// decoded into a new slice if keep, else into the scratch buffer (valid
// until the next string is read).
func (r *Reader) str(keep bool) ([]byte, error) {
	d := r.data
	start := r.pos + 1
	ascii := true
	for i := start; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			s := d[start:i]
			// §8.1: JSON text MUST be UTF-8; a decoder replacing invalid
			// bytes would change what was signed.
			if !ascii && !r.validUTF8 && !utf8.Valid(s) {
				return nil, r.fail(start-1, "invalid utf-8 in string")
			}
			r.pos = i + 1
			return s, nil
		case c == '\\':
			var out []byte
			if keep {
				out = make([]byte, 0, i-start+16)
			} else {
				out = r.buf[:0]
			}
			r.pos = i
			out, err := r.unescape(append(out, d[start:i]...), start, ascii)
			if !keep {
				r.buf = out
			}
			return out, err
		case c < 0x20:
			return nil, r.fail(i, "control character in string")
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, r.fail(len(d), "unterminated string")
}

// unescape finishes a string from its first backslash at r.pos, appending
// the decoded contents to out. Escape sequences always append valid UTF-8,
// so checking out at the end checks the raw bytes between them.
func (r *Reader) unescape(out []byte, start int, ascii bool) ([]byte, error) {
	d := r.data
	for r.pos < len(d) {
		c := d[r.pos]
		switch {
		case c == '"':
			if !ascii && !r.validUTF8 && !utf8.Valid(out) {
				return out, r.fail(start-1, "invalid utf-8 in string")
			}
			r.pos++
			return out, nil
		case c < 0x20:
			return out, r.fail(r.pos, "control character in string")
		case c != '\\':
			if c >= utf8.RuneSelf {
				ascii = false
			}
			out = append(out, c)
			r.pos++
			continue
		}
		if r.pos+1 >= len(d) {
			break
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
				return out, r.fail(r.pos, "invalid \\u escape")
			}
			if utf16.IsSurrogate(ru) {
				var err error
				if ru, err = r.surrogate(ru); err != nil {
					return out, err
				}
			}
			out = utf8.AppendRune(out, ru)
		default:
			return out, r.fail(r.pos-2, "invalid escape")
		}
	}
	return out, r.fail(r.pos, "unterminated string")
}

// surrogate joins the surrogate escape just read with the \u escape after
// it if the two make a pair (RFC 8259 §7). Otherwise the first stands
// alone: U+FFFD, or an error under RejectLoneSurrogates.
func (r *Reader) surrogate(first rune) (rune, error) {
	d := r.data
	if r.pos+1 < len(d) && d[r.pos] == '\\' && d[r.pos+1] == 'u' {
		at := r.pos
		r.pos += 2
		second, ok := r.hex4()
		if !ok {
			return 0, r.fail(r.pos, "invalid \\u escape")
		}
		if ru := utf16.DecodeRune(first, second); ru != utf8.RuneError {
			return ru, nil
		}
		r.pos = at // not a pair: the second escape is read on its own
	}
	if r.rejectLone {
		return 0, r.fail(r.pos-6, "lone surrogate escape")
	}
	return utf8.RuneError, nil
}

func (r *Reader) hex4() (rune, bool) {
	if len(r.data)-r.pos < 4 {
		return 0, false
	}
	var v rune
	for _, c := range r.data[r.pos : r.pos+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	r.pos += 4
	return v, true
}

package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	josejson "github.com/go-jose/go-jose/v4/json"
)

// DefaultMaxDepth is the nesting limit Unmarshal applies: far deeper than any
// credential, shallow enough that no input can exhaust the stack.
const DefaultMaxDepth = 64

// Errors. Every failure wraps ErrInvalid; a duplicate name also wraps
// ErrDuplicateName.
var (
	ErrInvalid       = errors.New("strictjson: invalid json")
	ErrDuplicateName = errors.New("strictjson: duplicate member name")
	ErrTooDeep       = errors.New("strictjson: nested too deeply")
)

// Error locates a failure in the input.
type Error struct {
	Offset int
	Msg    string
	kind   error
}

func (e *Error) Error() string { return fmt.Sprintf("strictjson: %s at offset %d", e.Msg, e.Offset) }

// Is makes every Error match ErrInvalid, and duplicates and depth failures
// their sentinels too.
func (e *Error) Is(target error) bool { return target == ErrInvalid || target == e.kind }

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

// Check reports an error unless data is valid UTF-8 holding exactly one JSON value, optionally
// surrounded by white space, with unique member names in every object and
// nesting at most maxDepth arrays and objects deep.
func Check(data []byte, maxDepth int) error {
	// RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8; decoders
	// would silently replace invalid sequences, changing what was signed.
	if !utf8.Valid(data) {
		return &Error{Msg: "not valid utf-8"}
	}
	s := scanner{data: data, maxDepth: maxDepth}
	s.ws()
	if err := s.value(0); err != nil {
		return err
	}
	s.ws()
	if s.i != len(s.data) {
		return s.fail("data after the top-level value", nil)
	}
	return nil
}

type scanner struct {
	data     []byte
	i        int
	maxDepth int
}

func (s *scanner) fail(msg string, kind error) error {
	return &Error{Offset: s.i, Msg: msg, kind: kind}
}

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) value(depth int) error {
	if s.i >= len(s.data) {
		return s.fail("unexpected end of input", nil)
	}
	switch c := s.data[s.i]; {
	case c == '{':
		return s.object(depth + 1)
	case c == '[':
		return s.array(depth + 1)
	case c == '"':
		_, err := s.str()
		return err
	case c == 't':
		return s.lit("true")
	case c == 'f':
		return s.lit("false")
	case c == 'n':
		return s.lit("null")
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	}
	return s.fail("unexpected character", nil)
}

func (s *scanner) lit(w string) error {
	if !bytes.HasPrefix(s.data[s.i:], []byte(w)) {
		return s.fail("invalid literal", nil)
	}
	s.i += len(w)
	return nil
}

// number follows RFC 8259 §6: -? int frac? exp?, int = 0 / [1-9][0-9]*.
func (s *scanner) number() error {
	start := s.i
	if s.data[s.i] == '-' {
		s.i++
	}
	digits := func() int {
		n := 0
		for s.i < len(s.data) && s.data[s.i] >= '0' && s.data[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.i < len(s.data) && s.data[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		return s.fail("invalid number", nil)
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return s.fail("invalid number", nil)
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.i++
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return s.fail("invalid number", nil)
		}
	}
	if s.i == start {
		return s.fail("invalid number", nil)
	}
	return nil
}

// str scans a string (RFC 8259 §7) and returns its raw contents between the
// quotes; escaped reports whether it holds a backslash.
func (s *scanner) str() (raw []byte, err error) {
	s.i++ // opening quote
	start := s.i
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			raw = s.data[start:s.i]
			s.i++
			return raw, nil
		case c == '\\':
			s.i++
			if s.i >= len(s.data) {
				return nil, s.fail("unterminated string", nil)
			}
			switch s.data[s.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i++
			case 'u':
				if s.i+4 >= len(s.data) || !isHex(s.data[s.i+1]) || !isHex(s.data[s.i+2]) || !isHex(s.data[s.i+3]) || !isHex(s.data[s.i+4]) {
					return nil, s.fail("invalid \\u escape", nil)
				}
				s.i += 5
			default:
				return nil, s.fail("invalid escape", nil)
			}
		case c < 0x20:
			return nil, s.fail("control character in string", nil)
		default:
			s.i++
		}
	}
	return nil, s.fail("unterminated string", nil)
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *scanner) array(depth int) error {
	if depth > s.maxDepth {
		return s.fail("nested too deeply", ErrTooDeep)
	}
	s.i++ // [
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		s.ws()
		if err := s.value(depth); err != nil {
			return err
		}
		s.ws()
		if s.i >= len(s.data) {
			return s.fail("unterminated array", nil)
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or ']'", nil)
		}
	}
}

// smallObject is the member count up to which names are compared pairwise;
// larger objects use a map.
const smallObject = 16

func (s *scanner) object(depth int) error {
	if depth > s.maxDepth {
		return s.fail("nested too deeply", ErrTooDeep)
	}
	s.i++ // {
	s.ws()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		return nil
	}
	var small [smallObject][]byte
	n := 0
	var seen map[string]struct{}
	for {
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			return s.fail("expected a member name", nil)
		}
		at := s.i
		raw, err := s.str()
		if err != nil {
			return err
		}
		name := raw
		if bytes.IndexByte(raw, '\\') >= 0 {
			// Compare names by their meaning: "a" and "\u0061" are the same
			// name (RFC 8259 §8.3).
			var u string
			if err := json.Unmarshal(s.data[at:s.i], &u); err != nil {
				s.i = at
				return s.fail("invalid member name", nil)
			}
			name = []byte(u)
		}
		if seen == nil && n < smallObject {
			for _, prev := range small[:n] {
				if bytes.Equal(prev, name) {
					s.i = at
					return s.fail(fmt.Sprintf("duplicate member name %q", name), ErrDuplicateName)
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
				s.i = at
				return s.fail(fmt.Sprintf("duplicate member name %q", name), ErrDuplicateName)
			}
			seen[string(name)] = struct{}{}
		}
		s.ws()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return s.fail("expected ':'", nil)
		}
		s.i++
		s.ws()
		if err := s.value(depth); err != nil {
			return err
		}
		s.ws()
		if s.i >= len(s.data) {
			return s.fail("unterminated object", nil)
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			return nil
		default:
			return s.fail("expected ',' or '}'", nil)
		}
	}
}

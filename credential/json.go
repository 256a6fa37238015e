package credential

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/cachet-district/cachet/internal/strictjson"
)

// Every document this package decodes is read in one pass by
// internal/strictjson's Reader: the RFC 8259 grammar, duplicate member names
// rejected at every level (Cachet STYLE rule 14; RFC 8259 §4 leaves them
// undefined), invalid UTF-8 and lone surrogate escapes rejected (I-JSON, RFC
// 7493 §2.1), nesting bounded by MaxDepth; this package adds MaxDocumentSize.
// Known credential members are decoded straight into typed fields
// (credential.go); anything else becomes a generic value: nil, bool,
// json.Number, string, []any or map[string]any. This file holds what is
// particular to this package: its error identities, extension members and
// the writer.
//
// go-jose's json package also rejects duplicate names, but only for values it
// decodes into maps and structs (not inside json.RawMessage), and it scans
// the input twice through reflection; one typed pass keeps a whole vc+jwt
// check within Cachet's budget of 1.3x a bare signature verification.

// reader is the strict reader with the typed decoders of credential.go.
type reader struct{ strictjson.Reader }

func newReader(data []byte) *reader {
	r := &reader{}
	r.Reset(data, MaxDepth)
	r.RejectLoneSurrogates()
	return r
}

// kind names the JSON kind of the next value, for error messages.
func (r *reader) kind() string { return r.Kind().String() }

// extension reads the value of an unknown member into ext (the reader has
// already rejected a repeated name).
func (r *reader) extension(ext *map[string]any, name []byte) error {
	if *ext == nil {
		*ext = map[string]any{}
	}
	v, err := r.Value()
	(*ext)[string(name)] = v
	return err
}

// readErr gives a failure of the JSON reader this package's identity:
// ErrDuplicateMember, ErrTooDeep or ErrMalformed. Errors of the typed
// decoders (rule errors) pass unchanged.
func readErr(err error) error {
	if err == nil {
		return nil
	}
	var je *strictjson.Error
	switch {
	case !errors.As(err, &je):
		return err
	case errors.Is(je, strictjson.ErrDuplicateName):
		return fmt.Errorf("%w: %s", ErrDuplicateMember, je.Msg)
	case errors.Is(je, strictjson.ErrTooDeep):
		return fmt.Errorf("%w: more than %d levels", ErrTooDeep, MaxDepth)
	}
	return fmt.Errorf("%w: %s at byte %d", ErrMalformed, je.Msg, je.Offset)
}

func checkSize(data []byte) error {
	if len(data) > MaxDocumentSize {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(data), MaxDocumentSize)
	}
	return nil
}

// decodeDocument runs decode over data after the size check, and checks
// nothing but white space follows.
func decodeDocument(data []byte, decode func(r *reader) error) error {
	if err := checkSize(data); err != nil {
		return err
	}
	r := newReader(data)
	if r.Peek() != '{' {
		return fmt.Errorf("%w: document is not a JSON object", ErrMalformed)
	}
	if err := decode(r); err != nil {
		return readErr(err)
	}
	return readErr(r.End())
}

// ParseValue decodes a JSON document into its generic form (nil, bool,
// json.Number, string, []any, map[string]any) with the same strictness as
// ParseCredential: duplicate names, invalid UTF-8, lone surrogates and
// documents over the limits are rejected.
func ParseValue(data []byte) (any, error) {
	if err := checkSize(data); err != nil {
		return nil, err
	}
	r := newReader(data)
	v, err := r.Value()
	if err == nil {
		err = r.End()
	}
	if err != nil {
		return nil, readErr(err)
	}
	return v, nil
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
		if !strictjson.IsNumber(string(v)) {
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

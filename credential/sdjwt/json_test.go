package sdjwt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	josejson "github.com/go-jose/go-jose/v4/json"
)

func TestDecodeJSON(t *testing.T) {
	ok := map[string]any{
		`{}`:                         map[string]any{},
		` [1, "a", true, null] `:     []any{json.Number("1"), "a", true, nil},
		`{"a":{"b":[-0.5e+10]}}`:     map[string]any{"a": map[string]any{"b": []any{json.Number("-0.5e+10")}}},
		`"\u00e9\n\ud83d\ude00\/"`:   "é\n😀/",
		`"\ud800x"`:                  "\uFFFDx",
		`"\ud800\u0041"`:             "\uFFFDA",
		`"Möbius"`:                   "Möbius",
		`12345678901234567890123456`: json.Number("12345678901234567890123456"),
		`{"a":1,"A":2}`:              map[string]any{"a": json.Number("1"), "A": json.Number("2")},
	}
	for in, want := range ok {
		got, err := decodeJSON([]byte(in))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %#v, %v", in, got, err)
		}
	}
	bad := []string{``, ` `, `{"a":1,"a":2}`, `[{"b":1,"b":2}]`, `{"a":1,"\u0061":2}`, `{} {}`, `{"a":1,}`, `[1,]`,
		`01`, `-`, `1.`, `1e`, `+1`, `NaN`, `tru`, `{'a':1}`, "\"a\x01\"", `"\x"`, `"\u12"`, `"abc`, `{"a"}`, `{"a":}`,
		"\"\xff\"", "\"\\n\xff\"", `[`, `{`, `{"a":1`, strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)}
	for _, in := range bad {
		if v, err := decodeJSON([]byte(in)); err == nil {
			t.Errorf("%q accepted: %#v", in, v)
		}
	}
	if _, err := decodeJSON([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth))); err != nil {
		t.Errorf("depth %d refused: %v", MaxDepth, err)
	}
	if _, err := decodeJSON([]byte(strings.Repeat("[", 100000))); !errors.Is(err, ErrLimit) {
		t.Errorf("deep input: %v", err)
	}
}

// joseDecode is go-jose's strict decoder, which decodeJSON stands in for.
func joseDecode(data []byte) (any, error) {
	r := bytes.NewReader(data)
	d := josejson.NewDecoder(r)
	d.SetNumberType(josejson.UnmarshalJSONNumber)
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	rest, _ := io.ReadAll(io.MultiReader(d.Buffered(), r))
	if len(bytes.TrimLeft(rest, " \t\r\n")) != 0 {
		return nil, errors.New("trailing data")
	}
	return joseNumbers(v), nil
}

func joseNumbers(v any) any {
	switch t := v.(type) {
	case josejson.Number:
		return json.Number(t)
	case map[string]any:
		for k, e := range t {
			t[k] = joseNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = joseNumbers(e)
		}
	}
	return v
}

// FuzzJSON holds decodeJSON to go-jose's strict decoder: on valid UTF-8
// within the depth limit, both accept the same documents with the same
// values. (On invalid UTF-8 go-jose substitutes U+FFFD; decodeJSON
// refuses, as RFC 8259 §8.1 allows.)
func FuzzJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,"x\u00e9",true,null,{}]}`, `{"a":1,"a":2}`, `"\ud83d\ude00"`, `"\ud800\u0041"`,
		`[{"...":"x"}]`, ` 0 `, `-0.0E-0`, `"\u0000"`, `{"_sd":["a","b"]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		mine, err := decodeJSON(in)
		if errors.Is(err, ErrLimit) || !utf8.Valid(in) {
			return
		}
		theirs, jerr := joseDecode(in)
		if (err == nil) != (jerr == nil) {
			t.Fatalf("%q: decodeJSON %v, go-jose %v", in, err, jerr)
		}
		if err == nil && !reflect.DeepEqual(mine, theirs) {
			t.Fatalf("%q: decodeJSON %#v, go-jose %#v", in, mine, theirs)
		}
	})
}

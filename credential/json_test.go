package credential

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseValueStrict(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)
	atLimit := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	tests := []struct {
		name string
		in   string
		want error // nil: accepted
	}{
		{"object", `{"a":[1,-2.5e+3,true,false,null,"x"]}`, nil},
		{"escapes", `{"a":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}`, nil},
		{"nesting at the limit", atLimit, nil},
		{"white space around", " \t\r\n{} \n", nil},
		{"duplicate member", `{"a":1,"a":2}`, ErrDuplicateMember},
		{"duplicate member via escape", `{"a":1,"\u0061":2}`, ErrDuplicateMember},
		{"duplicate in nested array object", `{"a":[{"b":1,"b":1}]}`, ErrDuplicateMember},
		{"nesting over the limit", deep, ErrTooDeep},
		{"trailing data", `{} {}`, ErrMalformed},
		{"trailing NUL", "{}\x00", ErrMalformed},
		{"trailing comma", `{"a":1,}`, ErrMalformed},
		{"single quotes", `{'a':1}`, ErrMalformed},
		{"leading zero", `{"a":01}`, ErrMalformed},
		{"bare minus", `{"a":-}`, ErrMalformed},
		{"dot without digits", `{"a":1.}`, ErrMalformed},
		{"exponent without digits", `{"a":1e}`, ErrMalformed},
		{"plus sign", `{"a":+1}`, ErrMalformed},
		{"NaN", `{"a":NaN}`, ErrMalformed},
		{"control character", "{\"a\":\"x\ny\"}", ErrMalformed},
		{"invalid UTF-8", "{\"a\":\"\xff\"}", ErrMalformed},
		{"lone high surrogate", `{"a":"\ud800"}`, ErrMalformed},
		{"lone low surrogate", `{"a":"\udc00"}`, ErrMalformed},
		{"reversed surrogates", `{"a":"\ude00\ud83d"}`, ErrMalformed},
		{"bad escape", `{"a":"\x"}`, ErrMalformed},
		{"short unicode escape", `{"a":"\u12"}`, ErrMalformed},
		{"unterminated string", `{"a":"x`, ErrMalformed},
		{"unterminated object", `{"a":1`, ErrMalformed},
		{"missing colon", `{"a" 1}`, ErrMalformed},
		{"non-string name", `{1:2}`, ErrMalformed},
		{"truncated literal", `{"a":tru}`, ErrMalformed},
		{"empty", ``, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseValue([]byte(tt.in))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("want %v, got %v", tt.want, err)
			}
		})
	}
	t.Run("too large", func(t *testing.T) {
		big := `{"a":"` + strings.Repeat("x", MaxDocumentSize) + `"}`
		if _, err := ParseValue([]byte(big)); !errors.Is(err, ErrTooLarge) {
			t.Fatal(err)
		}
		if _, err := ParseCredential([]byte(big)); !errors.Is(err, ErrTooLarge) {
			t.Fatal(err)
		}
	})
	t.Run("credential must be an object", func(t *testing.T) {
		if _, err := ParseCredential([]byte(`[]`)); !errors.Is(err, ErrMalformed) {
			t.Fatal(err)
		}
	})
}

// TestParseValueMatchesEncodingJSON compares the generic decoding with the
// standard library's on documents both accept.
func TestParseValueMatchesEncodingJSON(t *testing.T) {
	in := `{"s":"a\u00e9\ud83d\ude00\n","n":[0,-1,1.5e10,12345678901234567890],"o":{"x":null,"y":[true,false]}}`
	got, err := ParseValue([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(in))
	dec.UseNumber()
	var want any
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
	out, err := MarshalValue(got)
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseValue(out)
	if err != nil || !reflect.DeepEqual(again, got) {
		t.Fatalf("marshal round trip: %s %v", out, err)
	}
}

func TestMarshalValueRejects(t *testing.T) {
	for name, v := range map[string]any{
		"invalid UTF-8":   "\xff",
		"bad json.Number": json.Number("1x"),
		"channel":         make(chan int),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := MarshalValue(v); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

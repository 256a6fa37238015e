package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCheck(t *testing.T) {
	ok := []string{
		`{}`, `[]`, `""`, `0`, `-0.5e+10`, `true`, `null`, ` {"a":[1,{"b":2}],"c":"\u00e9\n"} `,
		`{"a":{"x":1},"b":{"x":1}}`, // same name in different objects
		`{"a":1,"A":2}`,             // names are case-sensitive
		`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"r":18}`,
	}
	for _, s := range ok {
		if err := Check([]byte(s), 8); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	bad := []struct {
		name, in string
		want     error
	}{
		{"empty", ``, ErrInvalid},
		{"duplicate", `{"a":1,"a":2}`, ErrDuplicateName},
		{"nested duplicate", `{"x":{"b":1,"b":2}}`, ErrDuplicateName},
		{"duplicate in array", `[{"b":1,"b":2}]`, ErrDuplicateName},
		{"escaped duplicate", `{"a":1,"\u0061":2}`, ErrDuplicateName},
		{"duplicate in large object", `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"a":18}`, ErrDuplicateName},
		{"trailing data", `{} {}`, ErrInvalid},
		{"trailing comma", `{"a":1,}`, ErrInvalid},
		{"leading zero", `01`, ErrInvalid},
		{"bare minus", `-`, ErrInvalid},
		{"bad exponent", `1e`, ErrInvalid},
		{"single quotes", `{'a':1}`, ErrInvalid},
		{"control char", "\"a\x01\"", ErrInvalid},
		{"bad escape", `"\x"`, ErrInvalid},
		{"short unicode escape", `"\u12"`, ErrInvalid},
		{"unterminated", `{"a":"b`, ErrInvalid},
		{"too deep", strings.Repeat("[", 9) + strings.Repeat("]", 9), ErrTooDeep},
		{"NaN", `NaN`, ErrInvalid},
		{"invalid utf-8", "\"\xff\"", ErrInvalid},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if err := Check([]byte(c.in), 8); !errors.Is(err, c.want) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestUnmarshalCaseSensitive(t *testing.T) {
	var v struct {
		Alg string `json:"alg"`
	}
	if err := Unmarshal([]byte(`{"ALG":"none"}`), &v); err != nil || v.Alg != "" {
		t.Fatalf("case-insensitive match: %v %q", err, v.Alg)
	}
	if err := Unmarshal([]byte(`{"alg":"EdDSA","x":{"k":1,"k":2}}`), &v); !errors.Is(err, ErrDuplicateName) {
		t.Fatalf("nested duplicate in skipped member: %v", err)
	}
}

// FuzzCheck: Check never panics and agrees with encoding/json's Valid on
// what is JSON (duplicates aside: anything Check accepts is valid JSON).
func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `{"a":1,"a":2}`, `"\u0061"`, `-1.5E-3`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := Check(data, DefaultMaxDepth)
		if err == nil && !json.Valid(data) {
			t.Fatalf("accepted invalid json %q", data)
		}
		if err != nil && json.Valid(data) && utf8.Valid(data) && !errors.Is(err, ErrDuplicateName) && !errors.Is(err, ErrTooDeep) {
			t.Fatalf("rejected valid json %q: %v", data, err)
		}
	})
}

func BenchmarkCheck(b *testing.B) {
	b.SetBytes(int64(len(benchDoc)))
	for i := 0; i < b.N; i++ {
		if err := Check(benchDoc, DefaultMaxDepth); err != nil {
			b.Fatal(err)
		}
	}
}

package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDecode(t *testing.T) {
	ok := []struct {
		name, in string
		want     any
	}{
		{"empty object", `{}`, map[string]any{}},
		{"array", ` [1, "a", true, false, null] `, []any{json.Number("1"), "a", true, false, nil}},
		{"nested", `{"a":{"b":[-0.5e+10]}}`, map[string]any{"a": map[string]any{"b": []any{json.Number("-0.5e+10")}}}},
		{"escapes", `"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"`, "\"\\/\b\f\n\r\té😀"},
		{"lone high surrogate", `"\ud800x"`, "\uFFFDx"},
		{"high surrogate then other escape", `"\ud800\u0041"`, "\uFFFDA"},
		{"lone low surrogate", `"\udc00"`, "\uFFFD"},
		{"utf-8", `"Möbius 陈"`, "Möbius 陈"},
		{"big number kept as written", `12345678901234567890123456`, json.Number("12345678901234567890123456")},
		{"case-sensitive names", `{"a":1,"A":2}`, map[string]any{"a": json.Number("1"), "A": json.Number("2")}},
		{"same name in sibling objects", `[{"x":1},{"x":2}]`, []any{map[string]any{"x": json.Number("1")}, map[string]any{"x": json.Number("2")}}},
		{"escaped name", `{"\u0061":1}`, map[string]any{"a": json.Number("1")}},
		{"nesting at the limit", strings.Repeat("[", 8) + strings.Repeat("]", 8), nest(8)},
	}
	for _, c := range ok {
		t.Run(c.name, func(t *testing.T) {
			got, err := Decode([]byte(c.in), 8)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, c.want)
			}
		})
	}
	bad := []struct {
		name, in string
		want     error
	}{
		{"empty", ``, ErrInvalid},
		{"white space only", ` `, ErrInvalid},
		{"duplicate", `{"a":1,"a":2}`, ErrDuplicateName},
		{"duplicate in array", `[{"b":1,"b":2}]`, ErrDuplicateName},
		{"escaped duplicate", `{"a":1,"\u0061":2}`, ErrDuplicateName},
		{"two lone surrogates are one name", `{"\ud800":1,"\udc00":2}`, ErrDuplicateName},
		{"trailing data", `{} {}`, ErrInvalid},
		{"trailing comma in object", `{"a":1,}`, ErrInvalid},
		{"trailing comma in array", `[1,]`, ErrInvalid},
		{"leading zero", `01`, ErrInvalid},
		{"bare minus", `-`, ErrInvalid},
		{"dot without digits", `1.`, ErrInvalid},
		{"exponent without digits", `1e`, ErrInvalid},
		{"plus sign", `+1`, ErrInvalid},
		{"NaN", `NaN`, ErrInvalid},
		{"truncated literal", `tru`, ErrInvalid},
		{"single quotes", `{'a':1}`, ErrInvalid},
		{"control character", "\"a\x01\"", ErrInvalid},
		{"bad escape", `"\x"`, ErrInvalid},
		{"short unicode escape", `"\u12"`, ErrInvalid},
		{"bad escape after a high surrogate", `"\ud800\u12"`, ErrInvalid},
		{"unterminated string", `"abc`, ErrInvalid},
		{"unterminated escape", `"\`, ErrInvalid},
		{"member without value", `{"a"}`, ErrInvalid},
		{"member with empty value", `{"a":}`, ErrInvalid},
		{"non-string name", `{1:2}`, ErrInvalid},
		{"invalid utf-8", "\"\xff\"", ErrInvalid},
		{"invalid utf-8 after an escape", "\"\\n\xff\"", ErrInvalid},
		{"utf-8 encoded surrogate", "\"\xed\xa0\x80\"", ErrInvalid},
		{"invalid utf-8 outside strings", "[\xff]", ErrInvalid},
		{"unterminated array", `[`, ErrInvalid},
		{"unterminated object", `{"a":1`, ErrInvalid},
		{"too deep", strings.Repeat("[", 9) + strings.Repeat("]", 9), ErrTooDeep},
		{"too deep and unterminated", strings.Repeat("[", 100000), ErrTooDeep},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			v, err := Decode([]byte(c.in), 8)
			if !errors.Is(err, c.want) || !errors.Is(err, ErrInvalid) || v != nil {
				t.Fatalf("got %#v, %v; want %v", v, err, c.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(c.in) {
				t.Fatalf("error %v does not locate the failure", err)
			}
			if cerr := Check([]byte(c.in), 8); !errors.Is(cerr, c.want) {
				t.Fatalf("Check disagrees: %v", cerr)
			}
		})
	}
}

func nest(n int) any {
	if n == 1 {
		return []any{}
	}
	return []any{nest(n - 1)}
}

func TestRejectLoneSurrogates(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // "" for rejected
	}{
		{"pair", `"\ud83d\ude00"`, "😀"},
		{"lone high", `"\ud800"`, ""},
		{"lone low", `"\udc00"`, ""},
		{"high then letter", `"\ud800x"`, ""},
		{"high then other escape", `"\ud800\u0041"`, ""},
		{"reversed pair", `"\ude00\ud83d"`, ""},
		{"lone in a name", `{"\ud800":1}`, ""},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader([]byte(c.in), 8)
			r.RejectLoneSurrogates()
			v, err := r.Value()
			if c.want == "" {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("accepted: %#v", v)
				}
				return
			}
			if err != nil || v != c.want {
				t.Fatalf("got %#v, %v", v, err)
			}
		})
	}
}

// record is what TestReaderTyped decodes: two known members and the rest.
type record struct {
	ID    string
	Count json.Number
	Tags  []string
	Rest  map[string]any
}

func decodeRecord(data []byte) (*record, error) {
	r := NewReader(data, 4)
	rec := &record{Rest: map[string]any{}}
	err := r.Object(func(name []byte) error {
		var err error
		switch string(name) {
		case "id":
			rec.ID, err = r.String()
		case "count":
			rec.Count, err = r.Number()
		case "tags":
			err = r.Array(func(i int) error {
				s, err := r.String()
				rec.Tags = append(rec.Tags, s)
				return err
			})
		default:
			rec.Rest[string(name)], err = r.Value()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return rec, r.End()
}

func TestReaderTyped(t *testing.T) {
	rec, err := decodeRecord([]byte(` {"id":"x\n","count":-1.5,"tags":["a","b"],"more":{"k":[null]}} `))
	want := &record{ID: "x\n", Count: "-1.5", Tags: []string{"a", "b"}, Rest: map[string]any{"more": map[string]any{"k": []any{nil}}}}
	if err != nil || !reflect.DeepEqual(rec, want) {
		t.Fatalf("got %#v, %v", rec, err)
	}
	many := `{"m0":0,"m1":1,"m2":2,"m3":3,"m4":4,"m5":5,"m6":6,"m7":7,"m8":8,"m9":9,"m10":10,"m11":11,"m12":12,"m13":13,"m14":14,"m15":15,"m16":16,"m17":17`
	bad := []struct {
		name, in string
		want     error
	}{
		{"duplicate known member", `{"id":"a","id":"b"}`, ErrDuplicateName},
		{"duplicate known member, escaped", `{"id":"a","\u0069d":"b"}`, ErrDuplicateName},
		{"duplicate unknown member", `{"x":1,"x":1}`, ErrDuplicateName},
		{"duplicate among many members", many + `,"m3":3}`, ErrDuplicateName},
		{"duplicate after many members", many + `,"m17":3}`, ErrDuplicateName},
		{"duplicate of an escaped name among many", many + `,"\u00e9":1,"é":2}`, ErrDuplicateName},
		{"wrong kind", `{"id":1}`, ErrInvalid},
		{"not an object", `["id"]`, ErrInvalid},
		{"too deep", `{"x":[[[[]]]]}`, ErrTooDeep},
		{"trailing data", `{} x`, ErrInvalid},
		{"missing comma", `{"id":"a" "count":1}`, ErrInvalid},
		{"missing comma in array", `{"tags":["a" "b"]}`, ErrInvalid},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if _, err := decodeRecord([]byte(c.in)); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if rec, err := decodeRecord([]byte(many + `}`)); err != nil || len(rec.Rest) != 18 {
		t.Fatalf("many members: %v", err)
	}
}

func TestReaderObjectSkipsDuplicateCallback(t *testing.T) {
	r := NewReader([]byte(`{"a":1,"a":2}`), 4)
	calls := 0
	err := r.Object(func([]byte) error {
		calls++
		_, err := r.Value()
		return err
	})
	if !errors.Is(err, ErrDuplicateName) || calls != 1 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	if got := err.Error(); got != `strictjson: duplicate member name: "a" at offset 7` {
		t.Fatalf("message %q", got)
	}
}

func TestKindAndPeek(t *testing.T) {
	for in, want := range map[string]Kind{
		` {`: Object, `[`: Array, `"`: String, `true`: Bool, `false`: Bool, `null`: Null,
		`-1`: Number, `7`: Number, ``: Invalid, `  `: Invalid, `x`: Invalid, `}`: Invalid,
	} {
		r := NewReader([]byte(in), 1)
		if got := r.Kind(); got != want {
			t.Errorf("Kind(%q) = %v, want %v", in, got, want)
		}
	}
	names := map[Kind]string{Invalid: "invalid", Null: "null", Bool: "boolean", Number: "number", String: "string",
		Array: "array", Object: "object", Kind(99): "invalid"}
	for k, want := range names {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
	r := NewReader([]byte("  \t"), 1)
	if c := r.Peek(); c != 0 {
		t.Errorf("Peek at the end = %q", c)
	}
	r.Reset([]byte(` 5 `), 1)
	if c := r.Peek(); c != '5' {
		t.Errorf("Peek after Reset = %q", c)
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "1.5e-3": true, "12E+2": true, "10": true,
		"": false, "01": false, "1.": false, "+1": false, " 1": false, "1 ": false, "0x1": false, "NaN": false, "-": false,
	} {
		if got := IsNumber(s); got != want {
			t.Errorf("IsNumber(%q) = %v", s, got)
		}
	}
}

// duplicateName reports whether an object of data has a member name twice
// before anything encoding/json refuses, names compared as encoding/json
// decodes them. It is the oracle of FuzzDecode, written apart from Reader.
func duplicateName(data []byte) bool {
	type frame struct {
		object bool
		key    bool // an object's next token is a name
		names  map[string]bool
	}
	var stack []*frame
	value := func() { // a value starts: in an object, a name comes next
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].key = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				value()
				stack = append(stack, &frame{object: t == '{', key: true, names: map[string]bool{}})
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if top != nil && top.object && top.key {
				if top.names[t] {
					return true
				}
				top.names[t] = true
				top.key = false
				continue
			}
			value()
		default:
			value()
		}
	}
}

var surrogateEscape = regexp.MustCompile(`\\u[dD][89a-fA-F]`)

// FuzzDecode holds Decode to encoding/json: on valid UTF-8 within the
// depth limit, Decode accepts exactly the documents encoding/json accepts
// that have no member name twice in an object, and returns the same values
// (encoding/json with UseNumber). A duplicate that encoding/json would take
// silently (the last one wins) is ErrDuplicateName, and ErrDuplicateName
// is reported only for a real duplicate. Check agrees with Decode,
// and a Reader that rejects lone surrogates agrees too, except on a
// surrogate escape.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a":[1,2.5e3,"x\u00e9",true,null,{}]}`, `{"a":1,"a":2}`, `{"a":1,"\u0061":2}`,
		`"\ud83d\ude00"`, `"\ud800\u0041"`, `{"\ud800":1,"\udc00":2}`, `[{"...":"x"}]`, ` 0 `, `-0.0E-0`, `"\u0000"`,
		`{"_sd":["a","b"]}`, `[[[[[[[[[[]]]]]]]]]]`, `{"a":{"a":{"a":1}},"b":[{"a":1},{"a":1}]}`, `[1,]`, `01`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const depth = 8
		got, err := Decode(in, depth)
		if !utf8.Valid(in) {
			if err == nil {
				t.Fatalf("%q: accepted invalid utf-8", in)
			}
			return
		}
		if cerr := Check(in, depth); (cerr == nil) != (err == nil) ||
			errors.Is(cerr, ErrDuplicateName) != errors.Is(err, ErrDuplicateName) ||
			errors.Is(cerr, ErrTooDeep) != errors.Is(err, ErrTooDeep) {
			t.Fatalf("%q: Decode %v, Check %v", in, err, cerr)
		}
		r := NewReader(in, depth)
		r.RejectLoneSurrogates()
		strict, serr := r.Value()
		if serr == nil {
			serr = r.End()
		}
		switch {
		case err != nil && serr == nil:
			t.Fatalf("%q: rejecting lone surrogates accepted what Decode refused: %v", in, err)
		case err == nil && serr != nil && !surrogateEscape.Match(in):
			t.Fatalf("%q: rejecting lone surrogates refused with no surrogate escape: %v", in, serr)
		case err == nil && serr == nil && !reflect.DeepEqual(got, strict):
			t.Fatalf("%q: Reader %#v, Decode %#v", in, strict, got)
		}
		if errors.Is(err, ErrTooDeep) {
			return
		}
		valid := json.Valid(in)
		switch {
		case err == nil && !valid:
			t.Fatalf("%q: accepted what encoding/json refuses", in)
		case errors.Is(err, ErrDuplicateName):
			// The rest of the document may be broken: the duplicate comes
			// first.
			if !duplicateName(in) {
				t.Fatalf("%q: duplicate reported where encoding/json sees none", in)
			}
			return
		case err != nil && valid:
			t.Fatalf("%q: refused what encoding/json accepts: %v", in, err)
		case err != nil:
			return
		}
		if duplicateName(in) {
			t.Fatalf("%q: duplicate not reported", in)
		}
		dec := json.NewDecoder(bytes.NewReader(in))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: Decode %#v, encoding/json %#v", in, got, want)
		}
	})
}

var benchDoc = []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","ResidentIdentityCard"],"issuer":"did:cachet:EiA8h5WqoHXY2wZ1GUCt6CxB1L0cFv8q","validFrom":"2026-11-25T08:00:00Z","credentialSubject":{"name":"陈小明","sex":"male","birth_date":"1990-03-07","address":"广东省佛山市禅城区祖庙街道岭南大道北 100 号","id_number":"440604199003070017"},"credentialStatus":{"id":"https://ps.example/status/1#94567","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94567","statusListCredential":"https://ps.example/status/1"}}`)

// BenchmarkDecode times Decode of a credential and, interleaved in the same
// run, encoding/json decoding the same bytes into any with UseNumber (which
// checks neither duplicates nor depth); x-encoding-json is the ratio of the
// medians.
func BenchmarkDecode(b *testing.B) {
	ours := make([]time.Duration, b.N)
	base := make([]time.Duration, b.N)
	b.SetBytes(int64(len(benchDoc)))
	b.ReportAllocs()
	for i := range b.N {
		t1 := time.Now()
		if _, err := Decode(benchDoc, DefaultMaxDepth); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		dec := json.NewDecoder(bytes.NewReader(benchDoc))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			b.Fatal(err)
		}
		ours[i], base[i] = t2.Sub(t1), time.Since(t2)
	}
	b.ReportMetric(float64(median(ours))/float64(median(base)), "x-encoding-json")
}

func median(d []time.Duration) time.Duration {
	d = append([]time.Duration(nil), d...)
	slices.Sort(d)
	return d[len(d)/2]
}

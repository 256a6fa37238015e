package credential

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func addSeeds(f *testing.F) {
	for _, dir := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Add([]byte(`{"name":[{"@value":"","@language":""}],"credentialStatus":{"statusMessage":[{"status":""}],"statusSize":3}}`))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// FuzzParseCredential holds that no input panics the decoder, that whatever
// it accepts is valid JSON, and that an accepted credential round-trips:
// encoding it gives the same JSON value, encoding is a fixed point, and
// Check gives the same verdict before and after.
func FuzzParseCredential(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCredential(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		out, err := c.MarshalJSON()
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		in, err := ParseValue(data)
		if err != nil {
			t.Fatalf("ParseValue rejects what ParseCredential accepted: %v", err)
		}
		got, err := ParseValue(out)
		if err != nil {
			t.Fatalf("re-decode %q: %v", out, err)
		}
		if !reflect.DeepEqual(in, got) {
			t.Fatalf("round trip changed the value:\n in: %s\nout: %s", data, out)
		}
		c2, err := ParseCredential(out)
		if err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		out2, err := c2.MarshalJSON()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("encoding is not a fixed point:\n%s\n%s", out, out2)
		}
		if a, b := errText(c.Check()), errText(c2.Check()); a != b {
			t.Fatalf("Check changed: %q vs %q", a, b)
		}
	})
}

// FuzzParsePresentation holds the same properties for presentations.
func FuzzParsePresentation(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePresentation(data)
		if err != nil {
			return
		}
		out, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		in, _ := ParseValue(data)
		got, err := ParseValue(out)
		if err != nil || !reflect.DeepEqual(in, got) {
			t.Fatalf("round trip changed the value:\n in: %s\nout: %s (%v)", data, out, err)
		}
		p2, err := ParsePresentation(out)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := errText(p.Check()), errText(p2.Check()); a != b {
			t.Fatalf("Check changed: %q vs %q", a, b)
		}
	})
}

// FuzzParseValue compares the strict reader with encoding/json: whatever it
// accepts, encoding/json accepts and decodes to the same value.
func FuzzParseValue(f *testing.F) {
	addSeeds(f)
	f.Add([]byte(`{"a":"\ud83d\ude00","b":[1e5,-0.0]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := ParseValue(data)
		if err != nil {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json rejects accepted %q: %v", data, err)
		}
		if !reflect.DeepEqual(v, want) {
			t.Fatalf("decoded %#v, encoding/json %#v", v, want)
		}
	})
}

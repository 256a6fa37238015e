package didmethod

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDID(t *testing.T) {
	valid := []struct {
		name, in, method, id string
	}{
		{"example", "did:example:123456789abcdefghi", "example", "123456789abcdefghi"},
		{"did:key ed25519", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "key", "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
		{"pct-encoded port", "did:web:example.com%3A8443", "web", "example.com%3A8443"},
		{"colon segments", "did:example:a:b:c", "example", "a:b:c"},
		{"empty middle segment", "did:example:a::c", "example", "a::c"},
		{"idchar punctuation", "did:example:a.b-c_d", "example", "a.b-c_d"},
		{"digit method", "did:1:2", "1", "2"},
		{"lowercase hex", "did:example:%e4%b8%ad", "example", "%e4%b8%ad"},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDID(tc.in)
			if err != nil {
				t.Fatalf("ParseDID(%q): %v", tc.in, err)
			}
			if d.Method != tc.method || d.ID != tc.id {
				t.Errorf("got %+v", d)
			}
			if d.String() != tc.in {
				t.Errorf("String() = %q", d.String())
			}
		})
	}
	invalid := []struct{ name, in string }{
		{"empty", ""},
		{"uppercase scheme", "DID:example:1"},
		{"not did scheme", "urn:example:1"},
		{"uppercase method", "did:Example:1"},
		{"method char outside a-z0-9", "did:ex-1:a"},
		{"empty method", "did::1"},
		{"no method-specific-id", "did:example"},
		{"empty method-specific-id", "did:example:"},
		{"ends with colon", "did:example:a:"},
		{"space", "did:example:a b"},
		{"short pct-encoding", "did:example:a%2"},
		{"bad hex", "did:example:a%zz"},
		{"path is not a did", "did:example:a/b"},
		{"query is not a did", "did:example:a?b"},
		{"fragment is not a did", "did:example:a#b"},
		{"non-ascii", "did:example:中"},
		{"too long", "did:example:" + strings.Repeat("a", MaxDIDURLLength)},
	}
	for _, tc := range invalid {
		t.Run("invalid/"+tc.name, func(t *testing.T) {
			if _, err := ParseDID(tc.in); !errors.Is(err, ErrInvalidDID) {
				t.Errorf("ParseDID(%q) = %v, want ErrInvalidDID", tc.in, err)
			}
		})
	}
}

func TestParseURL(t *testing.T) {
	valid := []struct {
		name, in string
		want     URL
	}{
		{"did only", "did:example:123", URL{DID: DID{"example", "123"}}},
		{"fragment", "did:example:123#keys-1", URL{DID: DID{"example", "123"}, Fragment: "keys-1"}},
		{"path", "did:example:123/path/to/rsrc", URL{DID: DID{"example", "123"}, Path: "/path/to/rsrc"}},
		{"path query fragment", "did:example:123/a?b=c#d", URL{DID: DID{"example", "123"}, Path: "/a", Query: "b=c", Fragment: "d"}},
		{"versionId", "did:example:123?versionId=1", URL{DID: DID{"example", "123"}, Query: "versionId=1", Params: Params{VersionID: "1"}}},
		{"versionTime", "did:example:123?versionTime=2021-05-10T17:00:00Z", URL{DID: DID{"example", "123"}, Query: "versionTime=2021-05-10T17:00:00Z", Params: Params{VersionTime: "2021-05-10T17:00:00Z"}}},
		{"service relativeRef (DID Core §3.2.1)", "did:example:123?service=files&relativeRef=/resume.pdf", URL{DID: DID{"example", "123"}, Query: "service=files&relativeRef=/resume.pdf", Params: Params{Service: "files", RelativeRef: "/resume.pdf"}}},
		{"pct-encoded relativeRef", "did:example:123?service=messages&relativeRef=%2Fsome%2Fpath%3Fquery#frag", URL{DID: DID{"example", "123"}, Query: "service=messages&relativeRef=%2Fsome%2Fpath%3Fquery", Fragment: "frag", Params: Params{Service: "messages", RelativeRef: "/some/path?query"}}},
		{"hl", "did:example:123?hl=zQmWvQxTqbG2Z9HPJgG57jjwR154cKhbtJenbyYTWkjgF3e", URL{DID: DID{"example", "123"}, Query: "hl=zQmWvQxTqbG2Z9HPJgG57jjwR154cKhbtJenbyYTWkjgF3e", Params: Params{HL: "zQmWvQxTqbG2Z9HPJgG57jjwR154cKhbtJenbyYTWkjgF3e"}}},
		{"method parameter kept", "did:example:123?custom=1", URL{DID: DID{"example", "123"}, Query: "custom=1"}},
		{"fragment with slash and question mark", "did:example:123#a/b?c", URL{DID: DID{"example", "123"}, Fragment: "a/b?c"}},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			u, err := ParseURL(tc.in)
			if err != nil {
				t.Fatalf("ParseURL(%q): %v", tc.in, err)
			}
			if u != tc.want {
				t.Errorf("got %+v, want %+v", u, tc.want)
			}
			if u.String() != tc.in {
				t.Errorf("String() = %q", u.String())
			}
		})
	}
	invalid := []struct{ name, in string }{
		{"not a did", "https://example.com#a"},
		{"bad did", "did:Example:1#a"},
		{"second hash", "did:example:1#a#b"},
		{"space in path", "did:example:1/a b"},
		{"bad pct in query", "did:example:1?a=%zz"},
		{"bracket in fragment", "did:example:1#[a]"},
		{"duplicate service", "did:example:1?service=a&service=b"},
		{"empty service", "did:example:1?service="},
		{"non-ascii parameter", "did:example:1?versionId=%E4%B8%AD"},
		{"versionTime with fraction", "did:example:1?versionTime=2021-05-10T17:00:00.5Z"},
		{"versionTime with offset", "did:example:1?versionTime=2021-05-10T17:00:00%2B01:00"},
		{"versionTime not a time", "did:example:1?versionTime=yesterday"},
		{"absolute relativeRef", "did:example:1?service=a&relativeRef=https://evil.example/"},
		{"network-path relativeRef", "did:example:1?service=a&relativeRef=//evil.example/x"},
		{"too long", "did:example:1#" + strings.Repeat("a", MaxDIDURLLength)},
	}
	for _, tc := range invalid {
		t.Run("invalid/"+tc.name, func(t *testing.T) {
			if _, err := ParseURL(tc.in); !errors.Is(err, ErrInvalidDIDURL) {
				t.Errorf("ParseURL(%q) = %v, want ErrInvalidDIDURL", tc.in, err)
			}
		})
	}
}

func TestURLResolutionOptions(t *testing.T) {
	u, err := ParseURL("did:example:1?versionId=7&versionTime=2030-01-02T03:04:05Z#k")
	if err != nil {
		t.Fatal(err)
	}
	opts := u.ResolutionOptions()
	want := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if opts.VersionID != "7" || opts.VersionTime == nil || !opts.VersionTime.Equal(want) {
		t.Errorf("options = %+v", opts)
	}
}

func TestEmptyQueryAndFragmentAreAbsent(t *testing.T) {
	u, err := ParseURL("did:example:1?#")
	if err != nil {
		t.Fatal(err)
	}
	if u.String() != "did:example:1" || u.Query != "" || u.Fragment != "" {
		t.Errorf("got %+v", u)
	}
}

func FuzzParseDID(f *testing.F) {
	for _, s := range []string{
		"did:example:123456789abcdefghi",
		"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
		"did:web:example.com%3A8443:user:alice",
		"did:example:a::c",
		"did:ex:",
		"did::x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDID(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDID) {
				t.Fatalf("error %v does not wrap ErrInvalidDID", err)
			}
			return
		}
		// A DID is kept exactly as written.
		if d.String() != s {
			t.Fatalf("String() = %q, input %q", d.String(), s)
		}
		// Every DID is a DID URL with nothing but the DID.
		u, err := ParseURL(s)
		if err != nil || u.DID != d || u.Path != "" || u.Query != "" || u.Fragment != "" {
			t.Fatalf("ParseURL(%q) = %+v, %v", s, u, err)
		}
	})
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"did:example:123#keys-1",
		"did:example:123/a?b=c#d",
		"did:example:123?service=messages&relativeRef=%2Fsome%2Fpath%3Fquery#frag",
		"did:example:123?versionTime=2021-05-10T17:00:00Z&versionId=2",
		"did:example:1?#",
		"did:example:1?service=a&service=b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseURL(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDIDURL) {
				t.Fatalf("error %v does not wrap ErrInvalidDIDURL", err)
			}
			return
		}
		// Round trip: what String writes parses back to the same URL.
		again, err := ParseURL(u.String())
		if err != nil {
			t.Fatalf("ParseURL(String()) of %q: %v", s, err)
		}
		if again != u {
			t.Fatalf("round trip of %q: %+v != %+v", s, again, u)
		}
		// String is the input unless the input had an empty query or
		// fragment.
		if !strings.Contains(s, "?#") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "#") && u.String() != s {
			t.Fatalf("String() = %q, input %q", u.String(), s)
		}
		if _, ok := u.VersionTime(); ok != (u.Params.VersionTime != "") {
			t.Fatalf("versionTime %q accepted by ParseURL but not by VersionTime", u.Params.VersionTime)
		}
	})
}

package credential

import (
	"regexp"
	"testing"
	"time"
)

func TestParseDateTimeStamp(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: rejected
	}{
		{"2010-01-01T19:23:24Z", time.Date(2010, 1, 1, 19, 23, 24, 0, time.UTC)},
		{"2026-01-01T00:00:00+08:00", time.Date(2025, 12, 31, 16, 0, 0, 0, time.UTC)},
		{"2026-01-01T00:00:00-05:30", time.Date(2026, 1, 1, 5, 30, 0, 0, time.UTC)},
		{"2024-02-29T12:00:00.123456789Z", time.Date(2024, 2, 29, 12, 0, 0, 123456789, time.UTC)},
		{"2024-02-29T12:00:00.1234567891234Z", time.Date(2024, 2, 29, 12, 0, 0, 123456789, time.UTC)},
		{"2023-12-31T24:00:00Z", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"2023-12-31T24:00:00.000Z", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"12023-01-01T00:00:00+14:00", time.Date(12023, 1, 1, 0, 0, 0, 0, time.FixedZone("", 14*3600))},
		{"-0044-03-15T12:00:00Z", time.Date(-44, 3, 15, 12, 0, 0, 0, time.UTC)},
		{"2000-02-29T00:00:00Z", time.Date(2000, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"2026-01-01T00:00:00", time.Time{}},        // no offset: a dateTime, not a dateTimeStamp
		{"2026-01-01", time.Time{}},                 // a date
		{"2026-01-01t00:00:00Z", time.Time{}},       // lower-case t
		{"2026-01-01T00:00:00z", time.Time{}},       // lower-case z
		{"2026-01-01 00:00:00Z", time.Time{}},       // space
		{"2026-13-01T00:00:00Z", time.Time{}},       // month 13
		{"2026-02-29T00:00:00Z", time.Time{}},       // not a leap year
		{"1900-02-29T00:00:00Z", time.Time{}},       // century rule
		{"2026-04-31T00:00:00Z", time.Time{}},       // 30-day month
		{"2026-01-01T24:00:01Z", time.Time{}},       // 24:00 only on the hour
		{"2026-01-01T24:00:00.01Z", time.Time{}},    // 24:00 with a fraction
		{"2026-01-01T00:60:00Z", time.Time{}},       // minute 60
		{"2026-01-01T00:00:60Z", time.Time{}},       // leap second
		{"2026-01-01T00:00:00.Z", time.Time{}},      // empty fraction
		{"2026-01-01T00:00:00+14:01", time.Time{}},  // offset over 14:00
		{"2026-01-01T00:00:00+0800", time.Time{}},   // offset without colon
		{"02026-01-01T00:00:00Z", time.Time{}},      // leading zero in a long year
		{"026-01-01T00:00:00Z", time.Time{}},        // three-digit year
		{"2026-01-01T00:00:00Z ", time.Time{}},      // trailing space
		{"1234567890-01-01T00:00:00Z", time.Time{}}, // more than MaxYearDigits
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDateTimeStamp(tt.in)
			if tt.want.IsZero() {
				if err == nil {
					t.Fatalf("accepted as %v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// specRegexp is the regular expression of VCDM 2.0 §4.9, anchored: a value
// is a dateTimeStamp when the whole string matches.
func specRegexp() *regexp.Regexp { return regexp.MustCompile(`^(?:` + DateTimeStampPattern + `)$`) }

// agreesWithSpec reports whether ParseDateTimeStamp and the specification's
// regular expression agree on s. The parser additionally rejects calendar
// dates that do not exist and inputs over its limits.
func agreesWithSpec(re *regexp.Regexp, s string) (bool, string) {
	_, err := ParseDateTimeStamp(s)
	match := re.MatchString(s)
	switch {
	case err == nil && !match:
		return false, "parser accepts what the pattern rejects"
	case err != nil && match:
		if len(s) > MaxDateTimeLength {
			return true, ""
		}
		p := dtParser{s: s}
		if _, ok := p.parse(); !ok && nonexistentDay(s) {
			return true, ""
		}
		if yearDigits(s) > MaxYearDigits {
			return true, ""
		}
		return false, "pattern accepts what the parser rejects"
	}
	return true, ""
}

func yearDigits(s string) int {
	n := 0
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// nonexistentDay reports whether s matches the pattern but names a day its
// month does not have.
func nonexistentDay(s string) bool {
	i := yearDigits(s)
	if s[0] == '-' {
		i++
	}
	year := 0
	for _, c := range []byte(s[:i]) {
		if c != '-' {
			year = year*10 + int(c-'0')
		}
	}
	month := int(s[i+1]-'0')*10 + int(s[i+2]-'0')
	day := int(s[i+4]-'0')*10 + int(s[i+5]-'0')
	return day > daysIn(month, year)
}

func TestDateTimeStampMatchesSpecPattern(t *testing.T) {
	re := specRegexp()
	for _, s := range []string{
		"2010-01-01T19:23:24Z", "2023-12-31T24:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T00:00:00",
		"-0001-12-31T23:59:59.5-13:59", "0000-01-01T00:00:00+14:00", "99999-12-31T23:59:59Z",
	} {
		if ok, why := agreesWithSpec(re, s); !ok {
			t.Errorf("%q: %s", s, why)
		}
	}
}

func FuzzDateTimeStamp(f *testing.F) {
	for _, s := range []string{"2010-01-01T19:23:24Z", "2023-12-31T24:00:00.000+14:00", "-0044-03-15T12:00:00.1-00:30", "2026-02-29T00:00:00Z"} {
		f.Add(s)
	}
	re := specRegexp()
	f.Fuzz(func(t *testing.T, s string) {
		if ok, why := agreesWithSpec(re, s); !ok {
			t.Fatalf("%q: %s", s, why)
		}
	})
}

func TestIsURL(t *testing.T) {
	for s, want := range map[string]bool{
		"https://www.w3.org/ns/credentials/v2":          true,
		"did:cachet:z6MkhaXgBZDvotDkL5257faiztiGi":      true,
		"did:example:bureau#key-1":                      true,
		"urn:uuid:2f3c1a52-6a0e-4e1c-9d4b-0d6b2b1f0c11": true,
		"data:application/vc+jwt,eyJ":                   true,
		"":                                              false,
		"bureau":                                        false,
		"/relative/path":                                false,
		"did:":                                          false,
		"https://exa mple.org/":                         false,
		"did:example:a b":                               false,
		"1http://x":                                     false,
		"https://[::1":                                  false,
		"did:example:\u0000":                            false,
	} {
		if got := IsURL(s); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestParseDataURL(t *testing.T) {
	tests := []struct {
		in        string
		mediaType string
		data      string
		ok        bool
	}{
		{"data:application/vc+jwt,eyJhbGciOiJFUzI1NiJ9.e30.sig", "application/vc+jwt", "eyJhbGciOiJFUzI1NiJ9.e30.sig", true},
		{"data:application/vc+cose;base64,0oRYVqQBJgNu", "application/vc+cose", "\xd2\x84\x58\x56\xa4\x01\x26\x03\x6e", true},
		{"DATA:text/plain;charset=utf-8,a%20b", "text/plain", "a b", true},
		{"data:,hello", "", "hello", true},
		{"https://example.com/vc", "", "", false},
		{"data:application/vc+jwt", "", "", false},
		{"data:application,x", "", "", false},
		{"data:text/plain;base64,***", "", "", false},
		{"data:text/plain,%zz", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDataURL(tt.in)
			if !tt.ok {
				if err == nil {
					t.Fatalf("accepted: %+v", d)
				}
				return
			}
			if err != nil || d.MediaType != tt.mediaType || string(d.Data) != tt.data {
				t.Fatalf("got %+v, %v", d, err)
			}
		})
	}
}

package status

import (
	"strings"
	"testing"
)

func TestParseStatusClaim(t *testing.T) {
	ref, err := ParseStatusClaim([]byte(`{"status_list":{"idx":412,"uri":"https://example.com/statuslists/1","extra":true},"other_mechanism":{}}`))
	requireNoErr(t, err)
	if ref.Idx != 412 || ref.URI != "https://example.com/statuslists/1" {
		t.Fatalf("%+v", ref)
	}
	ref, err = ParseStatusClaim([]byte(`{"status_list":{"idx":18446744073709551615,"uri":"https://a.example/l"}}`))
	requireNoErr(t, err)
	tl, err := DecodeTokenList(1, "eNrbuRgAAhcBXQ")
	requireNoErr(t, err)
	_, err = ref.Lookup(tl)
	requireErr(t, err, ErrIndexOutOfRange)
}

func TestParseStatusClaimErrors(t *testing.T) {
	const u = `"uri":"https://example.com/statuslists/1"`
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"not JSON", `{`, ErrMalformedStatusClaim},
		{"an array", `[]`, ErrMalformedStatusClaim},
		{"a string", `"status"`, ErrMalformedStatusClaim},
		{"too large", `{"x":"` + strings.Repeat("a", MaxEntrySize) + `"}`, ErrMalformedStatusClaim},
		{"duplicate member", `{"status_list":{"idx":1,"idx":2,` + u + `}}`, ErrMalformedStatusClaim},
		{"empty object", `{}`, ErrNoStatusList},
		{"other mechanism only", `{"identifier_list":{"id":"x"}}`, ErrNoStatusList},
		{"status_list null", `{"status_list":null}`, ErrNoStatusList},
		{"status_list a string", `{"status_list":"x"}`, ErrMalformedStatusClaim},
		{"idx missing", `{"status_list":{` + u + `}}`, ErrMalformedStatusClaim},
		{"idx negative", `{"status_list":{"idx":-1,` + u + `}}`, ErrMalformedStatusClaim},
		{"idx fraction", `{"status_list":{"idx":1.5,` + u + `}}`, ErrMalformedStatusClaim},
		{"idx exponent", `{"status_list":{"idx":1e3,` + u + `}}`, ErrMalformedStatusClaim},
		{"idx a string", `{"status_list":{"idx":"3",` + u + `}}`, ErrMalformedStatusClaim},
		{"idx null", `{"status_list":{"idx":null,` + u + `}}`, ErrMalformedStatusClaim},
		{"idx beyond uint64", `{"status_list":{"idx":18446744073709551616,` + u + `}}`, ErrMalformedStatusClaim},
		{"uri missing", `{"status_list":{"idx":1}}`, ErrMalformedStatusClaim},
		{"uri relative", `{"status_list":{"idx":1,"uri":"/statuslists/1"}}`, ErrMalformedStatusClaim},
		{"uri empty", `{"status_list":{"idx":1,"uri":""}}`, ErrMalformedStatusClaim},
		{"uri a number", `{"status_list":{"idx":1,"uri":1}}`, ErrMalformedStatusClaim},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStatusClaim([]byte(tc.in))
			requireErr(t, err, tc.want)
		})
	}
}
